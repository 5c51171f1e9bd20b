"""Widgets that return typed values, and the URL <-> widget synchronisation.

The URL is the source of truth for a shareable view: on a new link its values are copied
into the widgets' state once; afterwards the widgets drive and the URL is rewritten with
only the non-default values (tmf.view).
"""

from __future__ import annotations

import functools
from dataclasses import replace

import pandas as pd
import streamlit as st

from components.map_view import REGIONS
from session import keys
from tmf.i18n import LANGUAGE_NAMES, LANGUAGES, format_number, language_from_tags, normalise_language, t
from tmf.localise import commodity_symbols, country_name
from tmf.methodology import INDEXES, MAX_WEIGHT, MIN_WEIGHT, Profile
from tmf.problems import Problem
from tmf.transboundary import HotspotRule
from tmf.view import FILTERS, View, from_query, to_query

TOP_N_RANGE = (5, 40)
TOP_N_DEFAULT = 15
WEIGHT_STEP = 0.05  # the sidebar's weight sliders
# URL parameter -> (widget key, HotspotRule field, slider maximum in km, step in km)
RULE_SLIDERS = {
    "river_km": ("hotspot_river_km", "max_river_km", 3000.0, 50.0),
    "border_km": ("hotspot_border_km", "max_border_km", 200.0, 5.0),
}


def language() -> str:
    """The language chosen in the sidebar, kept in the URL on every page.

    A link's ``lang`` that differs from the one last written to the URL wins (a new link);
    without one the session's choice stays, and a new session follows the browser's
    language. st.navigation's own links drop the query string, so the language is written
    back to the URL on every run: a reload or a copied link keeps it.
    """
    in_url = st.query_params.get("lang")
    if in_url in LANGUAGES and in_url != st.session_state.get(keys.LANG_IN_URL):
        st.session_state[keys.LANG] = in_url
    elif keys.LANG not in st.session_state:
        st.session_state[keys.LANG] = browser_language()
    lang = normalise_language(st.session_state.get(keys.LANG))
    if in_url != lang:
        st.query_params["lang"] = lang
    st.session_state[keys.LANG_IN_URL] = lang
    return lang


def browser_language() -> str:
    """The browser's language (navigator.language, then Accept-Language), else English."""
    return language_from_tags(st.context.locale, st.context.headers.get("Accept-Language"))


def language_selector() -> str:
    """The sidebar's language switch (English, Russian, Kazakh)."""
    lang = language()
    st.sidebar.selectbox(
        t("app.language", lang),
        LANGUAGES,
        key=keys.LANG,
        format_func=lambda code: LANGUAGE_NAMES[code],
        placeholder=t("widgets.choose", lang),
    )
    return language()


def view_from_url(profile: Profile) -> tuple[View, list[Problem]]:
    """The link's view; on a new link its values are pushed into the widgets once.

    A page switch drops the query string: the view the user built is then restored from
    the session, so the Transboundary page shows the Ranking page's weights.
    """
    query = st.query_params.to_dict()
    remembered = st.session_state.get(keys.REMEMBERED_QUERY)
    if remembered and not set(query) - {"lang"}:
        query = remembered | query
        st.query_params.from_dict(query)
    view, problems = from_query(query, profile)
    if st.session_state.get(keys.APPLIED_QUERY) != query:
        weights = profile.default_weights | view.weight_map()
        for key, value in weights.items():
            st.session_state[keys.weight(key)] = value
        st.session_state[keys.INDEX] = view.index
        for name in FILTERS:
            st.session_state[keys.filter_(name)] = list(getattr(view, name))
        if view.top is None:
            st.session_state.pop(keys.TOP_N, None)
        else:
            st.session_state[keys.TOP_N] = view.top
        problems += _seed_hotspot_rule(query)
        st.session_state[keys.APPLIED_QUERY] = query
    return view, problems


def write_url(view: View, page_params: dict[str, str] | None = None) -> None:
    """Rewrite the URL to describe ``view`` and the page's own parameters."""
    view = replace(view, lang=language())
    known = set(RULE_SLIDERS)
    query = to_query(view) | {k: v for k, v in view.extra.items() if k not in known} | (page_params or {})
    query["lang"] = view.lang  # always, even English: language() keeps it in the URL
    if st.query_params.to_dict() != query:
        st.query_params.from_dict(query)
    st.session_state[keys.APPLIED_QUERY] = query
    st.session_state[keys.REMEMBERED_QUERY] = {k: v for k, v in query.items() if k != "lang"}


def _seed_hotspot_rule(query: dict[str, str]) -> list[Problem]:
    """Put the link's hotspot distances into their sliders; report bad ones."""
    problems, default = [], HotspotRule()
    for name, (key, field, high, _) in RULE_SLIDERS.items():
        value = getattr(default, field)
        if name in query:
            try:
                value = float(query[name])
                if not 0 <= value <= high:
                    raise ValueError(value)
            except ValueError:
                problems.append(Problem("link_bad_value", {"name": name, "value": query[name]}))
                value = getattr(default, field)
        st.session_state[key] = value
    return problems


def hotspot_rule(lang: str) -> HotspotRule:
    """Sliders for the hotspot distances (km along the rivers, km to a border)."""
    values, default = {}, HotspotRule()
    for name, (key, field, high, step) in RULE_SLIDERS.items():
        st.session_state.setdefault(key, getattr(default, field))
        values[field] = stepped_slider(
            t(f"transboundary.{name}_slider", lang),
            key,
            (0.0, high, step),
            lang,
            help=t(f"transboundary.{name}_help", lang),
        )
    return replace(default, **values)


