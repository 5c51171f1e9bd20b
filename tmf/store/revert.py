"""Reverting one audit entry: the change is undone only if nothing changed since.

A facility or checklist entry is undone when the facility is still at the version the
entry left (a deleted facility: when no facility with that id exists); otherwise the
revert is refused, because undoing it would silently discard the newer change. A profile
entry is undone when that profile is still the one in force. The revert is itself an
audit entry (action ``revert``, pointing at the entry it undoes), written in the same
transaction as the restored state.

An import is one entry (subject ``facilities``) and is reverted as one: only when every
facility it changed is still at the version it left (and every facility it deleted is
still absent); its new facilities are deleted, its changed ones get their earlier state
back, in bulk, and the revert is one entry of the same shape (so it can be reverted too).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import sqlalchemy as sa

from tmf.inventory import COLUMN_NAMES
from tmf.problems import Problem, ProblemError
from tmf.store import audit, bulk, profiles
from tmf.store.audit import AuditEntry
from tmf.store.checklists import checklist_state, restore_checklist
from tmf.store.editing import audit_state, facility_state, read_answers, replace_answers, update_if_version
from tmf.store.engine import bump_data_version, read_facilities
from tmf.store.errors import translated
from tmf.store.models import facilities_table

facilities = facilities_table


REVERTIBLE = frozenset({"facility", "facilities", "checklist", "profile"})  # subjects revert undoes


def revertible(entry: AuditEntry) -> bool:
    """Whether ``revert`` undoes entries of this kind (user accounts and failed logins: no)."""
    return entry.subject in REVERTIBLE


@translated
def revert(engine: sa.Engine, entry_id: int, user: str) -> int:
    """Undo audit entry ``entry_id``; returns the id of the revert's own entry.

    Raises ProblemError ``revert_changed_since`` when the facility (or profile) changed
    after the entry, ``revert_not_supported`` for user-account entries.
    """
    entry = audit.entry(engine, entry_id)
    if not revertible(entry):
        raise ProblemError(Problem("revert_not_supported", {"id": entry.id}))
    if entry.subject == "facility":
        try:
            return _revert_facility(engine, entry, user)
        except sa.exc.IntegrityError:  # a concurrent revert restored the deleted facility first
            raise _refuse(entry) from None
    if entry.subject == "facilities":
        try:
            return _revert_facilities(engine, entry, user)
        except sa.exc.IntegrityError:  # a facility it deleted was added again meanwhile
            raise _refuse(entry, entry.facility_ids[0]) from None
    if entry.subject == "checklist":
        return _revert_checklist(engine, entry, user)
    if entry.subject == "profile":
        current = profiles.active_info(engine).row
        if entry.after is None or current != entry.after.get("row"):
            raise ProblemError(Problem("revert_profile_changed", {"id": entry.id}))
        content = profiles.stored_content(engine, (entry.before or {}).get("row"))
        return profiles.store_profile(engine, content, user, reverts=entry.id, replaces=current)
    raise AssertionError(f"REVERTIBLE names a subject revert does not handle: {entry.subject}")


def _refuse(entry: AuditEntry, facility_id: str | None = None) -> ProblemError:
    facility_id = entry.facility_id if facility_id is None else facility_id
    return ProblemError(Problem("revert_changed_since", {"id": facility_id, "entry": entry.id}))


def _states(table: dict[str, list] | None) -> pd.DataFrame:
    """A ``facilities`` entry's table as a frame indexed by facility_id (empty for None)."""
    frame = pd.DataFrame(table or {name: [] for name in bulk.STATE})
    return frame.set_index("facility_id", drop=False)


def _revert_facilities(engine: sa.Engine, entry: AuditEntry, user: str) -> int:
    before, after = _states(entry.before), _states(entry.after)
    ids = pd.Index(entry.facility_ids)
    current = read_facilities(engine).set_index("facility_id", drop=False)
    now = current["version"].reindex(ids).to_numpy(dtype=float, na_value=np.nan)
    left = after["version"].reindex(ids).to_numpy(dtype=float, na_value=np.nan)
    moved = ~((np.isnan(now) & np.isnan(left)) | (now == left))
    if moved.any():
        raise _refuse(entry, min(ids[moved]))
    removed = after.index.difference(before.index)  # the entry added them: delete
    restored = before.index.intersection(after.index)  # the entry changed them: earlier state
    returned = before.index.difference(after.index)  # the entry deleted them: insert again
    updates = bulk.table_of(before.loc[restored], bulk.STATE)
    updates["where_version"] = after.loc[restored, "version"].astype(int).tolist()
    updates["version"] = [v + 1 for v in updates["where_version"]]
    inserts = bulk.table_of(before.loc[returned], bulk.STATE)
    inserts["version"] = [int(v) + 1 for v in inserts["version"]]
    with engine.begin() as connection:
        # A facility the entry added has no checklist answers: saving one raises its version.
        deleted = bulk.delete_facilities(connection, list(removed), after.loc[removed, "version"].astype(int).tolist())
        if deleted != len(removed) or bulk.update_facilities(connection, updates, user) != len(restored):
            raise _refuse(entry, _first_moved(connection, after))
        bulk.insert_facilities(connection, inserts, user)
        entry_id = audit.record_facilities(
            connection,
            user=user,
            action="revert",
            before=bulk.table_of(current.loc[after.index], bulk.STATE),
            after={name: updates[name] + inserts[name] for name in bulk.STATE},
            changed=entry.changed,
            reverts=entry.id,
        )
        bump_data_version(connection)
    return entry_id


def _first_moved(connection: sa.Connection, after: pd.DataFrame) -> str:
    """The first facility (by id) no longer at the version the entry left (changed meanwhile)."""
    stored = bulk.stored_versions(connection)
    return next((i for i in sorted(after.index) if stored.get(i) != after.loc[i, "version"]), min(after.index))


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
            # A field added to the inventory after the entry was written is restored blank.
            restored = {**{name: before.get(name) for name in COLUMN_NAMES}, "version": int(before["version"]) + 1}
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
            # A field added after the entry was written (not in it) keeps its current value.
            values = {name: before[name] for name in COLUMN_NAMES if name != "facility_id" and name in before}
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
        if version is None:  # a concurrent change (or revert) came first: nothing is written
            raise _refuse(entry)
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
