"""Overview: headline figures, the map of the official ranking and the top 10."""

import streamlit as st

import cache
from components import maps, notices, tables
from session import controls, downloads, loaders, pages
from tmf.i18n import format_number, t
from tmf.ranking import rank

lang = controls.language()
profile = cache.profile()
st.title(t("overview.title", lang))
st.markdown(t("overview.intro", lang))
notices.data_notice(lang)
scored = loaders.load_scored(lang)
ranked = rank(scored)
facilities = scored.facilities

columns = st.columns(4)
columns[0].metric(t("overview.facilities", lang), format_number(len(facilities), lang))
columns[1].metric(t("overview.countries", lang), format_number(facilities["country"].nunique(), lang))
columns[2].metric(
    t("overview.top_hazard_class", lang),
    format_number(int((facilities["s_toxicity"] >= 3).sum()), lang),
    help=t("overview.top_hazard_class_help", lang),
)
columns[3].metric(
    t("overview.transboundary", lang),
    format_number(int(facilities["transboundary"].sum()), lang),
    help=t("overview.transboundary_help", lang),
)

st.subheader(t("overview.map_title", lang))
selected = maps.ranking_map(maps.ranking_deck(ranked, cache.basemap(), lang), key="overview_map")
if selected:
    pages.link(
        "facility", t("ranking.open_facility", lang), lang, {"facility": selected}, icon=":material/open_in_new:"
    )
st.subheader(t("overview.top10_title", lang))
top = ranked[ranked["rank"].to_numpy() <= maps.LABELLED_RANKS]  # ties at 10 included, numbered on the map too
table, config = tables.ranking_table(top, profile, "thi", lang)
downloads.shown_table(
    table.drop(columns=["rank_shift"]),
    config,
    "top10_table",
    lang,
    t("overview.top10_title", lang),
    height=tables.whole_height(len(table)),  # the facilities tied at 10 in view too
    weights=profile.default_weights,
)
pages.link("ranking", t("overview.to_ranking", lang), lang, None, icon=":material/tune:")
