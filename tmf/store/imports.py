"""Importing an inventory: plan (new, changed, identical), preview, and write all or
nothing with the audit trail and the original file kept.

The plan compares the file with the stored inventory column by column (no query or loop
per facility); the write is in bulk (tmf.store.bulk) with one audit entry for the import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa

from tmf.inventory import COLUMNS, NUMERIC_KINDS, load_inventory
from tmf.problems import Problem, ProblemError
from tmf.store import audit, bulk
from tmf.store.engine import bump_data_version, facility_count, make_engine, migrate, prepare, read_facilities
from tmf.store.errors import translated
from tmf.store.models import INVENTORY_COLUMNS, UploadRow


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


def _same(stored: object, new: object) -> bool:
    stored = _db_value(stored)
    if isinstance(stored, float) and isinstance(new, int | float):
        return abs(stored - new) <= 1e-9 * max(1.0, abs(stored))
    return stored == new


NUMERIC = frozenset(c.name for c in COLUMNS if c.kind in NUMERIC_KINDS)
FIELDS = tuple(name for name in INVENTORY_COLUMNS if name != "facility_id")
ILLUSTRATIVE_AUTHOR = "illustrative-inventory"  # who filled a new database with the demo inventory


def _current(engine: sa.Engine) -> pd.DataFrame:
    """Every stored facility (inventory fields and version), indexed by facility_id."""
    return read_facilities(engine).set_index("facility_id", drop=False)


def _differs(stored: pd.Series, new: pd.Series, numeric: bool) -> np.ndarray:
    """Per row: the new value is not the stored one (blank equals blank; numbers within a
    relative 1e-9, as ``_same``)."""
    if numeric:
        before = pd.to_numeric(stored).to_numpy(dtype=float, na_value=np.nan)
        after = pd.to_numeric(new).to_numpy(dtype=float, na_value=np.nan)
        blank_before, blank_after = np.isnan(before), np.isnan(after)
        with np.errstate(invalid="ignore"):
            far = np.abs(before - after) > 1e-9 * np.maximum(1.0, np.abs(before))
        return (blank_before != blank_after) | (~blank_before & ~blank_after & far)
    before, after = stored.to_numpy(dtype=object, na_value=None), new.to_numpy(dtype=object, na_value=None)
    blank_before, blank_after = pd.isna(before), pd.isna(after)
    return (blank_before != blank_after) | (~blank_before & ~blank_after & (before != after))


@dataclass(frozen=True)
class _Plan:
    """An import decided by column: the file's facilities (``incoming``), their stored
    states row by row (``stored``, blank where new), and per field which rows change it."""

    summary: ImportSummary
    incoming: pd.DataFrame
    stored: pd.DataFrame
    new: np.ndarray  # bool per row: not stored yet
    updated: np.ndarray  # bool per row: stored and some field differs
    differs: dict[str, np.ndarray]  # field -> bool per row (stored rows only)

    def changed_fields(self) -> list[str]:
        """The fields the import changes for any facility (all filled ones of a new facility)."""
        fields = []
        for name in INVENTORY_COLUMNS:
            filled_new = bool(self.new.any() and self.incoming.loc[self.new, name].notna().any())
            if filled_new or (name in self.differs and bool(self.differs[name][self.updated].any())):
                fields.append(name)
        return fields


def _incoming(frame: pd.DataFrame, stored: pd.DataFrame, known: np.ndarray) -> pd.DataFrame:
    """The facilities of a validated ``frame``. A column the file did not have
    (``frame.attrs["columns"]`` lists those it had) keeps the stored value, so a file
    without, say, ``checklist_safety_pct`` does not blank it; a blank cell does."""
    present = set(frame.attrs.get("columns", INVENTORY_COLUMNS))
    incoming = frame[list(INVENTORY_COLUMNS)].reset_index(drop=True)
    for name in (n for n in INVENTORY_COLUMNS if n not in present):
        incoming[name] = stored[name].where(known, incoming[name].astype(stored[name].dtype))
    return incoming


def country_problems(current: pd.DataFrame, frame: pd.DataFrame, country: str | None) -> list[Problem]:
    """With an import restricted to ``country``: the rows of another country, and the rows
    whose facility_id is a stored facility of another country (never changed by it)."""
    wanted = (country or "").strip().upper()
    if not wanted:
        return []
    values = frame["country"].to_numpy(dtype=object, na_value=None)
    stored = frame["facility_id"].map(current["country"]).to_numpy(dtype=object, na_value=None)
    other = values != wanted
    clash = ~other & ~pd.isna(stored) & (stored != wanted)
    rows = frame["row"].to_numpy(dtype=object, na_value=None) if "row" in frame.columns else [None] * len(frame)
    ids = frame["facility_id"].to_numpy(dtype=object)
    problems = []
    for i in np.flatnonzero(other | clash):
        row = None if rows[i] is None else int(rows[i])
        if other[i]:
            problems.append(Problem("registers.other_country", {"value": values[i], "country": wanted}, row, "country"))
        else:
            params = {"id": ids[i], "stored": stored[i], "country": wanted}
            problems.append(Problem("importing.other_country_stored", params, row, "facility_id"))
    return problems


def _plan(current: pd.DataFrame, frame: pd.DataFrame, country: str | None = None) -> _Plan:
    """Which facilities are new, changed or identical, decided column by column."""
    problems = country_problems(current, frame, country)
    if problems:
        raise ProblemError(problems)
    ids = frame["facility_id"].reset_index(drop=True)
    known = ids.isin(current.index).to_numpy()
    stored = current.reindex(ids.to_numpy()).reset_index(drop=True)
    incoming = _incoming(frame, stored, known)
    rows = np.flatnonzero(known)  # only stored facilities can be unchanged or updated
    differs = {name: np.zeros(len(ids), bool) for name in FIELDS}
    for name in FIELDS if len(rows) else ():
        differs[name][rows] = _differs(stored[name].iloc[rows], incoming[name].iloc[rows], name in NUMERIC)
    updated = np.logical_or.reduce(list(differs.values()))
    as_tuple = lambda mask: tuple(ids[mask].tolist())  # noqa: E731
    summary = ImportSummary(as_tuple(~known), as_tuple(updated), as_tuple(known & ~updated))
    return _Plan(summary, incoming, stored, ~known, updated, differs)


@translated
def plan_import(engine: sa.Engine, frame: pd.DataFrame, country: str | None = None) -> ImportSummary:
    """Which facilities of a validated ``frame`` are new, changed or identical; ProblemError
    when the import is restricted to ``country`` and a row would touch another country."""
    return _plan(_current(engine), frame, country).summary


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

    The import is one audit entry holding every changed facility's state before and after,
    written in the same transaction, with the original file (``upload``: name and bytes)
    and the register ``mapping`` it was read with (TOML) when anything changed. Updates are
    conditional on the version read when planning, and ``expected_versions`` (facility_id
    -> version seen in a preview, None when absent) must still hold: a facility changed
    meanwhile refuses the whole import with the problem ``import_changed``. With
    ``country``, a row of another country or a facility_id stored for another country
    refuses the whole import (nothing is written).
    """
    plan = _plan(_current(engine), frame, country)
    changed = plan.new | plan.updated
    if expected_versions is not None:
        _check_versions(plan, changed, expected_versions)
    try:
        with engine.begin() as connection:
            if changed.any():
                upload_id = store_upload(connection, *upload, user, mapping) if upload else None
                _write(connection, plan, user, upload_id)
                bump_data_version(connection)
    except sa.exc.IntegrityError:
        raise ProblemError(Problem("import_conflict")) from None
    return plan.summary


