"""Ranking: weights, index and filters re-rank the facilities live on a map, table and charts."""

from dataclasses import replace

import streamlit as st

import cache
from components import charts, controls, layout, maps, priority_view, robustness_view, tables, user_text
from tmf.i18n import t
from tmf.ranking import rank, subset

lang = controls.language()
profile = cache.profile()
scenario, problems = controls.scenario_from_url(profile)
st.title(t("ranking.title", lang))
user_text.show_link_problems(problems, lang)
layout.data_notice(lang)
scored = layout.load_scored(lang)

with st.sidebar:
    st.subheader(t("controls.weights", lang))
    index = controls.index_choice(lang)
    weights = controls.weight_sliders(profile, lang)
chosen = controls.filters(scored.facilities, lang)
mask = controls.filter_mask(scored.facilities, chosen)
if not mask.any():
    st.info(t("ranking.no_match", lang))
    st.stop()
if not any(weights[k] for k in profile.keys_of(index)):
    st.warning(t("ranking.all_weights_zero", lang))
shown = subset(scored, mask.to_numpy())
ranked = rank(shown, weights, index)
if any(weights[k] != v for k, v in profile.default_weights.items()):
    st.caption(t("ranking.reweighted_note", lang))

selected = maps.ranking_map(maps.ranking_deck(ranked, cache.basemap(), lang, scenario.facility))
selected = selected or scenario.facility
if selected in set(ranked["facility_id"]):
    row = ranked.set_index("facility_id").loc[selected]
    st.success(
        t(
            "ranking.selected",
            lang,
            rank=int(row["rank"]),
            score=round(float(row["score"]), 2),
            id=user_text.markdown_literal(selected),
        )
    )
    st.page_link(
        "views/facility.py",
        label=t("ranking.open_facility", lang),
        icon=":material/open_in_new:",
        query_params={"facility": selected, "lang": lang},
    )

table, config = tables.ranking_table(ranked, profile, index, lang)
tables.show(table, config, key="ranking_table")
most = max(5, min(40, len(ranked)))
top_n = st.slider(t("ranking.top_n", lang), 5, most, min(15, most), key="top_n")
left, right = st.columns([3, 2])
left.plotly_chart(charts.contributions_figure(ranked.head(top_n), profile, index, lang), key="contributions")
right.plotly_chart(charts.rank_shift_figure(ranked.head(top_n), lang), key="rank_shift")
robustness_view.ranking_section(shown, weights, index, lang)
priority_view.section(ranked, cache.checklist(), lang)

filters = {name: tuple(values) for name, values in chosen.items()}
controls.write_url(replace(scenario.with_weights(weights, profile), index=index, facility=selected, **filters))
