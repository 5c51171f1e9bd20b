"""The only module that uses Streamlit's caches.

The engine and the methodology profile are cached resources. The inventory and its
sub-scores are keyed by the database URL and its data version, so an import or an edit
invalidates exactly what changed; a slider move only re-weights (tmf.ranking.rank).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import charts
from components.country_names import place_country_names
from tmf import basemap_image
from tmf.checklist import Checklist, load_checklist
from tmf.i18n import format_number, t
from tmf.information import measure_next as run_measure_next
from tmf.information import rank_bands as run_rank_bands
from tmf.localise import facilities_in_language
from tmf.measures import MeasureEffect, load_cost_units, load_effects
from tmf.methodology import Profile, load_profile
from tmf.ranking import ScoredInventory
from tmf.robustness import RobustnessResult, Settings
from tmf.robustness import robustness as run_robustness
from tmf.screening import current_view, screen
from tmf.store import profiles
from tmf.store.audit import last_inventory_change
from tmf.store.engine import DEFAULT_URL, Engine, data_version, database_url, read_facilities
from tmf.store.errors import StoreUnavailable
from tmf.store.imports import ensure_database
from tmf.transboundary import GeoData, HotspotRule, load_geodata
from tmf.uncertainty import DataUncertainty
from tmf.uncertainty import data_uncertainty as find_data_uncertainty
from tmf.view import View, query_string

GEO_DIR = Path(__file__).parent / "data" / "geo"


@st.cache_resource(show_spinner=False)
def engine(url: str) -> Engine:
    """The migrated database engine. The embedded SQLite (or any database with
    TMF_DEMO=1) is filled with the illustrative inventory when it has no facility."""
    return ensure_database(url, demo=url == DEFAULT_URL or os.environ.get("TMF_DEMO") == "1")


def run_data_version(url: str) -> int:
    """The data version of ``url``, read once per page run (every cached read of a run is
    keyed by it; a Ranking run asked the database 14 times). One value for the whole run
    is also what the page should draw from: an import in the middle of a run no longer
    mixes two versions. A page that writes reruns (st.rerun), and the new run reads again.
    Outside a page run (tests, commands) it is read every time."""
    context = get_script_run_ctx()
    if context is None:
        return data_version(engine(url))
    # The context lives as long as the session; its ``cursors`` dict is new in every run
    # (ScriptRunContext.reset), so it marks the run the remembered versions belong to.
    run, versions = getattr(context, "_tmf_data_versions", (None, {}))
    if run is not context.cursors:
        versions = {}
        context._tmf_data_versions = (context.cursors, versions)
    if url not in versions:
        versions[url] = data_version(engine(url))
    return versions[url]


def profile() -> Profile:
    """The methodology profile in force: the newest one an admin stored, else the bundled
    file (also when the database cannot be reached; the page reports that itself)."""
    return profile_and_outage()[0]


def profile_and_outage() -> tuple[Profile, StoreUnavailable | None]:
    """``profile()`` and, when the database cannot be used (so the bundled file stands in
    for what an admin may have stored), why."""
    url = database_url()
    try:
        return stored_profile(url, run_data_version(url)), None
    except StoreUnavailable as outage:
        return load_profile(), outage


@st.cache_resource(show_spinner=False)
def stored_profile(url: str, version: int) -> Profile:
    """The profile in force at data ``version`` (storing a profile raises the version)."""
    return profiles.active_profile(engine(url))


@st.cache_resource(show_spinner=False)
def checklist() -> Checklist:
    """The TMF Checklist and Measure Catalogue (data/checklist)."""
    return load_checklist()


@st.cache_data(show_spinner=False)
def facilities(url: str, version: int) -> pd.DataFrame:
    """The inventory at ``version`` (the argument is the cache key)."""
    return read_facilities(engine(url))


@st.cache_resource(show_spinner=False)
def geodata() -> GeoData:
    """Offline borders, rivers and lakes, prepared for tracing downstream paths."""
    return load_geodata()


@st.cache_resource(show_spinner=False)
def scored(url: str, version: int, river_km: float, border_km: float) -> ScoredInventory:
    """Sub-scores of the inventory at ``version``, its transboundary reach traced with the
    hotspot rule (river_km, border_km); never mutated by callers."""
    rule = HotspotRule(max_river_km=river_km, max_border_km=border_km)
    return screen(facilities(url, version), profile(), geodata(), rule)


def current_scored(rule: HotspotRule = HotspotRule(), lang: str | None = None) -> ScoredInventory:
    """Sub-scores of the inventory now in the database of ``TMF_DATABASE_URL``; with
    ``lang``, its names, regions and rivers in that language (tmf.localise)."""
    url = database_url()
    version = run_data_version(url)
    if lang is None:
        return scored(url, version, rule.max_river_km, rule.max_border_km)
    return scored_in_language(url, version, rule.max_river_km, rule.max_border_km, lang)


@st.cache_resource(show_spinner=False, max_entries=24)
def scored_in_language(url: str, version: int, river_km: float, border_km: float, lang: str) -> ScoredInventory:
    """``scored`` with the facilities' names, regions and rivers in ``lang``: translated once
    per data version and language, not on every rerun (a copy; the scores are shared)."""
    base = scored(url, version, river_km, border_km)
    return replace(base, facilities=facilities_in_language(base.facilities, lang, geodata()))


@st.cache_resource(show_spinner=False)
def geojson(name: str) -> dict | None:
    """An offline GeoJSON layer of ``data/geo`` (None if the file is absent)."""
    path = GEO_DIR / f"{name}.geojson"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def basemap() -> dict[str, object]:
    """The offline basemap layers: country borders, the land around them, lakes and seas,
    rivers, city names; the same drawn as pictures (tmf.basemap_image) under "pictures"; and
    under "country_names" the placing of the countries' names, kept per map (``country_names``)."""
    layers = {name: geojson(name) for name in ("countries", "surroundings", "water_bodies", "rivers", "cities")}
    return layers | {"pictures": basemap_pictures(), "country_names": country_names}


