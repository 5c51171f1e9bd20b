"""Plotly figure builders (pure) for contributions, rank shifts and breakdowns.

Plotly reads a few HTML-like tags in text, so every name from the inventory goes through
``plotly_text`` (escaped, shown literally).
"""

from __future__ import annotations

import html
import textwrap

import pandas as pd
import plotly.graph_objects as go

from tmf.i18n import t
from tmf.localise import signed_whole
from tmf.methodology import Profile

# One colour per criterion on every chart (Tableau 10, whose colours were chosen to stay
# apart for common colour-vision deficiencies): warm colours for the hazard criteria
# (THI), cool ones for the exposure criteria the TRI adds, whose bars are also hatched, so
# the two groups differ without colour too. Neighbours in the stack alternate in lightness.
CRITERION_COLORS: dict[str, str] = {
    "capacity": "#F28E2B",
    "toxicity": "#B07AA1",
    "management": "#EDC948",
    "flood": "#9C755F",
    "seismic": "#FF9DA7",
    "dam": "#E15759",
    "population": "#4E79A7",
    "protected_area": "#59A14F",
    "water_distance": "#76B7B2",
    "transboundary": "#BAB0AC",
}
FALLBACK_COLORS = (
    "#4E79A7",
    "#F28E2B",
    "#E15759",
    "#76B7B2",
    "#59A14F",
    "#EDC948",
    "#B07AA1",
    "#FF9DA7",
    "#9C755F",
    "#BAB0AC",
)
EXPOSURE_PATTERN = "/"
TEXT_COLOR = "#1f1f1f"
TICK_SIZE = 15  # px: readable on a projector
# The text of every chart a projector shows (readable, readable_layout, figures.localised).
FONT = {"size": 15, "color": TEXT_COLOR}
TICK_FONT = {"size": TICK_SIZE, "color": TEXT_COLOR}
AXIS_TITLE_FONT = {"size": 16, "color": TEXT_COLOR}
TITLE_FONT = {"size": 18}
LEGEND_FONT = {"size": 14}
LABEL_CHARS = 30  # a facility name on a chart axis; the hover shows it whole
SHIFT_LABEL_CHARS = 26  # the rank-shift chart has half the page beside the contributions


def criterion_color(key: str, position: int = 0) -> str:
    """The criterion's colour; a criterion of another profile gets one by its position."""
    return CRITERION_COLORS.get(key, FALLBACK_COLORS[position % len(FALLBACK_COLORS)])


def criterion_pattern(profile: Profile, key: str) -> str:
    """Hatching for exposure criteria, none for hazard criteria."""
    return "" if profile.criterion(key).group == "thi" else EXPOSURE_PATTERN


def title_lines(text: str, width: int = 40) -> str:
    """A chart title broken into lines of about ``width`` characters (Plotly never wraps
    a title, so a long one is cut on a narrow column)."""
    return "<br>".join(textwrap.wrap(plotly_text(text), width)) or ""


def readable_layout(layout: dict) -> dict:
    """``layout`` (a plain dict) with dark text large enough for a projector and axis titles
    given the room they need; the same settings as ``readable``, before the figure is built."""
    layout = {**layout, "font": dict(FONT)}
    layout["title"] = {**_titled(layout.get("title")), "font": dict(TITLE_FONT)}
    layout["legend"] = {**layout.get("legend", {}), "font": dict(LEGEND_FONT)}
    for name in ("xaxis", "yaxis"):
        axis = layout.get(name, {})
        title = {**_titled(axis.get("title")), "font": dict(AXIS_TITLE_FONT)}
        layout[name] = {**axis, "automargin": True, "tickfont": dict(TICK_FONT), "title": title}
    return layout


def readable_defaults(layout: dict) -> dict:
    """``layout`` (a plain dict, changed in place) with ``readable_layout``'s text wherever
    its builder chose none, and self-sizing margins on every axis."""
    layout.setdefault("font", dict(FONT))
    layout["legend"] = {"font": dict(LEGEND_FONT), **layout.get("legend", {})}
    if isinstance(layout.get("title"), dict):
        layout["title"] = {"font": dict(TITLE_FONT), **layout["title"]}
    for name in {"xaxis", "yaxis", *(n for n in layout if n.startswith(("xaxis", "yaxis")))}:
        axis = {"tickfont": dict(TICK_FONT), **layout.get(name, {}), "automargin": True}
        if isinstance(axis.get("title"), dict):
            axis["title"] = {"font": dict(AXIS_TITLE_FONT), **axis["title"]}
        layout[name] = axis
    return layout


def _titled(title: str | dict | None) -> dict:
    return {"text": title} if isinstance(title, str) else dict(title or {})


def readable(figure: go.Figure) -> go.Figure:
    """Dark text large enough for a projector, and axis titles given the room they need."""
    axis = {"automargin": True, "tickfont": TICK_FONT, "title_font": AXIS_TITLE_FONT}
    figure.update_layout(font=FONT, title_font=TITLE_FONT, legend_font=LEGEND_FONT)
    figure.update_xaxes(**axis)
    figure.update_yaxes(**axis)
    return figure


def plotly_text(value: object) -> str:
    """User text safe for Plotly labels (tags escaped, so they show as typed)."""
    return html.escape("" if value is None else str(value), quote=False)


def facility_labels(ranked: pd.DataFrame) -> list[str]:
    """The hover text of each facility: "rank. name", whole."""
    return [f"{int(rank)}. {plotly_text(name)}" for rank, name in zip(ranked["rank"], ranked["name"], strict=True)]


