"""Robustness sections: the run's settings, its results (table, interval chart, map), the
tipping points with a tornado chart, and the compact band on the Ranking page.

A run starts with a button; afterwards the results follow the widgets and the weights
(each run is cached in cache.robustness, with a progress bar while it works).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import pandas as pd
import streamlit as st

import cache
from components import maps, scenario_charts, scenario_maps, tables, user_text
from session import decisions, downloads, keys, pages
from tmf.i18n import format_number, t
from tmf.problems import ProblemError
from tmf.ranking import ScoredInventory
from tmf.robustness import MAX_SEED, SOURCES, RobustnessResult, Settings
from tmf.sensitivity import one_at_a_time, tipping_points, tipping_sentence
from tmf.store.scenarios import StoredScenario, weight_matrix
from tmf.view import View, to_query

DEFAULT_SEED = 1
SAMPLE_CHOICES = (1_000, 5_000, 10_000)
RANKING_SAMPLES, RANKING_TOP = 1_000, 10


def settings_widgets(facilities: int, lang: str) -> Settings:
    """What varies, source, uncertainty, samples, seed and top N of the Scenarios page's run."""
    vary = decisions.vary_choice("robustness_vary", lang)
    first, second = st.columns(2), st.columns(3)
    source = first[0].radio(
        t("robustness.source", lang),
        SOURCES,
        key="robustness_source",
        format_func=lambda s: t(f"robustness.source_{s}", lang),
        help=t("robustness.source_help", lang),
    )
    percent = first[1].slider(
        t("robustness.uncertainty", lang),
        0,
        100,
        50,
        step=5,
        key="robustness_uncertainty",
        disabled=source != "uniform" or vary == "data",
    )
    samples = second[0].selectbox(
        t("robustness.samples", lang),
        SAMPLE_CHOICES,
        key="robustness_samples",
        format_func=lambda n: format_number(n, lang),
        placeholder=t("widgets.choose", lang),
    )
    seed = second[1].number_input(
        t("robustness.seed", lang),
        0,
        MAX_SEED,
        DEFAULT_SEED,
        key="robustness_seed",
        help=t("robustness.seed_help", lang),
    )
    top = second[2].number_input(
        t("robustness.top", lang), 1, max(facilities, 1), min(10, facilities), key="robustness_top"
    )
    return Settings(
        samples=int(samples), uncertainty=percent / 100, top=int(top), seed=int(seed), source=source, vary=vary
    )


def run_once_requested(button_key: str, lang: str) -> bool:
    """The run button; True from its first press on (the flag lives in session state)."""
    flag = keys.requested(button_key)
    if st.button(t("robustness.run", lang), key=button_key, type="primary"):
        st.session_state[flag] = True
    return bool(st.session_state.get(flag))


def compute(
    scored: ScoredInventory,
    weights: Mapping[str, float],
    index: str,
    settings: Settings,
    stored: Sequence[StoredScenario],
    lang: str,
) -> RobustnessResult | None:
    """The cached run, or None after showing why it cannot run (one saved weighting only)."""
    spread = ()
    if settings.source == "scenarios":
        spread = tuple(map(tuple, weight_matrix(stored, scored.profile, index)))
    try:
        return cache.robustness(scored, weights, index, settings, spread, lang)
    except ProblemError as error:
        for message in error.messages(lang):
            st.warning(user_text.markdown_literal(message))
        return None


def used_settings(result: RobustnessResult, spread: int, lang: str) -> str:
    """One sentence on how the run drew its weights, with the seed (our text only)."""
    if result.source == "uniform":
        how = t("robustness.source_uniform_short", lang, percent=format_number(100 * result.uncertainty, lang))
    else:
        how = t("robustness.source_scenarios_short", lang, count=spread)
    return t("robustness.settings_used", lang, samples=format_number(result.samples, lang), how=how, seed=result.seed)


def result_table(result: RobustnessResult, lang: str) -> tuple[pd.DataFrame, dict]:
    """The per-facility statistics for st.dataframe: percentages, band as "low–high"."""
    table = result.table.copy()
    band_columns = [c for c in table.columns if c.startswith("p_rank_")]
    table[["p_top", *band_columns]] = 100 * table[["p_top", *band_columns]]
    table["band"] = [f"{low}–{high}" for low, high in zip(table["rank_p05"], table["rank_p95"], strict=True)]
    table = table[["rank", "facility_id", "p_top", "band", "rank_p50", *band_columns, "name"]]
    number = st.column_config.NumberColumn
    config = {
        "rank": number(t("ranking.rank", lang), format="%d"),
        "facility_id": t("fields.facility_id", lang),
        "name": tables.name_column(lang),
        "p_top": number(
            t("robustness.p_top", lang, top=result.top),
            format="%.1f %%",
            help=t("robustness.p_top_help", lang, top=result.top),
        ),
        "band": st.column_config.TextColumn(t("robustness.band", lang), help=t("robustness.band_help", lang)),
        "rank_p50": number(t("robustness.median", lang), format="%d"),
    }
    for column in band_columns:
        first, _, last = column.removeprefix("p_rank_").partition("_")
        label = (
            t("robustness.band_rest", lang, first=first)
            if last == "plus"
            else t("robustness.band_range", lang, first=first, last=last)
        )
        config[column] = number(label, format="%.1f %%")
    return table, config


