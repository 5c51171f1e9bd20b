"""Shared fixtures: databases on SQLite and PostgreSQL, and the resource guard.

On a laptop without PostgreSQL or Chromium the tests that need them skip with a message
saying what to install; in CI (``CI`` set) the same situation fails the test instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pandas as pd
import pytest
import sqlalchemy as sa

from tmf.inventory import read_table, validate
from tmf.store.engine import make_engine, migrate

POSTGRES_URL = os.environ.get("TMF_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def require(available: bool, what: str) -> None:
    """Skip (laptop) or fail (CI) a test whose resource is missing."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI but is not available")
    pytest.skip(f"{what} is not available; install it to run this test")


def postgres_available() -> bool:
    try:
        with sa.create_engine(POSTGRES_URL).connect() as connection:
            connection.execute(sa.text("select 1"))
        return True
    except sa.exc.OperationalError:
        return False


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    require(postgres_available(), f"PostgreSQL at {POSTGRES_URL}")
    schema = f"tmf_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """The same test on the embedded SQLite file and on a PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tmf.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def migrated(database_url) -> Iterator[sa.Engine]:
    """An empty database at the newest migration, on SQLite and on PostgreSQL."""
    engine = make_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


def inventory_frame(data: bytes | str, filename: str = "inventory.csv") -> pd.DataFrame:
    """A validated inventory from a file's contents; the test fails on any problem."""
    frame, problems = validate(read_table(data.encode() if isinstance(data, str) else data, filename))
    assert problems == [], [str(p) for p in problems]
    return frame.drop(columns="row")
