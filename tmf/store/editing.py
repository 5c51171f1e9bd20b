"""Editing one facility: the form's validation, optimistic locking, delete, import preview.

Every write is conditional on the version the editor started from (Facility.version):
``UPDATE/DELETE ... WHERE version = :seen`` changes one row or none, so of two editors
who started from the same version the second is refused with both versions (EditConflict)
and nothing is lost. The change, its audit entry and the data-version bump commit in one
transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa

from tmf.inventory import COLUMN_NAMES, validate
from tmf.problems import Problem, ProblemError
from tmf.store import audit
from tmf.store.engine import bump_data_version
from tmf.store.errors import translated
from tmf.store.imports import _db_value, _same
from tmf.store.models import ChecklistAnswerRow, facilities_table

facilities = facilities_table
answers_table = ChecklistAnswerRow.__table__
STATE_COLUMNS = (*COLUMN_NAMES, "version")


class EditConflict(ProblemError):
    """The facility changed (or vanished) since the editor loaded it; ``theirs`` is now."""

    def __init__(self, facility_id: str, mine: Mapping[str, object] | None, theirs: Mapping[str, object] | None):
        code = "edit_conflict" if theirs is not None else "edit_conflict_deleted"
        params = {"id": facility_id}
        if theirs is not None:
            params |= {"version": theirs["version"], "user": theirs["updated_by"]}
        super().__init__(Problem(code, params))
        self.facility_id, self.mine, self.theirs = facility_id, mine, theirs


@translated
def facility_state(engine: sa.Engine | sa.Connection, facility_id: str) -> dict[str, object] | None:
    """The facility's inventory fields, version, updated_at and updated_by; None if absent."""
    columns = [facilities.c[name] for name in (*STATE_COLUMNS, "updated_at", "updated_by")]
    query = sa.select(*columns).where(facilities.c.facility_id == facility_id)
    if isinstance(engine, sa.Connection):
        row = engine.execute(query).first()
    else:
        with engine.connect() as connection:
            row = connection.execute(query).first()
    return dict(row._mapping) if row is not None else None


def audit_state(state: Mapping[str, object]) -> dict[str, object]:
    """The part of a facility's state the audit log keeps: inventory fields and version."""
    return {name: state.get(name) for name in STATE_COLUMNS}


def record_from_form(values: Mapping[str, str]) -> tuple[dict[str, object] | None, list[Problem]]:
    """One facility typed into a form, checked with the inventory import's rules.

    ``values`` maps inventory columns to text. Problems name the column (no row); the
    record has typed values (None for blank) when there is no problem.
    """
    text = {name: str(values.get(name) or "") for name in COLUMN_NAMES}
    frame, problems = validate(pd.DataFrame([text], columns=list(COLUMN_NAMES), dtype=object))
    problems = [Problem(p.code, p.params, None, p.column) for p in problems]
    if problems:
        return None, problems
    row = frame.iloc[0]
    return {name: _db_value(row[name]) for name in COLUMN_NAMES}, []


def read_answers(connection: sa.Connection, facility_id: str) -> dict[str, dict[str, object]]:
    """The facility's checklist answers: {question_id: {answer, evidence, note}}."""
    query = sa.select(answers_table).where(answers_table.c.facility_id == facility_id)
    return {
        r.question_id: {"answer": r.answer, "evidence": r.evidence, "note": r.note}
        for r in connection.execute(query.order_by(answers_table.c.question_id))
    }


def replace_answers(
    connection: sa.Connection, facility_id: str, answers: Mapping[str, Mapping[str, object]], user: str
) -> None:
    """Replace all checklist answers of the facility (inside the caller's transaction)."""
    connection.execute(sa.delete(answers_table).where(answers_table.c.facility_id == facility_id))
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "facility_id": facility_id,
            "question_id": question,
            "answer": answer["answer"],
            "evidence": answer.get("evidence"),
            "note": answer.get("note") or "",
            "updated_at": now,
            "updated_by": user,
        }
        for question, answer in answers.items()
    ]
    if rows:
        connection.execute(sa.insert(answers_table), rows)


def update_if_version(
    connection: sa.Connection, facility_id: str, expected_version: int, values: Mapping[str, object], user: str
) -> int | None:
    """Write ``values`` when the stored version is still ``expected_version``; the new
    version, or None when the facility changed or vanished meanwhile (nothing written)."""
    version = int(expected_version) + 1
    result = connection.execute(
        sa.update(facilities)
        .where(facilities.c.facility_id == facility_id, facilities.c.version == expected_version)
        .values(**values, version=version, updated_at=dt.datetime.now(dt.UTC), updated_by=user)
    )
    return version if result.rowcount == 1 else None


@translated
def save_facility(engine: sa.Engine, record: Mapping[str, object], expected_version: int, user: str) -> int:
    """Save an edited facility started from ``expected_version``; returns its new version.

    Raises EditConflict when someone else saved (or deleted) it since. Saving values
    identical to the stored ones writes nothing and returns the current version.
    """
    facility_id = str(record["facility_id"])
    before = facility_state(engine, facility_id)
    if before is None or before["version"] != expected_version:
        raise EditConflict(facility_id, record, before)
    values = {name: record[name] for name in COLUMN_NAMES if name != "facility_id"}
    if all(_same(before[name], value) for name, value in values.items()):
        return int(before["version"])
    with engine.begin() as connection:
        version = update_if_version(connection, facility_id, expected_version, values, user)
        if version is not None:
            after = {**audit_state(before), **values, "version": version}
            audit.record(
                connection,
                user=user,
                action="edit",
                subject="facility",
                facility_id=facility_id,
                before=audit_state(before),
                after=after,
            )
            bump_data_version(connection)
    if version is None:
        raise EditConflict(facility_id, record, facility_state(engine, facility_id))
    return version


@translated
def delete_facility(engine: sa.Engine, facility_id: str, expected_version: int, user: str) -> None:
    """Delete a facility (and its checklist answers) started from ``expected_version``.

    The audit entry keeps the deleted record and its answers, so a revert restores both.
    Raises EditConflict when it changed or vanished since.
    """
    before = facility_state(engine, facility_id)
    if before is None or before["version"] != expected_version:
        raise EditConflict(facility_id, None, before)
    with engine.connect() as connection:
        answers = read_answers(connection, facility_id)  # any checklist save since would raise the version
    with engine.begin() as connection:
        result = connection.execute(
            sa.delete(facilities).where(
                facilities.c.facility_id == facility_id, facilities.c.version == expected_version
            )
        )
        if result.rowcount == 1:
            connection.execute(sa.delete(answers_table).where(answers_table.c.facility_id == facility_id))
            state = {**audit_state(before), "checklist_answers": answers}
            audit.record(
                connection, user=user, action="delete", subject="facility", facility_id=facility_id, before=state
            )
            bump_data_version(connection)
    if result.rowcount != 1:
        raise EditConflict(facility_id, None, facility_state(engine, facility_id))
