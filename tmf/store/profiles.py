"""The methodology profile in force: the bundled file, or the newest one an admin stored.

A replacement is checked before it is stored: it must parse (tmf.methodology.parse_profile),
read only inventory fields, have a label in the message catalogue for every criterion, and
score the current inventory without error. Storing it is audited and raises the data
version, so every cached score is recomputed with the new profile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from dataclasses import dataclass

import sqlalchemy as sa

from tmf.geodata import load_geodata
from tmf.i18n import has_message
from tmf.inventory import COLUMN_NAMES
from tmf.methodology import DEFAULT_PROFILE, Profile, parse_profile
from tmf.problems import Problem, ProblemError
from tmf.screening import screen
from tmf.store import audit
from tmf.store.engine import bump_data_version, read_facilities, take_turn
from tmf.store.errors import translated
from tmf.store.models import ProfileRow

profiles_table = ProfileRow.__table__
DERIVED_INPUTS = ("transboundary_class",)  # computed by tmf.methodology.scoring_inputs


@dataclass(frozen=True)
class StoredProfile:
    """The profile in force and where it comes from (``row`` None: the bundled file)."""

    row: int | None
    content: str
    uploaded_by: str | None
    uploaded_at: object | None


@translated
def active_info(engine: sa.Engine) -> StoredProfile:
    with engine.connect() as connection:
        return _active(connection)


def _active(connection: sa.Connection) -> StoredProfile:
    query = sa.select(profiles_table).order_by(profiles_table.c.id.desc()).limit(1)
    row = connection.execute(query).first()
    if row is None:
        return StoredProfile(None, DEFAULT_PROFILE.read_text(encoding="utf-8"), None, None)
    return StoredProfile(row.id, row.content, row.uploaded_by, row.uploaded_at)


@translated
def active_profile(engine: sa.Engine) -> Profile:
    """The profile the dashboard scores with."""
    return parse_profile(tomllib.loads(active_info(engine).content))


@translated
def check_profile(content: bytes | str, engine: sa.Engine) -> Profile:
    """A candidate profile, refused with ProblemError when it cannot replace the current one."""
    try:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        profile = parse_profile(tomllib.loads(text))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProblemError(Problem("profile_not_toml", {"reason": str(error)[:200]})) from None
    problems = []
    for criterion in profile.criteria:
        if criterion.input not in (*COLUMN_NAMES, *DERIVED_INPUTS):
            problems.append(Problem("profile_unknown_input", {"criterion": criterion.key, "value": criterion.input}))
        if not has_message(f"criteria.{criterion.key}.label"):
            problems.append(Problem("profile_unknown_criterion", {"criterion": criterion.key}))
    if problems:
        raise ProblemError(problems)
    screen(read_facilities(engine), profile, load_geodata())  # a value outside a score table raises here
    return profile


def _state(row: int | None, profile: Profile) -> dict[str, object]:
    return {"row": row, "id": profile.id, "version": profile.version}


@translated
def store_profile(
    engine: sa.Engine, content: bytes | str, user: str, reverts: int | None = None, replaces: int | None = None
) -> int:
    """Check and store a new profile; it is in force from now on. Returns the audit entry id.

    A revert (``reverts``) stores only while the profile in force is still row ``replaces``
    (None: the bundled one), checked in turn with any other revert of the same moment: one
    wins, the others raise ProblemError ``revert_profile_changed``."""
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    profile = check_profile(text, engine)
    with engine.begin() as connection:
        take_turn(connection, "profile")
        current = _active(connection)
        if reverts is not None and current.row != replaces:
            raise ProblemError(Problem("revert_profile_changed", {"id": reverts}))
        before = _state(current.row, parse_profile(tomllib.loads(current.content)))
        result = connection.execute(
            sa.insert(profiles_table).values(
                content=text,
                sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                uploaded_by=user,
                uploaded_at=dt.datetime.now(dt.UTC),
            )
        )
        row = int(result.inserted_primary_key[0])
        entry_id = audit.record(
            connection,
            user=user,
            action="revert" if reverts else "profile",
            subject="profile",
            before=before,
            after=_state(row, profile),
            reverts=reverts,
        )
        bump_data_version(connection)
    return entry_id


@translated
def stored_content(engine: sa.Engine, row: int | None) -> str:
    """The text of a stored profile row (None: the bundled file)."""
    if row is None:
        return DEFAULT_PROFILE.read_text(encoding="utf-8")
    with engine.connect() as connection:
        return connection.scalar(sa.select(profiles_table.c.content).where(profiles_table.c.id == row))
