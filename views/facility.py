"""Facility: every field with its source and confidence, and the THI/TRI breakdown."""

import streamlit as st

import cache
from components import charts, facility_view, hotspot_view, maps, notices, tables, user_text
from session import controls, decisions, downloads, loaders, picker
from tmf.hotspots import hotspot_reason
from tmf.i18n import format_number, t
from tmf.localise import country_list
from tmf.ranking import rank

lang = controls.language()
profile = cache.profile()
st.title(t("facility.title", lang))
notices.data_notice(lang)
scored = loaders.load_scored(lang)
ranked = rank(scored, index="thi").set_index("facility_id")
tri_ranks = rank(scored, index="tri").set_index("facility_id")["rank"]

ids = sorted(ranked.index)
requested = st.query_params.get("facility")
if requested is not None and requested not in ids:
    st.warning(t("facility.not_found", lang, id=user_text.markdown_literal(requested)))
facility_id = picker.facility_picker({i: ranked.loc[i, "name"] for i in ids}, t("facility.choose", lang))
st.query_params["facility"] = facility_id
row = ranked.loc[facility_id]

st.header(user_text.markdown_literal(row["name"]), anchor=False)
metrics = st.columns(4)
official = t("facility.official_help", lang)  # the page ranks with the official weights, whatever the link's
metrics[0].metric("THI", format_number(row["thi"], lang, 2), help=official)
metrics[1].metric("TRI", format_number(row["tri"], lang, 2), help=official)
metrics[2].metric(t("facility.rank_thi", lang), f"{int(row['rank'])} / {len(ranked)}", help=official)
metrics[3].metric(t("facility.rank_tri", lang), f"{int(tri_ranks.loc[facility_id])} / {len(ranked)}", help=official)
if row["unknown"]:
    st.warning(t("facility.unknown_inputs", lang, criteria=tables.unknown_labels(row["unknown"], lang)))

deck = hotspot_view.facility_deck(ranked.reset_index(), facility_id, cache.basemap(), lang)
maps.ranking_map(deck, key="facility_map", height=hotspot_view.FACILITY_MAP_SIZE[1])

left, right = st.columns([3, 2])
with left:
    st.subheader(t("facility.breakdown", lang))
    downloads.chart(charts.breakdown_figure(row, profile, lang), f"breakdown_{facility_id}", lang)
with right:
    st.subheader(t("facility.transboundary", lang))
    st.markdown(hotspot_reason(row, lang))
    if row["countries_disagree"]:
        st.warning(
            t(
                "facility.countries_disagree",
                lang,
                traced=country_list(row["affected_countries"], lang),
                entered=country_list(row["downstream_countries"], lang),
            )
        )
    st.subheader(t("facility.provenance", lang))
    table, config, words = facility_view.sources_table(row, lang)
    for text in words:
        st.markdown(user_text.markdown_literal(text))
    if len(table):
        downloads.shown_table(table, config, "sources_table", lang, f"{t('facility.provenance', lang)}: {facility_id}")
# The tables across the page: in a column at 1366 px their names and notes were cut.
table, config = facility_view.breakdown_table(row, profile, lang)
downloads.shown_table(table, config, "breakdown_table", lang, f"{t('facility.breakdown', lang)}: {facility_id}")
st.subheader(t("facility.fields", lang))
table, config = facility_view.fields_table(row, lang)
# The notes (what is published, what is estimated) are read whole below the table, in the
# page's language where the record has them, not in a cut cell.
notes_labels = [t(f"fields.{name}", lang) for name in facility_view.NOTES]
tables.show(table[~table["field"].isin(notes_labels)], config, key="fields_table", height=560, lang=lang)
downloads.table(
    tables.headed(table, config),
    "fields",
    lang,
    "fields_table_download",
    f"{t('facility.fields', lang)}: {facility_id}",
)
notes = facility_view.notes_in_language(row, lang)
if notes is not None:
    text, said = notes
    st.markdown(f"**{user_text.markdown_literal(t('fields.notes', lang))}:** {user_text.markdown_literal(text)}")
    if said:
        st.caption(said)

decisions.facility_sections(scored, facility_id, lang)
