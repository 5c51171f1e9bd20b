"""Decision sections: rank bands from the weights, the data or both; what to measure next;
what a measure buys one facility; a measures programme within a budget.

The official ranking keeps the precautionary rule (unknown = worst score); every section
here says that its ranges, effects and costs are provisional (tmf.uncertainty,
tmf.information, tmf.measures). Heavy runs are cached in cache.py.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import streamlit as st

import cache
from components import decision_map, decisions_view, hotspot_view, maps, moves, priority_view, scenario_maps, tables
from components.user_text import markdown_literal
from session import downloads, keys, pages
from session.scenario_library import display_name
from tmf.checklist import Checklist, gaps, safety_level
from tmf.i18n import facility_names, format_number, t
from tmf.information import VOI_SEED, sampling_error, voi_samples
from tmf.measures import (
    apply_measures,
    greedy_programme,
    listed_measures,
    measure_table,
    programme_of,
    safety_after,
)
from tmf.ranking import ScoredInventory, rank
from tmf.robustness import VARY, Settings
from tmf.store import scenarios as scenario_store
from tmf.store.checklists import facility_answers
from tmf.store.engine import database_url
from tmf.store.errors import StoreUnavailable

TOP = 10
DEFAULT_BUDGET = 10
NOT_ASSESSED_LINKS = 10  # links to the Checklist page under the priority matrix


def vary_choice(key: str, lang: str) -> str:
    """What the study draws: the weights (today's study), the data, or both."""
    return st.radio(
        t("decisions.vary", lang),
        VARY,
        key=key,
        horizontal=True,
        format_func=lambda v: t(f"decisions.vary_{v}", lang),
        help=t("decisions.vary_help", lang),
    )


def study_notes(lang: str) -> None:
    """The precautionary rule stays official; the data ranges are provisional."""
    st.caption(t("decisions.precaution_caption", lang))
    st.caption(t("decisions.ranges_provisional", lang))


def bands_view(
    scored: ScoredInventory,
    weights: Mapping[str, float],
    index: str,
    settings: Settings,
    lang: str,
    key: str,
    with_map: bool = True,
) -> None:
    """The bands table (the three sources when ``both`` is chosen) and the map of P(top N)
    for the chosen source."""
    study_notes(lang)
    bands = cache.rank_bands(scored, weights, index, settings, lang)
    st.caption(t("decisions.bands_used", lang, samples=format_number(settings.samples, lang), seed=bands.attrs["seed"]))
    varies = VARY if settings.vary == "both" else (settings.vary,)
    table, config = decisions_view.bands_table(bands, varies, scored.facilities, settings.top, lang)
    tables.show(table, config, key=f"{key}_bands_table", lang=lang)
    title = t("decisions.bands_title", lang)
    downloads.table(tables.headed(table, config), "rank_bands", lang, f"{key}_bands_download", title, weights, index)
    if with_map:
        chosen = decisions_view.band_result(bands, settings.vary, scored.facilities, lang)
        deck = scenario_maps.probability_deck(chosen, scored.facilities, cache.basemap(), lang, settings.top)
        maps.ranking_map(deck, key=f"{key}_bands_map")  # the legend is drawn inside the deck


def scenarios_bands(scored: ScoredInventory, weights: Mapping[str, float], index: str, settings: Settings, lang: str):
    """On the Scenarios page: the bands from each source beside the run (uniform weights only)."""
    if settings.vary == "weights":
        return
    st.subheader(t("decisions.bands_title", lang), anchor=False)
    if settings.source != "uniform":
        study_notes(lang)
        st.caption(t("decisions.bands_uniform_only", lang))
        return
    bands_view(scored, weights, index, settings, lang, "scenarios", with_map=False)


def lazy_expander(label: str, icon: str, key: str):
    """A closed expander that tells whether it is open (``.open``): opening or closing it
    reruns the page, so its contents are computed only while a user reads them, not on
    every slider move."""
    return st.expander(label, icon=icon, key=key, on_change="rerun")


def next_section(scored: ScoredInventory, weights: Mapping[str, float], index: str, lang: str) -> None:
    """The Ranking page's "collect these first" list with its CSV download."""
    top = min(TOP, len(scored))
    with lazy_expander(t("decisions.next_title", lang), ":material/fact_check:", "next_open") as opened:
        if not opened.open:
            return
        st.caption(t("decisions.next_intro", lang, top=top))
        study_notes(lang)
        found = cache.measure_next(scored, weights, index, top)
        table, config = decisions_view.next_table(found, scored.facilities, top, lang)
        if table.empty:
            st.info(t("decisions.next_none", lang))
            return
        tables.show(table, config, key="next_table", lang=lang)
        samples = voi_samples(len(scored))
        error = 100 * sampling_error(found["p_change"].to_numpy(), samples)
        st.caption(
            t(
                "decisions.next_precision",
                lang,
                samples=format_number(samples, lang),
                seed=VOI_SEED,
                error=format_number(error, lang, 1),
                apart=format_number(2 * error, lang, 1),
            )
        )
        title = t("decisions.next_title", lang)
        downloads.table(tables.headed(table, config), "measure_next", lang, "next_download", title, weights, index)


def facility_next(scored: ScoredInventory, facility_id: str, lang: str) -> None:
    """The Facility page: this facility's uncertain values, by how likely each changes the
    top N of the official ranking by THI and by TRI (official weights)."""
    top = min(TOP, len(scored))
    st.subheader(t("decisions.next_title", lang), anchor=False)
    st.caption(t("decisions.next_facility_intro", lang, top=top))
    weights = scored.profile.default_weights
    found = {index: cache.measure_next(scored, weights, index, top) for index in ("thi", "tri")}
    if not any((f["facility_id"].astype(str) == str(facility_id)).any() for f in found.values()):
        st.info(t("decisions.next_none_facility", lang))
        return
    table, config = decisions_view.facility_next_table(found, scored.facilities, facility_id, top, lang)
    tables.show(table, config, key="facility_next_table", lang=lang)
    title = f"{t('decisions.next_title', lang)}: {facility_id}"
    downloads.table(tables.headed(table, config), f"measure_next_{facility_id}", lang, "facility_next_download", title)
    study_notes(lang)


def _answers(facility_id: str) -> dict | None:
    """The facility's checklist answers ({} when none), None when the store is down."""
    try:
        return facility_answers(cache.engine(database_url()), facility_id)
    except StoreUnavailable:
        return None


def _safety(answers: dict | None, keys: list[str]) -> dict[str, tuple[float | None, float | None]]:
    """Checklist safety level now and once each measure is done; {} when the store is down."""
    if answers is None:
        return {}
    checklist = cache.checklist()
    now = safety_level(checklist, answers).overall if answers else None
    return {k: (now, safety_after(checklist, answers, [k]).overall if now is not None else None) for k in keys}


def facility_measures(scored: ScoredInventory, facility_id: str, lang: str) -> None:
    """What each measure would buy this facility (THI, default weights), and the ticked ones together."""
    effects = cache.measure_effects(scored.profile)
    st.subheader(t("decisions.measures_title", lang), anchor=False)
    st.caption(t("decisions.measures_intro", lang, total=len(scored)))
    st.caption(t("decisions.effects_provisional", lang))
    answers = _answers(facility_id)
    open_gaps = {question.key for question, _ in gaps(cache.checklist(), answers)} if answers else None
    listed = listed_measures(cache.checklist(), effects, open_gaps)
    if len(listed) > len(effects):
        st.caption(t("decisions.measures_for_gaps", lang, count=len(listed) - len(effects)))
    table = measure_table(scored, None, "thi", effects, measures=listed, facility_ids=[facility_id])
    safety = _safety(answers, list(table["measure"]))
    shown, config = decisions_view.measures_table(table, cache.checklist(), safety, lang, open_gaps)
    tables.show(shown, config, key="facility_measures_table", lang=lang, names=decisions_view.WRAPPED_NAMES)
    title = f"{t('decisions.measures_title', lang)}: {facility_id}"
    downloads.table(tables.headed(shown, config), f"measures_{facility_id}", lang, "facility_measures_download", title)
    names = {k: decisions_view.measure_name(cache.checklist(), k, lang) for k in effects}
    ticked = st.multiselect(
        t("decisions.tick_measures", lang),
        list(effects),
        key="facility_measures_pick",
        format_func=names.get,
        placeholder=t("widgets.choose_many", lang),
    )
    if ticked:
        _ticked_metrics(scored, facility_id, ticked, effects, lang)


def _ticked_metrics(scored: ScoredInventory, facility_id: str, ticked: list[str], effects, lang: str) -> None:
    """The new THI, TRI and ranks with the ticked measures, and the facility on the map at its
    new THI rank among the re-ranked facilities."""
    after = apply_measures(scored, {facility_id: ticked}, effects)
    ranked_after = {index: rank(after, None, index) for index in ("thi", "tri")}
    columns = st.columns(4)
    for position, index in enumerate(("thi", "tri")):
        before_row = rank(scored, None, index).set_index("facility_id").loc[facility_id]
        after_row = ranked_after[index].set_index("facility_id").loc[facility_id]
        change = float(after_row["score"] - before_row["score"])
        columns[2 * position].metric(
            t(f"decisions.new_{index}", lang),
            format_number(after_row["score"], lang, 2),
            format_number(change, lang, 2),
        )
        columns[2 * position + 1].metric(
            t(f"decisions.new_rank_{index}", lang),
            f"{int(after_row['rank'])} / {len(scored)}",
            int(after_row["rank"] - before_row["rank"]),
            delta_color="off",
        )
    new_rank = int(ranked_after["thi"].set_index("facility_id").loc[facility_id, "rank"])
    st.caption(t("decisions.measures_map", lang, rank=new_rank))
    deck = hotspot_view.facility_deck(ranked_after["thi"], facility_id, cache.basemap(), lang)
    maps.ranking_map(deck, key="facility_measures_map", height=hotspot_view.FACILITY_MAP_SIZE[1])


def programme_section(scored: ScoredInventory, weights: Mapping[str, float], index: str, lang: str) -> None:
    """A programme of measures within a budget of cost units (greedy), and how the top N changes."""
    top = min(TOP, len(scored))
    with lazy_expander(t("decisions.programme_title", lang), ":material/construction:", "programme_open") as opened:
        if not opened.open:
            return
        st.caption(t("decisions.programme_intro", lang, top=top))
        st.caption(t("decisions.effects_provisional", lang))
        units = cache.cost_units()
        st.caption(t("decisions.cost_units", lang, **{c: format_number(u, lang) for c, u in units.items()}))
        budget = st.number_input(t("decisions.budget", lang), 0, 10_000, DEFAULT_BUDGET, key="programme_budget")
        effects = cache.measure_effects(scored.profile)
        programme = greedy_programme(scored, weights, index, effects, float(budget), units)
        st.markdown(decisions_view.programme_summary(programme, float(budget), lang))
        if programme.empty:
            return
        table, config = decisions_view.programme_table(programme, scored.facilities, cache.checklist(), lang)
        tables.show(table, config, key="programme_table", lang=lang, names=decisions_view.WRAPPED_NAMES)
        title = t("decisions.programme_title", lang)
        downloads.table(tables.headed(table, config), "programme", lang, "programme_download", title, weights, index)
        _programme_moves(scored, apply_measures(scored, programme_of(programme), effects), weights, index, top, lang)


def _programme_moves(before: ScoredInventory, after: ScoredInventory, weights, index: str, top: int, lang: str):
    """The facilities that leave or enter the top N once the programme is done."""
    old = rank(before, weights, index).set_index("facility_id")["rank"]
    ranked = rank(after, weights, index).assign(official_rank=lambda f: old.loc[f["facility_id"]].to_numpy())
    entered = ranked[(ranked["rank"] <= top) & (ranked["official_rank"] > top)].sort_values("rank")
    left = ranked[(ranked["rank"] > top) & (ranked["official_rank"] <= top)].sort_values("official_rank")
    st.markdown(f"**{t('decisions.programme_moves', lang, top=top)}**")
    lines = moves.move_lines(entered, left, top, lang)
    st.markdown(
        "\n".join(f"- {markdown_literal(line)}" for line in lines)
        if lines
        else t("decisions.programme_no_moves", lang, top=top)
    )


def ranking_sections(scored: ScoredInventory, weights: Mapping[str, float], index: str, lang: str) -> None:
    """The Ranking page's decision expanders: what to measure next, a measures programme."""
    next_section(scored, weights, index, lang)
    programme_section(scored, weights, index, lang)


def facility_sections(scored: ScoredInventory, facility_id: str, lang: str) -> None:
    """The Facility page's decision sections for ``facility_id``."""
    facility_next(scored, facility_id, lang)
    facility_measures(scored, facility_id, lang)


def priority_section(ranked: pd.DataFrame, checklist: Checklist, lang: str) -> None:
    """The priority matrix, then what it lacks: how many facilities have no checklist, and
    a link to the Checklist page for each (highest score first, NOT_ASSESSED_LINKS shown)."""
    assessed = priority_view.section(ranked, checklist, lang)
    missing = np.flatnonzero(~assessed)  # ``ranked`` is in rank order: so are these
    if not len(missing):
        return
    count, total = format_number(len(missing), lang), format_number(len(ranked), lang)
    st.info(t("checklist.not_assessed_count", lang, count=count, total=total), icon=":material/help:")
    shown = ranked.take(missing[:NOT_ASSESSED_LINKS]).reset_index(drop=True)
    labels = facility_names(shown, lang)
    for facility_id, name in zip(shown["facility_id"], labels, strict=True):
        label = markdown_literal(f"{facility_id} — {name}")
        pages.link("checklist", label, lang, {"facility": str(facility_id)}, icon=":material/checklist:")
    if len(missing) > len(shown):
        st.caption(t("checklist.not_assessed_more", lang, count=format_number(len(missing) - len(shown), lang)))


def map_layers(scored: ScoredInventory, ranked: pd.DataFrame, weights: Mapping[str, float], index: str, lang: str):
    """The layers the user switches on over the Ranking map (rank band, transboundary path,
    rank change against a saved weighting), as a function of the map's points for
    components.maps.ranking_deck; None when none is on."""
    chosen = st.pills(
        t("decisions.map_layers", lang),
        decision_map.LAYERS,
        selection_mode="multi",
        format_func=lambda layer: t(f"decisions.map_layer_{layer}", lang),
        key="ranking_map_layers",
        help=t("decisions.map_layers_help", lang),
    )
    parts = []
    if "band" in chosen:
        settings = Settings(samples=1000, top=min(TOP, len(scored)), seed=1)
        bands = cache.rank_bands(scored, weights, index, settings, lang)
        st.caption(t("decisions.map_band_caption", lang, samples=format_number(settings.samples, lang), seed=1))
        parts.append(lambda points: decision_map.band_layers(points, ranked, bands, "both", lang))
    if "path" in chosen:
        parts.append(lambda points: decision_map.path_layers(ranked, lang))
    if "change" in chosen:
        saved = _saved_ranks(scored, index, lang)
        if saved is not None:
            parts.append(lambda points: decision_map.change_layers(points, ranked, saved, lang))
    if not parts:
        return None
    return lambda points: decision_map.combined([part(points) for part in parts])


def _saved_ranks(scored: ScoredInventory, index: str, lang: str) -> pd.Series | None:
    """Each facility's rank under the saved weighting the user picks (facility_id -> rank)."""
    try:
        stored = scenario_store.list_scenarios(cache.engine(database_url()))
    except StoreUnavailable as error:
        st.warning(error.message(lang))
        return None
    by_id = {s.id: s for s in stored}
    if st.session_state.get(keys.RANKING_MAP_SAVED) not in by_id:
        st.session_state[keys.RANKING_MAP_SAVED] = stored[0].id
    chosen = st.selectbox(
        t("decisions.map_saved", lang),
        list(by_id),
        key=keys.RANKING_MAP_SAVED,
        format_func=lambda i: display_name(by_id[i], lang),
    )
    weights = by_id[chosen].scenario(scored.profile).weight_map()
    ranked = rank(scored, weights, index)
    return pd.Series(ranked["rank"].to_numpy(), index=ranked["facility_id"].astype(str))
