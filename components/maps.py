"""pydeck maps over the offline basemap (no tiles, no token, no request leaves the host).

Builders (``*_deck``, ``*_layers``) are pure and tested without Streamlit; renderers draw
them. The view state is a constant so a slider move recolours the points without moving
the map; only the facilities layer's data changes between reruns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st

from tmf.i18n import format_number, t

VIEW = pdk.ViewState(latitude=44.0, longitude=70.0, zoom=3.6, min_zoom=2, max_zoom=12)
# Five classes of relative rank (quintiles of the facilities shown): the method publishes
# no THI class limits, so colours rank facilities against each other (methodology.md 1.3).
CLASS_COLORS: tuple[tuple[int, int, int], ...] = (
    (200, 30, 30),
    (240, 120, 30),
    (235, 190, 40),
    (120, 170, 80),
    (70, 120, 190),
)
CLASS_MARKDOWN = ("red", "orange", "yellow", "green", "blue")
FACILITIES_LAYER = "facilities"
# Streamlit's deck.gl element fetches a Carto basemap style when a deck has no map style;
# this value (its frontend's "no style" marker, streamlit 1.67) turns that off, so the map
# makes no outside request. The browser test fails if a request leaves the machine.
NO_MAP_STYLE = "__MAP_STYLE__"


def deck_text(value: object) -> str:
    """User text made inert for deck.gl's JSON converter (a leading ``@@`` would be code)."""
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    return "\u200b" + text if text.startswith("@@") else text


def rank_classes(ranks: np.ndarray) -> np.ndarray:
    """Class 0 (top fifth of the ranks shown) to 4 (bottom fifth)."""
    n = max(len(ranks), 1)
    order = np.argsort(np.argsort(ranks, kind="stable"), kind="stable")
    return np.minimum(order * len(CLASS_COLORS) // n, len(CLASS_COLORS) - 1)


def basemap_layers(geo: Mapping[str, dict | None]) -> list[pdk.Layer]:
    """Country borders, then lakes/seas and rivers when those layers exist."""
    layers = []
    if geo.get("countries"):
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                geo["countries"],
                id="countries",
                stroked=True,
                filled=True,
                get_fill_color=[242, 239, 230],
                get_line_color=[120, 120, 120],
                line_width_min_pixels=1,
            )
        )
    if geo.get("water_bodies"):
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                geo["water_bodies"],
                id="water",
                stroked=False,
                filled=True,
                get_fill_color=[170, 205, 235],
            )
        )
    if geo.get("rivers"):
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                geo["rivers"],
                id="rivers",
                stroked=True,
                filled=False,
                get_line_color=[70, 140, 210],
                line_width_min_pixels=1.5,
            )
        )
    return layers


def facility_points(ranked: pd.DataFrame, lang: str, selected: str | None = None) -> list[dict]:
    """One record per facility for the scatter layer: position, colour, tooltip text."""
    classes = rank_classes(ranked["rank"].to_numpy())
    score_label = t("ranking.score", lang)
    rank_label = t("ranking.rank", lang)
    records = []
    for row, klass in zip(ranked.itertuples(index=False), classes, strict=True):
        is_selected = row.facility_id == selected
        name = deck_text(row.name)
        records.append(
            {
                "facility_id": deck_text(row.facility_id),
                "position": [float(row.longitude), float(row.latitude)],
                "color": [*CLASS_COLORS[klass], 235],
                "line": [20, 20, 20] if is_selected else [255, 255, 255],
                "radius": 14_000 if is_selected else 9_000,
                "tooltip": f"{name}\n{rank_label} {row.rank} · {score_label} {format_number(row.score, lang, 2)}",
            }
        )
    return records


def ranking_deck(ranked: pd.DataFrame, base: Sequence[pdk.Layer], lang: str, selected: str | None = None) -> pdk.Deck:
    """The facilities coloured by rank class over the offline basemap."""
    return points_deck(facility_points(ranked, lang, selected), base)


def points_deck(records: list[dict], base: Sequence[pdk.Layer]) -> pdk.Deck:
    """Facility records (facility_id, position, color, line, radius, tooltip; user text
    through ``deck_text``) as a pickable layer over the offline basemap."""
    points = pdk.Layer(
        "ScatterplotLayer",
        records,
        id=FACILITIES_LAYER,
        pickable=True,
        get_position="position",
        get_fill_color="color",
        get_line_color="line",
        get_radius="radius",
        radius_min_pixels=5,
        radius_max_pixels=14,
        stroked=True,
        line_width_min_pixels=1,
    )
    return pdk.Deck(
        layers=[*base, points],
        initial_view_state=VIEW,
        map_provider=None,
        map_style=NO_MAP_STYLE,
        tooltip={"text": "{tooltip}"},
    )


def legend_markdown(count: int, lang: str) -> str:
    """The colour legend as Streamlit markdown (our own text only, no user text)."""
    parts = []
    for klass, color in enumerate(CLASS_MARKDOWN):
        first = klass * count // len(CLASS_MARKDOWN) + 1
        last = (klass + 1) * count // len(CLASS_MARKDOWN)
        if first <= last:
            parts.append(f":{color}[●] {t('maps.ranks', lang, first=first, last=last)}")
    return t("maps.legend", lang) + " " + " · ".join(parts)


def selected_facility(event: object) -> str | None:
    """The facility_id of the point clicked on the map, if any."""
    selection = getattr(event, "selection", None) or {}
    objects = selection.get("objects", {}).get(FACILITIES_LAYER, [])
    return objects[0]["facility_id"].lstrip("\u200b") if objects else None


def ranking_map(deck: pdk.Deck, key: str = "ranking_map") -> str | None:
    """Draw the deck; returns the facility clicked (single selection) or None."""
    return selected_facility(st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key=key))
