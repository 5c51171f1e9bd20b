"""Saved scenarios: named weightings the working group shares, kept in the database.

A saved scenario is a weighting (the weights and the index, stored as the query of a link,
see tmf.view) with a name, an author, a note and its dates. The official weighting
(every weight 1, THI) is always listed first; it is not a row of the table, so it can be
neither renamed nor deleted, and no saved scenario may take its name. Names are unique,
compared without regard to case and surrounding spaces. Export and import use JSON; an
import writes every entry or, when any entry is refused, none.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import sqlalchemy as sa

from tmf.i18n import LANGUAGES, t
from tmf.methodology import Profile
from tmf.problems import Problem, ProblemError
from tmf.ranking import weight_vector
from tmf.store.errors import translated
from tmf.store.models import ScenarioRow
from tmf.view import View, from_query, parse_query_string, query_string, weighting

OFFICIAL_ID = 0
NAME_LIMIT = 120
AUTHOR_LIMIT = 80
EXPORT_FORMAT = "tmf-scenarios"
EXPORT_VERSION = 1
table = ScenarioRow.__table__


@dataclass(frozen=True)
class StoredScenario:
    """One row of the scenario list; ``id`` 0 is the official weighting (never stored)."""

    id: int
    name: str
    author: str
    note: str
    query: str  # the link query of the weighting, "" for the official one
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def official(self) -> bool:
        return self.id == OFFICIAL_ID

    def scenario(self, profile: Profile) -> View:
        """The weighting as a View (a stored query that no longer parses gives defaults)."""
        return from_query(parse_query_string(self.query), profile)[0]

    def weights(self, profile: Profile) -> dict[str, float]:
        """Every criterion's weight (profile defaults where the scenario keeps them)."""
        return profile.default_weights | self.scenario(profile).weight_map()


def official_scenario() -> StoredScenario:
    """The official weighting: equal weights, THI, named in English (pages translate it)."""
    return StoredScenario(OFFICIAL_ID, t("scenarios.official_name", "en"), "", "", "")


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; every stored time is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def _from_row(row: sa.Row) -> StoredScenario:
    return StoredScenario(row.id, row.name, row.author, row.note, row.query, _utc(row.created_at), _utc(row.updated_at))


@translated
def list_scenarios(engine: sa.Engine) -> list[StoredScenario]:
    """The official weighting, then the saved scenarios by name (case-insensitive)."""
    with engine.connect() as connection:
        rows = connection.execute(sa.select(table)).all()
    saved = sorted((_from_row(row) for row in rows), key=lambda s: (s.name.casefold(), s.id))
    return [official_scenario(), *saved]


@translated
def get_scenario(engine: sa.Engine, scenario_id: int) -> StoredScenario:
    """One scenario by id (0 is the official weighting); ProblemError if there is none."""
    if scenario_id == OFFICIAL_ID:
        return official_scenario()
    with engine.connect() as connection:
        row = connection.execute(sa.select(table).where(table.c.id == scenario_id)).first()
    if row is None:
        raise ProblemError(Problem("scenario_not_found", {"id": scenario_id}))
    return _from_row(row)


def _reserved_names() -> set[str]:
    return {t("scenarios.official_name", lang).casefold() for lang in LANGUAGES}


def _name_problem(name: object, taken: set[str]) -> tuple[str, Problem | None]:
    """The cleaned name and the reason it is refused (None when it is fine)."""
    if not isinstance(name, str):
        return "", Problem("not_text", {"value": name})
    clean = " ".join(name.split())
    if not clean:
        return clean, Problem("scenario_name_empty")
    if len(clean) > NAME_LIMIT:
        return clean, Problem("scenario_name_too_long", {"limit": NAME_LIMIT})
    if clean.casefold() in _reserved_names():
        return clean, Problem("scenario_name_reserved", {"name": clean})
    if clean.casefold() in taken:
        return clean, Problem("scenario_name_taken", {"name": clean})
    return clean, None


