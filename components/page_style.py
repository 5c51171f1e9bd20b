"""Page-wide style: hide Streamlit controls whose English texts cannot be translated.

The table toolbar (search, download, full screen) has English tooltips and no parameter to
change them; tables are shown without it (the Inventory page offers translated exports)."""

from __future__ import annotations

import streamlit as st

HIDE_TABLE_TOOLBAR = (
    "<style>"
    ".stElementContainer:has([data-testid=stDataFrame]) [data-testid=stElementToolbar] {display: none;}"
    # Streamlit's 6rem top padding pushes a page's key element below the fold at 1366x768.
    "[data-testid=stMainBlockContainer] {padding-top: 2.5rem;}"
    "</style>"
)


def apply() -> None:
    """Send the page-wide style once per run (Streamlit puts style-only HTML out of the flow)."""
    st.html(HIDE_TABLE_TOOLBAR)
