"""Plotly figure builders (pure) for contributions, rank shifts and breakdowns.

Plotly reads a few HTML-like tags in text, so every name from the inventory goes through
``plotly_text`` (escaped, shown literally).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from tmf.i18n import t
from tmf.methodology import Profile

CRITERION_COLORS = (
    "#8c2d04",
    "#cc4c02",
    "#ec7014",
    "#fe9929",
    "#fec44f",
    "#a6761d",
    "#2b8cbe",
    "#74a9cf",
    "#016c59",
    "#7a0177",
)


def plotly_text(value: object) -> str:
    """User text safe for Plotly labels (tags escaped, so they show as typed)."""
    return html.escape("" if value is None else str(value), quote=False)


def facility_label(row: pd.Series) -> str:
    return f"{int(row['rank'])}. {plotly_text(row['name'])}"


def contributions_figure(ranked: pd.DataFrame, profile: Profile, index: str, lang: str) -> go.Figure:
    """Stacked horizontal bars: each facility's score split into criterion contributions."""
    labels = [facility_label(row) for _, row in ranked.iterrows()]
    figure = go.Figure()
    for color, key in zip(CRITERION_COLORS, profile.keys_of(index), strict=False):
        figure.add_bar(
            y=labels,
            x=ranked[f"c_{key}"],
            name=t(f"criteria.{key}.label", lang),
            orientation="h",
            marker_color=color,
            hovertemplate="%{y}<br>%{fullData.name}: %{x:.2f}<extra></extra>",
        )
    figure.update_layout(
        barmode="stack",
        title=t("charts.contributions_title", lang, index=t(f"controls.index_{index}", lang)),
        xaxis_title=t("ranking.score", lang),
        yaxis={"autorange": "reversed"},
        height=120 + 28 * len(ranked),
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        legend={"orientation": "h", "y": -0.15},
    )
    return figure


def rank_shift_figure(ranked: pd.DataFrame, lang: str) -> go.Figure:
    """Places each facility moved compared with the official (equal-weight) ranking."""
    labels = [facility_label(row) for _, row in ranked.iterrows()]
    shift = ranked["rank_shift"]
    colors = ["#1a9850" if s > 0 else "#d73027" if s < 0 else "#999999" for s in shift]
    figure = go.Figure(
        go.Bar(y=labels, x=shift, orientation="h", marker_color=colors, hovertemplate="%{y}: %{x:+d}<extra></extra>")
    )
    figure.update_layout(
        title=t("charts.rank_shift_title", lang),
        xaxis_title=t("charts.rank_shift_axis", lang),
        yaxis={"autorange": "reversed"},
        height=120 + 24 * len(ranked),
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
    )
    return figure


def breakdown_figure(facility: pd.Series, profile: Profile, lang: str) -> go.Figure:
    """One facility's sub-scores, hazard (THI) and exposure (TRI) criteria coloured apart."""
    keys = list(profile.keys)
    figure = go.Figure(
        go.Bar(
            x=[t(f"criteria.{k}.label", lang) for k in keys],
            y=[facility[f"s_{k}"] for k in keys],
            marker_color=["#cc4c02" if profile.criterion(k).group == "thi" else "#2b8cbe" for k in keys],
            hovertemplate="%{x}: %{y:.3f}<extra></extra>",
        )
    )
    figure.update_layout(title=t("charts.breakdown_title", lang), yaxis_title=t("charts.sub_score", lang), height=360)
    return figure
