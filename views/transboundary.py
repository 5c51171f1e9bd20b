"""Transboundary: hotspots whose pollution could reach another country, with the path
down their rivers, grouped by the country that would be affected; same weights as Ranking."""

from dataclasses import replace

import streamlit as st

import cache
from components import controls, hotspot_view, layout, maps, tables, user_text
from tmf.i18n import format_number, t
from tmf.ranking import rank, subset

lang = controls.language()
profile = cache.profile()
scenario, problems = controls.scenario_from_url(profile)
st.title(t("hotspots.title", lang))
user_text.show_link_problems(problems, lang)
st.markdown(t("hotspots.intro", lang))
layout.data_notice(lang)
with st.sidebar:
    st.subheader(t("hotspots.rule", lang))
    rule = controls.hotspot_rule(lang)
scored = layout.load_scored(lang, rule)
geo = cache.geodata()
if scenario.weights:
    st.caption(t("hotspots.same_weights", lang))

basin_name = lambda water: hotspot_view.country_name(geo, water, lang)  # noqa: E731
basins = sorted(scored.facilities["endpoint"].dropna().unique(), key=basin_name)
chosen = st.multiselect(t("hotspots.basin", lang), basins, key="filter_basin", format_func=basin_name)
shown = subset(scored, scored.facilities["endpoint"].isin(chosen).to_numpy()) if chosen else scored
ranked = rank(shown, scenario.weight_map(), scenario.index)
hot = ranked[ranked["transboundary"]]

columns = st.columns(4)
columns[0].metric(t("hotspots.count", lang), format_number(len(hot), lang), help=t("hotspots.count_help", lang))
for column, (code, count) in zip(columns[1:], hotspot_view.affected_counts(hot).items(), strict=False):
    column.metric(
        t("hotspots.could_reach", lang, country=hotspot_view.country_name(geo, code, lang)), format_number(count, lang)
    )

clicked = maps.ranking_map(
    hotspot_view.hotspot_deck(ranked, cache.basemap(), lang, scenario.facility), key="hotspot_map"
)
if clicked and clicked != st.session_state.get("_hotspot_opened"):
    # A click on a hotspot opens its facility page; the view stays in the session for the way back.
    st.session_state["_hotspot_opened"] = clicked
    controls.write_url(replace(scenario, facility=clicked), controls.rule_params(rule))
    st.switch_page("views/facility.py", query_params={"facility": clicked, "lang": lang})
if not clicked:
    st.session_state.pop("_hotspot_opened", None)
st.caption(t("hotspots.map_legend", lang))
selected = scenario.facility
if selected in set(ranked["facility_id"]):
    st.page_link(
        "views/facility.py",
        label=t("ranking.open_facility", lang) + f": {selected}",
        icon=":material/open_in_new:",
        query_params={"facility": selected, "lang": lang},
    )

st.subheader(t("hotspots.by_country", lang))
table, config = hotspot_view.hotspot_table(ranked, geo, lang)
tables.show(table, config, key="hotspot_table")
if table["disagree"].eq("≠").any():
    st.caption(t("hotspots.disagree_note", lang))
controls.write_url(replace(scenario, facility=selected), controls.rule_params(rule))
