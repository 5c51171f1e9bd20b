"""Presentation mode: which slide the link shows, moving between slides, the language
switch during the talk, and what each slide needs from the cache and the store.

The slide lives in the URL (``slide=3``) next to the view, so a link reproduces the slide.
The previous/next buttons carry the keys a presenter uses: the arrow keys, and Page Up /
Page Down, which is what a presenter's clicker sends (Streamlit button shortcuts; the
Page buttons are hidden, their keys still work).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

import cache
from components import hotspot_view, maps, slides
from session import controls, keys, pages
from tmf.i18n import LANGUAGE_NAMES, LANGUAGES, format_number, t
from tmf.problems import Problem
from tmf.robustness import Settings
from tmf.screening import CurrentView
from tmf.store import scenarios as scenario_store
from tmf.store.audit import last_inventory_change
from tmf.store.engine import database_url
from tmf.transboundary import HotspotRule
from tmf.view import View, to_query

SLIDE = "slide"
ROBUSTNESS = Settings(samples=1_000, uncertainty=0.5, top=slides.TOP, seed=1)


def slide_number(view: View, count: int) -> tuple[int, list[Problem]]:
    """The link's slide (1 to ``count``); 1 with a problem for anything else."""
    raw = view.extra.get(SLIDE)
    if raw is None:
        return 1, []
    text = str(raw).strip()
    if text.isdigit() and 1 <= int(text) <= count:
        return int(text), []
    return 1, [Problem("link_bad_value", {"name": SLIDE, "value": text})]


def open_link(view: View, lang: str) -> None:
    """The Ranking page's link into the presentation of its view (first slide)."""
    query = {k: v for k, v in to_query(view).items() if k != "lang"} | {SLIDE: "1"}
    pages.link("present", t("present.open", lang), lang, query, icon=":material/slideshow:")


def hotspot_rule() -> HotspotRule:
    """The hotspot distances of the link (controls seeded them into the session)."""
    default = HotspotRule()
    values = {
        field: float(st.session_state.get(key, getattr(default, field)))
        for key, field, _, _ in controls.RULE_SLIDERS.values()
    }
    return replace(default, **values)


def _go(number: int) -> None:
    st.query_params[SLIDE] = str(number)


def _set_language(lang: str) -> None:
    st.session_state[keys.LANG] = lang


def navigation(number: int, count: int, view: View, lang: str) -> None:
    """Previous/next (arrow keys, Page Up/Down), "3 / 6", the language and the way out."""
    bar = st.container(horizontal=True, vertical_alignment="center")
    back, forward = max(number - 1, 1), min(number + 1, count)
    for key, label, target, shortcut in (
        ("present_previous", t("present.previous", lang), back, "Left"),
        ("present_next", t("present.next", lang), forward, "Right"),
        ("present_page_up", t("present.previous", lang), back, "PageUp"),
        ("present_page_down", t("present.next", lang), forward, "PageDown"),
    ):
        bar.button(label, key=key, on_click=_go, args=(target,), disabled=target == number, shortcut=shortcut)
    bar.markdown(t("present.counter", lang, number=number, count=count))
    for code in LANGUAGES:
        kind = "primary" if code == lang else "tertiary"
        bar.button(LANGUAGE_NAMES[code], key=f"present_lang_{code}", on_click=_set_language, args=(code,), type=kind)
    with bar:
        query = {k: v for k, v in to_query(view).items() if k != "lang"}
        pages.link("ranking", t("present.exit", lang), lang, query, icon=":material/close:")


def show_slide(name: str, current: CurrentView, lang: str) -> None:
    """Gather what slide ``name`` needs and draw it."""
    {
        "overview": _overview,
        "top": _top,
        "moves": _moves,
        "hotspots": _hotspots,
        "scenarios": _scenarios,
        "robustness": _robustness,
    }[name](current, lang)


def _data_date() -> str | None:
    changed = last_inventory_change(cache.engine(database_url()))
    return f"{changed:%Y-%m-%d}" if changed else None


def _overview(current: CurrentView, lang: str) -> None:
    ranked, profile = current.ranked, current.shown.profile
    facts = (
        (t("present.facilities", lang), format_number(len(ranked), lang)),
        (t("present.countries", lang), format_number(ranked["country"].nunique(), lang)),
        (t("present.hotspots", lang), format_number(int(ranked["transboundary"].sum()), lang)),
        (t("present.index", lang), current.index.upper()),
    )
    date = _data_date()
    status = t(f"briefing.status_{'provisional' if profile.status == 'provisional' else 'confirmed'}", lang)
    changes = slides.weight_changes(profile, current.weights, lang)
    weights = "weights_changed_count" if changes else "weights_official"
    lines = (
        t("present.first_three", lang, names=slides.first_three(ranked, lang)),
        t("present.data_date", lang, date=date) if date else t("present.data_date_unknown", lang),
        t("present.methodology", lang, version=profile.version, status=status),
        t(f"present.{weights}", lang, count=len(changes)),
        t("present.illustrative", lang),
    )
    slides.overview_slide(facts, lines, lang)


def _top(current: CurrentView, lang: str) -> None:
    ranked = current.ranked
    deck = maps.ranking_deck(ranked, cache.basemap(), lang, size=slides.TOP_MAP_SIZE)
    slides.top_slide(slides.top_table(ranked, cache.geodata(), lang), deck, len(ranked), current.index, lang)


def _moves(current: CurrentView, lang: str) -> None:
    entered, left = current.moves(slides.TOP)
    slides.moves_slide(entered, left, slides.weight_changes(current.shown.profile, current.weights, lang), lang)


def _hotspots(current: CurrentView, lang: str) -> None:
    ranked, geo = current.ranked, cache.geodata()
    deck = hotspot_view.hotspot_deck(ranked, cache.basemap(), lang, size=slides.HOTSPOT_MAP_SIZE)
    summary = slides.affected_summary(ranked, geo, lang)
    slides.hotspots_slide(summary, slides.hotspot_table(ranked, geo, lang), deck, lang)


def _scenarios(current: CurrentView, lang: str) -> None:
    profile = current.shown.profile
    stored = scenario_store.list_scenarios(cache.engine(database_url()))
    weightings = [(t("present.current_view", lang), dict(current.weights))]
    for scenario in stored:
        name = t("scenarios.official_name", lang) if scenario.official else scenario.name
        weightings.append((name, scenario.weights(profile)))
    slides.scenarios_slide(slides.scenario_table(current.shown, weightings, current.weights, current.index, lang), lang)


def _robustness(current: CurrentView, lang: str) -> None:
    settings = replace(ROBUSTNESS, top=min(slides.TOP, len(current.ranked)))
    result = cache.robustness(current.shown, current.weights, current.index, settings, (), lang)
    note = t(
        "present.robustness_note",
        lang,
        samples=format_number(result.samples, lang),
        percent=format_number(100 * result.uncertainty, lang),
        seed=result.seed,
        top=result.top,
    )
    slides.robustness_slide(slides.robustness_table(result, current.ranked, lang), note, result.top, lang)


def write_url(view: View, number: int, rule: HotspotRule) -> None:
    """The view and the slide in the URL; the slide is not carried to the other pages."""
    controls.write_url(view, {SLIDE: str(number)} | controls.rule_params(rule))
    st.session_state.get(keys.REMEMBERED_QUERY, {}).pop(SLIDE, None)
