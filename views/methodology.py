"""Methodology: the profile as a table, provisional values marked, sources listed."""

import streamlit as st

import cache
from components import methodology_view, tables
from session import controls, downloads
from tmf.i18n import t

lang = controls.language()
profile, outage = cache.profile_and_outage()
st.title(t("methodology.title", lang))
if outage is not None:
    st.error(outage.message(lang), icon=":material/cloud_off:")
    st.caption(t("methodology.bundled_while_down", lang))
st.subheader(profile.text("title", lang), anchor=False)
st.warning(t("methodology.provisional_notice", lang), icon=":material/warning:")
st.markdown(profile.text("summary", lang))
st.markdown(f"**{t('methodology.formula_title', lang)}**")
st.code(t("methodology.formula", lang), language=None, wrap_lines=True)
table, config = methodology_view.criteria_table(profile, lang)
height = tables.whole_height(len(table), wrap=True)  # every criterion in view, its bins and sources wrapped
downloads.shown_table(table, config, "criteria_table", lang, profile.text("title", lang), height=height, wrap=True)
st.subheader(t("methodology.missing_policy", lang), anchor=False)
st.markdown(profile.text("missing_policy", lang))
st.subheader(t("methodology.reweighting_title", lang), anchor=False)
st.markdown(t("methodology.reweighting", lang))
st.subheader(t("methodology.sources", lang), anchor=False)
sources, config = methodology_view.sources_table(profile, lang)
downloads.shown_table(sources, config, "sources_table", lang, t("methodology.sources", lang))
st.caption(t("methodology.profile_id", lang, id=profile.text("title", lang), version=profile.version))
