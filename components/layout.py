"""Pieces every page shares: the data notice, the sidebar status, loading the inventory."""

from __future__ import annotations

import sqlalchemy as sa
import streamlit as st

import cache
from components import inventory_view
from tmf import db, editing
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


def stored_facility(lang: str, key: str, label: str) -> tuple[sa.Engine, str, dict]:
    """The engine, a facility chosen from the stored inventory, and its stored state.

    Stops the page with a sentence when the inventory is empty or the facility is gone.
    """
    url = db.database_url()
    engine = cache.engine(url)
    inventory_view.show_flash()
    facilities = cache.facilities(url, db.data_version(engine))
    if not len(facilities):
        st.info(t("app.no_facilities", lang))
        st.stop()
    facility_id = inventory_view.facility_choice(facilities, key, label)
    state = editing.facility_state(engine, facility_id)
    if state is None:
        st.warning(t("inventory.edit_gone", lang, id=facility_id))
        st.stop()
    return engine, facility_id, state
