"""Tables for st.dataframe: translated headers, formatted numbers, user text as text.

st.dataframe draws cells on a canvas as plain text, so names from the inventory can never
run as HTML; links only ever come from the ``source`` column and open as links.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tmf.i18n import t
from tmf.methodology import Profile


def unknown_labels(unknown: str, lang: str) -> str:
    """Comma-separated criterion keys as translated labels."""
    return ", ".join(t(f"criteria.{key}.label", lang) for key in unknown.split(",") if key)


def ranking_table(ranked: pd.DataFrame, profile: Profile, index: str, lang: str) -> tuple[pd.DataFrame, dict]:
    """The ranked facilities with their contributions, and the column configuration."""
    keys = profile.keys_of(index)
    columns = ["rank", "rank_shift", "facility_id", "name", "country", "status", "score", "thi", "tri"]
    table = ranked[columns + [f"c_{k}" for k in keys] + ["unknown", "confidence"]].copy()
    table["status"] = table["status"].map(lambda v: t(f"values.status.{v}", lang) if v else "")
    table["confidence"] = table["confidence"].map(lambda v: t(f"values.confidence.{v}", lang) if v else "")
    table["unknown"] = table["unknown"].map(lambda v: unknown_labels(v, lang))
    number = st.column_config.NumberColumn
    config = {
        "rank": number(t("ranking.rank", lang), format="%d"),
        "rank_shift": number(t("ranking.rank_shift", lang), format="%+d", help=t("ranking.rank_shift_help", lang)),
        "facility_id": t("fields.facility_id", lang),
        "name": t("fields.name", lang),
        "country": t("fields.country", lang),
        "status": t("fields.status", lang),
        "score": number(t("ranking.score", lang), format="%.2f"),
        "thi": number("THI", format="%.2f"),
        "tri": number("TRI", format="%.2f"),
        "unknown": t("ranking.unknown", lang),
        "confidence": t("fields.confidence", lang),
    }
    config |= {f"c_{k}": number(t(f"criteria.{k}.short", lang), format="%.2f") for k in keys}
    return table, config


def show(table: pd.DataFrame, config: dict, key: str, height: int | str = "auto") -> None:
    st.dataframe(table, column_config=config, hide_index=True, key=key, height=height)
