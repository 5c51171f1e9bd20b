"""Local accounts: bcrypt hashes only, wrong passwords refused without a hint, roles, and
the `python -m tmf user` commands."""

import io

import pytest
import sqlalchemy as sa

from tmf.commands import main
from tmf.problems import ProblemError
from tmf.store import audit, auth
from tmf.store.engine import make_engine
from tmf.store.models import UserRow


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)


@pytest.fixture
def engine(migrated):
    auth.add_user(migrated, "eva", "correct horse battery", "editor", by="test")
    return migrated


def stored_hashes(engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(sa.select(UserRow.__table__.c.password_hash)))


def test_the_right_password_logs_in_with_the_stored_role(engine):
    assert auth.authenticate(engine, "eva", "correct horse battery") == auth.User("eva", "editor")


@pytest.mark.parametrize(
    ("name", "password"),
    [
        ("eva", "wrong horse battery"),
        ("eva", ""),
        ("eva", "correct horse battery "),
        ("nobody", "correct horse battery"),
    ],
)
def test_a_wrong_password_or_an_unknown_name_is_refused(engine, name, password):
    assert auth.authenticate(engine, name, password) is None


def test_an_unknown_name_costs_the_same_bcrypt_check_as_a_known_one(engine, monkeypatch):
    checks = []
    real_check = auth.bcrypt.checkpw
    monkeypatch.setattr(auth.bcrypt, "checkpw", lambda pw, hashed: checks.append(hashed[:7]) or real_check(pw, hashed))
    auth.authenticate(engine, "eva", "guess")
    auth.authenticate(engine, "nobody", "guess")
    assert len(checks) == 2 and checks[0] == checks[1] == b"$2b$04$"


def test_passwords_are_stored_only_as_bcrypt_hashes(engine):
    [stored] = stored_hashes(engine)
    assert stored.startswith("$2b$") and "correct horse battery" not in stored
    dumped = " ".join(str(e.before) + str(e.after) for e in audit.entries(engine))
    assert "correct horse" not in dumped and stored not in dumped


def test_a_too_long_password_is_refused_rather_than_cut_at_72_bytes(engine):
    with pytest.raises(ProblemError) as refused:
        auth.add_user(engine, "long", "x" * 73, "viewer", by="test")
    assert refused.value.problems[0].code == "password_too_long"
    assert auth.authenticate(engine, "eva", "correct horse battery" + "x" * 60) is None


@pytest.mark.parametrize(
    ("name", "password", "role", "code"),
    [
        ("eva", "another password", "viewer", "user_exists"),
        ("new", "short", "viewer", "password_too_short"),
        ("new", "long enough", "superuser", "role_unknown"),
        ("bad name!", "long enough", "viewer", "user_name_invalid"),
    ],
)
def test_bad_accounts_are_refused(engine, name, password, role, code):
    with pytest.raises(ProblemError) as refused:
        auth.add_user(engine, name, password, role, by="test")
    assert refused.value.problems[0].code == code


def test_roles_grow_in_rights():
    assert auth.allows("admin", "editor") and auth.allows("editor", "editor") and auth.allows(None, "viewer")
    assert (
        not auth.allows("viewer", "editor") and not auth.allows(None, "editor") and not auth.allows("editor", "admin")
    )


def test_the_last_admin_can_be_neither_demoted_nor_removed(engine):
    auth.add_user(engine, "root", "root password", "admin", by="test")
    for change in (
        lambda: auth.set_role(engine, "root", "editor", by="x"),
        lambda: auth.remove_user(engine, "root", "x"),
    ):
        with pytest.raises(ProblemError) as refused:
            change()
        assert refused.value.problems[0].code == "last_admin"
    auth.set_role(engine, "eva", "admin", by="root")
    auth.remove_user(engine, "root", by="eva")
    assert auth.list_users(engine) == [auth.User("eva", "admin")]


def test_account_changes_are_audited_without_passwords(engine):
    auth.set_password(engine, "eva", "a new password!", by="root")
    auth.set_role(engine, "eva", "viewer", by="root")
    newest = audit.entries(engine)[:2]
    assert [(e.action, e.user, e.after) for e in newest] == [
        ("user", "root", {"name": "eva", "role": "viewer"}),
        ("user", "root", {"name": "eva", "role": "editor"}),
    ]
    assert auth.authenticate(engine, "eva", "a new password!") is not None


def test_the_user_commands_add_list_change_and_remove_accounts(database_url, monkeypatch, capsys):
    monkeypatch.setenv("TMF_DATABASE_URL", database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret password\n"))
    assert main(["user", "add", "anna", "--role", "editor", "--password-stdin"]) == 0
    typed = iter(["typed password", "typed password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert main(["user", "add", "root", "--role", "admin"]) == 0
    assert main(["user", "set-role", "anna", "viewer"]) == 0
    capsys.readouterr()
    assert main(["user", "list"]) == 0
    assert capsys.readouterr().out == "anna\tviewer\nroot\tadmin\n"
    assert main(["user", "remove", "anna"]) == 0
    engine = make_engine(database_url)
    assert auth.authenticate(engine, "root", "typed password") == auth.User("root", "admin")
    assert all("password" not in h for h in stored_hashes(engine))
    engine.dispose()


def test_the_user_command_refuses_differing_prompted_passwords(database_url, monkeypatch, capsys):
    monkeypatch.setenv("TMF_DATABASE_URL", database_url)
    typed = iter(["first password", "second password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(typed))
    assert main(["user", "add", "anna"]) == 2
    assert "differ" in capsys.readouterr().err
    capsys.readouterr()
    main(["user", "list"])
    assert capsys.readouterr().out == ""