def country_names(
    lang: str, cities: list[dict], zoom: float, facilities: np.ndarray, window: Sequence[float], legend: np.ndarray
) -> list[dict]:
    """The country names of a map (components.country_names.place_country_names over the
    basemap's countries), placed once per map: its language, first zoom, window, facilities
    and legend (the cities follow from these). A slider move recolours the facilities but
    moves none of them, so the names are not placed again on every rerun. Shared, so never
    mutated by callers."""
    points = np.ascontiguousarray(facilities, dtype=float)
    drawn = hashlib.blake2b(points.tobytes() + np.ascontiguousarray(legend, dtype=float).tobytes()).hexdigest()
    shown = tuple(round(float(v), 1) for v in window)
    return _country_names(lang, zoom, shown, drawn, cities, points, window, legend)


@st.cache_resource(show_spinner=False, max_entries=64)
def _country_names(
    lang: str,
    zoom: float,
    shown: tuple[float, ...],
    drawn: str,
    _cities: list[dict],
    _facilities: np.ndarray,
    _window: Sequence[float],
    _legend: np.ndarray,
) -> list[dict]:
    return place_country_names(geojson("countries"), lang, _cities, zoom, _facilities, _window, _legend)


@st.cache_resource(show_spinner=False)
def basemap_pictures() -> tuple[basemap_image.Picture, ...]:
    """The basemap pictures in static/geo, looked up once per process (not per rerun)."""
    return basemap_image.available()


def _weight_items(weights: Mapping[str, float]) -> tuple[tuple[str, float], ...]:
    """Weights as a hashable, order-independent cache key."""
    return tuple(sorted((k, float(v)) for k, v in weights.items()))


def _fingerprint(scored: ScoredInventory) -> str:
    """What identifies a scored inventory for caching: its facilities and sub-scores."""
    digest = hashlib.sha256(scored.sub_scores.tobytes())
    digest.update("\n".join(scored.facilities["facility_id"].astype(str)).encode())
    return digest.hexdigest()