def _check_versions(plan: _Plan, changed: np.ndarray, expected: Mapping[str, int | None]) -> None:
    """Refuse with ``import_changed`` (the first such facility by id) when a facility's
    stored version is not the one seen in the preview."""
    ids = plan.incoming["facility_id"].to_numpy(dtype=object)[changed]
    stored = plan.stored["version"].to_numpy(dtype=object, na_value=None)[changed]
    for facility_id, version in sorted(zip(ids, stored, strict=True)):
        if expected.get(facility_id) != (None if version is None else int(version)):
            raise ProblemError(Problem("import_changed", {"id": facility_id}))


def _write(connection: sa.Connection, plan: _Plan, user: str, upload_id: int | None) -> None:
    """New facilities inserted and changed ones updated (each only if still at the version
    read), in bulk, and the import's one audit entry with every facility's before and after."""
    versions = plan.stored["version"].to_numpy(dtype=float, na_value=np.nan)[plan.updated].astype(int)
    added = bulk.table_of(plan.incoming[plan.new], INVENTORY_COLUMNS)
    added["version"] = [1] * len(added["facility_id"])
    updated = bulk.table_of(plan.incoming[plan.updated], INVENTORY_COLUMNS)
    updated["version"] = (versions + 1).tolist()
    before = bulk.table_of(plan.stored[plan.updated], INVENTORY_COLUMNS)
    before["version"] = updated["where_version"] = versions.tolist()
    after = {name: values + updated[name] for name, values in added.items()}
    bulk.insert_facilities(connection, added, user)
    if bulk.update_facilities(connection, updated, user) != len(updated["facility_id"]):
        expected = dict(zip(updated["facility_id"], updated["where_version"], strict=True))
        raise ProblemError(Problem("import_changed", {"id": _changed_meanwhile(connection, expected)}))
    changed = plan.changed_fields()
    audit.record_facilities(
        connection, user=user, action="import", before=before, after=after, changed=changed, upload_id=upload_id
    )


