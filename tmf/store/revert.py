"""Reverting one audit entry: the change is undone only if nothing changed since.

A facility or checklist entry is undone when the facility is still at the version the
entry left (a deleted facility: when no facility with that id exists); otherwise the
revert is refused, because undoing it would silently discard the newer change. A profile
entry is undone when that profile is still the one in force. The revert is itself an
audit entry (action ``revert``, pointing at the entry it undoes), written in the same
transaction as the restored state.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tmf.inventory import COLUMN_NAMES
from tmf.problems import Problem, ProblemError
from tmf.store import audit, profiles
from tmf.store.audit import AuditEntry
from tmf.store.checklists import checklist_state, restore_checklist
from tmf.store.editing import audit_state, facility_state, read_answers, replace_answers, update_if_version
from tmf.store.engine import bump_data_version
from tmf.store.errors import translated
from tmf.store.models import facilities_table

facilities = facilities_table


@translated
def revert(engine: sa.Engine, entry_id: int, user: str) -> int:
    """Undo audit entry ``entry_id``; returns the id of the revert's own entry.

    Raises ProblemError ``revert_changed_since`` when the facility (or profile) changed
    after the entry, ``revert_not_supported`` for user-account entries.
    """
    entry = audit.entry(engine, entry_id)
    if entry.subject == "facility":
        try:
            return _revert_facility(engine, entry, user)
        except sa.exc.IntegrityError:  # a concurrent revert restored the deleted facility first
            raise _refuse(entry) from None
    if entry.subject == "checklist":
        return _revert_checklist(engine, entry, user)
    if entry.subject == "profile":
        current = profiles.active_info(engine).row
        if entry.after is None or current != entry.after.get("row"):
            raise ProblemError(Problem("revert_profile_changed", {"id": entry.id}))
        content = profiles.stored_content(engine, (entry.before or {}).get("row"))
        return profiles.store_profile(engine, content, user, reverts=entry.id)
    raise ProblemError(Problem("revert_not_supported", {"id": entry.id}))


def _refuse(entry: AuditEntry) -> ProblemError:
    return ProblemError(Problem("revert_changed_since", {"id": entry.facility_id, "entry": entry.id}))


def _revert_facility(engine: sa.Engine, entry: AuditEntry, user: str) -> int:
    facility_id = entry.facility_id
    current = facility_state(engine, facility_id)
    before, after = entry.before, entry.after
    if after is None:
        if current is not None:
            raise _refuse(entry)
    elif current is None or current["version"] != after["version"]:
        raise _refuse(entry)
    with engine.connect() as connection:
        answers = read_answers(connection, facility_id) if current is not None else {}
    with engine.begin() as connection:
        if after is None:  # undo a delete: the record and its checklist answers come back
            restored = {**{name: before[name] for name in COLUMN_NAMES}, "version": int(before["version"]) + 1}
            connection.execute(
                sa.insert(facilities).values(**restored, updated_at=dt.datetime.now(dt.UTC), updated_by=user)
            )
            replace_answers(connection, facility_id, before.get("checklist_answers") or {}, user)
            new_state = restored
        elif before is None:  # undo an addition: delete it, keeping it in this entry
            result = connection.execute(
                sa.delete(facilities).where(
                    facilities.c.facility_id == facility_id, facilities.c.version == after["version"]
                )
            )
            if result.rowcount != 1:
                raise _refuse(entry)
            replace_answers(connection, facility_id, {}, user)
            new_state = None
        else:
            values = {name: before[name] for name in COLUMN_NAMES if name != "facility_id"}
            version = update_if_version(connection, facility_id, after["version"], values, user)
            if version is None:
                raise _refuse(entry)
            new_state = {**audit_state(current), **values, "version": version}
        old_state = None if current is None else audit_state(current)
        if new_state is None:  # deleted again: keep the answers so this revert can be undone too
            old_state["checklist_answers"] = answers
        entry_id = audit.record(
            connection,
            user=user,
            action="revert",
            subject="facility",
            facility_id=facility_id,
            before=old_state,
            after=new_state,
            reverts=entry.id,
        )
        bump_data_version(connection)
    return entry_id


def _revert_checklist(engine: sa.Engine, entry: AuditEntry, user: str) -> int:
    facility_id = entry.facility_id
    current = facility_state(engine, facility_id)
    if current is None or entry.after is None or current["version"] != entry.after["version"]:
        raise _refuse(entry)
    with engine.connect() as connection:
        answers = read_answers(connection, facility_id)
    with engine.begin() as connection:
        version = restore_checklist(connection, facility_id, entry.before or {}, current["version"], user)
        entry_id = audit.record(
            connection,
            user=user,
            action="revert",
            subject="checklist",
            facility_id=facility_id,
            before=checklist_state(answers, current["checklist_safety_pct"], current["version"]),
            after=checklist_state(
                (entry.before or {}).get("answers") or {}, (entry.before or {}).get("checklist_safety_pct"), version
            ),
            reverts=entry.id,
        )
        bump_data_version(connection)
    return entry_id