def _author_problem(author: object) -> tuple[str, Problem | None]:
    if not isinstance(author, str):
        return "", Problem("not_text", {"value": author})
    clean = " ".join(author.split())
    if not clean:
        return clean, Problem("scenario_author_empty")
    if len(clean) > AUTHOR_LIMIT:
        return clean, Problem("scenario_author_too_long", {"limit": AUTHOR_LIMIT})
    return clean, None


def _taken_names(connection: sa.Connection, except_id: int | None = None) -> set[str]:
    query = sa.select(table.c.name)
    if except_id is not None:
        query = query.where(table.c.id != except_id)
    return {name.casefold() for name in connection.scalars(query)}


def _insert(connection: sa.Connection, values: Mapping[str, object]) -> int:
    try:
        return connection.execute(sa.insert(table).values(**values).returning(table.c.id)).scalar_one()
    except sa.exc.IntegrityError:
        # Another user saved the same name between our check and the insert.
        raise ProblemError(Problem("scenario_name_taken", {"name": values["name"]})) from None


@translated
def save_scenario(
    engine: sa.Engine,
    name: str,
    author: str,
    note: str,
    scenario: View,
    now: dt.datetime | None = None,
) -> StoredScenario:
    """Save the weighting of ``scenario`` (weights and index) under a new, unique ``name``.

    Whitespace in name and author is collapsed. Raises ProblemError (nothing written) for a
    blank or too long name or author, the official weighting's name, or a name in use.
    """
    now = now or dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        clean_name, name_problem = _name_problem(name, _taken_names(connection))
        clean_author, author_problem = _author_problem(author)
        problems = [p for p in (name_problem, author_problem) if p]
        if problems:
            raise ProblemError(problems)
        values = {
            "name": clean_name,
            "author": clean_author,
            "note": (note or "").strip(),
            "query": query_string(weighting(scenario)),
            "created_at": now,
            "updated_at": now,
        }
        new_id = _insert(connection, values)
    return get_scenario(engine, new_id)


def _refuse_official(scenario_id: int) -> None:
    if scenario_id == OFFICIAL_ID:
        raise ProblemError(Problem("scenario_official_locked"))


@translated
def rename_scenario(engine: sa.Engine, scenario_id: int, name: str, now: dt.datetime | None = None) -> StoredScenario:
    """Give a saved scenario a new unique name; the official weighting refuses."""
    _refuse_official(scenario_id)
    get_scenario(engine, scenario_id)
    with engine.begin() as connection:
        clean, problem = _name_problem(name, _taken_names(connection, except_id=scenario_id))
        if problem:
            raise ProblemError(problem)
        try:
            connection.execute(
                sa.update(table)
                .where(table.c.id == scenario_id)
                .values(name=clean, updated_at=now or dt.datetime.now(dt.UTC))
            )
        except sa.exc.IntegrityError:
            raise ProblemError(Problem("scenario_name_taken", {"name": clean})) from None
    return get_scenario(engine, scenario_id)


@translated
def delete_scenario(engine: sa.Engine, scenario_id: int) -> None:
    """Delete a saved scenario; the official weighting and unknown ids refuse."""
    _refuse_official(scenario_id)
    with engine.begin() as connection:
        deleted = connection.execute(sa.delete(table).where(table.c.id == scenario_id)).rowcount
    if deleted == 0:
        raise ProblemError(Problem("scenario_not_found", {"id": scenario_id}))


@translated
def export_scenarios(engine: sa.Engine) -> str:
    """Every saved scenario (not the official weighting) as a JSON document."""
    entries = [
        {
            "name": s.name,
            "author": s.author,
            "note": s.note,
            "query": s.query,
            "created_at": s.created_at.isoformat() if s.created_at else None,
            "updated_at": s.updated_at.isoformat() if s.updated_at else None,
        }
        for s in list_scenarios(engine)
        if not s.official
    ]
    document = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION, "scenarios": entries}
    return json.dumps(document, ensure_ascii=False, indent=2)


