"""Layers the user switches on over the Ranking map, so one picture answers "who is on top,
how sure are we, and whose water does it reach": each facility's rank band, its
transboundary path, and its rank change against a chosen saved weighting.

Pure builders: each returns (underlays, overlays, legend entries) for
components.maps.ranking_deck, positioned on the same (spread) points as the facilities.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pydeck as pdk
from pydeck.types import String

from components.hotspot_view import PATH_COLOR, path_layer
from components.map_labels import LegendEntry, text_layer
from components.scenario_maps import DOWN, UP
from tmf.i18n import t

LAYERS = ("band", "path", "change")
BAND_COLOR = (70, 70, 70)
BAND_LABELLED = 10  # the band is written beside the facilities ranked this or better
Layers = tuple[list[pdk.Layer], list[pdk.Layer], list[LegendEntry]]


def _positions(points: Sequence[dict]) -> dict[str, list[float]]:
    return {str(p["facility_id"]).lstrip("\u200b"): p["position"] for p in points}


def band_layers(points: Sequence[dict], ranked: pd.DataFrame, bands: pd.DataFrame, vary: str, lang: str) -> Layers:
    """A ring around each facility, the wider its rank band (5th–95th percentile) the larger,
    and the band written beside the first BAND_LABELLED. bands: tmf.information.rank_bands;
    vary: which source's band (weights, data or both)."""
    at = _positions(points)
    rows = ranked[["facility_id", "rank"]].merge(bands, on="facility_id", how="inner", suffixes=("", "_study"))
    low, high = rows[f"rank_p05_{vary}"].astype(int), rows[f"rank_p95_{vary}"].astype(int)
    rings, labels = [], []
    for facility_id, rank, first, last in zip(rows["facility_id"], rows["rank"], low, high, strict=True):
        position = at.get(str(facility_id))
        if position is None:
            continue
        rings.append({"position": position, "radius": 9 + 1.5 * min(last - first, 12)})
        if rank <= BAND_LABELLED:
            labels.append({"position": position, "text": f"{first}–{last}", "offset": [9, 9], "color": [*BAND_COLOR]})
    ring_layer = pdk.Layer(
        "ScatterplotLayer",
        rings,
        id="rank_band_rings",
        get_position="position",
        get_radius="radius",
        radius_units=String("pixels"),
        filled=False,
        stroked=True,
        get_line_color=[*BAND_COLOR, 200],
        line_width_min_pixels=2,
        pickable=False,
    )
    label_layer = text_layer("rank_band_labels", labels, 12, background=True, get_background_color=[255, 255, 255, 200])
    ring = LegendEntry(t("decisions.map_band", lang), BAND_COLOR, "○")  # as wide as the other entries' ●
    return [ring_layer], [label_layer], [ring]


def path_layers(ranked: pd.DataFrame, lang: str) -> Layers:
    """Each transboundary facility's downstream path to the border (components.hotspot_view)."""
    hot = ranked[ranked["transboundary"].fillna(False).astype(bool)] if "transboundary" in ranked else ranked.iloc[:0]
    paths = hot["path"].tolist() if "path" in hot else [None] * len(hot)
    entry = LegendEntry(t("maps.downstream_path", lang), PATH_COLOR, "━")
    return [path_layer(hot["facility_id"].astype(str).tolist(), paths)], [], [entry]


def change_layers(points: Sequence[dict], ranked: pd.DataFrame, saved_ranks: pd.Series, lang: str) -> Layers:
    """Places moved against a saved weighting written beside each facility that moved:
    "+3" (vermillion) when the current weighting ranks it 3 places higher than the saved
    one, "−2" (blue) when lower. saved_ranks: rank under the saved weighting by facility_id."""
    at = _positions(points)
    labels = []
    for facility_id, rank in zip(ranked["facility_id"].astype(str), ranked["rank"], strict=True):
        if facility_id not in saved_ranks.index or facility_id not in at:
            continue
        change = int(saved_ranks[facility_id]) - int(rank)
        if change:
            color = UP if change > 0 else DOWN
            text = f"+{change}" if change > 0 else f"−{-change}"
            labels.append({"position": at[facility_id], "text": text, "offset": [-9, -9], "color": [*color]})
    layer = text_layer(
        "rank_change_labels",
        labels,
        13,
        font_weight=700,
        get_text_anchor=String("end"),
        background=True,
        get_background_color=[255, 255, 255, 215],
    )
    legend = [LegendEntry(t("decisions.map_up", lang), UP, "+"), LegendEntry(t("decisions.map_down", lang), DOWN, "−")]
    return [], [layer], legend


def combined(parts: Sequence[Layers]) -> Layers:
    """The underlays, overlays and legend entries of several layers, in order."""
    return [u for p in parts for u in p[0]], [o for p in parts for o in p[1]], [e for p in parts for e in p[2]]
