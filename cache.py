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
from tmf.hotspots import annotate_transboundary
from tmf.methodology import Profile, load_profile
from tmf.ranking import ScoredInventory, score_inventory
from tmf.transboundary import GeoData, HotspotRule, load_geodata

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
def geodata() -> GeoData:
    """Offline borders, rivers and lakes, prepared for tracing downstream paths."""
    return load_geodata()


@st.cache_resource(show_spinner=False)
def scored(url: str, version: int, river_km: float, border_km: float) -> ScoredInventory:
    """Sub-scores of the inventory at ``version``, its transboundary reach traced with the
    hotspot rule (river_km, border_km); never mutated by callers."""
    rule = HotspotRule(max_river_km=river_km, max_border_km=border_km)
    return score_inventory(annotate_transboundary(facilities(url, version), geodata(), rule), profile())


def current_scored(rule: HotspotRule = HotspotRule()) -> ScoredInventory:
    """Sub-scores of the inventory now in the database of ``TMF_DATABASE_URL``."""
    url = db.database_url()
    return scored(url, db.data_version(engine(url)), rule.max_river_km, rule.max_border_km)


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
