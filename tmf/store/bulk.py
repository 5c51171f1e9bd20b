"""Writing many facilities in one go: the states of an import, or of a reverted import.

A *table* is a dict {field: [one value per facility]} of plain Python values (None for
blank), the same shape the audit log keeps for an import (tmf.store.audit.record_import).
SQLite gets one executemany of tuples per statement (SQLAlchemy's per-row parameter
processing was most of an import's time); PostgreSQL gets COPY, straight into
``facilities`` for new facilities and into a temporary table joined by one UPDATE for
changed ones. Every update is conditional on the version read (``where_version``), so the
caller compares the rows written with the rows expected and refuses the whole write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
import sqlalchemy as sa

from tmf.store.models import INVENTORY_COLUMNS, facilities_table

Table = dict[str, list[object]]
STATE = (*INVENTORY_COLUMNS, "version")
STAMPED = (*STATE, "updated_at", "updated_by")
UPDATES = "facility_updates"  # the temporary table of a PostgreSQL bulk update


def column_values(series: pd.Series) -> list[object]:
    """A column as plain Python values, None for blank (NaN or None), without a row loop."""
    if series.dtype.kind == "f":
        values = series.to_numpy(dtype=float)
        plain = values.astype(object)
        plain[np.isnan(values)] = None
        return plain.tolist()
    if series.dtype.kind in "iub":
        return series.tolist()
    return series.to_numpy(dtype=object, na_value=None).tolist()


def table_of(frame: pd.DataFrame, names: Sequence[str]) -> Table:
    """The ``names`` columns of ``frame`` as a table of plain values."""
    return {name: column_values(frame[name]) for name in names}


def rows_of(table: Mapping[str, list[object]], names: Sequence[str]) -> Iterator[tuple[object, ...]]:
    """The table's rows as tuples of the ``names`` columns (in that order), one at a time
    (the driver consumes them; no second copy of the import in memory)."""
    return zip(*(table[name] for name in names), strict=True)


@contextlib.contextmanager
def _driver_errors(connection: sa.Connection, statement: str) -> Iterator[None]:
    """The driver's errors as SQLAlchemy's (a locked or unreachable database, a facility_id
    added meanwhile), as every other statement raises them (tmf.store.errors)."""
    error_class = connection.dialect.loaded_dbapi.Error
    try:
        yield
    except error_class as error:
        raise sa.exc.DBAPIError.instance(statement, None, error, error_class, dialect=connection.dialect) from error


def _executemany(connection: sa.Connection, statement: str, rows: Iterator[tuple[object, ...]]) -> int:
    """``statement`` once per row on the connection's own transaction (SQLite's qmark
    parameters); returns the rows changed."""
    cursor = connection.connection.driver_connection.cursor()
    try:
        with _driver_errors(connection, statement):
            cursor.executemany(statement, rows)
        return cursor.rowcount
    finally:
        cursor.close()


def _postgres(connection: sa.Connection) -> bool:
    return connection.dialect.name == "postgresql"


def _names(connection: sa.Connection, names: Sequence[str]) -> list[str]:
    quote = connection.dialect.identifier_preparer.quote
    return [quote(name) for name in names]


def _stamped(connection: sa.Connection, table: Mapping[str, list[object]], user: str) -> dict[str, list[object]]:
    """The table with ``updated_at`` (now, as the dialect stores it) and ``updated_by``."""
    now: object = dt.datetime.now(dt.UTC)
    process = facilities_table.c.updated_at.type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    if process is not None:  # SQLite keeps the text SQLAlchemy writes (naive UTC)
        now = process(now)
    count = len(table["facility_id"])
    return {**table, "updated_at": [now] * count, "updated_by": [user] * count}


def _copy(connection: sa.Connection, target: str, names: Sequence[str], rows: Iterator[tuple[object, ...]]) -> None:
    """COPY ``rows`` into ``target`` on the connection's own transaction (PostgreSQL)."""
    columns = ", ".join(_names(connection, names))
    statement = f"COPY {target} ({columns}) FROM STDIN"
    with _driver_errors(connection, statement), connection.connection.driver_connection.cursor() as cursor:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)


def insert_facilities(connection: sa.Connection, table: Mapping[str, list[object]], user: str) -> None:
    """Insert the facilities of ``table`` (every STATE column) as written by ``user``."""
    if not table["facility_id"]:
        return
    rows = rows_of(_stamped(connection, table, user), STAMPED)
    if _postgres(connection):
        _copy(connection, "facilities", STAMPED, rows)
        return
    columns, marks = ", ".join(_names(connection, STAMPED)), ", ".join("?" * len(STAMPED))
    _executemany(connection, f"INSERT INTO facilities ({columns}) VALUES ({marks})", rows)


def update_facilities(connection: sa.Connection, table: Mapping[str, list[object]], user: str) -> int:
    """Write the facilities of ``table`` (every STATE column, and ``where_version``: the
    version each must still have); returns how many were at that version and written."""
    if not table["facility_id"]:
        return 0
    stamped = _stamped(connection, table, user)
    names = [name for name in STAMPED if name != "facility_id"]
    quoted = dict(zip(names, _names(connection, names), strict=True))
    if _postgres(connection):
        return _update_postgres(connection, stamped, quoted)
    assignments = ", ".join(f"{quoted[name]} = ?" for name in names)
    rows = rows_of(stamped, [*names, "facility_id", "where_version"])
    statement = f"UPDATE facilities SET {assignments} WHERE facility_id = ? AND version = ?"
    return _executemany(connection, statement, rows)


def _update_postgres(connection: sa.Connection, stamped: Mapping[str, list[object]], quoted: dict[str, str]) -> int:
    columns = ", ".join(_names(connection, STAMPED))
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS pg_temp.{UPDATES}")
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {UPDATES} ON COMMIT DROP AS "
        f"SELECT {columns}, version AS where_version FROM facilities WITH NO DATA"
    )
    _copy(connection, UPDATES, [*STAMPED, "where_version"], rows_of(stamped, [*STAMPED, "where_version"]))
    assignments = ", ".join(f"{column} = u.{column}" for column in quoted.values())
    result = connection.exec_driver_sql(
        f"UPDATE facilities AS f SET {assignments} FROM {UPDATES} AS u "
        "WHERE f.facility_id = u.facility_id AND f.version = u.where_version"
    )
    return result.rowcount


DELETE = sa.delete(facilities_table).where(
    facilities_table.c.facility_id == sa.bindparam("where_id"),
    facilities_table.c.version == sa.bindparam("where_version"),
)


def delete_facilities(connection: sa.Connection, facility_ids: Sequence[str], versions: Sequence[int]) -> int:
    """Delete the facilities still at the given versions; returns how many were deleted."""
    if not facility_ids:
        return 0
    rows = [{"where_id": i, "where_version": v} for i, v in zip(facility_ids, versions, strict=True)]
    return connection.execute(DELETE, rows).rowcount


def stored_versions(connection: sa.Connection) -> dict[str, int]:
    """Every stored facility's version (to name the first one changed meanwhile)."""
    query = sa.select(facilities_table.c.facility_id, facilities_table.c.version)
    return dict(connection.execute(query).all())
