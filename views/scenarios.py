"""Scenarios: save and share weightings, compare two of them, and test how robust the
ranking is to the weights (Monte Carlo bands, tipping points, tornado chart)."""

import streamlit as st

import cache
from components import maps, notices, scenario_charts, scenario_maps, tables, user_text
from session import controls, decisions, downloads, flash, keys, loaders, robustness, scenario_library
from tmf.comparison import compare_rankings
from tmf.i18n import t
from tmf.screening import current_view
from tmf.store import scenarios as scenario_store
from tmf.store.engine import database_url

lang = controls.language()
profile = cache.profile()
# The weighting under study comes from the link, or the one last set on the Ranking page.
current, problems = controls.view_from_url(profile)
st.title(t("scenarios.title", lang))
user_text.show_link_problems(problems, lang)
st.caption(t("scenarios.intro", lang))
notices.data_notice(lang)
scored = loaders.load_scored(lang)
engine = cache.engine(database_url())
downloads.briefing(current_view(scored, current), current, lang, "scenarios_briefing")

flash.show_flash()
left, right = st.columns(2)
with left:
    scenario_library.save_form(engine, current, lang)
stored = scenario_store.list_scenarios(engine)
with right:
    scenario_library.manage(engine, stored, profile, lang)
table, config = scenario_library.library_table(stored, profile, lang)
downloads.shown_table(table, config, "scenarios_table", lang, t("scenarios.title", lang), wrap=True)
scenario_library.transfer(engine, profile, lang)

st.header(t("scenarios.compare_title", lang), anchor=False)
by_id = {s.id: s for s in stored}
names = {i: scenario_library.display_name(s, lang) for i, s in by_id.items()}
for key, default in ((keys.COMPARE_A, stored[0].id), (keys.COMPARE_B, stored[-1].id)):
    if st.session_state.get(key) not in by_id:
        st.session_state[key] = default
column_a, column_b = st.columns(2)
a = column_a.selectbox(
    t("scenarios.compare_a", lang),
    list(names),
    key=keys.COMPARE_A,
    format_func=names.get,
    placeholder=t("widgets.choose", lang),
)
b = column_b.selectbox(
    t("scenarios.compare_b", lang),
    list(names),
    key=keys.COMPARE_B,
    format_func=names.get,
    placeholder=t("widgets.choose", lang),
)
if a == b:
    st.info(t("scenarios.compare_same", lang))
else:
    first, second = by_id[a], by_id[b]
    comparison = compare_rankings(
        scored,
        first.weights(profile),
        first.scenario(profile).index,
        second.weights(profile),
        second.scenario(profile).index,
    )
    if not comparison["moved"].any():
        st.info(t("scenarios.no_change", lang))
    downloads.chart(scenario_charts.slope_figure(comparison, names[a], names[b], lang), "compare_slope", lang)
    st.subheader(t("scenarios.moved_title", lang), anchor=False)
    moved, moved_config = scenario_library.moved_table(comparison.head(15), lang)
    title = t("scenarios.moved_title", lang) + f": {names[a]} → {names[b]}"
    tables.show(moved, moved_config, key="compare_moved", lang=lang)
    downloads.table(tables.headed(moved, moved_config), "comparison", lang, "compare_moved_download", title)
    st.subheader(t("scenarios.map_title", lang), anchor=False)
    deck = scenario_maps.rank_change_deck(comparison, cache.basemap(), lang)
    maps.ranking_map(deck, key="compare_map")

st.header(t("robustness.title", lang), anchor=False)
st.caption(t("robustness.intro", lang, weights=scenario_library.weights_summary(current, lang)))
weights = profile.default_weights | current.weight_map()
settings = robustness.settings_widgets(len(scored), lang)
if robustness.run_once_requested("robustness_run", lang):
    result = robustness.compute(scored, weights, current.index, settings, stored, lang)
    if result is not None:
        robustness.show_results(result, scored.facilities, len(stored), lang, weights, current.index)
        decisions.scenarios_bands(scored, weights, current.index, settings, lang)

st.header(t("robustness.tipping_title", lang), anchor=False)
robustness.tipping_section(scored, weights, current.index, settings.top, lang)
