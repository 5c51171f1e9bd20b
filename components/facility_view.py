"""Tables of one facility: its fields, its sources and its score breakdown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from tmf.i18n import format_number, record_text, t
from tmf.inventory import COLUMNS
from tmf.localise import commodity_words, country_list, is_web_address, source_items
from tmf.methodology import Profile

CHOICE_FIELDS = {
    "status",
    "management",
    "flood_hazard",
    "dam_condition",
    "protected_area_downstream",
    "confidence",
    "location_confidence",
    "transboundary_class",
}

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}


def field_value(name: str, value: object, lang: str) -> str:
    """A field's value as display text; blank means unknown."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return t("facility.unknown", lang)
    if name in ("country", "downstream_countries"):
        return country_list(value, lang)
    if name in CHOICE_FIELDS:
        return t(f"values.{name}.{value}", lang)
    if name == "commodity":
        return commodity_words(value, lang)
    if name == "hazard_class_national":  # registers write the national class in Roman numerals
        return ROMAN.get(int(value), str(value))
    if isinstance(value, float):
        digits = 0 if value.is_integer() else 3 if abs(value) < 1 else 2 if abs(value) < 100 else 0
        return format_number(value, lang, digits)
    return str(value)


def fields_table(row: pd.Series, lang: str) -> tuple[pd.DataFrame, dict]:
    """Every inventory field of the facility, unknown values said so."""
    records = [
        {"field": t(f"fields.{c.name}", lang), "value": field_value(c.name, row.get(c.name), lang)}
        for c in COLUMNS
        if c.name not in ("source", "facility_id")
    ]
    config = {
        "field": st.column_config.TextColumn(t("facility.field", lang), width=FIELD_NAME_WIDTH),
        "value": st.column_config.TextColumn(t("facility.value", lang), width="large"),
    }
    return pd.DataFrame(records), config


NOTES = ("notes", "notes_ru", "notes_kk")  # shown whole below the fields table, in the page's language


def notes_in_language(row: pd.Series, lang: str) -> tuple[str, str] | None:
    """The record's notes in ``lang`` (``notes_ru``/``notes_kk``, else the English ``notes``)
    and a sentence saying what the reader has: a translation, the record's own notes, or the
    Russian translation on a Kazakh page; None when the record has no notes."""
    found = record_text(row, "notes", lang)
    if found is None:
        return None
    text, written_in = found
    if written_in == lang:
        return text, "" if lang == "en" else t("facility.notes_translated", lang)
    if written_in == "en":  # the record's own notes: a register's may be Russian, so no language is claimed
        return text, t("facility.notes_original", lang)
    return text, t(f"facility.notes_in_{written_in}", lang)


FIELD_NAME_WIDTH = 300  # px: the longest field names ("Координаттардың сенімділігі") whole


def sources_table(row: pd.Series, lang: str) -> tuple[pd.DataFrame, dict, list[str]]:
    """The record's web sources (links open in a new tab), and its sources in words (a
    register's name, "not verified against a source") to be shown as text, not as links."""
    items = source_items(row.get("source"), lang)
    frame = pd.DataFrame({"source": [item for item in items if is_web_address(item)]})
    config = {"source": st.column_config.LinkColumn(t("fields.source", lang))}
    return frame, config, [item for item in items if not is_web_address(item)]


def breakdown_table(row: pd.Series, profile: Profile, lang: str) -> tuple[pd.DataFrame, dict]:
    """Each criterion's input value, sub-score, whether it was unknown and if provisional."""
    unknown = set(str(row["unknown"]).split(","))
    records = []
    for criterion in profile.criteria:
        records.append(
            {
                "criterion": t(f"criteria.{criterion.key}.label", lang),
                "index": "THI" if criterion.group == "thi" else "TRI",
                "input": field_value(criterion.input, row.get(criterion.input), lang),
                "sub_score": float(row[f"s_{criterion.key}"]),
                "note": " · ".join(
                    ([t("facility.unknown_policy", lang)] if criterion.key in unknown else [])
                    + ([t("methodology.provisional", lang)] if criterion.provisional else [])
                ),
            }
        )
    config = {
        "criterion": t("methodology.criterion", lang),
        "index": st.column_config.TextColumn(t("methodology.index", lang), width="small"),
        "input": t("facility.input", lang),
        "sub_score": st.column_config.NumberColumn(t("charts.sub_score", lang), format="%.3f"),
        "note": st.column_config.TextColumn(t("facility.note", lang), width="large"),
    }
    return pd.DataFrame(records), config
