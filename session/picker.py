"""The one facility picker (Facility, Edit and Checklist pages share its choice), seeded from
the link's ``facility`` once per link, so a shared link opens that facility and the user can
then pick another."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from session import keys
from tmf.i18n import normalise_language, t


def facility_picker(names: Mapping[str, str], label: str) -> str:
    """A selectbox of the facilities (``id — name``); ``names`` maps id -> display name."""
    requested = st.query_params.get("facility")
    if requested in names and st.session_state.get(keys.FACILITY_LINK) != requested:
        st.session_state[keys.FACILITY] = requested
        st.session_state[keys.FACILITY_LINK] = requested
    if st.session_state.get(keys.FACILITY) not in names:
        st.session_state[keys.FACILITY] = next(iter(names))
    lang = normalise_language(st.session_state.get(keys.LANG))
    return st.selectbox(
        label,
        list(names),
        key=keys.FACILITY,
        format_func=lambda i: f"{i} — {names[i]}",
        placeholder=t("widgets.choose", lang),
    )
