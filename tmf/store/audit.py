"""The audit log: who changed what and when, with the state before and after as JSON.

Entries are written with ``record`` on the connection of the change itself, so a change
and its entry commit together or not at all. ``before`` is null for something created,
``after`` is null for something deleted. Subjects: ``facility`` (inventory fields and
version), ``checklist`` (answers, safety level, facility version), ``profile`` (the stored
methodology profile) and ``user`` (accounts; never passwords). Reverting is tmf.revert.

An import (and the revert of one) is one entry of subject ``facilities``, however many
facilities it changed: ``before`` and ``after`` are tables, {field: [one value per
facility]} with a ``facility_id`` column (a facility that did not exist is absent from that
side), ``facility_ids`` lists every facility it changed and ``changed_fields`` the fields
any of them changed, so the log can be listed without reading the tables. Entries written
before migration 0008 hold one facility each (subject ``facility``) and stay as they are.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import orjson
import pandas as pd
import sqlalchemy as sa

from tmf.problems import Problem, ProblemError
from tmf.store.errors import translated
from tmf.store.models import AuditRow

ACTIONS = ("import", "edit", "delete", "revert", "checklist", "profile", "user", "login_locked", "login_failed")
SUBJECTS = ("facility", "facilities", "checklist", "profile", "user")
INVENTORY_SUBJECTS = ("facility", "facilities", "checklist")
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
    facility_ids: tuple[str, ...] = ()  # every facility of a ``facilities`` entry
    changed_fields: tuple[str, ...] = ()  # the fields any of them changed
    complete: bool = True  # False: a ``facilities`` entry listed without its tables (use ``entry``)

    @property
    def bulk(self) -> bool:
        """One entry for many facilities (an import, or the revert of one)."""
        return self.subject == "facilities"

    @property
    def changed(self) -> list[str]:
        return list(self.changed_fields) if self.bulk else changed_fields(self.before, self.after)

    def touches(self, facility_id: str) -> bool:
        return facility_id == self.facility_id or facility_id in self.facility_ids

    def facility_states(self, facility_ids: Sequence[str] | None = None) -> dict[str, tuple[dict | None, dict | None]]:
        """Each facility's state before and after this entry (None where it did not exist),
        for ``facility_ids`` (default: every facility of the entry) in that order."""
        wanted = list(self.facility_ids if facility_ids is None else facility_ids)
        if not self.bulk:
            return {i: (self.before, self.after) for i in wanted if i == self.facility_id}
        if not self.complete:
            raise ValueError(f"audit entry {self.id} was listed without its states; read it with entry()")
        sides = [_rows_by_id(self.before, wanted), _rows_by_id(self.after, wanted)]
        return {i: (sides[0].get(i), sides[1].get(i)) for i in wanted if i in sides[0] or i in sides[1]}


def _rows_by_id(table: Mapping[str, list] | None, wanted: Sequence[str]) -> dict[str, dict]:
    """The rows of a ``facilities`` table whose facility_id is wanted, as dicts."""
    if not table:
        return {}
    wanted = set(wanted)
    names = list(table)
    return {
        facility_id: {name: table[name][position] for name in names}
        for position, facility_id in enumerate(table["facility_id"])
        if facility_id in wanted
    }


def _json(state: Mapping[str, object] | None) -> str | None:
    return None if state is None else json.dumps(state, ensure_ascii=False, sort_keys=True, allow_nan=False)


def _table_json(table: Mapping[str, list] | None) -> str | None:
    """A facilities table as JSON, written by orjson: an import of 100,000 facilities is a
    30 MB entry, 0.5 s with the standard encoder and 0.07 s with orjson (the same values;
    compact separators). The tables hold plain values with None for blanks (tmf.store.bulk),
    so there is no NaN to refuse; anything orjson does not write goes through ``_json``."""
    if table is None:
        return None
    try:
        return orjson.dumps(table, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:
        return _json(table)


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


def record_facilities(
    connection: sa.Connection,
    *,
    user: str,
    action: str,
    before: Mapping[str, list] | None,
    after: Mapping[str, list] | None,
    changed: Sequence[str],
    upload_id: int | None = None,
    reverts: int | None = None,
) -> int:
    """Add one entry for the facilities of ``before`` and ``after`` (tables: {field: [value
    per facility]} with ``facility_id``; None or no rows when none existed on that side) on
    ``connection``; ``changed`` names every field any facility changed. Returns its id.

    When every facility of ``before`` is in ``after``, only the ``changed`` fields of
    ``before`` are stored (reading the entry fills in the others from ``after``)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    before = before if before and before["facility_id"] else None
    after = after if after and after["facility_id"] else None
    facility_ids = list(dict.fromkeys([*(after or {}).get("facility_id", ()), *(before or {}).get("facility_id", ())]))
    if before and after and len(facility_ids) == len(after["facility_id"]):  # no facility deleted
        kept = ("facility_id", "version", *changed)  # the other fields are as after (half the size)
        before = {name: values for name, values in before.items() if name in kept}
    result = connection.execute(
        sa.insert(audit_table).values(
            at=dt.datetime.now(dt.UTC),
            user=user,
            action=action,
            subject="facilities",
            before=_table_json(before),
            after=_table_json(after),
            upload_id=upload_id,
            reverts=reverts,
            facility_ids=json.dumps(facility_ids, ensure_ascii=False),
            changed_fields=json.dumps(list(changed), ensure_ascii=False),
        )
    )
    return int(result.inserted_primary_key[0])