def rule_params(rule: HotspotRule) -> dict[str, str]:
    """The hotspot distances that differ from the default, as URL parameters."""
    default = HotspotRule()
    return {
        name: f"{getattr(rule, field):g}"
        for name, (_, field, _, _) in RULE_SLIDERS.items()
        if getattr(rule, field) != getattr(default, field)
    }


def _reset_weights(profile: Profile) -> None:
    for key, value in profile.default_weights.items():
        st.session_state[keys.weight(key)] = value


def weight_sliders(profile: Profile, lang: str) -> dict[str, float]:
    """One slider per criterion (0 to 3), hazard and exposure groups, and a reset button."""
    weights = {}
    for group in ("thi", "exposure"):
        st.caption(t(f"controls.group_{group}", lang))
        for criterion in (c for c in profile.criteria if c.group == group):
            st.session_state.setdefault(keys.weight(criterion.key), criterion.default_weight)
            weights[criterion.key] = weight_slider(
                t(f"criteria.{criterion.key}.label", lang),
                keys.weight(criterion.key),
                WEIGHT_STEP,
                lang,
                help=t(f"criteria.{criterion.key}.help", lang),
            )
    st.button(t("controls.reset", lang), key="reset_weights", on_click=_reset_weights, args=(profile,))
    return weights


def weight_slider(label: str, key: str, step: float, lang: str, help: str | None = None) -> float:
    """A weight from 0 to 3 in steps of ``step``, written with two decimals."""
    return stepped_slider(label, key, (MIN_WEIGHT, MAX_WEIGHT, step), lang, digits=2, help=help)


def stepped_slider(
    label: str, key: str, steps: tuple[float, float, float], lang: str, digits: int = 0, help: str | None = None
) -> float:
    """A slider from ``low`` to ``high`` by ``step`` (``steps``) whose value is written with
    the language's marks (1,00 and 1 000 in ru and kk; Streamlit's own slider can only print
    1.00 and 1000). A value off the steps (from a shared link) is kept exactly: it becomes
    one more position of the slider."""
    positions = slider_positions(steps, st.session_state.get(key))
    return st.select_slider(
        label, positions, key=key, help=help, format_func=lambda value: _number_text(value, lang, digits)
    )


def slider_positions(steps: tuple[float, float, float], current: object = None) -> list[float]:
    """The positions ``low`` to ``high`` by ``step``, plus ``current`` where it falls between."""
    low, high, step = steps
    positions = {round(low + i * step, 4) for i in range(round((high - low) / step) + 1)}
    if isinstance(current, int | float) and low <= current <= high:
        positions.add(float(current))
    return sorted(positions)


@functools.lru_cache(maxsize=8192)
def _number_text(value: float, lang: str, digits: int) -> str:
    return format_number(value, lang, digits)  # Babel: ~60 us a call, up to 61 positions a slider


def index_choice(lang: str) -> str:
    """THI (hazard only) or TRI (hazard and exposure)."""
    st.session_state.setdefault(keys.INDEX, INDEXES[0])
    return st.radio(
        t("controls.index", lang),
        INDEXES,
        key=keys.INDEX,
        horizontal=True,
        format_func=lambda index: t(f"controls.index_{index}", lang),
    )


def _value_label(name: str, lang: str):
    """How a filter shows its values: statuses and countries in words, commodities as symbols
    (an abbreviation that is a word, REE, in ``lang``)."""
    if name == "status":
        return lambda value: t(f"values.status.{value}", lang)
    if name == "country":
        return lambda code: country_name(code, lang)
    return lambda value: commodity_symbols(value, lang)


def filters(facilities: pd.DataFrame, lang: str, stacked: bool = False) -> dict[str, list[str]]:
    """Multiselects for country, status and commodity; the values present in the inventory.

    Side by side, or one under the other (``stacked``, for the sidebar)."""
    chosen = {}
    columns = [st.container() for _ in FILTERS] if stacked else st.columns(len(FILTERS))
    for column, name in zip(columns, FILTERS, strict=True):
        options = sorted(v for v in facilities[name].dropna().unique() if str(v).strip())
        key = keys.filter_(name)
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options]
        label_of = _value_label(name, lang)
        chosen[name] = column.multiselect(
            t(f"controls.filter_{name}", lang),
            options,
            key=key,
            format_func=label_of,
            placeholder=t("widgets.choose_many", lang),
        )
    return chosen


def top_n(count: int) -> int:
    """The top N the page shows (charts, briefing): the link's or the slider's, kept within
    the slider's range for ``count`` facilities (5 to 40; 15 by default)."""
    most = max(TOP_N_RANGE[0], min(TOP_N_RANGE[1], count))
    chosen = st.session_state.get(keys.TOP_N, min(TOP_N_DEFAULT, most))
    st.session_state[keys.TOP_N] = max(TOP_N_RANGE[0], min(most, int(chosen)))
    return st.session_state[keys.TOP_N]


def top_slider(count: int, lang: str, container=st) -> int:
    """The slider of the top N (after ``top_n`` settled its value)."""
    most = max(TOP_N_RANGE[0], min(TOP_N_RANGE[1], count))
    top_n(count)
    return container.slider(t("ranking.top_n", lang), TOP_N_RANGE[0], most, key=keys.TOP_N)


def view_top(top: int) -> int | None:
    """What the link keeps of the top N: nothing for the default."""
    return None if top == TOP_N_DEFAULT else top


def region_choice(lang: str, key: str) -> str:
    """A selectbox of the map's regions (components.map_view.REGIONS, translated names);
    the chosen key for the decks' ``region=``."""
    return st.selectbox(
        t("maps.region", lang), list(REGIONS), key=key, format_func=lambda name: t(f"maps.region_{name}", lang)
    )
