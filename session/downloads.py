"""Downloads of what a page shows: the briefing of the current view (PDF, PPTX and the map
as PNG; built only when asked, then cached per view) and any table as CSV or XLSX."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

import cache
from tmf.i18n import t
from tmf.screening import CurrentView
from tmf.table_export import file_stem, table_csv, table_xlsx

BRIEFING_TOP = 10
MEDIA = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "png": "image/png",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def base_url() -> str:
    """The address the browser uses for the app, for the briefing's link (localhost if unknown)."""
    from tmf.briefing.content import DEFAULT_BASE_URL

    parts = urlsplit(getattr(st.context, "url", None) or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else DEFAULT_BASE_URL


def _view_key(current: CurrentView, lang: str) -> tuple:
    """What identifies the briefing a button prepared: the facilities, weights, index, language."""
    ids = tuple(current.ranked["facility_id"].astype(str))
    return ids, tuple(sorted(current.weights.items())), current.index, lang


def briefing(current: CurrentView, lang: str, key: str) -> None:
    """ "Prepare the briefing", then PDF, PPTX and map PNG of ``current`` in ``lang``. A change
    of the view brings the button back (a briefing takes a few seconds to draw)."""
    prepared = f"_{key}_prepared"
    if st.button(t("downloads.prepare", lang), key=f"{key}_prepare", icon=":material/description:"):
        st.session_state[prepared] = _view_key(current, lang)
    if st.session_state.get(prepared) != _view_key(current, lang):
        return
    with st.spinner(t("downloads.preparing", lang)):
        files = cache.briefing_files(current.shown, current.weights, current.index, BRIEFING_TOP, lang, base_url())
    stem = file_stem(f"briefing_{lang}", cache.data_date(), current.shown.profile.version)
    kinds = (("pdf", "pdf", ""), ("pptx", "pptx", ""), ("png", "map_png", "_map"))
    offers = [
        (t(f"downloads.{label}", lang), data, f"{stem}{suffix}.{kind}", kind)
        for (kind, label, suffix), data in zip(kinds, files, strict=True)
    ]
    _download_row(offers, key, ":material/download:")


def _download_row(offers: list[tuple[str, object, str, str]], key: str, icon: str) -> None:
    """Download buttons side by side: (label, data or a function giving it, file name, kind)."""
    row = st.container(horizontal=True)
    for label, data, file_name, kind in offers:
        row.download_button(
            label, data, file_name=file_name, mime=MEDIA[kind], key=f"{key}_{kind}", on_click="ignore", icon=icon
        )


def table(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, lang: str, key: str) -> None:
    """CSV and XLSX of ``frame`` (text that looks like a formula made harmless). ``frame``
    may be a function giving it: then the table is built only when a download is clicked."""
    stem = file_stem(name, cache.data_date(), cache.profile().version)
    build = frame if callable(frame) else lambda: frame
    makers = (("csv", lambda: table_csv(build())), ("xlsx", lambda: table_xlsx(build(), name)))
    offers = [(t(f"downloads.{kind}", lang), data, f"{stem}.{kind}", kind) for kind, data in makers]
    _download_row(offers, key, ":material/table:")