def changed_fields(before: Mapping[str, object] | None, after: Mapping[str, object] | None) -> list[str]:
    """Keys whose value differs between the two states (all keys when one side is null)."""
    before, after = before or {}, after or {}
    keys = [k for k in (*before, *(k for k in after if k not in before)) if k not in ("version", "updated_at")]
    return [k for k in keys if before.get(k) != after.get(k)]


def _decode(row: sa.Row, complete: bool = True) -> AuditEntry:
    values = row._mapping
    bulk = values["facility_ids"] is not None
    states = [json.loads(values[n]) if values[n] is not None else None for n in ("before", "after")]
    return AuditEntry(
        id=int(values["id"]),
        at=values["at"],
        user=values["user"],
        action=values["action"],
        subject=values["subject"],
        facility_id=values["facility_id"],
        before=_filled(*states) if bulk else states[0],
        after=states[1],
        upload_id=values["upload_id"],
        reverts=values["reverts"],
        facility_ids=tuple(json.loads(values["facility_ids"])) if bulk else (),
        changed_fields=tuple(json.loads(values["changed_fields"] or "[]")) if bulk else (),
        complete=complete or not bulk,
    )


def _filled(before: dict[str, list] | None, after: dict[str, list] | None) -> dict[str, list] | None:
    """A ``facilities`` entry's before table with the fields it did not store (those no
    facility changed) taken from the after table."""
    missing = [name for name in after if name not in before] if before and after else []
    if not missing:
        return before
    position = {facility_id: p for p, facility_id in enumerate(after["facility_id"])}
    rows = [position[facility_id] for facility_id in before["facility_id"]]
    return {**before, **{name: [after[name][p] for p in rows] for name in missing}}


# A ``facilities`` entry is listed without its tables (tens of MB for a large import).
LISTED = [
    *(c for c in audit_table.c if c.name not in ("before", "after")),
    *(sa.case((audit_table.c.facility_ids.is_(None), audit_table.c[n])).label(n) for n in ("before", "after")),
]


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
    """The newest entries first (at most ``limit``), optionally those touching one facility
    (its own entries and the imports that changed it). A ``facilities`` entry comes without
    its tables (``complete`` False); ``entry`` reads one whole."""
    query = sa.select(*LISTED).order_by(audit_table.c.id.desc()).limit(limit)
    if facility_id is not None:
        named = audit_table.c.facility_ids.contains(json.dumps(facility_id, ensure_ascii=False), autoescape=True)
        query = query.where(sa.or_(audit_table.c.facility_id == facility_id, named))
    with engine.connect() as connection:
        found = [_decode(row, complete=False) for row in connection.execute(query)]
    # LIKE found the id between quotes (SQLite's LIKE ignores case): keep exact members only
    return found if facility_id is None else [e for e in found if e.touches(facility_id)]


@translated
def last_inventory_change(engine: sa.Engine) -> dt.datetime | None:
    """When the inventory last changed (an import, edit, delete, revert or checklist of a
    facility): the data date of a briefing. None for a database with no such change."""
    query = sa.select(sa.func.max(audit_table.c.at)).where(audit_table.c.subject.in_(INVENTORY_SUBJECTS))
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
