"""Ranking: weights, index and filters re-rank the facilities live on a map, table and charts."""

from dataclasses import replace

import streamlit as st

import cache
from components import maps, moves, notices, tables, user_text
from session import controls, decisions, downloads, loaders, pages, presentation, ranking_parts, robustness
from tmf.i18n import t
from tmf.screening import current_view

lang = controls.language()
profile = cache.profile()
link_view, problems = controls.view_from_url(profile)
st.title(t("ranking.title", lang))
user_text.show_link_problems(problems, lang)
notices.data_notice(lang)
scored = loaders.load_scored(lang)

with st.sidebar:
    st.subheader(t("controls.weights", lang))
    index = controls.index_choice(lang)
    weights = controls.weight_sliders(profile, lang)
    st.subheader(t("controls.filters", lang))
    chosen = controls.filters(scored.facilities, lang, stacked=True)
view = replace(link_view.with_weights(weights, profile), index=index, **{name: tuple(v) for name, v in chosen.items()})
current = current_view(scored, view, ranking_parts.page_columns(scored))
if not len(current.ranked):
    st.info(t("ranking.no_match", lang))
    st.stop()
if not any(weights[k] for k in profile.keys_of(index)):
    st.warning(t("ranking.all_weights_zero", lang))
shown, ranked = current.shown, current.ranked
view = replace(view, top=controls.view_top(controls.top_n(len(ranked))))
tools = st.columns([2, 1, 2], vertical_alignment="bottom")
with tools[0]:
    region = controls.region_choice(lang, key="ranking_region")
with tools[1]:
    presentation.open_link(view, lang)
with tools[2]:
    downloads.briefing(current, replace(view, top=controls.top_n(len(ranked))), lang, "ranking_briefing")
layers = decisions.map_layers(shown, ranked, weights, index, lang)
deck = maps.ranking_deck(ranked, cache.basemap(), lang, link_view.facility, region=region, layers=layers)
selected = maps.ranking_map(deck)
if current.reweighted:
    st.caption(t("ranking.reweighted_note", lang))
    moves.show_moves(*current.moves(10), 10, lang)
selected = selected or link_view.facility
if selected and (ranked["facility_id"] == selected).any():
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
    pages.link(
        "facility", t("ranking.open_facility", lang), lang, {"facility": selected}, icon=":material/open_in_new:"
    )

stamp = {"weights": weights, "index": index}
ranking_parts.ranked_table(ranked, profile, lang, **stamp)
printed = st.container(key="print_only_ranking_table")
top_n = controls.top_slider(len(ranked), lang)  # the whole page reruns: the link and briefing keep the top N
table, config = tables.ranking_table(ranked.head(top_n), profile, index, lang)
tables.print_table(table, config, lang, printed)
left, right = st.columns(2)  # halves: the rank-shift chart's names need the room too
contributions, rank_shift = cache.ranking_charts(ranked.head(top_n), profile, index, lang)
downloads.chart(contributions, "contributions", lang, left, **stamp)
downloads.chart(rank_shift, "rank_shift", lang, right, **stamp)
robustness.ranking_section(shown, weights, index, lang)
decisions.ranking_sections(shown, weights, index, lang)
decisions.priority_section(ranked, cache.checklist(), lang)

controls.write_url(replace(view, facility=selected))
