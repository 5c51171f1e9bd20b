"""Local accounts: roles, bcrypt password hashes, login checks.

Roles grow in rights: ``viewer`` reads, ``editor`` also imports, edits and fills in the
checklist, ``admin`` also reverts changes and manages users and the methodology profile.
Only a bcrypt hash is stored. A login check costs one bcrypt comparison whether or not the
name exists (a dummy hash stands in), so timing does not reveal which names exist, and
the caller gets no hint of which part was wrong. Account changes are audited (subject
``user``, never the password or its hash). Repeated failures lock a name for a while
(tmf.store.logins).
"""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import os
import re
from dataclasses import dataclass

import bcrypt
import sqlalchemy as sa

from tmf.problems import Problem, ProblemError
from tmf.store import audit, logins
from tmf.store.errors import translated
from tmf.store.models import UserRow

ROLES = ("viewer", "editor", "admin")
MIN_PASSWORD = 8
MAX_PASSWORD_BYTES = 72  # bcrypt reads no further; longer passwords are refused, not cut
BCRYPT_ROUNDS = 12
NAME_PATTERN = re.compile(r"^[\w.@-]{1,80}$")
users_table = UserRow.__table__


@dataclass(frozen=True)
class User:
    name: str
    role: str


def allows(role: str | None, needed: str) -> bool:
    """True when ``role`` has at least the rights of ``needed`` (None: not logged in = viewer)."""
    return ROLES.index(role or "viewer") >= ROLES.index(needed)


def login_required() -> bool:
    """TMF_REQUIRE_LOGIN=1 makes the dashboard show nothing until someone logs in."""
    return os.environ.get("TMF_REQUIRE_LOGIN", "").strip().lower() in ("1", "true", "yes")


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ProblemError(Problem("role_unknown", {"value": role, "allowed": ", ".join(ROLES)}))


def hash_password(password: str) -> str:
    """The bcrypt hash of an acceptable password; ProblemError when too short or too long."""
    raw = password.encode("utf-8")
    if len(password) < MIN_PASSWORD:
        raise ProblemError(Problem("password_too_short", {"min": MIN_PASSWORD}))
    if len(raw) > MAX_PASSWORD_BYTES:
        raise ProblemError(Problem("password_too_long", {"max": MAX_PASSWORD_BYTES}))
    return bcrypt.hashpw(raw, bcrypt.gensalt(BCRYPT_ROUNDS)).decode("ascii")


@functools.cache
def _dummy_hash(rounds: int) -> bytes:
    """A hash of the same cost as real ones, checked when the name does not exist."""
    return bcrypt.hashpw(b"no such account", bcrypt.gensalt(rounds))


@translated
def authenticate(engine: sa.Engine, name: str, password: str, now: dt.datetime | None = None) -> User | None:
    """The user when ``name`` and ``password`` match, else None (no hint which was wrong).

    Every attempt is recorded, as failed until its password proves right; raises
    ``logins.LoginLocked`` (before checking the password) while the name is locked after
    repeated failures (tmf.store.logins), counted in turn however many arrive at once.
    ``now``: the clock.
    """
    now = now or dt.datetime.now(dt.UTC)
    with engine.begin() as connection:  # short: the password is checked outside it
        attempt = logins.begin_attempt(connection, name, now)
        row = connection.execute(sa.select(users_table).where(users_table.c.name == name.strip())).first()
    stored = row.password_hash.encode("ascii") if row is not None else _dummy_hash(BCRYPT_ROUNDS)
    raw = password.encode("utf-8")
    matches = bcrypt.checkpw(raw[:MAX_PASSWORD_BYTES], stored)
    ok = matches and row is not None and len(raw) <= MAX_PASSWORD_BYTES
    with engine.begin() as connection:
        logins.end_attempt(connection, attempt, name, ok, now)
    return User(row.name, row.role) if ok else None


@translated
def find_user(engine: sa.Engine, name: str) -> User | None:
    with engine.connect() as connection:
        row = connection.execute(sa.select(users_table.c.name, users_table.c.role).where(users_table.c.name == name))
        row = row.first()
    return User(row.name, row.role) if row is not None else None


@translated
def list_users(engine: sa.Engine) -> list[User]:
    query = sa.select(users_table.c.name, users_table.c.role).order_by(users_table.c.name)
    with engine.connect() as connection:
        return [User(r.name, r.role) for r in connection.execute(query)]


def _record(connection: sa.Connection, by: str, before: User | None, after: User | None) -> None:
    state = {k: {"name": u.name, "role": u.role} if u else None for k, u in (("before", before), ("after", after))}
    audit.record(connection, user=by, action="user", subject="user", **state)


@translated
def add_user(engine: sa.Engine, name: str, password: str, role: str, by: str) -> User:
    """Create an account; ProblemError for a bad name, an existing name, role or password."""
    name = name.strip()
    if not NAME_PATTERN.match(name):
        raise ProblemError(Problem("user_name_invalid", {"value": name}))
    _check_role(role)
    if find_user(engine, name) is not None:
        raise ProblemError(Problem("user_exists", {"name": name}))
    password_hash = hash_password(password)
    user = User(name, role)
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.insert(users_table).values(
                    name=name, password_hash=password_hash, role=role, created_at=dt.datetime.now(dt.UTC)
                )
            )
            _record(connection, by, None, user)
    except sa.exc.IntegrityError:
        raise ProblemError(Problem("user_exists", {"name": name})) from None
    return user


def _existing(engine: sa.Engine, name: str) -> User:
    user = find_user(engine, name)
    if user is None:
        raise ProblemError(Problem("user_missing", {"name": name}))
    return user


def _keeps_an_admin(engine: sa.Engine, user: User, new_role: str | None) -> None:
    admins = [u for u in list_users(engine) if u.role == "admin"]
    if user.role == "admin" and new_role != "admin" and len(admins) == 1:
        raise ProblemError(Problem("last_admin", {"name": user.name}))


@translated
def set_role(engine: sa.Engine, name: str, role: str, by: str) -> User:
    """Change a user's role; the last admin cannot be demoted."""
    _check_role(role)
    user = _existing(engine, name)
    _keeps_an_admin(engine, user, role)
    with engine.begin() as connection:
        connection.execute(sa.update(users_table).where(users_table.c.name == name).values(role=role))
        _record(connection, by, user, User(name, role))
    return User(name, role)


@translated
def set_password(engine: sa.Engine, name: str, password: str, by: str) -> None:
    """Replace a user's password (the audit entry says that it changed, nothing more)."""
    user = _existing(engine, name)
    password_hash = hash_password(password)
    with engine.begin() as connection:
        connection.execute(sa.update(users_table).where(users_table.c.name == name).values(password_hash=password_hash))
        _record(connection, by, user, user)


@translated
def remove_user(engine: sa.Engine, name: str, by: str) -> None:
    """Delete an account; the last admin cannot be removed."""
    user = _existing(engine, name)
    _keeps_an_admin(engine, user, None)
    with engine.begin() as connection:
        connection.execute(sa.delete(users_table).where(users_table.c.name == name))
        _record(connection, by, user, None)


def same_text(a: str, b: str) -> bool:
    """Constant-time comparison of two texts (password confirmation)."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