def show_results(
    result: RobustnessResult, facilities: pd.DataFrame, spread: int, lang: str, weights=None, index: str = "thi"
) -> None:
    """Caption with the seed, the table, the interval chart and the map of P(top N)."""
    st.caption(used_settings(result, spread, lang))
    if result.rank_resolution > 1:
        st.caption(t("robustness.resolution", lang, width=result.rank_resolution))
    table, config = result_table(result, lang)
    stamp = {"weights": weights, "index": index}
    downloads.shown_table(table, config, "robustness_table", lang, used_settings(result, spread, lang), **stamp)
    downloads.chart(scenario_charts.interval_figure(result.table, lang), "robustness_interval", lang, **stamp)
    st.subheader(t("robustness.map_title", lang, top=result.top), anchor=False)
    deck = scenario_maps.probability_deck(result.table, facilities, cache.basemap(), lang, result.top)
    maps.ranking_map(deck, key="robustness_map")


def tipping_table(points: pd.DataFrame, top: int, lang: str) -> pd.DataFrame:
    """The tipping points of one facility as sentences, for st.dataframe."""
    return pd.DataFrame(
        {
            t("robustness.criterion", lang): [t(f"criteria.{k}.label", lang) for k in points["criterion"]],
            t("robustness.weight_now", lang): [format_number(w, lang, 2) for w in points["weight"]],
            t("robustness.sentence", lang): [tipping_sentence(row, top, lang) for _, row in points.iterrows()],
        }
    )


def tipping_section(scored: ScoredInventory, weights: Mapping[str, float], index: str, top: int, lang: str) -> None:
    """Sentences for a chosen facility of the top N, and its tornado chart."""
    st.caption(t("robustness.tipping_intro", lang, top=top))
    points = tipping_points(scored, weights, index, top)
    names = dict(zip(points["facility_id"], points["name"], strict=False))
    ranks = dict(zip(points["facility_id"], points["rank"], strict=False))
    if st.session_state.get(keys.TIPPING_FACILITY) not in names:
        st.session_state.pop(keys.TIPPING_FACILITY, None)
    chosen = st.selectbox(
        t("robustness.tipping_facility", lang),
        list(names),
        key=keys.TIPPING_FACILITY,
        format_func=lambda i: f"{ranks[i]}. {i} — {names[i]}",
        placeholder=t("widgets.choose", lang),
    )
    rows = points[points["facility_id"] == chosen]
    title = t("robustness.tipping_facility", lang) + f": {chosen}"
    stamp = {"weights": weights, "index": index}
    downloads.shown_table(tipping_table(rows, top, lang), {}, "tipping_table", lang, title, wrap=True, **stamp)
    sensitivity = one_at_a_time(scored, weights, index)
    figure = scenario_charts.tornado_figure(sensitivity[sensitivity["facility_id"] == chosen], names[chosen], lang)
    downloads.chart(figure, "tipping_tornado", lang, **stamp)


def ranking_section(scored: ScoredInventory, weights: Mapping[str, float], index: str, lang: str) -> None:
    """The Ranking page's compact robustness band: P(top 10) and rank 5-95 % per facility."""
    label = t("robustness.ranking_expander", lang)
    with decisions.lazy_expander(label, ":material/ssid_chart:", "ranking_robustness_open") as opened:
        if not opened.open:  # closed: nothing of it is built or sent on a slider move
            return
        st.caption(t("robustness.ranking_intro", lang, samples=format_number(RANKING_SAMPLES, lang), top=RANKING_TOP))
        link = to_query(replace(View(lang=lang).with_weights(weights, scored.profile), index=index))
        pages.link("scenarios", t("robustness.to_scenarios", lang), lang, link, icon=":material/compare:")
        vary = decisions.vary_choice("ranking_robustness_vary", lang)
        percent = st.slider(t("robustness.uncertainty", lang), 0, 100, 50, step=5, key="ranking_robustness_uncertainty")
        if not run_once_requested("ranking_robustness_run", lang):
            return
        top = min(RANKING_TOP, len(scored))
        settings = Settings(samples=RANKING_SAMPLES, uncertainty=percent / 100, top=top, seed=DEFAULT_SEED, vary=vary)
        if vary != "weights":
            decisions.bands_view(scored, weights, index, settings, lang, "ranking")
            return
        result = compute(scored, weights, index, settings, (), lang)
        if result is None:
            return
        st.caption(used_settings(result, 0, lang))
        table, config = result_table(result, lang)
        columns = ["rank", "facility_id", "p_top", "band", "rank_p50", "name"]
        title = used_settings(result, 0, lang)
        downloads.shown_table(
            table[columns], config, "ranking_robustness_table", lang, title, weights=weights, index=index
        )
