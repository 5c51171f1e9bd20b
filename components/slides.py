"""Presentation slides: pure builders of what each slide says, and one renderer per slide.

Slides are static (no editing control): tables are ``st.table`` (user text through
``markdown_literal``, because st.table renders markdown), maps are the dashboard's own
decks (components/maps.py, components/hotspot_view.py) at a height that fits a
1366x768 projector together with the heading and the navigation bar.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import pydeck as pdk
import streamlit as st

from components import moves
from components.hotspot_view import country_name
from components.user_text import markdown_literal
from tmf.comparison import compare_rankings
from tmf.hotspots import by_affected_country
from tmf.i18n import facility_names, format_number, t
from tmf.methodology import Profile
from tmf.ranking import ScoredInventory, rank
from tmf.robustness import RobustnessResult
from tmf.transboundary import GeoData
from tmf.workshop import Room

SLIDES = ("overview", "top", "moves", "hotspots", "scenarios", "robustness")
WORKSHOP = "workshop"  # the live slide of a workshop, after the others when the link names one
TOP = 10  # the top group every slide speaks of
TABLE_ROWS = 10
HOTSPOT_ROWS = 8
SCENARIO_ROWS = 6
PER_COUNTRY = 2
MAP_HEIGHT = 540  # px at 1366x768: the top slide's map as tall as the table beside it
HOTSPOT_MAP_HEIGHT = 450  # px: the hotspot slide's map, with its caption under it
WORKSHOP_ROWS = 6  # the room's first facilities: with the headings, fits 1366x768 in every language


def slide_names(workshop: bool) -> tuple[str, ...]:
    """The slides of a presentation; a workshop's live slide comes last, so the numbers of
    the others (in links already shared) stay what they were."""
    return SLIDES + ((WORKSHOP,) if workshop else ())


# The maps' (width, height) on a 1366 px screen, the narrowest: the view fits the points
# and the legend sits in the top-left corner of a map of this size. On a larger screen the
# presentation's stylesheet (session.page_style) zooms the map whole, 1.4 times at 1920x1080.
TOP_MAP_SIZE = (700, MAP_HEIGHT)
HOTSPOT_MAP_SIZE = (580, HOTSPOT_MAP_HEIGHT)


def names_of(frame: pd.DataFrame, lang: str) -> list[str]:
    return [markdown_literal(name) for name in facility_names(frame, lang)]


def top_table(ranked: pd.DataFrame, geo: GeoData, lang: str, rows: int = TABLE_ROWS) -> pd.DataFrame:
    """Rank, facility (name in ``lang``), country and score of the first ``rows`` facilities."""
    head = ranked.head(rows)
    return pd.DataFrame(
        {
            t("ranking.rank", lang): head["rank"].astype(int).astype(str).to_numpy(),
            t("present.facility", lang): names_of(head, lang),
            t("fields.country", lang): [country_name(geo, str(c), lang) for c in head["country"]],
            t("ranking.score", lang): [format_number(s, lang, 2) for s in head["score"]],
        }
    )


def tied_note(ranks: Sequence[int], names: Sequence[str], rows: int, lang: str) -> str | None:
    """The sentence naming the facilities (``names``, markdown-safe, in rank order) that share
    the rank of the last of the first ``rows`` but do not fit in them; None when none."""
    if rows < 1 or len(ranks) <= rows:
        return None
    last = ranks[rows - 1]
    more = [name for rank, name in zip(ranks[rows:], names[rows:], strict=True) if rank == last]
    return t("present.also_tied", lang, rank=int(last), names="; ".join(more)) if more else None


def first_three(ranked: pd.DataFrame, lang: str) -> str:
    """ "1. Degmay · 2. Kara-Balta · 3. Tekeli": the first three facilities, names in ``lang``."""
    head = ranked.head(3)
    return " · ".join(f"{int(r)}. {n}" for r, n in zip(head["rank"], names_of(head, lang), strict=True))


def weight_changes(profile: Profile, weights: Mapping[str, float], lang: str) -> list[str]:
    """ "Seismic hazard: 1.00 → 0.00" for every criterion whose weight differs from the official one."""
    return [
        t(
            "present.weight_change",
            lang,
            criterion=t(f"criteria.{c.key}.label", lang),
            official=format_number(c.default_weight, lang, 2),
            weight=format_number(weights[c.key], lang, 2),
        )
        for c in profile.criteria
        if weights[c.key] != c.default_weight
    ]


def hotspot_table(ranked: pd.DataFrame, geo: GeoData, lang: str, rows: int = HOTSPOT_ROWS) -> pd.DataFrame:
    """The highest-ranked ``PER_COUNTRY`` hotspots of each country they could affect
    (countries with most hotspots first), at most ``rows`` rows."""
    grouped = by_affected_country(ranked).groupby("affected", sort=False).head(PER_COUNTRY).head(rows)
    return pd.DataFrame(
        {
            t("transboundary.affected", lang): [country_name(geo, str(c), lang) for c in grouped["affected"]],
            t("ranking.rank", lang): grouped["rank"].astype(int).astype(str).to_numpy(),
            t("present.facility", lang): names_of(grouped, lang),
            t("fields.country", lang): [country_name(geo, str(c), lang) for c in grouped["country"]],
        }
    )


def affected_summary(ranked: pd.DataFrame, geo: GeoData, lang: str) -> list[tuple[str, int]]:
    """(affected country, number of hotspots that could reach it), most first."""
    counts = by_affected_country(ranked)["affected"].value_counts()
    return [(country_name(geo, str(code), lang), int(count)) for code, count in counts.items()]


def scenario_table(
    shown: ScoredInventory,
    weightings: Sequence[tuple[str, Mapping[str, float]]],
    weights: Mapping[str, float],
    index: str,
    lang: str,
) -> pd.DataFrame:
    """Per weighting (name, weights): its first three facilities, and how many of the
    current view's top ``TOP`` it would push out of the top (tmf.comparison)."""
    rows = []
    for name, other in weightings[:SCENARIO_ROWS]:
        first = names_of(rank(shown, other, index).head(3), lang)
        comparison = compare_rankings(shown, weights, index, other, index)
        pushed_out = int(((comparison["rank_a"] <= TOP) & (comparison["rank_b"] > TOP)).sum())
        rows.append([markdown_literal(name), *(first + ["", "", ""])[:3], str(pushed_out)])
    columns = [t(f"present.{c}", lang) for c in ("weighting", "first", "second", "third")]
    columns.append(t("present.pushed_out", lang, top=TOP))
    return pd.DataFrame(rows, columns=columns)


