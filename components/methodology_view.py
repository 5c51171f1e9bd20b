"""The methodology profile as tables: criteria with their score tables and provenance."""

from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from tmf.i18n import format_number, t
from tmf.methodology import Criterion, Profile


def _bound(value: float, lang: str) -> str:
    return "∞" if math.isinf(value) else format_number(value, lang, 0 if float(value).is_integer() else 2)


def score_table_text(criterion: Criterion, lang: str) -> str:
    """The criterion's scoring rule in one line, e.g. ``[0.1, 0.3) → 1``; provisional marked *."""
    if criterion.kind == "log10":
        return t("methodology.log10_rule", lang, floor=format_number(criterion.floor, lang))
    parts = []
    for entry in criterion.entries:
        mark = "*" if entry.provenance == "provisional" else ""
        if entry.value is not None:
            label = (
                t(f"values.{criterion.input}.{entry.value}", lang)
                if criterion.input != "hazard_class_wgk"
                else entry.value
            )
        else:
            label = f"[{_bound(entry.low, lang)}; {_bound(entry.high, lang)})"
        parts.append(f"{label} → {format_number(entry.score, lang)}{mark}")
    return "; ".join(parts)


def criteria_table(profile: Profile, lang: str) -> tuple[pd.DataFrame, dict]:
    """One row per criterion in the reader's words (the criterion's key, for profile files and
    links, is on the administrators' profile page only)."""
    records = [
        {
            "criterion": t(f"criteria.{c.key}.label", lang),
            "index": "THI + TRI" if c.group == "thi" else "TRI",
            "weight": c.default_weight,  # before the long columns: in view on a 1366 px laptop
            "scores": score_table_text(c, lang),
            "missing": format_number(c.missing, lang, 0 if c.missing.is_integer() else 2)
            + ("" if c.missing_provenance == "confirmed" else "*"),
            "input": t(f"fields.{c.input}", lang),
            "provenance": t(f"methodology.{'provisional' if c.provisional else 'confirmed'}", lang),
            "source": c.source_text(lang),
        }
        for c in profile.criteria
    ]
    config = {
        "criterion": st.column_config.TextColumn(t("methodology.criterion", lang), width=170),
        "index": t("methodology.index", lang),
        "weight": st.column_config.NumberColumn(t("methodology.default_weight", lang), format="%.1f"),
        "scores": st.column_config.TextColumn(
            t("methodology.scores", lang), help=t("methodology.scores_help", lang), width=260
        ),
        "missing": t("methodology.missing", lang),
        "input": t("methodology.input", lang),
        "provenance": t("methodology.provenance", lang),
        "source": st.column_config.TextColumn(t("methodology.source", lang), width="large"),
    }
    return pd.DataFrame(records), config


def sources_table(profile: Profile, lang: str) -> tuple[pd.DataFrame, dict]:
    return pd.DataFrame({"source": list(profile.sources)}), {
        "source": st.column_config.LinkColumn(t("methodology.source", lang))
    }
