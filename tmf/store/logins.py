"""Login throttling: every attempt is recorded, and guessing is slowed per account and overall.

After ``MAX_FAILURES`` wrong passwords for one account name within ``WINDOW`` (since its last
successful login), the name is locked for ``FIRST_LOCK``, doubling with each further failure
up to ``MAX_LOCK``; while locked even the right password is refused, and the password is not
checked at all (bcrypt costs about 0.25 s of server CPU per check, so a locked guess costs
nothing). Failures for every name together are capped at ``SERVER_FAILURES`` per
``SERVER_WINDOW``, which stops guessing spread over many names. Attempts refused by a lock
are not recorded (they learn nothing and would only extend the owner's lock). Each lock is
an entry of the audit log (the account, when each failure was, until when); an admin can
lift a lock, and the lifted failures move into the audit log too.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from tmf.problems import Problem, ProblemError
from tmf.store import audit
from tmf.store.engine import take_turn
from tmf.store.errors import translated
from tmf.store.models import LoginAttemptRow

attempts = LoginAttemptRow.__table__
# Five tries cover typing mistakes and a forgotten caps lock; a guesser then gets about a
# dozen tries per window instead of thousands (4 a second per core without a limit).
MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
FIRST_LOCK = dt.timedelta(minutes=1)
MAX_LOCK = dt.timedelta(minutes=60)
# A working group has tens of users; 30 failures a minute across all names is an attack, and
# capping it also caps the CPU that bcrypt checks of guesses can take (about 8 s a minute).
SERVER_FAILURES = 30
SERVER_WINDOW = dt.timedelta(minutes=1)
NAME_LENGTH = 80  # the column's width


@dataclass(frozen=True)
class Lock:
    """Logins refused until ``until`` (UTC) for one account name, or for all (``server``)."""

    until: dt.datetime
    server: bool = False

    def problem(self, now: dt.datetime) -> Problem:
        minutes = max(1, math.ceil((self.until - now).total_seconds() / 60))
        code = "ops.login_locked_server" if self.server else "ops.login_locked"
        return Problem(code, {"minutes": minutes, "until": self.until.strftime("%H:%M UTC")})


class LoginLocked(ProblemError):
    """A login refused because the account (or the server) is locked for a while."""

    def __init__(self, lock: Lock, now: dt.datetime) -> None:
        super().__init__(lock.problem(now))
        self.lock = lock


def account_key(name: str) -> str:
    """The name an attempt is recorded and throttled under (as typed, trimmed)."""
    return name.strip()[:NAME_LENGTH]


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite returns naive UTC


def _recent_failures(connection: sa.Connection, name: str, now: dt.datetime) -> list[dt.datetime]:
    since = now - WINDOW
    last_success = connection.scalar(
        sa.select(sa.func.max(attempts.c.at)).where(attempts.c.name == name, attempts.c.success)
    )
    if last_success is not None:
        since = max(since, _utc(last_success))
    query = (
        sa.select(attempts.c.at)
        .where(attempts.c.name == name, ~attempts.c.success, attempts.c.at > since)
        .order_by(attempts.c.at)
    )
    return [_utc(at) for at in connection.scalars(query)]


def lock_of(connection: sa.Connection, name: str, now: dt.datetime) -> Lock | None:
    """The lock in force for account ``name`` at ``now``, if any."""
    failures = _recent_failures(connection, name, now)
    if len(failures) >= MAX_FAILURES:
        until = failures[-1] + min(FIRST_LOCK * 2 ** (len(failures) - MAX_FAILURES), MAX_LOCK)
        if until > now:
            return Lock(until)
    query = sa.select(attempts.c.at).where(~attempts.c.success, attempts.c.at > now - SERVER_WINDOW)
    recent = sorted(_utc(at) for at in connection.scalars(query.order_by(attempts.c.at.desc()).limit(SERVER_FAILURES)))
    if len(recent) >= SERVER_FAILURES:
        return Lock(recent[0] + SERVER_WINDOW, server=True)
    return None


def check_not_locked(connection: sa.Connection, name: str, now: dt.datetime) -> None:
    """Raise LoginLocked when ``name`` may not try to log in at ``now``."""
    lock = lock_of(connection, account_key(name), now)
    if lock is not None:
        raise LoginLocked(lock, now)


def begin_attempt(connection: sa.Connection, name: str, now: dt.datetime) -> int:
    """Check that ``name`` may try now and record the attempt as failed, before its password
    is checked, in one step that attempts take in turn: parallel guesses each see the ones
    before them, so the fifth wrong password locks the name however many arrive at once.
    Returns the attempt's id for ``end_attempt``. Raises LoginLocked (nothing recorded)."""
    key = account_key(name)
    take_turn(connection, "login:" + key)
    check_not_locked(connection, key, now)
    inserted = connection.execute(sa.insert(attempts).values(name=key, at=now, success=False))
    return int(inserted.inserted_primary_key[0])


def end_attempt(connection: sa.Connection, attempt: int, name: str, success: bool, now: dt.datetime) -> None:
    """Settle an attempt begun with ``begin_attempt``: a success marks it so; a failure goes
    to the audit log (the account and when, never the password), and a failure that locks
    the name is an entry of its own with the time of each failure and the end of the lock."""
    key = account_key(name)
    if success:
        connection.execute(sa.update(attempts).where(attempts.c.id == attempt).values(success=True))
        return
    audit.record(
        connection, user=key, action="login_failed", subject="user", after={"name": key, "at": now.isoformat()}
    )
    failures = _recent_failures(connection, key, now)
    lock = lock_of(connection, key, now)
    if len(failures) >= MAX_FAILURES and lock is not None and not lock.server:
        after = {
            "name": key,
            "failed_logins": [at.isoformat() for at in failures],
            "locked_until": lock.until.isoformat(),
        }
        audit.record(connection, user=key, action="login_locked", subject="user", after=after)


@translated
def failed_logins(engine: sa.Engine, now: dt.datetime | None = None, hours: int = 24) -> pd.DataFrame:
    """Failed logins of the last ``hours`` per account name: count, last attempt, locked until."""
    now = now or dt.datetime.now(dt.UTC)
    query = (
        sa.select(attempts.c.name, sa.func.count(), sa.func.max(attempts.c.at))
        .where(~attempts.c.success, attempts.c.at > now - dt.timedelta(hours=hours))
        .group_by(attempts.c.name)
        .order_by(sa.func.max(attempts.c.at).desc())
    )
    with engine.connect() as connection:
        rows = []
        for name, count, last in connection.execute(query):
            lock = lock_of(connection, name, now)
            locked = lock.until if lock is not None and not lock.server else None
            rows.append({"name": name, "failures": count, "last": _utc(last), "locked_until": locked})
    return pd.DataFrame(rows, columns=["name", "failures", "last", "locked_until"])


@translated
def lift_lock(engine: sa.Engine, name: str, by: str, now: dt.datetime | None = None) -> int:
    """Unlock account ``name``: its recent failures leave the throttle and go to the audit
    log (who lifted it, and when each failure was). Returns how many were lifted."""
    now = now or dt.datetime.now(dt.UTC)
    key = account_key(name)
    with engine.begin() as connection:
        failures = _recent_failures(connection, key, now)
        if not failures:
            return 0
        connection.execute(
            sa.delete(attempts).where(attempts.c.name == key, ~attempts.c.success, attempts.c.at >= failures[0])
        )
        before = {"name": key, "failed_logins": [at.isoformat() for at in failures]}
        audit.record(connection, user=by, action="user", subject="user", before=before, after={"name": key})
    return len(failures)
