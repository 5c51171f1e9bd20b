"""Databases that cannot be used, one per kind of failure, for page and command tests.

``broken_database(failure, folder)`` yields the TMF_DATABASE_URL of a database that fails in
that way; ``KIND[failure]`` is the ``StoreUnavailable.kind`` (and so the sentence) it must be
reported as. Tests that use it set ``SQLITE_BUSY_TIMEOUT_SECONDS`` low, so the locked case
is told after a fraction of a second rather than the deployment's 15 s.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from tmf.store.engine import MIGRATIONS, make_engine
from tmf.store.imports import ensure_database

SERVER_DOWN = "postgresql+psycopg://tmf@127.0.0.1:1/tmf?connect_timeout=2"  # nothing listens on port 1
KIND = {
    "server_down": "unreachable",
    "folder_is_a_file": "missing",
    "not_a_database": "not_a_database",
    "locked_by_another_program": "locked",
    "schema_older_than_the_code": "schema_old",
    "schema_newer_than_the_code": "schema_new",
    "address_not_understood": "bad_url",
}


def _alembic() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def previous_revision() -> str:
    """The revision before the newest: a database the code before the last upgrade made."""
    scripts = ScriptDirectory.from_config(_alembic())
    return scripts.get_revision(scripts.get_current_head()).down_revision


def database_at(url: str, revision: str) -> None:
    """A database at ``revision`` (as an older version of the code left it)."""
    engine = make_engine(url)
    config = _alembic()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


@contextmanager
def broken_database(failure: str, folder: Path) -> Iterator[str]:
    """The URL of a database in ``folder`` that fails as ``failure`` (a key of KIND)."""
    url = f"sqlite:///{folder / 'tmf.sqlite'}"
    if failure == "server_down":
        url = SERVER_DOWN
    elif failure == "address_not_understood":
        url = "postgres-on-the-ministry-server"  # no scheme: not an address sqlalchemy can read
    elif failure == "folder_is_a_file":
        (folder / "var").write_text("a file where the database folder should be")
        url = f"sqlite:///{folder / 'var' / 'tmf.sqlite'}"
    elif failure == "not_a_database":
        (folder / "tmf.sqlite").write_text("these are meeting notes, not a database\n" * 50)
    elif failure == "schema_older_than_the_code":
        database_at(url, previous_revision())
    elif failure == "schema_newer_than_the_code":
        engine = ensure_database(url, demo=False)
        with engine.begin() as connection:
            connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
        engine.dispose()
    elif failure == "locked_by_another_program":
        ensure_database(url, demo=True).dispose()
        with _held_exclusively(folder / "tmf.sqlite"):
            yield url
        return
    yield url


@contextmanager
def _held_exclusively(path: Path) -> Iterator[None]:
    """Another program holding the file exclusively (SQLite's exclusive locking mode, as a
    maintenance tool or an import run with it does): neither readers nor writers get in."""
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE data_state SET version = version")
    try:
        yield
    finally:
        holder.rollback()
        holder.close()
