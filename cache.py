"""The only module that uses Streamlit's caches.

The engine and the methodology profile are cached resources. The inventory and its
sub-scores are keyed by the database URL and its data version, so an import or an edit
invalidates exactly what changed; a slider move only re-weights (tmf.ranking.rank).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from tmf import db
from tmf.methodology import Profile, load_profile
from tmf.ranking import ScoredInventory, score_inventory

GEO_DIR = Path(__file__).parent / "data" / "geo"


@st.cache_resource(show_spinner=False)
def engine(url: str) -> sa.Engine:
    """The migrated database engine. The embedded SQLite (or any database with
    TMF_DEMO=1) is filled with the illustrative inventory when it has no facility."""
    return db.ensure_database(url, demo=url == db.DEFAULT_URL or os.environ.get("TMF_DEMO") == "1")


@st.cache_resource(show_spinner=False)
def profile() -> Profile:
    return load_profile()


@st.cache_data(show_spinner=False)
def facilities(url: str, version: int) -> pd.DataFrame:
    """The inventory at ``version`` (the argument is the cache key)."""
    return db.read_facilities(engine(url))


@st.cache_resource(show_spinner=False)
def scored(url: str, version: int) -> ScoredInventory:
    """Sub-scores of the inventory at ``version``; never mutated by callers."""
    return score_inventory(facilities(url, version), profile())


def current_scored() -> ScoredInventory:
    """Sub-scores of the inventory now in the database of ``TMF_DATABASE_URL``."""
    url = db.database_url()
    return scored(url, db.data_version(engine(url)))


@st.cache_resource(show_spinner=False)
def geojson(name: str) -> dict | None:
    """An offline GeoJSON layer of ``data/geo`` (None if the file is absent)."""
    path = GEO_DIR / f"{name}.geojson"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def basemap() -> dict[str, dict | None]:
    """The offline basemap layers: country borders, lakes and seas, rivers."""
    return {name: geojson(name) for name in ("countries", "water_bodies", "rivers")}
