"""Transboundary: hotspots whose pollution could reach another country, with the path
down their rivers, grouped by the country that would be affected; same weights as Ranking."""

from dataclasses import replace

import streamlit as st

import cache
from components import hotspot_view, maps, notices, user_text
from session import controls, downloads, keys, loaders, pages
from tmf.i18n import format_number, t
from tmf.ranking import rank, subset

lang = controls.language()
profile = cache.profile()
link_view, problems = controls.view_from_url(profile)
st.title(t("transboundary.title", lang))
user_text.show_link_problems(problems, lang)
st.markdown(t("transboundary.intro", lang))
notices.data_notice(lang)
with st.sidebar:
    st.subheader(t("transboundary.rule", lang))
    rule = controls.hotspot_rule(lang)
scored = loaders.load_scored(lang, rule)
geo = cache.geodata()
if link_view.weights:
    st.caption(t("transboundary.same_weights", lang))

basin_name = lambda water: hotspot_view.country_name(geo, water, lang)  # noqa: E731
basins = sorted(scored.facilities["endpoint"].dropna().unique(), key=basin_name)
chosen = st.multiselect(
    t("transboundary.basin", lang),
    basins,
    key="filter_basin",
    format_func=basin_name,
    placeholder=t("widgets.choose_many", lang),
)
shown = subset(scored, scored.facilities["endpoint"].isin(chosen).to_numpy()) if chosen else scored
ranked = rank(shown, link_view.weight_map(), link_view.index)
hot = ranked[ranked["transboundary"]]

columns = st.columns(4)
columns[0].metric(
    t("transboundary.count", lang), format_number(len(hot), lang), help=t("transboundary.count_help", lang)
)
for column, (code, count) in zip(columns[1:], hotspot_view.affected_counts(hot).items(), strict=False):
    column.metric(
        t("transboundary.could_reach", lang, country=hotspot_view.country_name(geo, code, lang)),
        format_number(count, lang),
    )

clicked = maps.ranking_map(
    hotspot_view.hotspot_deck(ranked, cache.basemap(), lang, link_view.facility), key="hotspot_map"
)
if clicked and clicked != st.session_state.get(keys.HOTSPOT_OPENED):
    # A click on a hotspot opens its facility page; the view stays in the session for the way back.
    st.session_state[keys.HOTSPOT_OPENED] = clicked
    controls.write_url(replace(link_view, facility=clicked), controls.rule_params(rule))
    pages.switch("facility", lang, {"facility": clicked})
if not clicked:
    st.session_state.pop(keys.HOTSPOT_OPENED, None)
st.caption(t("transboundary.map_legend", lang))
selected = link_view.facility
if selected in set(ranked["facility_id"]):
    pages.link(
        "facility",
        t("ranking.open_facility", lang) + f": {selected}",
        lang,
        {"facility": selected},
        icon=":material/open_in_new:",
    )

st.subheader(t("transboundary.by_country", lang))
table, config = hotspot_view.hotspot_table(ranked, geo, lang)
title = t("transboundary.by_country", lang)
downloads.shown_table(table, config, "hotspot_table", lang, title, wrap=True)
if table["disagree"].eq("≠").any():
    st.caption(t("transboundary.disagree_note", lang))
controls.write_url(replace(link_view, facility=selected), controls.rule_params(rule))
