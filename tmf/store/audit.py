"""The audit log: who changed what and when, with the state before and after as JSON.

Entries are written with ``record`` on the connection of the change itself, so a change
and its entry commit together or not at all. ``before`` is null for something created,
``after`` is null for something deleted. Subjects: ``facility`` (inventory fields and
version), ``checklist`` (answers, safety level, facility version), ``profile`` (the stored
methodology profile) and ``user`` (accounts; never passwords). Reverting is tmf.revert.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from tmf.problems import Problem, ProblemError
from tmf.store.errors import translated
from tmf.store.models import AuditRow

ACTIONS = ("import", "edit", "delete", "revert", "checklist", "profile", "user", "login_locked")
SUBJECTS = ("facility", "checklist", "profile", "user")
audit_table = AuditRow.__table__
LIST_COLUMNS = ("id", "at", "user", "action", "subject", "facility_id", "changed", "upload_id", "reverts")


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the log with its states decoded."""

    id: int
    at: dt.datetime
    user: str
    action: str
    subject: str
    facility_id: str | None
    before: Mapping[str, object] | None
    after: Mapping[str, object] | None
    upload_id: int | None
    reverts: int | None

    @property
    def changed(self) -> list[str]:
        return changed_fields(self.before, self.after)


def _json(state: Mapping[str, object] | None) -> str | None:
    return None if state is None else json.dumps(state, ensure_ascii=False, sort_keys=True, allow_nan=False)


def record(
    connection: sa.Connection,
    *,
    user: str,
    action: str,
    subject: str,
    facility_id: str | None = None,
    before: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
    upload_id: int | None = None,
    reverts: int | None = None,
) -> int:
    """Add one entry on ``connection`` (inside the change's transaction); returns its id."""
    if action not in ACTIONS or subject not in SUBJECTS:
        raise ValueError(f"unknown audit action {action!r} or subject {subject!r}")
    result = connection.execute(
        sa.insert(audit_table).values(
            at=dt.datetime.now(dt.UTC),
            user=user,
            action=action,
            subject=subject,
            facility_id=facility_id,
            before=_json(before),
            after=_json(after),
            upload_id=upload_id,
            reverts=reverts,
        )
    )
    return int(result.inserted_primary_key[0])


def record_many(
    connection: sa.Connection, entries: list[Mapping[str, object]], *, user: str, action: str, subject: str
) -> None:
    """Add many entries of one ``action`` on ``subject`` in one statement (executemany), inside
    the change's transaction; each entry: facility_id, before, after, and optionally
    upload_id and reverts (as for ``record``)."""
    if action not in ACTIONS or subject not in SUBJECTS:
        raise ValueError(f"unknown audit action {action!r} or subject {subject!r}")
    if not entries:
        return
    at = dt.datetime.now(dt.UTC)
    rows = [
        {
            "at": at,
            "user": user,
            "action": action,
            "subject": subject,
            "facility_id": e.get("facility_id"),
            "before": _json(e.get("before")),
            "after": _json(e.get("after")),
            "upload_id": e.get("upload_id"),
            "reverts": e.get("reverts"),
        }
        for e in entries
    ]
    connection.execute(sa.insert(audit_table), rows)


def changed_fields(before: Mapping[str, object] | None, after: Mapping[str, object] | None) -> list[str]:
    """Keys whose value differs between the two states (all keys when one side is null)."""
    before, after = before or {}, after or {}
    keys = [k for k in (*before, *(k for k in after if k not in before)) if k not in ("version", "updated_at")]
    return [k for k in keys if before.get(k) != after.get(k)]


def _decode(row: sa.Row) -> AuditEntry:
    values = row._mapping
    return AuditEntry(
        id=int(values["id"]),
        at=values["at"],
        user=values["user"],
        action=values["action"],
        subject=values["subject"],
        facility_id=values["facility_id"],
        before=json.loads(values["before"]) if values["before"] is not None else None,
        after=json.loads(values["after"]) if values["after"] is not None else None,
        upload_id=values["upload_id"],
        reverts=values["reverts"],
    )


@translated
def entry(engine: sa.Engine, entry_id: int) -> AuditEntry:
    """One entry; ProblemError when there is no entry with that number."""
    with engine.connect() as connection:
        row = connection.execute(sa.select(audit_table).where(audit_table.c.id == entry_id)).first()
    if row is None:
        raise ProblemError(Problem("audit_entry_missing", {"id": entry_id}))
    return _decode(row)


@translated
def entries(engine: sa.Engine, facility_id: str | None = None, limit: int = 500) -> list[AuditEntry]:
    """The newest entries first (at most ``limit``), optionally of one facility."""
    query = sa.select(audit_table).order_by(audit_table.c.id.desc()).limit(limit)
    if facility_id is not None:
        query = query.where(audit_table.c.facility_id == facility_id)
    with engine.connect() as connection:
        return [_decode(row) for row in connection.execute(query)]


@translated
def last_inventory_change(engine: sa.Engine) -> dt.datetime | None:
    """When the inventory last changed (an import, edit, delete, revert or checklist of a
    facility): the data date of a briefing. None for a database with no such change."""
    query = sa.select(sa.func.max(audit_table.c.at)).where(audit_table.c.subject.in_(("facility", "checklist")))
    with engine.connect() as connection:
        latest = connection.scalar(query)
    if latest is not None and latest.tzinfo is None:  # SQLite returns naive UTC
        latest = latest.replace(tzinfo=dt.UTC)
    return latest


def entries_frame(records: list[AuditEntry]) -> pd.DataFrame:
    """Entries as a table: one row each, ``changed`` listing the fields that changed."""
    rows = [
        {
            "id": r.id,
            "at": r.at,
            "user": r.user,
            "action": r.action,
            "subject": r.subject,
            "facility_id": r.facility_id,
            "changed": ", ".join(r.changed),
            "upload_id": r.upload_id,
            "reverts": r.reverts,
        }
        for r in records
    ]
    return pd.DataFrame(rows, columns=list(LIST_COLUMNS))
