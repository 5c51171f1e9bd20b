"""Plotly builders (pure) for scenarios: slope chart of two rankings, rank bands, tornado.

Facility and scenario names are user text: every label goes through charts.plotly_text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.charts import plotly_text
from tmf.i18n import t

UP, DOWN, SAME = "#1a9850", "#d73027", "#999999"
MARGIN = {"l": 10, "r": 10, "t": 50, "b": 40}


LABEL_LENGTH = 40


def short_label(rank: int, name: object) -> str:
    """ "rank. name" with the name escaped and cut to LABEL_LENGTH characters."""
    text = "" if name is None else str(name)
    text = text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1] + "…"
    return f"{int(rank)}. {plotly_text(text)}"


def _positions(comparison: pd.DataFrame, column: str) -> np.ndarray:
    """1-based row of each facility when sorted by ``column`` then facility_id, so that
    facilities sharing a rank get a line each."""
    order = np.lexsort((comparison["facility_id"].to_numpy(), comparison[column].to_numpy()))
    positions = np.empty(len(comparison), dtype=int)
    positions[order] = np.arange(1, len(comparison) + 1)
    return positions


def _segments(rows: pd.DataFrame) -> tuple[list, list]:
    """x and y of one line per facility from (0, pos_a) to (1, pos_b), None between."""
    xs, ys = [], []
    for pos_a, pos_b in zip(rows["pos_a"], rows["pos_b"], strict=True):
        xs += [0, 1, None]
        ys += [int(pos_a), int(pos_b), None]
    return xs, ys


def slope_figure(comparison: pd.DataFrame, name_a: str, name_b: str, lang: str, limit: int = 20) -> go.Figure:
    """Rank under A (left) and under B (right) of the facilities in the first ``limit`` of either.

    comparison: tmf.comparison.compare_rankings. Each facility has its own row on both
    sides (ties in facility_id order, the label shows the shared rank). Green lines rise
    (higher concern under B), red ones fall, grey ones keep their rank.
    """
    frame = comparison.assign(pos_a=_positions(comparison, "rank_a"), pos_b=_positions(comparison, "rank_b"))
    shown = frame[(frame["pos_a"] <= limit) | (frame["pos_b"] <= limit)]
    figure = go.Figure()
    for color, rows in ((UP, shown[shown["change"] > 0]), (DOWN, shown[shown["change"] < 0])):
        xs, ys = _segments(rows)
        figure.add_scatter(x=xs, y=ys, mode="lines", line={"color": color, "width": 2}, hoverinfo="skip")
    xs, ys = _segments(shown[shown["change"] == 0])
    figure.add_scatter(x=xs, y=ys, mode="lines", line={"color": SAME, "width": 1}, hoverinfo="skip")
    for x, side, position in ((0, "a", "middle left"), (1, "b", "middle right")):
        figure.add_scatter(
            x=[x] * len(shown),
            y=shown[f"pos_{side}"].tolist(),
            mode="markers+text",
            text=[short_label(r, n) for r, n in zip(shown[f"rank_{side}"], shown["name"], strict=True)],
            customdata=[
                f"{int(r)}. {plotly_text(n)}" for r, n in zip(shown[f"rank_{side}"], shown["name"], strict=True)
            ],
            textposition=position,
            marker={"color": "#444444", "size": 6},
            hovertemplate="%{customdata}<extra></extra>",
        )
    figure.update_layout(
        title=t("scenarios.slope_title", lang, n=limit),
        showlegend=False,
        xaxis={
            "tickvals": [0, 1],
            "ticktext": [plotly_text(name_a), plotly_text(name_b)],
            "range": [-1.6, 2.6],
            "showgrid": False,
            "side": "top",
        },
        yaxis={"autorange": "reversed", "showticklabels": False, "showgrid": False, "zeroline": False},
        height=140 + 20 * max(int(shown[["pos_a", "pos_b"]].to_numpy().max(initial=1)), 1),
        margin={"l": 10, "r": 10, "t": 80, "b": 20},
    )
    return figure


def interval_figure(table: pd.DataFrame, lang: str, limit: int = 30) -> go.Figure:
    """Rank band (5th to 95th percentile) and median rank of the ``limit`` best facilities.

    table: tmf.robustness.RobustnessResult.table (rows by rank). A diamond marks the rank
    under the weights as set.
    """
    shown = table.head(limit)
    labels = [f"{int(r)}. {plotly_text(n)}" for r, n in zip(shown["rank"], shown["name"], strict=True)]
    figure = go.Figure()
    figure.add_scatter(
        x=shown["rank_p50"],
        y=labels,
        mode="markers",
        name=t("robustness.median", lang),
        marker={"color": "#b23a1e", "size": 9},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": (shown["rank_p95"] - shown["rank_p50"]).tolist(),
            "arrayminus": (shown["rank_p50"] - shown["rank_p05"]).tolist(),
            "thickness": 3,
            "width": 0,
            "color": "#e69a80",
        },
        customdata=shown[["rank_p05", "rank_p95"]].to_numpy(),
        hovertemplate="%{y}<br>%{customdata[0]}–%{customdata[1]} · %{x}<extra></extra>",
    )
    figure.add_scatter(
        x=shown["rank"],
        y=labels,
        mode="markers",
        name=t("robustness.current", lang),
        marker={"symbol": "diamond-open", "color": "#333333", "size": 9},
        hovertemplate="%{y}: %{x}<extra></extra>",
    )
    figure.update_layout(
        title=t("robustness.interval_title", lang),
        xaxis={"title": t("robustness.rank_axis", lang), "rangemode": "tozero"},
        yaxis={"autorange": "reversed"},
        height=140 + 24 * max(len(shown), 1),
        margin=MARGIN,
        legend={"orientation": "h", "y": -0.12},
    )
    return figure


def tornado_figure(sensitivity: pd.DataFrame, name: str, lang: str) -> go.Figure:
    """Rank of one facility with each weight in turn at 0 and at 3, widest swing on top.

    sensitivity: the rows of tmf.sensitivity.one_at_a_time for that facility.
    """
    rows = sensitivity.assign(swing=(sensitivity["rank_at_min"] - sensitivity["rank_at_max"]).abs())
    rows = rows.sort_values("swing", ascending=False)
    labels = [t(f"criteria.{key}.label", lang) for key in rows["criterion"]]
    figure = go.Figure()
    extremes = (
        ("rank_at_min", t("robustness.at_min", lang), "#2b8cbe"),
        ("rank_at_max", t("robustness.at_max", lang), "#cc4c02"),
    )
    for column, name_of_trace, color in extremes:
        figure.add_bar(
            y=labels,
            x=(rows[column] - rows["rank"]).tolist(),
            base=rows["rank"].tolist(),
            orientation="h",
            name=name_of_trace,
            marker_color=color,
            customdata=rows[column].to_numpy(),
            hovertemplate="%{y}: %{customdata}<extra>%{fullData.name}</extra>",
        )
    if len(rows):
        figure.add_vline(x=int(rows["rank"].iloc[0]), line={"color": "#333333", "dash": "dot"})
    figure.update_layout(
        title=t("robustness.tornado_title", lang, name=plotly_text(name)),
        barmode="overlay",
        xaxis={"title": t("robustness.rank_axis", lang)},
        yaxis={"autorange": "reversed"},
        height=140 + 34 * max(len(rows), 1),
        margin=MARGIN,
        legend={"orientation": "h", "y": -0.15},
    )
    return figure