def robustness_table(result: RobustnessResult, ranked: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The top ``result.top``: how often each stays in the top (share of the trials) and the
    5-95 % band of its places, in plain words for a room."""
    head = result.table.head(result.top)
    bands = zip(head["rank_p05"], head["rank_p95"], strict=True)
    local = dict(zip(ranked["facility_id"], facility_names(ranked, lang), strict=True))
    shares = [format_number(100 * p, lang) + " %" for p in head["p_top"]]
    return pd.DataFrame(
        {
            t("ranking.rank", lang): head["rank"].astype(int).astype(str).to_numpy(),
            t("present.facility", lang): [markdown_literal(local.get(i, i)) for i in head["facility_id"]],
            t("present.in_top_share", lang, top=result.top): shares,
            t("present.places_band", lang): [f"{lo}–{hi}" for lo, hi in bands],
        }
    )


def heading(name: str, lang: str, **params: object) -> None:
    st.header(t(f"present.{name}_title", lang, **params), anchor=False)


def static_table(frame: pd.DataFrame) -> None:
    st.table(frame, hide_index=True, border="horizontal")


def overview_slide(facts: Sequence[tuple[str, str]], lines: Sequence[str], lang: str) -> None:
    """Headline figures (label, value) and a few sentences (our own text)."""
    heading("overview", lang)
    for column, (label, value) in zip(st.columns(len(facts)), facts, strict=True):
        column.metric(label, value)
    for line in lines:
        st.markdown(line)


def top_slide(table: pd.DataFrame, deck: pdk.Deck, tied: str | None, index: str, lang: str) -> None:
    heading("top", lang, top=len(table), index=index.upper())
    left, right = st.columns([5, 6])
    with left:
        static_table(table)
    right.pydeck_chart(deck, height=MAP_HEIGHT, key="present_map")
    if tied:
        right.caption(tied)  # under the map: the table fills the left column


def moves_slide(entered: pd.DataFrame, left: pd.DataFrame, changes: Sequence[str], lang: str) -> None:
    heading("moves", lang)
    if not changes:
        st.markdown(t("present.weights_official", lang))
        st.markdown(t("present.moves_none", lang, top=TOP))
        return
    st.markdown(t("present.weights_changed", lang))
    st.markdown("\n".join(f"- {line}" for line in changes))
    moves.show_moves(entered, left, TOP, lang)


def hotspots_slide(summary: Sequence[tuple[str, int]], table: pd.DataFrame, deck: pdk.Deck, lang: str) -> None:
    heading("hotspots", lang)
    if not summary:
        st.markdown(t("present.hotspots_none", lang))
        return
    left, right = st.columns([6, 5])
    with left:
        st.markdown(" · ".join(t("present.could_reach", lang, country=c, count=n) for c, n in summary))
        static_table(table)
    right.pydeck_chart(deck, height=HOTSPOT_MAP_HEIGHT, key="present_hotspot_map")
    right.caption(t("transboundary.map_legend", lang))


def scenarios_slide(table: pd.DataFrame, lang: str) -> None:
    heading("scenarios", lang)
    static_table(table)
    if len(table) < 2:
        st.markdown(t("present.scenarios_only_official", lang))


def robustness_slide(table: pd.DataFrame, note: str, tied: str | None, top: int, lang: str) -> None:
    heading("robustness", lang, top=top)
    st.caption(note)
    with st.container(key="present_wide_table"):  # names on one line: page_style.PRESENT_CSS
        static_table(table)
    if tied:
        st.caption(tied)


def room_weights_table(room: Room, profile: Profile, lang: str) -> pd.DataFrame:
    """Per criterion: the room's weight and the middle half of the answers (q1 – q3)."""
    spread = room.spread.loc[list(profile.keys)]
    return pd.DataFrame(
        {
            t("methodology.criterion", lang): [t(f"criteria.{k}.label", lang) for k in profile.keys],
            t("workshop.room_weight", lang): [format_number(room.weights[k], lang, 2) for k in profile.keys],
            t("workshop.quartiles", lang): [
                f"{format_number(a, lang, 2)} – {format_number(b, lang, 2)}" for a, b in spread[["q1", "q3"]].to_numpy()
            ],
        }
    )


def workshop_slide(
    code: str,
    answers: str,
    line: str,
    tables: tuple[pd.DataFrame, pd.DataFrame] | None,
    qr: bytes | None,
    index: str,
    lang: str,
    tied: str | None = None,
    no_qr: str | None = None,
) -> None:
    """The room live: the heading with the round in one line, the number of answers and the
    QR code for late comers beside it (``no_qr``: why there is none), then the room's
    weights next to the first facilities under them (``tables`` is None before the first
    answer), ``tied`` naming those that share the last rank shown. One row of headings
    keeps the tables on a 1366x768 projector."""
    title, count, join = st.columns([6, 1, 1], vertical_alignment="center")
    with title:
        heading("workshop", lang, code=code)
        st.markdown(line)
    count.metric(t("workshop.answers", lang), answers)
    if qr is not None:
        join.image(qr, caption=t("workshop.qr_caption", lang), width=100)
    elif no_qr:
        join.caption(no_qr)
    if tables is None:
        st.markdown(t("workshop.waiting", lang))
        return
    weights, top = tables
    left, right = st.columns(2)
    with left:
        st.subheader(t("workshop.room_weights_title", lang), anchor=False)
        static_table(weights)
    with right:
        st.subheader(t("present.workshop_consensus", lang, top=len(top), index=index.upper()), anchor=False)
        static_table(top)
        if tied:
            st.caption(tied)
