"""Pieces every page shares: the data notice, the sidebar status, loading the inventory."""

from __future__ import annotations

import sqlalchemy as sa
import streamlit as st

import cache
from tmf import db
from tmf.i18n import t
from tmf.ranking import ScoredInventory
from tmf.transboundary import HotspotRule


def data_notice(lang: str) -> None:
    """Say plainly that the bundled inventory is illustrative and scores are provisional."""
    st.info(t("app.illustrative_notice", lang), icon=":material/info:")


def sidebar_status(lang: str) -> None:
    url = db.database_url()
    kind = t("app.db_postgresql", lang) if url.startswith("postgresql") else t("app.db_sqlite", lang)
    st.sidebar.caption(t("app.data_status", lang, kind=kind))
    st.sidebar.caption(t("app.illustrative_short", lang))


def load_scored(lang: str, rule: HotspotRule = HotspotRule()) -> ScoredInventory:
    """The scored inventory, or a sentence saying what to do when the database is down."""
    try:
        scored = cache.current_scored(rule)
    except sa.exc.OperationalError as error:
        st.error(t("app.database_unavailable", lang, reason=type(error.orig).__name__))
        st.stop()
    if len(scored) == 0:
        st.warning(t("app.no_facilities", lang))
        st.stop()
    return scored
