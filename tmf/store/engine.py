"""The connection to the database: its URL, the engine, migrations, the data version and
the inventory as a DataFrame.

SQLite in the git-ignored ``var/`` folder by default; ``TMF_DATABASE_URL`` points at
PostgreSQL (``postgresql+psycopg://user@host:5432/db``) for a shared deployment. Every write
runs in one transaction and raises the data version, so every cache keyed by it refreshes.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from tmf.inventory import COLUMNS, NUMERIC_KINDS
from tmf.store.errors import StoreUnavailable, translated
from tmf.store.models import INVENTORY_COLUMNS, DataStateRow, facilities_table

ROOT = Path(__file__).parents[2]
DEFAULT_URL = f"sqlite:///{ROOT / 'var' / 'tmf.sqlite'}"
MIGRATIONS = ROOT / "migrations"
Engine = sa.Engine  # for type hints outside the store, which does not import sqlalchemy
# How long a write waits for another writer (an import, a concurrent save) before giving up
# with the "locked" sentence. Readers never wait in WAL mode; a short import or a burst of
# saves finishes well within this, and a user is not left staring at a spinner for minutes
# behind a long import (they are told to wait and keep their input instead).
SQLITE_BUSY_TIMEOUT_SECONDS = 15


def database_url() -> str:
    """``TMF_DATABASE_URL`` if set, else the embedded SQLite file in ``var/``."""
    return os.environ.get("TMF_DATABASE_URL") or DEFAULT_URL


def make_engine(url: str | None = None) -> sa.Engine:
    """An engine for ``url`` (default: ``database_url()``); creates ``var/`` for SQLite."""
    url = url or database_url()
    if not url.startswith("sqlite"):
        try:
            return sa.create_engine(url, future=True)
        except (sa.exc.ArgumentError, ImportError) as error:  # not an address, or no driver for it
            logging.getLogger("tmf.store").warning("TMF_DATABASE_URL cannot be used: %s", error)
            raise StoreUnavailable("bad_url", type(error).__name__) from None
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        folder = Path(url.removeprefix("sqlite:///")).parent
        if not folder.exists():  # a folder that is a file is reported by the first connection
            folder.mkdir(parents=True)
    engine = sa.create_engine(url, future=True, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def take_turn(connection: sa.Connection, key: str) -> None:
    """Make this transaction the only one past this point for ``key`` until it ends (a check
    then a write that parallel callers must not interleave): on PostgreSQL a transaction
    lock on ``key``; on SQLite the database's write lock, which a write statement takes at
    once even when it changes no row."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(key))))
    else:
        connection.execute(sa.text("UPDATE data_state SET version = version WHERE 0"))


def _sqlite_pragmas(connection: object, _record: object) -> None:
    """WAL, so readers read while an import writes; the busy timeout for writers."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.close()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@translated
def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest Alembic revision (idempotent): ``init-db``'s job.
    A revision this code does not know raises StoreUnavailable("schema_new")."""
    config = _alembic_config()
    revision = schema_revision(engine)
    if revision is not None and revision not in _known_revisions():
        raise StoreUnavailable("schema_new", revision)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@translated
def schema_revision(engine: sa.Engine) -> str | None:
    """The Alembic revision the database is at; None for a new, empty database."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        return connection.scalar(sa.text("SELECT version_num FROM alembic_version"))


def prepare(engine: sa.Engine) -> None:
    """Create the schema of a new, empty database; accept one at the newest revision.

    A database at an older revision raises StoreUnavailable("schema_old") (an operator runs
    ``python -m tmf init-db`` once, rather than every app process upgrading it at once), and
    one at a revision this code does not know raises StoreUnavailable("schema_new").
    """
    revision = schema_revision(engine)
    if revision is None:
        migrate(engine)
        return
    if revision == head_revision():
        return
    raise StoreUnavailable("schema_old" if revision in _known_revisions() else "schema_new", revision)


def head_revision() -> str:
    """The newest Alembic revision of this code."""
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _known_revisions() -> set[str]:
    return {script.revision for script in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


@translated
def facility_count(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(sa.select(sa.func.count()).select_from(facilities_table)) or 0


@translated
def data_version(engine: sa.Engine) -> int:
    """The inventory's change counter (0 for a new database)."""
    with engine.connect() as connection:
        return connection.scalar(sa.select(DataStateRow.version).where(DataStateRow.id == 1)) or 0


@translated
def read_facilities(engine: sa.Engine) -> pd.DataFrame:
    """Every facility with the inventory columns plus ``version``, ordered by facility_id."""
    columns = [facilities_table.c[name] for name in (*INVENTORY_COLUMNS, "version")]
    query = sa.select(*columns).order_by(facilities_table.c.facility_id)
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query).all()]  # pandas probes a Row per attribute
    frame = pd.DataFrame(rows, columns=[*INVENTORY_COLUMNS, "version"])
    for column in COLUMNS:
        if column.kind in NUMERIC_KINDS:
            frame[column.name] = pd.to_numeric(frame[column.name], errors="coerce").astype(float)
    return frame


def bump_data_version(connection: sa.Connection) -> None:
    """Raise the data-version counter on ``connection`` (every write does, so caches refresh)."""
    updated = connection.execute(
        sa.update(DataStateRow).where(DataStateRow.id == 1).values(version=DataStateRow.version + 1)
    )
    if updated.rowcount == 0:
        connection.execute(sa.insert(DataStateRow).values(id=1, version=1))
