"""Loading what pages show, or stopping the page with one sentence when it cannot be loaded."""

from __future__ import annotations

import streamlit as st

import cache
from session.flash import show_flash
from session.picker import facility_picker
from tmf.i18n import facility_names, t
from tmf.ranking import ScoredInventory
from tmf.store import editing
from tmf.store.engine import Engine, data_version, database_url
from tmf.store.errors import StoreUnavailable
from tmf.transboundary import HotspotRule


def load_scored(lang: str, rule: HotspotRule = HotspotRule()) -> ScoredInventory:
    """The scored inventory, or a sentence saying what to do when the database is down."""
    try:
        scored = cache.current_scored(rule, lang)
    except StoreUnavailable as error:
        st.error(error.message(lang))
        st.stop()
    if len(scored) == 0:
        st.warning(t("app.no_facilities", lang))
        st.stop()
    return scored


def stored_facility(lang: str, label: str) -> tuple[Engine, str, dict]:
    """The engine, a facility chosen from the stored inventory, and its stored state.

    Stops the page with a sentence when the database cannot be used, the inventory is empty
    or the facility is gone.
    """
    url = database_url()
    show_flash()
    try:
        engine = cache.engine(url)
        facilities = cache.facilities(url, data_version(engine))
    except StoreUnavailable as error:
        st.error(error.message(lang))
        st.stop()
    if not len(facilities):
        st.info(t("app.no_facilities", lang))
        st.stop()
    names = dict(zip(facilities["facility_id"], facility_names(facilities, lang), strict=True))
    facility_id = facility_picker(names, label)
    try:
        state = editing.facility_state(engine, facility_id)
    except StoreUnavailable as error:
        st.error(error.message(lang))
        st.stop()
    if state is None:
        st.warning(t("inventory.edit_gone", lang, id=facility_id))
        st.stop()
    return engine, facility_id, state
