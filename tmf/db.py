"""The database: SQLAlchemy models and the named queries every other module uses.

SQLite in the git-ignored ``var/`` folder by default; ``TMF_DATABASE_URL`` points at
PostgreSQL (``postgresql+psycopg://user@host:5432/db``) for a shared deployment. The schema
is created and changed only by the Alembic migrations in ``migrations/``. Every write runs
in one transaction: it commits whole or leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from tmf.inventory import COLUMNS, NUMERIC_KINDS
from tmf.problems import Problem, ProblemError

ROOT = Path(__file__).parents[1]
DEFAULT_URL = f"sqlite:///{ROOT / 'var' / 'tmf.sqlite'}"
MIGRATIONS = ROOT / "migrations"


class Base(DeclarativeBase):
    pass


class Facility(Base):
    """One TMF of the inventory, with its provenance (source, confidence)."""

    __tablename__ = "facilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.Text)
    name_ru: Mapped[str | None] = mapped_column(sa.Text)
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    region: Mapped[str | None] = mapped_column(sa.Text)
    latitude: Mapped[float] = mapped_column(sa.Float)
    longitude: Mapped[float] = mapped_column(sa.Float)
    location_confidence: Mapped[str | None] = mapped_column(sa.String(10))
    commodity: Mapped[str | None] = mapped_column(sa.Text)
    status: Mapped[str] = mapped_column(sa.String(20))
    volume_m3: Mapped[float | None] = mapped_column(sa.Float)
    mass_t: Mapped[float | None] = mapped_column(sa.Float)
    dry_density_t_m3: Mapped[float | None] = mapped_column(sa.Float)
    hazard_class_wgk: Mapped[float | None] = mapped_column(sa.Float)
    management: Mapped[str | None] = mapped_column(sa.String(20))
    flood_hazard: Mapped[str | None] = mapped_column(sa.String(20))
    seismic_pga_g: Mapped[float | None] = mapped_column(sa.Float)
    dam_condition: Mapped[str | None] = mapped_column(sa.String(20))
    population_downstream: Mapped[float | None] = mapped_column(sa.Float)
    distance_to_water_km: Mapped[float | None] = mapped_column(sa.Float)
    protected_area_downstream: Mapped[str | None] = mapped_column(sa.String(5))
    receiving_river: Mapped[str | None] = mapped_column(sa.Text)
    downstream_countries: Mapped[str | None] = mapped_column(sa.Text)
    checklist_safety_pct: Mapped[float | None] = mapped_column(sa.Float)
    source: Mapped[str] = mapped_column(sa.Text)
    confidence: Mapped[str] = mapped_column(sa.String(10))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(sa.String(80))


class DataState(Base):
    """A counter raised by every write, so caches know when the inventory changed."""

    __tablename__ = "data_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


class SavedScenario(Base):
    """A named weighting saved by a user; ``query`` is its URL query (tmf.scenario)."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    author: Mapped[str] = mapped_column(sa.String(80))
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    query: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


class Upload(Base):
    """An inventory file as uploaded (kept byte for byte), who sent it and when."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(sa.String(255))
    sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    size: Mapped[int] = mapped_column()
    content: Mapped[bytes] = mapped_column(sa.LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(sa.String(80))
    uploaded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


class AuditEntry(Base):
    """One change (import, edit, delete, checklist, profile, user, revert): who, when,
    the state before and after as JSON (null when the thing did not exist)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    user: Mapped[str] = mapped_column(sa.String(80))
    action: Mapped[str] = mapped_column(sa.String(20))
    subject: Mapped[str] = mapped_column(sa.String(20))
    facility_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    before: Mapped[str | None] = mapped_column(sa.Text)
    after: Mapped[str | None] = mapped_column(sa.Text)
    upload_id: Mapped[int | None] = mapped_column(sa.ForeignKey("uploads.id"))
    reverts: Mapped[int | None] = mapped_column(sa.ForeignKey("audit_log.id"))


