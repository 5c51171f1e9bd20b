"""Presentation mode: which slide the link shows, moving between slides, the language
switch during the talk, and what each slide needs from the cache and the store.

The slide lives in the URL (``slide=3``) next to the view, so a link reproduces the slide.
The previous/next buttons carry the keys a presenter uses: the arrow keys, and Page Up /
Page Down, which is what a presenter's clicker sends (Streamlit button shortcuts; the
Page buttons are hidden, their keys still work).

A link that names a workshop (``workshop=CODE``, as on the Workshop page) adds the room's
live slide after the others: the answers so far, the room's weights and the first
facilities under them, re-read every few seconds (a fragment), with no control on it.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

import cache
from components import hotspot_view, maps, slides, workshop_view
from session import controls, keys, pages
from session import workshop as workshop_session
from tmf.i18n import LANGUAGE_NAMES, LANGUAGES, format_date, format_number, t
from tmf.problems import Problem
from tmf.robustness import Settings
from tmf.screening import CurrentView
from tmf.store import scenarios as scenario_store
from tmf.store import workshops
from tmf.store.audit import last_inventory_change
from tmf.store.engine import database_url
from tmf.transboundary import HotspotRule
from tmf.view import View, to_query

SLIDE = "slide"
WORKSHOP = workshop_session.PARAM
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


def workshop_from_link(view: View) -> tuple[View, workshops.Workshop | None, list[Problem]]:
    """The workshop the link names (None without one); an unknown code is reported and
    dropped from the view, so the other slides still show."""
    code = view.extra.get(WORKSHOP)
    if code is None:
        return view, None, []
    workshop = workshops.find_workshop(cache.engine(database_url()), str(code))
    if workshop is not None:
        return view, workshop, []
    kept = replace(view, extra={k: v for k, v in view.extra.items() if k != WORKSHOP})
    return kept, None, [Problem("link_bad_value", {"name": WORKSHOP, "value": str(code)[:12]})]


def workshop_link(code: str, index: str, lang: str) -> None:
    """The Workshop page's link to the room's live slide (the presentation of ``index``)."""
    query = {k: v for k, v in to_query(View(index=index)).items() if k != "lang"}
    number = slides.slide_names(workshop=True).index(slides.WORKSHOP) + 1
    pages.link("present", t("workshop.present", lang), lang, query | {WORKSHOP: code, SLIDE: str(number)})


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


def navigation(number: int, count: int, view: View, lang: str, workshop: str | None = None) -> None:
    """Previous/next (arrow keys, Page Up/Down), "3 / 6", the language and the way out (to
    the Workshop page when the presentation shows a ``workshop``)."""
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
        if workshop is not None:
            pages.link("workshop", t("present.exit", lang), lang, {WORKSHOP: workshop}, icon=":material/close:")
            return
        query = {k: v for k, v in to_query(view).items() if k != "lang"}
        pages.link("ranking", t("present.exit", lang), lang, query, icon=":material/close:")


def show_slide(name: str, current: CurrentView, lang: str, workshop: workshops.Workshop | None = None) -> None:
    """Gather what slide ``name`` needs and draw it."""
    if name == slides.WORKSHOP:
        live_workshop(workshop.code, current, _join_qr(workshop.code, lang), lang)
        return
    {
        "overview": _overview,
        "top": _top,
        "moves": _moves,
        "hotspots": _hotspots,
        "scenarios": _scenarios,
        "robustness": _robustness,
    }[name](current, lang)


def _data_date(lang: str) -> str | None:
    changed = last_inventory_change(cache.engine(database_url()))
    return format_date(changed, lang) if changed else None


def _overview(current: CurrentView, lang: str) -> None:
    ranked, profile = current.ranked, current.shown.profile
    facts = (
        (t("present.facilities", lang), format_number(len(ranked), lang)),
        (t("present.countries", lang), format_number(ranked["country"].nunique(), lang)),
        (t("present.hotspots", lang), format_number(int(ranked["transboundary"].sum()), lang)),
        (t("present.index", lang), current.index.upper()),
    )
    date = _data_date(lang)
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
    deck = maps.ranking_deck(ranked, cache.basemap(), lang, size=slides.TOP_MAP_SIZE, fit_top=slides.TOP)
    table = slides.top_table(ranked, cache.geodata(), lang)
    tied = slides.tied_note(ranked["rank"].tolist(), slides.names_of(ranked, lang), len(table), lang)
    slides.top_slide(table, deck, tied, current.index, lang)


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
        top=result.top,
    )
    table = slides.robustness_table(result, current.ranked, lang)
    order = result.table.set_index("facility_id")["rank"]
    by_id = dict(zip(current.ranked["facility_id"], slides.names_of(current.ranked, lang), strict=True))
    tied = slides.tied_note(order.tolist(), [by_id.get(i, i) for i in order.index], len(table), lang)
    slides.robustness_slide(table, note, tied, result.top, lang)


def _join_qr(code: str, lang: str) -> bytes | None:
    """The participants' QR code (as on the Workshop page); None when phones cannot reach us."""
    host = workshop_session.lan_address()
    if host is None or not workshop_session.listens_on_lan():
        return None
    link = workshop_view.participant_link(host, int(st.get_option("server.port")), code, lang)
    return workshop_view.qr_png(link, scale=4)


@st.fragment(run_every=workshop_session.REFRESH_S)
def live_workshop(code: str, current: CurrentView, qr: bytes | None, lang: str) -> None:
    """The room's live slide: the answers of the current round weighed together (the
    workshop's aggregation, the view's index and facilities), re-read every few seconds."""
    engine = cache.engine(database_url())
    workshop = workshops.get_workshop(engine, code)
    room = workshop_session.current_room(engine, workshop, current.shown, current.index)
    line = t(
        "present.workshop_line",
        lang,
        round=workshop.round,
        status=t(f"present.workshop_{workshop.status}", lang),
        aggregation=t(f"workshop.aggregation_{workshop.aggregation}", lang),
    )
    tables, tied = None, None
    if room is not None:
        profile = current.shown.profile
        ranked = room.consensus.ranked
        top = slides.top_table(ranked, cache.geodata(), lang, rows=slides.WORKSHOP_ROWS)
        tables = (slides.room_weights_table(room, profile, lang), top)
        tied = slides.tied_note(ranked["rank"].tolist(), slides.names_of(ranked, lang), len(top), lang)
    answers = format_number(room.count if room else 0, lang)
    no_qr = None if qr is not None else t("present.workshop_no_qr", lang)
    slides.workshop_slide(code, answers, line, tables, qr, current.index, lang, tied=tied, no_qr=no_qr)


def write_url(view: View, number: int, rule: HotspotRule) -> None:
    """The view and the slide in the URL; the slide and the workshop are not carried to the
    other pages."""
    controls.write_url(view, {SLIDE: str(number)} | controls.rule_params(rule))
    remembered = st.session_state.get(keys.REMEMBERED_QUERY, {})
    remembered.pop(SLIDE, None)
    remembered.pop(WORKSHOP, None)