def _changed_meanwhile(connection: sa.Connection, expected: Mapping[str, int]) -> str:
    """The first facility (by id) of a bulk update that was not at the version read."""
    stored = bulk.stored_versions(connection)
    return next((i for i in sorted(expected) if stored.get(i) != expected[i]), min(expected))


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
    plan = _plan(_current(engine), frame, country)
    parts = []
    for order, name in enumerate(FIELDS):
        rows = np.flatnonzero(plan.differs[name] & plan.updated)
        if len(rows):
            part = {
                "position": rows,
                "order": order,
                "facility_id": plan.incoming["facility_id"].to_numpy(dtype=object)[rows],
                "field": name,
                "before": bulk.column_values(plan.stored[name].iloc[rows]),
                "after": bulk.column_values(plan.incoming[name].iloc[rows]),
            }
            parts.append(pd.DataFrame(part))
    columns = ["facility_id", "field", "before", "after"]
    changes = pd.concat(parts).sort_values(["position", "order"]) if parts else pd.DataFrame(columns=columns)
    changes = changes[columns].reset_index(drop=True)
    versions = dict(zip(plan.incoming["facility_id"], plan.stored["version"], strict=True))
    summary = plan.summary
    versions = {i: None if pd.isna(versions[i]) else int(versions[i]) for i in (*summary.added, *summary.updated)}
    return ImportPreview(summary, changes, versions)


@translated
def ensure_database(url: str | None = None, demo: bool = True, upgrade: bool = False) -> sa.Engine:
    """Create a new database's schema (with ``upgrade``, also bring an older one up to date;
    without, refuse it: ``prepare``) and, when it has no facility and ``demo``, load the
    illustrative inventory. Returns the engine."""
    engine = make_engine(url)
    (migrate if upgrade else prepare)(engine)
    if demo and facility_count(engine) == 0:
        import_facilities(engine, load_inventory(), user=ILLUSTRATIVE_AUTHOR)
    return engine