class ChecklistAnswer(Base):
    """One answer of the TMF Checklist for one facility (data/checklist/checklist.toml)."""

    __tablename__ = "checklist_answers"
    __table_args__ = (sa.UniqueConstraint("facility_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[str] = mapped_column(sa.String(40), index=True)
    question_id: Mapped[str] = mapped_column(sa.String(60))
    answer: Mapped[str] = mapped_column(sa.String(20))
    evidence: Mapped[str | None] = mapped_column(sa.String(20))
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    updated_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))
    updated_by: Mapped[str] = mapped_column(sa.String(80))


class User(Base):
    """A local account: bcrypt hash of the password (never the password) and a role."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[str] = mapped_column(sa.String(10))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


class StoredProfile(Base):
    """A methodology profile uploaded by an admin; the newest row is the active one."""

    __tablename__ = "methodology_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    content: Mapped[str] = mapped_column(sa.Text)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    uploaded_by: Mapped[str] = mapped_column(sa.String(80))
    uploaded_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True))


facilities_table = Facility.__table__
INVENTORY_COLUMNS = tuple(c.name for c in COLUMNS)


def database_url() -> str:
    """``TMF_DATABASE_URL`` if set, else the embedded SQLite file in ``var/``."""
    return os.environ.get("TMF_DATABASE_URL") or DEFAULT_URL


def make_engine(url: str | None = None) -> sa.Engine:
    """An engine for ``url`` (default: ``database_url()``); creates ``var/`` for SQLite."""
    url = url or database_url()
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return sa.create_engine(url, future=True)


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def facility_count(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(facilities_table)) or 0


def data_version(engine: sa.Engine) -> int:
    """The inventory's change counter (0 for a new database)."""
    with engine.connect() as connection:
        return connection.scalar(sa.select(DataState.version).where(DataState.id == 1)) or 0


def read_facilities(engine: sa.Engine) -> pd.DataFrame:
    """Every facility with the inventory columns plus ``version``, ordered by facility_id."""
    columns = [facilities_table.c[name] for name in (*INVENTORY_COLUMNS, "version")]
    query = sa.select(*columns).order_by(facilities_table.c.facility_id)
    with engine.connect() as connection:
        frame = pd.DataFrame(connection.execute(query).all(), columns=[*INVENTORY_COLUMNS, "version"])
    for column in COLUMNS:
        if column.kind in NUMERIC_KINDS:
            frame[column.name] = pd.to_numeric(frame[column.name], errors="coerce").astype(float)
    return frame


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


def _record(row: pd.Series) -> dict[str, object]:
    return {name: _db_value(row[name]) for name in INVENTORY_COLUMNS}


def _current_records(engine: sa.Engine) -> dict[str, dict[str, object]]:
    """Every stored facility as {facility_id: inventory fields (None for blank) + version}."""
    return {
        r["facility_id"]: {k: _db_value(v) for k, v in r.items()} for r in read_facilities(engine).to_dict("records")
    }


