"""One renderer for every Plotly figure: the language's number marks, labels that are not
cut, and our own translated download instead of Plotly's English modebar.

Builders (components/charts.py and others) stay pure; pages draw their figures through
``show``. The download holds the figure's data (one row per bar or point) as CSV.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from tmf.i18n import normalise_language, t

# Plotly's ``separators``: decimal mark, then thousands mark (1 234 567,8 in ru and kk).
SEPARATORS = {"en": ".,", "ru": ",\u00a0", "kk": ",\u00a0"}


def localised(figure: go.Figure, lang: str) -> go.Figure:
    """A copy of ``figure`` with the language's number marks and self-sizing margins."""
    shown = go.Figure(figure)
    shown.update_layout(separators=SEPARATORS[normalise_language(lang)])
    shown.update_xaxes(automargin=True)
    shown.update_yaxes(automargin=True)
    return shown


def figure_data(figure: go.Figure) -> pd.DataFrame:
    """The plotted values, one row per point: series name, x and y."""
    frames = []
    for trace in figure.data:
        x, y = getattr(trace, "x", None), getattr(trace, "y", None)
        if x is None or y is None:
            continue
        frames.append(pd.DataFrame({"series": trace.name or "", "x": list(x), "y": list(y)}))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["series", "x", "y"])


def show(figure: go.Figure, key: str, lang: str, container=st) -> None:
    """Draw ``figure`` without the modebar, with a download of its data below it."""
    container.plotly_chart(localised(figure, lang), key=key, config={"displayModeBar": False})
    data = figure_data(figure)
    if len(data):
        container.download_button(
            t("widgets.download_chart", lang),
            data=data.to_csv(index=False).encode("utf-8"),
            file_name=f"{key}.csv",
            mime="text/csv",
            key=f"{key}_download",
            icon=":material/download:",
            type="tertiary",
        )
