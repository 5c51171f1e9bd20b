"""One renderer for every Plotly figure: the language's number marks, labels that are not
cut, and our own translated downloads instead of Plotly's English modebar.

Builders (components/charts.py and others) stay pure; pages draw their figures through
``show``. The downloads: the chart as PNG and SVG (components.chart_images, drawn on the
server only when a button is pressed) under its title and the ``stamp`` lines (weights,
data date, methodology version), and its data (one row per bar or point) as CSV.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.chart_images import figure_image
from components.charts import readable_defaults
from tmf.i18n import normalise_language, t
from tmf.table_export import table_csv

# Plotly's ``separators``: decimal mark, then thousands mark (1 234 567,8 in ru and kk).
SEPARATORS = {"en": ".,", "ru": ",\u00a0", "kk": ",\u00a0"}


def localised(figure: go.Figure, lang: str) -> go.Figure:
    """A copy of ``figure`` with the language's number marks, self-sizing margins and, where
    its builder set none, dark text large enough for a projector (charts.readable_defaults).

    The copy is made from ``figure``'s dict without validating it again (as Plotly does for
    its own templates): Plotly validated every property when ``figure`` was built, and the
    ones added here are valid layout properties. Validating the whole figure again on every
    page run cost more than building it."""
    spec = figure.to_dict()
    layout = spec.setdefault("layout", {})
    layout["separators"] = SEPARATORS[normalise_language(lang)]
    readable_defaults(layout)
    return go.Figure(spec, _validate=False)


def figure_data(figure: go.Figure) -> pd.DataFrame:
    """The plotted values, one row per point: series name, x and y."""
    frames = []
    for trace in figure.data:
        x, y = getattr(trace, "x", None), getattr(trace, "y", None)
        if x is None or y is None:
            continue
        frames.append(pd.DataFrame({"series": trace.name or "", "x": list(x), "y": list(y)}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["series", "x", "y"])


def _plots_values(figure: go.Figure) -> bool:
    """Whether ``figure_data`` has a row (a trace with x and y values), without building it."""
    return any(
        getattr(trace, "x", None) is not None and getattr(trace, "y", None) is not None and len(trace.x)
        for trace in figure.data
    )


Picture = Callable[[go.Figure, Sequence[str], str], bytes]  # (figure, lines, kind) -> PNG or SVG bytes


def _image(figure: go.Figure, lines: Sequence[str], kind: str, picture: Picture):
    """The picture, drawn when the button is pressed (Streamlit calls this on the click)."""
    return lambda: picture(figure, lines, kind)


def show(
    figure: go.Figure,
    key: str,
    lang: str,
    container=st,
    stamp: Sequence[str] = (),
    stem: str = "",
    picture: Picture = figure_image,
) -> None:
    """Draw ``figure`` without the modebar, with PNG, SVG and CSV downloads below it.

    stamp: the lines under the chart's title in the files (weights, data date, methodology);
    stem: the file name after ``key`` (``_2026-03-01_methodology-2026.11``); picture: draws
    a download's PNG or SVG (pages pass cache.chart_picture, which keeps what it drew).
    """
    container.plotly_chart(localised(figure, lang), key=key, config={"displayModeBar": False})
    if not _plots_values(figure):
        return
    row = container.container(horizontal=True, key=f"{key}_downloads")
    offers = (
        ("png", _image(figure, stamp, "png", picture), "image/png"),
        ("svg", _image(figure, stamp, "svg", picture), "image/svg+xml"),
        ("csv", lambda: table_csv(figure_data(figure), stamp), "text/csv"),  # built when clicked, as the pictures
    )
    for kind, payload, mime in offers:
        row.download_button(
            t(f"downloads.chart_{kind}", lang),
            data=payload,
            file_name=f"{key}{stem}.{kind}",
            mime=mime,
            key=f"{key}_download" if kind == "csv" else f"{key}_{kind}",
            on_click="ignore",
            icon=":material/download:",
            type="tertiary",
        )
