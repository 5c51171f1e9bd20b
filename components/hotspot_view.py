"""Builders of the Transboundary page: the hotspot map with downstream paths, and the
table of hotspots grouped by the country they could affect."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pydeck as pdk
import streamlit as st

from components.maps import deck_text, facility_points, points_deck
from tmf.hotspots import by_affected_country, hotspot_reasons
from tmf.i18n import t
from tmf.transboundary import GeoData

OTHER_COLOR = [150, 150, 150, 150]
PATH_COLOR = [200, 30, 30, 200]


def hotspot_points(ranked: pd.DataFrame, lang: str, selected: str | None) -> list[dict]:
    """Hotspots coloured by rank class and drawn larger; other facilities small and grey."""
    points = facility_points(ranked, lang, selected)
    for point, hot in zip(points, ranked["transboundary"], strict=True):
        if not hot:
            point["color"], point["radius"] = OTHER_COLOR, 5_000
    return points


def hotspot_deck(ranked: pd.DataFrame, base: Sequence[pdk.Layer], lang: str, selected: str | None = None) -> pdk.Deck:
    """Basemap with rivers, each hotspot's path down its rivers to the border, the points."""
    hot = ranked[ranked["transboundary"]]
    paths = [
        {"path": path, "facility_id": deck_text(fid)}
        for fid, path in zip(hot["facility_id"], hot["path"], strict=True)
        if isinstance(path, list) and len(path) > 1
    ]
    path_layer = pdk.Layer(
        "PathLayer",
        paths,
        id="downstream_paths",
        get_path="path",
        get_color=PATH_COLOR,
        get_width=1,  # metres: the drawn width comes from the pixel limits below
        width_min_pixels=3,
        width_max_pixels=4,
        cap_rounded=True,
        joint_rounded=True,
    )
    return points_deck(hotspot_points(ranked, lang, selected), [*base, path_layer])


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
            "country": grouped["country"].to_numpy(),
            "river_km_to_border": grouped["river_km_to_border"].to_numpy(dtype=float),
            "border_km": grouped["border_km"].to_numpy(dtype=float),
            "reason": hotspot_reasons(grouped, lang),
            "traced": grouped["affected_countries"].to_numpy(),
            "entered": grouped["downstream_countries"].fillna("").to_numpy(),
            "disagree": np.where(grouped["countries_disagree"], "≠", ""),
        }
    )
    number = st.column_config.NumberColumn
    config = {
        "affected": t("hotspots.affected", lang),
        "rank": number(t("ranking.rank", lang), format="%d"),
        "facility_id": t("fields.facility_id", lang),
        "name": t("fields.name", lang),
        "country": t("fields.country", lang),
        "river_km_to_border": number(t("hotspots.river_km", lang), format="%.0f"),
        "border_km": number(t("hotspots.border_km", lang), format="%.0f"),
        "reason": st.column_config.TextColumn(t("hotspots.reason", lang), width="large"),
        "traced": t("hotspots.traced", lang),
        "entered": t("hotspots.entered", lang),
        "disagree": st.column_config.TextColumn("≠", help=t("hotspots.disagree_help", lang)),
    }
    return table, config