def incoming_records(frame: pd.DataFrame, current: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """The facilities of a validated ``frame`` as records. A column the file did not have
    (``frame.attrs["columns"]`` lists those it had) keeps the stored value, so a file
    without, say, ``checklist_safety_pct`` does not blank it; a blank cell does."""
    present = set(frame.attrs.get("columns", INVENTORY_COLUMNS))
    records = []
    for _, row in frame.iterrows():
        record = _record(row)
        stored = current.get(record["facility_id"])
        if stored is not None:
            record = {name: record[name] if name in present else stored[name] for name in INVENTORY_COLUMNS}
        records.append(record)
    return records


def _plan(current: dict[str, dict[str, object]], frame: pd.DataFrame) -> ImportSummary:
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


def plan_import(engine: sa.Engine, frame: pd.DataFrame) -> ImportSummary:
    """Which facilities of a validated ``frame`` are new, changed or identical."""
    return _plan(_current_records(engine), frame)


def _same(stored: object, new: object) -> bool:
    stored = _db_value(stored)
    if isinstance(stored, float) and isinstance(new, int | float):
        return abs(stored - new) <= 1e-9 * max(1.0, abs(stored))
    return stored == new


def store_upload(connection: sa.Connection, filename: str, content: bytes, user: str) -> int:
    """The id of the kept original file (an identical file is kept once)."""
    digest = hashlib.sha256(content).hexdigest()
    table = Upload.__table__
    existing = connection.scalar(sa.select(table.c.id).where(table.c.sha256 == digest))
    if existing is not None:
        return int(existing)
    values = {"filename": filename[:255], "sha256": digest, "size": len(content), "content": content}
    now = dt.datetime.now(dt.UTC)
    result = connection.execute(sa.insert(table).values(**values, uploaded_by=user, uploaded_at=now))
    return int(result.inserted_primary_key[0])


def import_facilities(
    engine: sa.Engine,
    frame: pd.DataFrame,
    user: str = "import",
    upload: tuple[str, bytes] | None = None,
    expected_versions: Mapping[str, int | None] | None = None,
) -> ImportSummary:
    """Insert new and update changed facilities of a validated ``frame``, all or nothing.

    Every change is written to the audit log in the same transaction, with the original
    file (``upload``: name and bytes) when anything changed. Updates are conditional on
    the version read when planning, and ``expected_versions`` (facility_id -> version seen
    in a preview, None when absent) must still hold: a facility changed meanwhile refuses
    the whole import with the problem ``import_changed``.
    """
    from tmf import audit

    current = _current_records(engine)
    summary = _plan(current, frame)
    changed = set(summary.added) | set(summary.updated)
    for facility_id in sorted(changed) if expected_versions is not None else ():
        stored = current.get(facility_id, {}).get("version")
        if expected_versions.get(facility_id) != stored:
            raise ProblemError(Problem("import_changed", {"id": facility_id}))
    now = dt.datetime.now(dt.UTC)
    try:
        with engine.begin() as connection:
            upload_id = store_upload(connection, upload[0], upload[1], user) if upload and changed else None
            for record in incoming_records(frame, current):
                facility_id = record["facility_id"]
                if facility_id not in changed:
                    continue
                before = current.get(facility_id)
                version = 1 if before is None else int(before["version"]) + 1
                if before is None:
                    statement = sa.insert(facilities_table)
                else:
                    statement = sa.update(facilities_table).where(
                        facilities_table.c.facility_id == facility_id, facilities_table.c.version == before["version"]
                    )
                result = connection.execute(
                    statement.values(**record, version=version, updated_at=now, updated_by=user)
                )
                if before is not None and result.rowcount != 1:  # changed since it was read
                    raise ProblemError(Problem("import_changed", {"id": facility_id}))
                after = {**record, "version": version}
                audit.record(
                    connection,
                    user=user,
                    action="import",
                    subject="facility",
                    facility_id=facility_id,
                    before=before,
                    after=after,
                    upload_id=upload_id,
                )
            if changed:
                _bump_data_version(connection)
    except sa.exc.IntegrityError:
        raise ProblemError(Problem("import_conflict")) from None
    return summary


def _bump_data_version(connection: sa.Connection) -> None:
    """Raise the data-version counter on ``connection`` (every write does, so caches refresh)."""
    updated = connection.execute(sa.update(DataState).where(DataState.id == 1).values(version=DataState.version + 1))
    if updated.rowcount == 0:
        connection.execute(sa.insert(DataState).values(id=1, version=1))


bump_data_version = _bump_data_version


def ensure_database(url: str | None = None, demo: bool = True) -> sa.Engine:
    """Migrate the database and, when it has no facility and ``demo``, load the
    illustrative inventory. Returns the engine."""
    from tmf.inventory import load_inventory

    engine = make_engine(url)
    migrate(engine)
    if demo and facility_count(engine) == 0:
        import_facilities(engine, load_inventory(), user="illustrative-inventory")
    return engine
