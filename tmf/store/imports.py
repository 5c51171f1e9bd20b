"""Importing an inventory: plan (new, changed, identical), preview, and write all or
nothing with the audit trail and the original file kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa

from tmf.inventory import load_inventory
from tmf.problems import Problem, ProblemError
from tmf.store import audit
from tmf.store.engine import bump_data_version, facility_count, make_engine, migrate, prepare, read_facilities
from tmf.store.errors import translated
from tmf.store.models import INVENTORY_COLUMNS, UploadRow, facilities_table


@dataclass(frozen=True)
class ImportSummary:
    """What an import did (or, in a dry run, would do)."""

    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]


def _db_value(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def plain_records(frame: pd.DataFrame) -> list[dict[str, object]]:
    """The rows of ``frame`` as records of plain Python values, None for blank (by column)."""
    objects = frame.astype(object)
    records = objects.where(objects.notna(), None).to_dict("records")
    if any(isinstance(v, np.generic) for v in (records[0].values() if records else ())):
        records = [{k: _db_value(v) for k, v in r.items()} for r in records]
    return records


def _current_records(engine: sa.Engine) -> dict[str, dict[str, object]]:
    """Every stored facility as {facility_id: inventory fields (None for blank) + version}."""
    return {r["facility_id"]: r for r in plain_records(read_facilities(engine))}


def incoming_records(frame: pd.DataFrame, current: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """The facilities of a validated ``frame`` as records. A column the file did not have
    (``frame.attrs["columns"]`` lists those it had) keeps the stored value, so a file
    without, say, ``checklist_safety_pct`` does not blank it; a blank cell does."""
    present = set(frame.attrs.get("columns", INVENTORY_COLUMNS))
    records = plain_records(frame[list(INVENTORY_COLUMNS)])
    missing = [name for name in INVENTORY_COLUMNS if name not in present]
    if missing:
        for record in records:
            stored = current.get(record["facility_id"])
            if stored is not None:
                record.update({name: stored[name] for name in missing})
    return records


def country_problems(current: dict[str, dict[str, object]], frame: pd.DataFrame, country: str | None) -> list[Problem]:
    """With an import restricted to ``country``: the rows of another country, and the rows
    whose facility_id is a stored facility of another country (never changed by it)."""
    wanted = (country or "").strip().upper()
    if not wanted:
        return []
    problems = []
    rows = frame["row"] if "row" in frame.columns else pd.Series([None] * len(frame), index=frame.index)
    for facility_id, value, row in zip(frame["facility_id"], frame["country"], rows, strict=True):
        row = None if row is None or pd.isna(row) else int(row)
        stored = current.get(facility_id, {}).get("country")
        if value != wanted:
            problems.append(Problem("registers.other_country", {"value": value, "country": wanted}, row, "country"))
        elif stored is not None and stored != wanted:
            params = {"id": facility_id, "stored": stored, "country": wanted}
            problems.append(Problem("importing.other_country_stored", params, row, "facility_id"))
    return problems


def _plan(current: dict[str, dict[str, object]], frame: pd.DataFrame, country: str | None = None) -> ImportSummary:
    problems = country_problems(current, frame, country)
    if problems:
        raise ProblemError(problems)
    added, updated, unchanged = [], [], []
    for record in incoming_records(frame, current):
        existing = current.get(record["facility_id"])
        if existing is None:
            added.append(record["facility_id"])
        elif all(_same(existing[k], v) for k, v in record.items()):
            unchanged.append(record["facility_id"])
        else:
            updated.append(record["facility_id"])
    return ImportSummary(tuple(added), tuple(updated), tuple(unchanged))


@translated
def plan_import(engine: sa.Engine, frame: pd.DataFrame, country: str | None = None) -> ImportSummary:
    """Which facilities of a validated ``frame`` are new, changed or identical; ProblemError
    when the import is restricted to ``country`` and a row would touch another country."""
    return _plan(_current_records(engine), frame, country)


def _same(stored: object, new: object) -> bool:
    stored = _db_value(stored)
    if isinstance(stored, float) and isinstance(new, int | float):
        return abs(stored - new) <= 1e-9 * max(1.0, abs(stored))
    return stored == new


def store_upload(
    connection: sa.Connection, filename: str, content: bytes, user: str, mapping: str | None = None
) -> int:
    """The id of the kept original file (an identical file is kept once), with the register
    mapping it was read with (TOML of tmf.register_options; the latest one used is kept)."""
    digest = hashlib.sha256(content).hexdigest()
    table = UploadRow.__table__
    existing = connection.scalar(sa.select(table.c.id).where(table.c.sha256 == digest))
    if existing is not None:
        if mapping is not None:
            connection.execute(sa.update(table).where(table.c.id == existing).values(mapping=mapping))
        return int(existing)
    values = {"filename": filename[:255], "sha256": digest, "size": len(content), "content": content}
    values["mapping"] = mapping
    now = dt.datetime.now(dt.UTC)
    result = connection.execute(sa.insert(table).values(**values, uploaded_by=user, uploaded_at=now))
    return int(result.inserted_primary_key[0])


@translated
def import_facilities(
    engine: sa.Engine,
    frame: pd.DataFrame,
    user: str = "import",
    upload: tuple[str, bytes] | None = None,
    expected_versions: Mapping[str, int | None] | None = None,
    mapping: str | None = None,
    country: str | None = None,
) -> ImportSummary:
    """Insert new and update changed facilities of a validated ``frame``, all or nothing.

    Every change is written to the audit log in the same transaction, with the original
    file (``upload``: name and bytes) and the register ``mapping`` it was read with (TOML)
    when anything changed. Updates are conditional on the version read when planning, and
    ``expected_versions`` (facility_id -> version seen in a preview, None when absent) must
    still hold: a facility changed meanwhile refuses the whole import with the problem
    ``import_changed``. With ``country``, a row of another country or a facility_id stored
    for another country refuses the whole import (nothing is written).
    """
    current = _current_records(engine)
    summary = _plan(current, frame, country)
    changed = set(summary.added) | set(summary.updated)
    for facility_id in sorted(changed) if expected_versions is not None else ():
        stored = current.get(facility_id, {}).get("version")
        if expected_versions.get(facility_id) != stored:
            raise ProblemError(Problem("import_changed", {"id": facility_id}))
    try:
        with engine.begin() as connection:
            upload_id = store_upload(connection, *upload, user, mapping) if upload and changed else None
            records = [r for r in incoming_records(frame, current) if r["facility_id"] in changed]
            _write(connection, records, current, user, upload_id)
            if changed:
                bump_data_version(connection)
    except sa.exc.IntegrityError:
        raise ProblemError(Problem("import_conflict")) from None
    return summary


UPDATE = (
    sa.update(facilities_table)
    .where(
        facilities_table.c.facility_id == sa.bindparam("where_id"),
        facilities_table.c.version == sa.bindparam("where_version"),
    )
    .values({name: sa.bindparam(name) for name in (*INVENTORY_COLUMNS, "version", "updated_at", "updated_by")})
)


def _write(
    connection: sa.Connection,
    records: list[dict[str, object]],
    current: dict[str, dict[str, object]],
    user: str,
    upload_id: int | None,
) -> None:
    """New facilities inserted and changed ones updated (each only if still at the version
    read), in bulk (one executemany each), and one audit entry per facility, in bulk too."""
    stamp = {"updated_at": dt.datetime.now(dt.UTC), "updated_by": user}
    added, updated, entries = [], [], []
    for record in records:
        before = current.get(record["facility_id"])
        version = 1 if before is None else int(before["version"]) + 1
        if before is None:
            added.append({**record, "version": version, **stamp})
        else:
            where = {"where_id": record["facility_id"], "where_version": before["version"]}
            updated.append({**record, "version": version, **stamp, **where})
        after = {**record, "version": version}
        entries.append({"facility_id": record["facility_id"], "before": before, "after": after, "upload_id": upload_id})
    if added:
        connection.execute(sa.insert(facilities_table), added)
    if updated and connection.execute(UPDATE, updated).rowcount != len(updated):
        raise ProblemError(Problem("import_changed", {"id": _changed_meanwhile(connection, updated)}))
    audit.record_many(connection, entries, user=user, action="import", subject="facility")


def _changed_meanwhile(connection: sa.Connection, updated: list[dict[str, object]]) -> str:
    """The first facility of a bulk update that was not at the version read (changed meanwhile)."""
    expected = {row["where_id"]: row["version"] for row in updated}
    query = sa.select(facilities_table.c.facility_id, facilities_table.c.version).where(
        facilities_table.c.facility_id.in_(list(expected))
    )
    stored = dict(connection.execute(query).all())
    return next((i for i in sorted(expected) if stored.get(i) != expected[i]), sorted(expected)[0])


@dataclass(frozen=True)
class ImportPreview:
    """What committing an import would do: the summary, every changed field, and the
    versions seen (passed back on commit so a change made meanwhile refuses it)."""

    summary: ImportSummary
    changes: pd.DataFrame  # facility_id, field, before, after
    versions: Mapping[str, int | None]


@translated
def preview_import(engine: sa.Engine, frame: pd.DataFrame, country: str | None = None) -> ImportPreview:
    """The differences between a validated inventory ``frame`` and the database (ProblemError
    as in ``plan_import`` for a restricted import touching another country)."""
    current = _current_records(engine)
    summary = _plan(current, frame, country)
    rows = []
    for record in incoming_records(frame, current):
        stored = current.get(record["facility_id"])
        if stored is None or record["facility_id"] not in summary.updated:
            continue
        for name in INVENTORY_COLUMNS:
            if not _same(stored[name], record[name]):
                rows.append(
                    {"facility_id": record["facility_id"], "field": name, "before": stored[name], "after": record[name]}
                )
    versions = {i: current[i]["version"] if i in current else None for i in (*summary.added, *summary.updated)}
    return ImportPreview(summary, pd.DataFrame(rows, columns=["facility_id", "field", "before", "after"]), versions)


@translated
def ensure_database(url: str | None = None, demo: bool = True, upgrade: bool = False) -> sa.Engine:
    """Create a new database's schema (with ``upgrade``, also bring an older one up to date;
    without, refuse it: ``prepare``) and, when it has no facility and ``demo``, load the
    illustrative inventory. Returns the engine."""
    engine = make_engine(url)
    (migrate if upgrade else prepare)(engine)
    if demo and facility_count(engine) == 0:
        import_facilities(engine, load_inventory(), user="illustrative-inventory")
    return engine