def short_labels(ranked: pd.DataFrame, width: int = LABEL_CHARS) -> list[str]:
    """Axis labels "rank. name" cut to ``width`` characters so the bars keep their room;
    a cut that would make two labels equal (Plotly would merge their bars) adds the id."""
    names = ranked["name"].fillna("").astype(str)
    cut = [n if len(n) <= width else n[: width - 1].rstrip() + "…" for n in names]
    clash = pd.Series(cut).duplicated(keep=False).to_numpy()
    return [
        f"{int(rank)}. {plotly_text(c)}" + (f" ({plotly_text(fid)})" if dup else "")
        for rank, c, fid, dup in zip(ranked["rank"], cut, ranked["facility_id"], clash, strict=True)
    ]


LEGEND_DROP = 66  # px from the bars' bottom to the legend: tick numbers and the axis title fit between


# The two ranking charts are built from one plain dict, so Plotly validates each property
# once instead of again on every add_bar and update_* call (most of their building time).
def contributions_figure(ranked: pd.DataFrame, profile: Profile, index: str, lang: str) -> go.Figure:
    """Stacked horizontal bars: each facility's score split into criterion contributions."""
    labels, full = short_labels(ranked), facility_labels(ranked)
    bars = []
    for position, key in enumerate(profile.keys_of(index)):
        group = profile.criterion(key).group
        bars.append(
            {
                "type": "bar",
                "y": labels,
                "x": ranked[f"c_{key}"],
                "name": t(f"criteria.{key}.label", lang),
                "orientation": "h",
                "marker": {
                    "color": criterion_color(key, position),
                    "pattern": {"shape": criterion_pattern(profile, key), "fgcolor": "#333333"},
                    "line": {"color": "white", "width": 1},
                },
                "legendgroup": group,
                "legendgrouptitle": {"text": t(f"charts.group_{group}", lang)},
                "customdata": full,
                "hovertemplate": "%{customdata}<br>%{fullData.name}: %{x:.2f}<extra></extra>",
            }
        )
    layout = {
        "barmode": "stack",
        "title": title_lines(t("charts.contributions_title", lang, index=t(f"controls.index_{index}", lang))),
        "xaxis": {"title": t("ranking.score", lang)},
        "yaxis": {"autorange": "reversed"},
        "height": 160 + 32 * len(ranked),
        "margin": {"l": 10, "r": 10, "t": 80, "b": 40},
        # Below the x axis's numbers and title (LEGEND_DROP px under the bars, whatever their count),
        # in the bars' order from left to right (Plotly lists stacked bars the other way round).
        "legend": {
            "orientation": "h",
            "y": -LEGEND_DROP / (40 + 32 * len(ranked)),
            "yanchor": "top",
            "traceorder": "grouped",
        },
    }
    return go.Figure({"data": bars, "layout": readable_layout(layout)})


def rank_shift_figure(ranked: pd.DataFrame, lang: str) -> go.Figure:
    """Places each facility moved compared with the official (equal-weight) ranking, on an
    axis of whole places centred on 0; when none moved, the chart says so."""
    shift = ranked["rank_shift"]
    bar = {
        "type": "bar",
        "y": short_labels(ranked, SHIFT_LABEL_CHARS),
        "x": shift,
        "orientation": "h",
        "marker": {"color": ["#1a9850" if s > 0 else "#d73027" if s < 0 else "#999999" for s in shift]},
        "customdata": [f"{name}: {signed_whole(s)}" for name, s in zip(facility_labels(ranked), shift, strict=True)],
        "hovertemplate": "%{customdata}<extra></extra>",
    }
    reach = max(1, int(shift.abs().max())) if len(shift) else 1
    xaxis = {"title": title_lines(t("charts.rank_shift_axis", lang), 18), "tickangle": 0, "zeroline": True}
    xaxis |= {"range": [-reach - 0.5, reach + 0.5], "dtick": 1} if reach <= 3 else {"nticks": 5}
    layout = {
        "title": title_lines(t("charts.rank_shift_title", lang), 28),
        "xaxis": xaxis,
        "yaxis": {"autorange": "reversed"},
        "height": 140 + 30 * len(ranked),
        "margin": {"l": 10, "r": 10, "t": 80, "b": 40},
    }
    if len(shift) and not shift.any():
        note = title_lines(t("charts.rank_shift_none", lang), 16)
        layout["annotations"] = [
            {"text": note, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False, "bgcolor": "white"}
        ]
    return go.Figure({"data": [bar], "layout": readable_layout(layout)})


def breakdown_figure(facility: pd.Series, profile: Profile, lang: str) -> go.Figure:
    """One facility's sub-scores in the criteria's colours, one row per criterion (names read
    level, none cut); exposure (TRI) bars hatched."""
    keys = list(profile.keys)
    figure = go.Figure(
        go.Bar(
            y=[t(f"criteria.{k}.label", lang) for k in keys],
            x=[facility[f"s_{k}"] for k in keys],
            orientation="h",
            marker={
                "color": [criterion_color(k, i) for i, k in enumerate(keys)],
                "pattern": {"shape": [criterion_pattern(profile, k) for k in keys], "fgcolor": "#333333"},
                "line": {"color": "white", "width": 1},
            },
            hovertemplate="%{y}: %{x:.3f}<extra></extra>",
        )
    )
    figure.update_layout(
        title=title_lines(t("charts.breakdown_title", lang)),
        xaxis_title=t("charts.sub_score", lang),
        yaxis_autorange="reversed",
        height=160 + 30 * len(keys),
    )
    return readable(figure)
