"""Notices every page shows: the illustrative-data notice and the sidebar's data status."""

from __future__ import annotations

import streamlit as st

from tmf.i18n import t


def data_notice(lang: str) -> None:
    """Say plainly that the bundled inventory is illustrative and scores are provisional: one
    line, the details one click away (the page's own content stays above the fold)."""
    line, details = st.columns([3, 2], vertical_alignment="center")
    line.caption(":material/info: " + t("app.illustrative_short", lang))
    with details.expander(t("app.illustrative_details", lang)):
        st.markdown(t("app.illustrative_notice", lang))


def sidebar_status(url: str, lang: str) -> None:
    """Which database the data come from, and that the inventory is illustrative."""
    kind = t("app.db_postgresql", lang) if url.startswith("postgresql") else t("app.db_sqlite", lang)
    st.sidebar.caption(t("app.data_status", lang, kind=kind))
    st.sidebar.caption(t("app.illustrative_short", lang))
