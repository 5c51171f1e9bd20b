"""Builders for the workshop pages: the QR code, the participant link, the spread of the
room's weights (Plotly), and the tables of the room's weights, the consensus ranking and
the facilities whose rank depends most on who is asked. Only distributions are shown,
never one participant's answer next to anything that could identify them.
"""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import segno
import streamlit as st

from components import tables
from components.charts import criterion_color, plotly_text
from tmf.i18n import facility_names, format_number, t
from tmf.localise import country_name
from tmf.methodology import Profile
from tmf.workshop import Room

# The room's name columns on the presenter's page (three quarters of a 1366 px screen): this
# wide, so the columns after them stay in view, and long names wrap onto more lines
# (``NAME_CHARS`` characters a line) instead of ending mid-word.
NAME_WIDTH = 280
NAME_CHARS = 36


def participant_link(host: str, port: int, code: str, lang: str) -> str:
    """The address participants open: the code and the language at the site's root. A link
    with a code serves the participant page alone, as the navigation's only (so default)
    page, which Streamlit serves at "/" (a path would show "page not found" first)."""
    return f"http://{host}:{port}/?{urlencode({'code': code, 'lang': lang})}"


def qr_png(link: str, scale: int = 8) -> bytes:
    """The link as a QR code (PNG, error correction M), drawn here: no service involved."""
    buffer = io.BytesIO()
    segno.make(link, error="m", micro=False).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def weight_spread_figure(room: Room, profile: Profile, lang: str) -> go.Figure:
    """One box per criterion (quartiles and whiskers) with every answer as a dot, and the
    room's weight as a diamond."""
    figure = go.Figure()
    for position, key in enumerate(profile.keys):
        label = plotly_text(t(f"criteria.{key}.short", lang))
        figure.add_box(
            y=room.answers[key],
            name=label,
            marker_color=criterion_color(key, position),
            boxpoints="all",
            jitter=0.4,
            pointpos=0,
            hoverinfo="y",
            showlegend=False,
        )
    figure.add_scatter(
        x=[plotly_text(t(f"criteria.{k}.short", lang)) for k in profile.keys],
        y=[room.weights[k] for k in profile.keys],
        mode="markers",
        marker={"symbol": "diamond", "size": 13, "color": "#111111"},
        name=t("workshop.room_weight", lang),
    )
    figure.update_layout(
        title=t("workshop.spread_title", lang),
        yaxis={"title": t("workshop.weight_axis", lang), "range": [-0.1, 3.1]},
        height=400,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        xaxis={"tickangle": -45},
        legend={"orientation": "h", "y": -0.4},
    )
    return figure


def room_weights_table(room: Room, profile: Profile, lang: str) -> tuple[pd.DataFrame, dict]:
    """Per criterion: the room's weight (the spread is the chart beside it; the
    presentation's slide, with more room, adds the middle half of the answers)."""
    table = pd.DataFrame(
        {
            "criterion": [t(f"criteria.{k}.label", lang) for k in profile.keys],
            "weight": [room.weights[k] for k in profile.keys],
        }
    )
    config = {
        "criterion": st.column_config.TextColumn(t("methodology.criterion", lang), width="medium"),
        "weight": st.column_config.NumberColumn(t("workshop.room_weight", lang), format="%.2f"),
    }
    return table, config


def consensus_table(room: Room, lang: str, top: int = 15) -> tuple[pd.DataFrame, dict]:
    """The first ``top`` facilities of the consensus ranking, names in ``lang``."""
    ranked = room.consensus.ranked.head(top)
    table = pd.DataFrame(
        {
            "rank": ranked["rank"],
            "name": facility_names(ranked, lang),
            "country": [country_name(c, lang) for c in ranked["country"]],
            "score": ranked["score"],
            "rank_shift": ranked["rank_shift"],
        }
    )
    number = st.column_config.NumberColumn
    config = {
        "rank": number(t("ranking.rank", lang), format="%d"),
        "name": tables.name_column(lang, width=NAME_WIDTH),
        "country": t("fields.country", lang),
        "score": number(t("ranking.score", lang), format="%.2f"),
        "rank_shift": tables.rank_shift_column(lang),
    }
    return table, config


def depends_table(room: Room, lang: str, top: int = 8) -> tuple[pd.DataFrame, dict]:
    """The ``top`` facilities whose rank differs most between participants."""
    spread = room.rank_spread.head(top)

    def ranks(a: float, b: float) -> str:
        return format_number(a, lang, 0) if a == b else f"{format_number(a, lang, 0)} – {format_number(b, lang, 0)}"

    table = pd.DataFrame(
        {
            "name": facility_names(spread, lang),
            "country": [country_name(c, lang) for c in spread["country"]],
            "middle": [ranks(a, b) for a, b in spread[["q1", "q3"]].to_numpy()],
            "range": [ranks(a, b) for a, b in spread[["best", "worst"]].to_numpy()],
        }
    )
    config = {
        "name": tables.name_column(lang, width=NAME_WIDTH),
        "country": t("fields.country", lang),
        "middle": t("workshop.rank_range", lang),
        "range": t("workshop.best_worst", lang),
    }
    return table, config