def _entry_problem(entry: int, name: object, field: str, detail: Problem) -> Problem:
    shown = name if isinstance(name, str) else ""
    return Problem("scenario_import_entry", {"entry": entry, "name": shown, "field": field, "detail": detail})


def _date(value: object, default: dt.datetime) -> tuple[dt.datetime, Problem | None]:
    if value is None:
        return default, None
    try:
        return _utc(dt.datetime.fromisoformat(str(value))), None
    except ValueError:
        return default, Problem("not_a_date", {"value": value})


def _read_document(text: str | bytes) -> list[object]:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ProblemError(Problem("scenario_import_not_json", {"reason": str(error)})) from None
    entries = document.get("scenarios") if isinstance(document, dict) else None
    if not isinstance(entries, list) or document.get("format", EXPORT_FORMAT) != EXPORT_FORMAT:
        raise ProblemError(Problem("scenario_import_structure"))
    return entries


def _check_entry(
    number: int, raw: object, profile: Profile, taken: set[str], seen: dict[str, int], now: dt.datetime
) -> tuple[dict[str, object], list[Problem]]:
    """The row to insert for entry ``number`` (1-based) and the problems that refuse it."""
    if not isinstance(raw, dict):
        return {}, [_entry_problem(number, None, "-", Problem("scenario_import_structure"))]
    name = raw.get("name")
    clean_name, name_problem = _name_problem(name, taken)
    if name_problem is None and clean_name.casefold() in seen:
        name_problem = Problem("scenario_import_repeated", {"name": clean_name, "first": seen[clean_name.casefold()]})
    seen.setdefault(clean_name.casefold(), number)
    clean_author, author_problem = _author_problem(raw.get("author"))
    note = raw.get("note", "")
    note_problem = None if isinstance(note, str) else Problem("not_text", {"value": note})
    query = raw.get("query", "")
    if isinstance(query, str):
        scenario, link_problems = from_query(parse_query_string(query), profile)
        query_problem = link_problems[0] if link_problems else None
    else:
        scenario, query_problem = View(), Problem("not_text", {"value": query})
    created, created_problem = _date(raw.get("created_at"), now)
    updated, updated_problem = _date(raw.get("updated_at"), created)
    fields = {
        "name": name_problem,
        "author": author_problem,
        "note": note_problem,
        "query": query_problem,
        "created_at": created_problem,
        "updated_at": updated_problem,
    }
    problems = [_entry_problem(number, name, field, p) for field, p in fields.items() if p]
    row = {
        "name": clean_name,
        "author": clean_author,
        "note": note.strip() if isinstance(note, str) else "",
        "query": query_string(weighting(scenario)),
        "created_at": created,
        "updated_at": updated,
    }
    return row, problems


@translated
def import_scenarios(
    engine: sa.Engine, text: str | bytes, profile: Profile, now: dt.datetime | None = None
) -> list[StoredScenario]:
    """Add the scenarios of an export, all or nothing; returns the scenarios added.

    Every entry is checked before anything is written: a refused entry raises ProblemError
    naming the entry (number and name) and the field, for every problem found. A name
    already in the database is refused (rename or delete the existing scenario first).
    Links of older versions are migrated and stored in the current form.
    """
    entries = _read_document(text)
    now = now or dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        taken, seen = _taken_names(connection), {}
        rows, problems = [], []
        for number, raw in enumerate(entries, start=1):
            row, entry_problems = _check_entry(number, raw, profile, taken, seen, now)
            rows.append(row)
            problems += entry_problems
        if problems:
            raise ProblemError(problems)
        ids = [_insert(connection, row) for row in rows]
    return [get_scenario(engine, new_id) for new_id in ids]


def weight_matrix(scenarios: Sequence[StoredScenario], profile: Profile, index: str) -> np.ndarray:
    """The weight vectors of ``scenarios`` (rows, profile order; zero outside ``index``)."""
    rows = [weight_vector(profile, s.scenario(profile).weight_map(), index) for s in scenarios]
    return np.array(rows, dtype=float).reshape(len(rows), len(profile.keys))
