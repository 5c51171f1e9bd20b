"""AppTest fixtures: a demo database per test and clean Streamlit caches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tmf.store import auth
from tmf.store.engine import make_engine
from tmf.store.imports import ensure_database

APP = str(Path(__file__).parents[2] / "app.py")


@pytest.fixture(autouse=True)
def clean_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def demo_db(tmp_path, monkeypatch) -> str:
    """An SQLite database filled with the illustrative inventory, used by the app."""
    url = f"sqlite:///{tmp_path / 'tmf.sqlite'}"
    ensure_database(url, demo=True).dispose()
    monkeypatch.setenv("TMF_DATABASE_URL", url)
    return url


def run_app(page: str | None = None, **query: str) -> AppTest:
    """The app (through app.py and st.navigation), optionally on ``page`` with a link query."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        at.switch_page(page).run()
    return at


def first_rows(at: AppTest, n: int = 1, table: int = 0) -> list[str]:
    """The facility_id of the first ``n`` rows of the page's ``table``-th dataframe."""
    return at.dataframe[table].value["facility_id"].head(n).tolist()


def element_json(at: AppTest, kind: str) -> list[dict]:
    """The JSON specs of the Plotly charts (kind="plotly_chart") or decks (kind="deck_gl_json_chart")."""
    attribute = "spec" if kind == "plotly_chart" else "json"
    return [json.loads(getattr(el.proto, attribute)) for el in at.get(kind)]


@pytest.fixture
def editor(demo_db, monkeypatch):
    """The demo database with the editor eva (password eva-password); yields its engine."""
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    engine = make_engine(demo_db)
    auth.add_user(engine, "eva", "eva-password", "editor", by="test")
    yield engine
    engine.dispose()
