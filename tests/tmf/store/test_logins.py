"""Login throttling on SQLite and PostgreSQL, with a clock the test sets: five wrong passwords
lock an account, even the right password is refused (without a bcrypt check) until the lock
ends, locks grow, failures are on record, and an admin can lift a lock."""

import datetime as dt

import bcrypt
import pandas as pd
import pytest

from tmf.store import audit, auth, logins

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def accounts(migrated, monkeypatch):
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    auth.add_user(migrated, "eva", "eva-password", "editor", by="test")
    return migrated


def guess(engine, minutes: float, name: str = "eva", password: str = "wrong-password"):
    return auth.authenticate(engine, name, password, now=T0 + dt.timedelta(minutes=minutes))


def five_failures(engine) -> None:
    for minute in range(5):
        assert guess(engine, minute) is None


def test_the_sixth_attempt_is_refused_even_with_the_right_password_and_says_when_to_retry(accounts, monkeypatch):
    five_failures(accounts)
    checks = []
    real = bcrypt.checkpw
    monkeypatch.setattr(bcrypt, "checkpw", lambda *a: checks.append(a) or real(*a))
    with pytest.raises(logins.LoginLocked) as refused:
        guess(accounts, 4.5, password="eva-password")
    assert checks == [], "no password check while locked"
    assert refused.value.lock.until == T0 + dt.timedelta(minutes=5)  # last failure at 9:04 + 1 min
    assert refused.value.messages("en")[0].startswith("Too many wrong passwords for this account")
    assert "1 min (until 09:05 UTC)" in refused.value.messages("en")[0]
    assert "до 09:05 UTC" in refused.value.messages("ru")[0]


def test_after_the_lock_the_right_password_works_and_clears_the_count(accounts):
    five_failures(accounts)
    assert guess(accounts, 5.5, password="eva-password") == auth.User("eva", "editor")
    assert guess(accounts, 6) is None, "one more mistake after a success does not lock"
    assert guess(accounts, 6.1, password="eva-password") is not None


def test_each_failure_after_the_lock_doubles_it_and_the_window_forgets_old_failures(accounts):
    five_failures(accounts)
    assert guess(accounts, 5.5) is None  # the sixth failure: locked for 2 minutes from 9:05:30
    with pytest.raises(logins.LoginLocked) as refused:
        guess(accounts, 7, password="eva-password")
    assert refused.value.lock.until == T0 + dt.timedelta(minutes=7, seconds=30)
    assert guess(accounts, 21, password="eva-password") is not None, "15 minutes on, all forgotten"


def test_other_accounts_are_not_locked_by_one_accounts_failures(accounts):
    auth.add_user(accounts, "adam", "adam-password", "admin", by="test")
    five_failures(accounts)
    assert guess(accounts, 4.5, name="adam", password="adam-password") == auth.User("adam", "admin")


def test_failures_spread_over_many_names_pause_every_login_for_a_minute(accounts):
    for number in range(logins.SERVER_FAILURES):
        assert guess(accounts, number / 100, name=f"guess{number}") is None
    with pytest.raises(logins.LoginLocked) as refused:
        guess(accounts, 0.5, password="eva-password")
    assert refused.value.lock.server and refused.value.lock.until == T0 + logins.SERVER_WINDOW
    assert guess(accounts, 1.1, password="eva-password") is not None


def test_failed_logins_are_listed_for_admins_and_an_admin_can_lift_a_lock(accounts):
    five_failures(accounts)
    guess(accounts, 2, name="nobody")
    now = T0 + dt.timedelta(minutes=4, seconds=30)
    listed = logins.failed_logins(accounts, now=now).set_index("name")
    assert listed.loc["eva", "failures"] == 5 and listed.loc["nobody", "failures"] == 1
    assert listed.loc["eva", "locked_until"] == T0 + dt.timedelta(minutes=5)
    assert pd.isna(listed.loc["nobody", "locked_until"])
    assert logins.lift_lock(accounts, "eva", by="adam", now=now) == 5
    assert guess(accounts, 4.6, password="eva-password") is not None
    entry = audit.entries(accounts)[0]
    assert (entry.user, entry.subject, entry.before["name"]) == ("adam", "user", "eva")
    assert len(entry.before["failed_logins"]) == 5 and "password" not in str(entry.before)


def test_a_lock_is_in_the_audit_log_with_the_account_and_each_failure_but_no_password(accounts):
    five_failures(accounts)
    entry = audit.entries(accounts)[0]
    assert (entry.action, entry.subject, entry.user) == ("login_locked", "user", "eva")
    assert entry.after["failed_logins"] == [(T0 + dt.timedelta(minutes=m)).isoformat() for m in range(5)]
    assert entry.after["locked_until"] == (T0 + dt.timedelta(minutes=5)).isoformat()
    assert "wrong-password" not in str(entry.after)
    assert guess(accounts, 5.5) is None  # the sixth failure locks again, for longer: a second entry
    locks = [e for e in audit.entries(accounts) if e.action == "login_locked"]
    assert len(locks) == 2
    assert audit.entries(accounts)[0].after["locked_until"] == (T0 + dt.timedelta(minutes=7, seconds=30)).isoformat()


def test_every_failed_login_is_in_the_audit_log_with_its_account_and_time_never_the_password(accounts):
    five_failures(accounts)
    failed = [e for e in audit.entries(accounts) if e.action == "login_failed"]
    assert sorted(e.after["at"] for e in failed) == [(T0 + dt.timedelta(minutes=m)).isoformat() for m in range(5)]
    assert {e.user for e in failed} == {"eva"} and "wrong-password" not in str([e.after for e in failed])


def test_parallel_guesses_are_counted_in_turn_and_the_fifth_failure_locks_the_rest_out(accounts):
    """Twenty wrong passwords at the same moment: five are checked, the rest meet the lock
    (the check and the record of an attempt were two steps that parallel guesses raced)."""
    import threading

    outcomes, barrier = [], threading.Barrier(20)

    def attempt():
        barrier.wait()
        try:
            outcomes.append(auth.authenticate(accounts, "eva", "wrong-password", now=T0))
        except logins.LoginLocked:
            outcomes.append("locked")

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count(None) == logins.MAX_FAILURES and outcomes.count("locked") == 20 - logins.MAX_FAILURES
