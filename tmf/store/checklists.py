"""Checklist answers in the database, saved with the facility's safety level.

Saving answers recomputes the overall safety level (tmf.checklist) and writes it to the
facility's ``checklist_safety_pct``, so the ranking and the priority matrix see it; the
answers, the level, the audit entry and the data-version bump commit together. Like an
edit, a save is conditional on the facility version the editor started from.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa

from tmf.checklist import Checklist, SafetyLevel, check_answers, safety_level
from tmf.problems import ProblemError
from tmf.store import audit
from tmf.store.editing import EditConflict, facility_state, read_answers, replace_answers, update_if_version
from tmf.store.engine import bump_data_version
from tmf.store.errors import translated


def normalised(answers: Mapping[str, Mapping[str, object]]) -> dict[str, dict[str, object]]:
    """Answers in their stored shape ({question: {answer, evidence, note}}), blanks dropped."""
    return {
        question: {"answer": a["answer"], "evidence": a.get("evidence") or None, "note": str(a.get("note") or "")}
        for question, a in sorted(answers.items())
        if a.get("answer")
    }


@translated
def facility_answers(engine: sa.Engine, facility_id: str) -> dict[str, dict[str, object]]:
    """The stored answers of one facility ({} when the checklist was never filled in)."""
    with engine.connect() as connection:
        return read_answers(connection, facility_id)


def checklist_state(answers: Mapping[str, object], safety_pct: float | None, version: int) -> dict[str, object]:
    """What the audit log keeps for a checklist change."""
    return {"answers": dict(answers), "checklist_safety_pct": safety_pct, "version": version}


@translated
def save_answers(
    engine: sa.Engine,
    checklist: Checklist,
    facility_id: str,
    answers: Mapping[str, Mapping[str, object]],
    expected_version: int,
    user: str,
) -> SafetyLevel:
    """Store a facility's answers and its new overall safety level; returns the level.

    Raises ProblemError for an unknown question, answer or evidence level, EditConflict
    when the facility changed since ``expected_version``. Unchanged answers write nothing.
    """
    answers = normalised(answers)
    problems = check_answers(checklist, answers)
    if problems:
        raise ProblemError(problems)
    level = safety_level(checklist, answers)
    before = facility_state(engine, facility_id)
    if before is None or before["version"] != expected_version:
        raise EditConflict(facility_id, None, before)
    stored = facility_answers(engine, facility_id)
    if stored == answers:
        return level
    with engine.begin() as connection:
        version = update_if_version(
            connection, facility_id, expected_version, {"checklist_safety_pct": level.overall}, user
        )
        if version is not None:
            replace_answers(connection, facility_id, answers, user)
            audit.record(
                connection,
                user=user,
                action="checklist",
                subject="checklist",
                facility_id=facility_id,
                before=checklist_state(stored, before["checklist_safety_pct"], expected_version),
                after=checklist_state(answers, level.overall, version),
            )
            bump_data_version(connection)
    if version is None:
        raise EditConflict(facility_id, None, facility_state(engine, facility_id))
    return level


def restore_checklist(
    connection: sa.Connection, facility_id: str, state: Mapping[str, object], expected_version: int, user: str
) -> int | None:
    """Put back answers and safety level from an audit state (inside a revert's transaction);
    None, writing nothing, when the facility is no longer at ``expected_version``."""
    pct = state.get("checklist_safety_pct")
    version = update_if_version(connection, facility_id, expected_version, {"checklist_safety_pct": pct}, user)
    if version is None:
        return None
    replace_answers(connection, facility_id, state.get("answers") or {}, user)
    return version