def robustness(
    scored: ScoredInventory,
    weights: Mapping[str, float],
    index: str,
    settings: Settings,
    scenario_weights: tuple[tuple[float, ...], ...],
    lang: str,
) -> RobustnessResult:
    """A robustness run (tmf.robustness), cached per inventory, weighting and settings."""
    weight_items = _weight_items(weights)
    return _robustness(scored, _fingerprint(scored), weight_items, index, settings, scenario_weights, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _robustness(
    _scored: ScoredInventory,
    fingerprint: str,
    weights: tuple[tuple[str, float], ...],
    index: str,
    settings: Settings,
    scenario_weights: tuple[tuple[float, ...], ...],
    lang: str,
) -> RobustnessResult:
    """The run behind ``robustness``; its progress bar is created here, so a cache hit
    replays it already emptied."""
    bar = st.progress(0.0, text=t("robustness.running", lang, done=0, total=format_number(settings.samples, lang)))

    def report(done: int, total: int) -> None:
        text = t("robustness.running", lang, done=format_number(done, lang), total=format_number(total, lang))
        bar.progress(done / total, text=text)

    spread = np.array(scenario_weights, dtype=float) if scenario_weights else None
    data = data_uncertainty(_scored) if settings.vary != "weights" else None
    try:
        return run_robustness(_scored, dict(weights), index, settings, spread, report, data=data)
    finally:
        bar.empty()


def data_date() -> dt.datetime | None:
    """When the inventory of ``TMF_DATABASE_URL`` last changed (the data date of downloads)."""
    url = database_url()
    return _data_date(url, run_data_version(url))


@st.cache_data(show_spinner=False)
def _data_date(url: str, version: int) -> dt.datetime | None:
    return last_inventory_change(engine(url))


def briefing_files(shown: ScoredInventory, view: View, base_url: str) -> tuple[bytes, bytes, bytes]:
    """The briefing of ``view`` (weights, index, filters, top N, language) of ``shown`` (the
    facilities its filters pass) as PDF, PPTX and its map as PNG, cached per inventory, view
    and day (the briefing names the day it was prepared)."""
    query = query_string(replace(view, facility=None, extra={}))
    return _briefing_files(shown, view, _fingerprint(shown), query, base_url, data_date(), dt.date.today())


@st.cache_data(show_spinner=False, max_entries=8)
def _briefing_files(
    _shown: ScoredInventory,
    _view: View,
    fingerprint: str,
    query: str,
    base_url: str,
    changed: dt.datetime | None,
    today: dt.date,
) -> tuple[bytes, bytes, bytes]:
    # Imported here: matplotlib, fpdf2 and python-pptx slow the app's start.
    from tmf.briefing import briefing_content, to_pdf, to_pptx
    from tmf.briefing.figures import titled_map_png

    # Every column, whatever the page gathered for itself (its filters pass all of ``_shown``).
    current = current_view(_shown, _view)
    content = briefing_content(current, _view, changed, geodata(), base_url=base_url, today=today)
    return to_pdf(content), to_pptx(content), titled_map_png(content)


def _data_fingerprint(scored: ScoredInventory) -> str:
    """The fingerprint and the fields that set the data ranges: inputs, confidence, notes."""
    frame = scored.facilities
    inputs = [c.input for c in scored.profile.criteria]
    columns = [c for c in dict.fromkeys([*inputs, "confidence", "notes", "estimated"]) if c in frame]
    digest = hashlib.sha256(_fingerprint(scored).encode())
    digest.update(pd.util.hash_pandas_object(frame[columns].astype(str), index=False).to_numpy().tobytes())
    return digest.hexdigest()


def data_uncertainty(scored: ScoredInventory) -> DataUncertainty:
    """The uncertain cells of ``scored`` (tmf.uncertainty), cached per inventory version."""
    return _data_uncertainty(scored, _data_fingerprint(scored))


@st.cache_resource(show_spinner=False, max_entries=8)
def _data_uncertainty(_scored: ScoredInventory, fingerprint: str) -> DataUncertainty:
    return find_data_uncertainty(_scored)


def rank_bands(
    scored: ScoredInventory, weights: Mapping[str, float], index: str, settings: Settings, lang: str
) -> pd.DataFrame:
    """Rank bands from the weights, the data and both (tmf.information.rank_bands), cached
    per inventory version, weighting and settings; never mutated by callers."""
    weight_items = _weight_items(weights)
    return _rank_bands(scored, _data_fingerprint(scored), weight_items, index, settings, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _rank_bands(
    _scored: ScoredInventory,
    fingerprint: str,
    weights: tuple[tuple[str, float], ...],
    index: str,
    settings: Settings,
    lang: str,
) -> pd.DataFrame:
    with st.spinner(t("decisions.bands_running", lang, samples=format_number(settings.samples, lang))):
        return run_rank_bands(_scored, dict(weights), index, settings, data=data_uncertainty(_scored))


def measure_next(scored: ScoredInventory, weights: Mapping[str, float], index: str, top: int) -> pd.DataFrame:
    """What to measure next (tmf.information.measure_next), cached per inventory version,
    weighting and top N."""
    weight_items = _weight_items(weights)
    return _measure_next(scored, _data_fingerprint(scored), weight_items, index, top)


@st.cache_data(show_spinner=False, max_entries=16)
def _measure_next(
    _scored: ScoredInventory, fingerprint: str, weights: tuple[tuple[str, float], ...], index: str, top: int
) -> pd.DataFrame:
    return run_measure_next(_scored, dict(weights), index, top, data=data_uncertainty(_scored))


@st.cache_resource(show_spinner=False)
def _effects(profile_key: str, _profile: Profile) -> dict[str, MeasureEffect]:
    return load_effects(_profile)


def measure_effects(profile: Profile) -> dict[str, MeasureEffect]:
    """The measures' declared effects on the inventory (data/checklist/measures.toml)."""
    return _effects(f"{profile.id}@{profile.version}:{profile.keys}", profile)


@st.cache_resource(show_spinner=False)
def cost_units() -> dict[str, float]:
    """Cost units per cost class (data/checklist/measures.toml, provisional)."""
    return load_cost_units()


def ranking_charts(top: pd.DataFrame, profile: Profile, index: str, lang: str) -> tuple[go.Figure, go.Figure]:
    """The Ranking page's two charts of its ``top`` rows (charts.contributions_figure,
    charts.rank_shift_figure), built once for every session of this process that shows
    the same rows in the same language: thirty people opening one view build them once.
    Keyed by what the charts show of the rows; shared, so never mutated by callers (drawing
    copies them)."""
    keys = profile.keys_of(index)
    numbers = top[["rank", "rank_shift", *(f"c_{key}" for key in keys)]].to_numpy(dtype=float)
    shown = (tuple(top["facility_id"].astype(str).tolist()), tuple(top["name"].astype(str).tolist()))
    groups = tuple((key, profile.criterion(key).group) for key in keys)
    return _ranking_charts(top, (*shown, numbers.tobytes(), numbers.shape), groups, profile, index, lang)


@st.cache_resource(show_spinner=False, max_entries=32)
def _ranking_charts(
    _top: pd.DataFrame, rows: tuple, groups: tuple[tuple[str, str], ...], _profile: Profile, index: str, lang: str
) -> tuple[go.Figure, go.Figure]:
    return charts.contributions_figure(_top, _profile, index, lang), charts.rank_shift_figure(_top, lang)


CHART_PICTURES = 64  # pictures kept (a Ranking page's two charts in three languages, many views)


def chart_picture(figure: go.Figure, lines: Sequence[str], kind: str, dpi: int = 150) -> bytes:
    """``figure`` as PNG or SVG bytes under its title and ``lines`` (components.chart_images.
    figure_image), drawn once per process for what it shows (the figure's JSON, the lines,
    the kind, the dpi) and then served from the last ``CHART_PICTURES`` pictures: a second
    click on a download, or another session with the same chart, draws nothing."""
    return _chart_picture(figure, figure.to_json(), tuple(lines), kind, dpi)


@st.cache_data(show_spinner=False, max_entries=CHART_PICTURES)
def _chart_picture(_figure: go.Figure, shown: str, lines: tuple[str, ...], kind: str, dpi: int) -> bytes:
    # Imported here: matplotlib slows the app's start.
    from components.chart_images import figure_image

    return figure_image(_figure, lines, kind, dpi)
