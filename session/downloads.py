"""Downloads of what a page shows: the briefing of the current view (PDF, PPTX and the map
as PNG; built only when asked, then cached per view), any chart as PNG, SVG and CSV (drawn
only when its button is pressed) and any table as CSV or XLSX; every file titled with the
data date and the methodology version (tmf.table_export.stamp_lines)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import cache
from components import figures, tables
from tmf.export import FORMATS, MEDIA_TYPES, export
from tmf.i18n import t
from tmf.screening import CurrentView
from tmf.store.errors import StoreUnavailable
from tmf.table_export import file_stem, stamp_lines, table_csv, table_xlsx
from tmf.view import FILTERS, View

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


def _view_key(current: CurrentView, view: View, lang: str) -> tuple:
    """What identifies the briefing a button prepared: the facilities, weights, index, filters,
    top N and language."""
    ids = tuple(current.ranked["facility_id"].astype(str).tolist())  # not tuple(series): one call per cell
    filters = tuple(getattr(view, name) for name in FILTERS)
    return ids, tuple(sorted(current.weights.items())), current.index, filters, view.top, lang


def briefing(current: CurrentView, view: View, lang: str, key: str) -> None:
    """ "Prepare the briefing", then PDF, PPTX and map PNG of ``current`` in ``lang``; its link
    reproduces ``view`` (filters, top N: BRIEFING_TOP when the view names none). A change of
    the view brings the button back (a briefing takes a few seconds to draw)."""
    prepared = f"_{key}_prepared"
    if st.button(t("downloads.prepare", lang), key=f"{key}_prepare", icon=":material/description:"):
        st.session_state[prepared] = _view_key(current, view, lang)
    if prepared not in st.session_state or st.session_state[prepared] != _view_key(current, view, lang):
        return  # the key is compared only once a briefing was prepared: at 30,000 facilities it costs
    shown = replace(view, top=view.top or BRIEFING_TOP, lang=lang, facility=None)
    with st.spinner(t("downloads.preparing", lang)):
        files = cache.briefing_files(current.shown, shown, base_url())
    stem = file_stem(f"briefing_{lang}", _data_date(), current.shown.profile.version)
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


def _data_date() -> dt.datetime | None:
    """The inventory's last change; None (the files say "unknown") when the database is down,
    so the Methodology page still offers its tables from the bundled profile."""
    try:
        return cache.data_date()
    except StoreUnavailable:
        return None


def _stamp(title: str, lang: str, weights: Mapping[str, float] | None, index: str) -> tuple[str, ...]:
    return stamp_lines(title, cache.profile(), _data_date(), lang, weights, index)


def _stem() -> str:
    """``_2026-03-01_methodology-2026.11``: what follows a file's name."""
    return file_stem("", _data_date(), cache.profile().version)


def chart(
    figure: go.Figure,
    key: str,
    lang: str,
    container=st,
    weights: Mapping[str, float] | None = None,
    index: str = "thi",
) -> None:
    """``figure`` with its PNG, SVG and CSV downloads, titled with the weights (when given:
    the chart depends on them), the data date and the methodology version."""
    stamp = _stamp("", lang, weights, index)
    figures.show(figure, key, lang, container, stamp=stamp, stem=_stem(), picture=cache.chart_picture)


def table(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    name: str,
    lang: str,
    key: str,
    title: str = "",
    weights: Mapping[str, float] | None = None,
    index: str = "thi",
) -> None:
    """CSV and XLSX of ``frame`` (text that looks like a formula made harmless), built when
    a button is pressed, under ``title``, the weights (when given), the data date and the
    methodology version. ``frame`` may be a function giving it: then the table itself is
    built only when a download is clicked."""
    stem = file_stem(name, _data_date(), cache.profile().version)
    lines = _stamp(title, lang, weights, index)
    build = frame if callable(frame) else lambda: frame
    makers = (("csv", lambda: table_csv(build(), lines)), ("xlsx", lambda: table_xlsx(build(), name, lines)))
    offers = [(t(f"downloads.{kind}", lang), data, f"{stem}.{kind}", kind) for kind, data in makers]
    _download_row(offers, key, ":material/table:")


def shown_table(
    frame: pd.DataFrame,
    config: dict,
    key: str,
    lang: str,
    title: str,
    height: int | str = "auto",
    wrap: bool = False,
    **stamp,
) -> None:
    """``frame`` on the page (components.tables.show) with its CSV and XLSX downloads below;
    ``stamp``: the weights and index when the table depends on them."""
    tables.show(frame, config, key=key, height=height, lang=lang, wrap=wrap)
    table(tables.headed(frame, config), key.removesuffix("_table"), lang, f"{key}_download", title, **stamp)


def export_buttons(facilities: pd.DataFrame, lang: str) -> None:
    """One download button per format; the files re-import to the same inventory."""
    stamp = dt.date.today().isoformat()
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS, strict=True):
        column.download_button(
            t(f"inventory.export_{fmt}", lang),
            data=export(facilities, fmt),
            file_name=f"tmf_inventory_{stamp}.{fmt}",
            mime=MEDIA_TYPES[fmt],
            key=f"export_{fmt}",
            icon=":material/download:",
        )


TEMPLATES = Path(__file__).parents[1] / "data" / "templates"
TEMPLATE_FILES = (
    ("template_xlsx", "inventory_template.xlsx", MEDIA_TYPES["xlsx"]),
    ("template_csv", "inventory_template.csv", MEDIA_TYPES["csv"]),
    ("template_csv_ru", "inventory_template_ru.csv", MEDIA_TYPES["csv"]),
)


def template_buttons(lang: str) -> None:
    """The import template (data/templates/) to download, in each of its forms."""
    st.caption(t("importing.template", lang))
    columns = st.columns(len(TEMPLATE_FILES))
    for column, (label, name, mime) in zip(columns, TEMPLATE_FILES, strict=True):
        column.download_button(
            t(f"importing.{label}", lang),
            data=(TEMPLATES / name).read_bytes(),
            file_name=name,
            mime=mime,
            key=f"template_{label}",
            icon=":material/download:",
        )
