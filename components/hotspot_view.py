"""Builders of the Transboundary page: the hotspot map with downstream paths, and the
table of hotspots grouped by the country they could affect."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st

from components import tables
from components.map_labels import LegendEntry
from components.map_view import ASSUMED_WIDTH, MAP_HEIGHT
from components.maps import LABELLED_RANKS, deck_text, facility_points, points_deck, rank_legend
from tmf import localise
from tmf.hotspots import by_affected_country, hotspot_reasons
from tmf.i18n import t
from tmf.rank_classes import CLASS_COLORS, rank_classes
from tmf.transboundary import GeoData

OTHER_COLOR = (150, 150, 150)
# Dark, so the path stands out from the blue rivers it follows and the red-yellow points.
PATH_COLOR = (35, 35, 35)


def hotspot_points(ranked: pd.DataFrame, lang: str, selected: str | None) -> list[dict]:
    """Hotspots coloured by rank class and drawn larger; other facilities small and grey."""
    points = facility_points(ranked, lang, selected)
    for point, hot in zip(points, ranked["transboundary"], strict=True):
        if not hot:
            point["color"], point["radius"] = [*OTHER_COLOR, 160], 5_000
    return points


def path_layer(ids: Sequence[str], paths: Sequence[object]) -> pdk.Layer:
    """Downstream paths (lists of [lon, lat]) drawn as dark lines; paths of one point are skipped."""
    records = [
        {"path": path, "facility_id": deck_text(fid)}
        for fid, path in zip(ids, paths, strict=True)
        if isinstance(path, list) and len(path) > 1
    ]
    return pdk.Layer(
        "PathLayer",
        records,
        id="downstream_paths",
        get_path="path",
        get_color=[*PATH_COLOR, 220],
        get_width=1,  # metres: the drawn width comes from the pixel limits below
        width_min_pixels=3,
        width_max_pixels=4,
        cap_rounded=True,
        joint_rounded=True,
    )


def path_legend(lang: str) -> list[LegendEntry]:
    return [
        LegendEntry(t("maps.downstream_path", lang), PATH_COLOR, "━"),
        LegendEntry(t("maps.other_facilities", lang), OTHER_COLOR),
    ]


def hotspot_deck(
    ranked: pd.DataFrame,
    geo: Mapping[str, dict | None],
    lang: str,
    selected: str | None = None,
    region: str = "all",
    size: tuple[int, int] = (ASSUMED_WIDTH, MAP_HEIGHT),
) -> pdk.Deck:
    """Basemap with rivers, each hotspot's path down its rivers to the border, the points;
    the view fits the hotspots on a map of ``size`` (width, height) px, the legend in its
    top-left corner."""
    hot = ranked[ranked["transboundary"]]
    points = hotspot_points(ranked, lang, selected)
    hot_ranks = hot["rank"].to_numpy()
    hot_points = [p for p, h in zip(points, ranked["transboundary"], strict=True) if h]
    labelled = hot_ranks <= LABELLED_RANKS
    return points_deck(
        points,
        geo,
        lang,
        legend=(t("maps.legend_title", lang), [*rank_legend(hot_ranks, lang), *path_legend(lang)]),
        region=region,
        underlays=[path_layer(hot["facility_id"].tolist(), hot["path"].tolist())],
        numbered=([p for p, shown in zip(hot_points, labelled, strict=True) if shown], hot_ranks[labelled]),
        fit=[p["position"] for p in hot_points] or None,
        size=size,
    )


FACILITY_MAP_SIZE = (ASSUMED_WIDTH, 480)  # px: the page width, a little lower than the ranking map
FACILITY_CONTEXT = 1.0  # degrees shown at least on each side of the facility: its region's cities


def facility_deck(
    ranked: pd.DataFrame,
    facility_id: str,
    geo: Mapping[str, dict | None],
    lang: str,
    size: tuple[int, int] = FACILITY_MAP_SIZE,
) -> pdk.Deck:
    """One facility, large in its rank-class colour with its rank, and its downstream path;
    the other facilities small and grey. The view fits the facility, its path and at least
    ``FACILITY_CONTEXT`` degrees around it (a room sees where it is).

    ranked: rank() output with the tracing columns (``path``), facility_id as a column.
    """
    points = facility_points(ranked, lang, selected=facility_id)
    is_this = (ranked["facility_id"] == facility_id).to_numpy()
    for point, this in zip(points, is_this, strict=True):
        if not this:
            point["color"], point["radius"] = [*OTHER_COLOR, 160], 5_000
    row = ranked[is_this]
    rank = int(row["rank"].iloc[0])
    path = row["path"].iloc[0]
    mine = [p for p, this in zip(points, is_this, strict=True) if this]
    context = [
        [lon + side * FACILITY_CONTEXT, lat + side * FACILITY_CONTEXT]
        for p in mine
        for side in (-1, 1)
        for lon, lat in [p["position"]]
    ]
    fit = [*(path if isinstance(path, list) else []), *(p["position"] for p in mine), *context]
    this_entry = LegendEntry(t("maps.this_facility", lang, rank=rank), CLASS_COLORS[rank_classes([rank])[0]])
    return points_deck(
        [*(p for p, this in zip(points, is_this, strict=True) if not this), *mine],  # this one drawn last, on top
        geo,
        lang,
        legend=(t("maps.legend_title_facility", lang), [this_entry, *path_legend(lang)]),
        underlays=[path_layer(row["facility_id"].tolist(), [path])],
        numbered=(mine, [rank]),
        fit=fit,
        size=size,
        avoid=path if isinstance(path, list) else (),  # no city name over the path
    )


def country_name(geo: GeoData, code: str, lang: str) -> str:
    names = geo.names_of(code)
    return names.get(lang) or names.get("en") or code


def affected_counts(hotspots: pd.DataFrame) -> pd.Series:
    """How many hotspots could affect each country, most first."""
    return by_affected_country(hotspots)["affected"].value_counts()


def hotspot_table(ranked: pd.DataFrame, geo: GeoData, lang: str) -> tuple[pd.DataFrame, dict]:
    """Hotspots once per affected country, with rank, distances, reason and what was entered."""
    grouped = by_affected_country(ranked)
    table = pd.DataFrame(
        {
            "affected": [country_name(geo, c, lang) for c in grouped["affected"]],
            "rank": grouped["rank"].to_numpy(),
            "facility_id": grouped["facility_id"].to_numpy(),
            "name": grouped["name"].to_numpy(),
            "reason": hotspot_reasons(grouped, lang),  # beside the name: on screen at 1366 px
            "country": [country_name(geo, c, lang) for c in grouped["country"]],
            "river_km_to_border": grouped["river_km_to_border"].to_numpy(dtype=float),
            "border_km": grouped["border_km"].to_numpy(dtype=float),
            "traced": [localise.country_list(c, lang) for c in grouped["affected_countries"]],
            "entered": [localise.country_list(c, lang) for c in grouped["downstream_countries"]],
            "disagree": np.where(grouped["countries_disagree"], "≠", ""),
        }
    )
    number = st.column_config.NumberColumn
    config = {
        "affected": t("transboundary.affected", lang),
        "rank": number(t("ranking.rank", lang), format="%d"),
        "facility_id": t("fields.facility_id", lang),
        "name": tables.name_column(lang, width=220),  # the rows wrap: the reason stays in view at 1366 px
        "reason": st.column_config.TextColumn(t("transboundary.reason", lang), width="large"),
        "country": t("fields.country", lang),
        "river_km_to_border": number(t("transboundary.river_km", lang), format="%.0f"),
        "border_km": number(t("transboundary.border_km", lang), format="%.0f"),
        "traced": t("transboundary.traced", lang),
        "entered": t("transboundary.entered", lang),
        "disagree": st.column_config.TextColumn("≠", help=t("transboundary.disagree_help", lang)),
    }
    return table, config
