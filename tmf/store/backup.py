"""Backup and restore of the whole database in one portable file, whatever the engine.

The file is gzip-compressed JSON lines: a header (format, schema revision, row counts), then
one line per row of every table (facilities, users, the audit log, uploads, saved
weightings, checklist answers, profiles, register mappings, login attempts, the data
version). Times are written in UTC, bytes in base64, so a backup of SQLite restores into
PostgreSQL and back.

Consistency while the app is in use: on SQLite the file is first copied with SQLite's
online backup API (a consistent copy even while others write) and read from the copy; on
PostgreSQL all tables are read in one REPEATABLE READ transaction (one snapshot).
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from tmf.problems import Problem, ProblemError
from tmf.store.engine import make_engine, migrate
from tmf.store.errors import translated
from tmf.store.models import Base

FORMAT = "tmf-backup"
FORMAT_VERSION = 1
TABLES = [table.name for table in Base.metadata.sorted_tables]  # parents before children
# A target holding anything at all is not empty (a database with only a workshop's answers
# or a register mapping would lose them); data_state is bookkeeping the restore rewrites.
CHECKED_EMPTY = tuple(name for name in TABLES if name != "data_state")


def _encode(value: object) -> object:
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)  # SQLite keeps naive UTC
        return {"$time": aware.astimezone(dt.UTC).isoformat()}
    if isinstance(value, bytes | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value: object) -> object:
    if isinstance(value, dict) and "$time" in value:
        return dt.datetime.fromisoformat(value["$time"])
    if isinstance(value, dict) and "$bytes" in value:
        return base64.b64decode(value["$bytes"])
    return value


def _revision(connection: sa.Connection) -> str | None:
    return connection.scalar(sa.text("SELECT version_num FROM alembic_version"))


def _rows(connection: sa.Connection) -> Iterator[tuple[str, dict]]:
    for name in TABLES:
        table = Base.metadata.tables[name]
        order = list(table.primary_key.columns) or list(table.columns)
        for row in connection.execute(sa.select(table).order_by(*order)).mappings():
            yield name, {key: _encode(value) for key, value in row.items()}


def _write(connection: sa.Connection, out: Path) -> dict[str, int]:
    counts = {name: 0 for name in TABLES}
    lines = []
    for name, row in _rows(connection):
        counts[name] += 1
        lines.append(json.dumps({"table": name, "row": row}, ensure_ascii=False))
    header = {"format": FORMAT, "version": FORMAT_VERSION, "revision": _revision(connection), "counts": counts}
    with gzip.open(out, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(header) + "\n")
        for line in lines:
            handle.write(line + "\n")
    return counts


@translated
def backup(engine: sa.Engine, out: Path) -> dict[str, int]:
    """Write every table of ``engine``'s database to ``out``; returns the rows per table."""
    if engine.dialect.name != "sqlite":
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            with connection.begin():
                return _write(connection, out)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "snapshot.sqlite"
        source = sqlite3.connect(engine.url.database)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        snapshot = make_engine(f"sqlite:///{copy}")
        try:
            with snapshot.connect() as connection:
                return _write(connection, out)
        finally:
            snapshot.dispose()


def read_backup(path: Path) -> tuple[dict, list[tuple[str, dict]]]:
    """The header and the rows of a backup file; ProblemError when it is not one."""
    if not path.exists():
        raise ProblemError(Problem("file_not_found", {"file": str(path)}))
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            header = json.loads(handle.readline())
            rows = [(entry["table"], entry["row"]) for entry in map(json.loads, handle)]
    except (OSError, EOFError, json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError):
        raise ProblemError(Problem("ops.backup_unreadable", {"file": str(path)})) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != FORMAT_VERSION:
        raise ProblemError(Problem("ops.backup_unreadable", {"file": str(path)}))
    return header, rows


def _is_empty(connection: sa.Connection) -> bool:
    tables = Base.metadata.tables
    return all(not connection.scalar(sa.select(sa.func.count()).select_from(tables[n])) for n in CHECKED_EMPTY)


def _reset_sequences(connection: sa.Connection) -> None:
    """PostgreSQL: move each id sequence past the restored ids (SQLite needs nothing)."""
    for name in TABLES:
        table = Base.metadata.tables[name]
        if "id" in table.columns and isinstance(table.c.id.type, sa.Integer) and table.c.id.autoincrement:
            sequence = connection.scalar(sa.text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": name})
            if sequence:
                connection.execute(
                    sa.text(f"SELECT setval('{sequence}', COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)")
                )


@translated
def restore(url: str, path: Path, force: bool = False) -> dict[str, int]:
    """Restore the backup ``path`` into the database at ``url`` (created and migrated when
    new). Refuses a database holding data unless ``force`` (which replaces everything)."""
    header, rows = read_backup(path)
    engine = make_engine(url)
    try:
        migrate(engine)
        with engine.begin() as connection:
            if header.get("revision") != _revision(connection):
                params = {"backup": header.get("revision"), "code": _revision(connection)}
                raise ProblemError(Problem("ops.backup_other_schema", params))
            if not force and not _is_empty(connection):
                raise ProblemError(Problem("ops.restore_not_empty"))
            for name in reversed(TABLES):
                connection.execute(sa.delete(Base.metadata.tables[name]))
            by_table: dict[str, list[dict]] = {name: [] for name in TABLES}
            for name, row in rows:
                by_table[name].append({key: _decode(value) for key, value in row.items()})
            for name in TABLES:  # parents before children, so every foreign key holds
                if by_table[name]:
                    connection.execute(sa.insert(Base.metadata.tables[name]), by_table[name])
            if engine.dialect.name == "postgresql":
                _reset_sequences(connection)
    finally:
        engine.dispose()
    return dict(header["counts"])
