"""The Inventory page's pieces: problem, note and row tables, header mapping, differences,
export and the template downloads.

Builders return DataFrames (shown with st.dataframe, which draws every cell as plain text,
so names like ``<img src=x onerror=...>`` show as typed); renderers are one-liners.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from components import tables
from components.user_text import markdown_literal
from tmf.i18n import has_message, t
from tmf.inventory import COLUMNS
from tmf.localise import country_name
from tmf.problems import Problem
from tmf.readers import cell_text
from tmf.registers import RegisterResult
from tmf.store.imports import ImportPreview


def field_label(name: str | None, lang: str) -> str:
    """The translated label of an inventory column; other headers as they are."""
    if name and has_message(f"fields.{name}"):
        return t(f"fields.{name}", lang)
    return name or ""


def value_text(value: object, lang: str) -> str:
    """A stored value as exact text (numbers unrounded); blank as —, like every empty value."""
    text = cell_text(value)
    return text if text else t("inventory.blank", lang)


def field_value_text(name: str, value: object, lang: str) -> str:
    """A stored value of field ``name`` as its reader says it: an allowed value in words
    ("abandoned" -> "брошенное"), a country by its name, anything else as ``value_text``."""
    text = cell_text(value)
    if text and name in ("country", "downstream_countries"):
        return ", ".join(country_name(code, lang) for code in text.split(";"))
    if text and has_message(f"values.{name}.{text}"):
        return t(f"values.{name}.{text}", lang)
    return value_text(value, lang)


def problems_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    """One row per problem: spreadsheet row, column label (a field the file lacks by its
    label) and the sentence."""
    rows = [
        {
            "row": p.row,
            "column": field_label(p.column or p.params.get("field"), lang),
            "problem": Problem(p.code, p.params).message(lang),
        }
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=["row", "column", "problem"])
    frame["row"] = frame["row"].astype("Int64")
    return frame


def notes_table(notes: Sequence[Problem], lang: str) -> pd.DataFrame:
    """What reading a register did (unit factors, skipped totals rows, ignored columns, the
    hazard-class mapping): one row per note, with its row and the header as written."""
    table = problems_table(list(notes), lang).rename(columns={"problem": "note"})
    return table.sort_values("row", kind="stable", na_position="first").reset_index(drop=True)


def reading_summary(result: RegisterResult, lang: str) -> None:
    """Where the header was found, the hazard-class decision, and every note of the reading."""
    if (result.header_row or 0) >= 1:
        key = "importing.read_header" if result.sheet is None else "importing.read_from"
        st.caption(t(key, lang, sheet=markdown_literal(result.sheet), row=result.header_row))
    if result.hazard_mapping is not None and result.hazard_mapping.provenance == "provisional":
        st.warning(t("importing.hazard_provisional", lang, file=markdown_literal(result.hazard_mapping.file)))
    elif "hazard_class_national" in result.fields and result.hazard_mapping is None:
        st.caption(t("importing.hazard_kept", lang))
    if result.notes:
        with st.expander(t("importing.notes_title", lang, count=len(result.notes)), expanded=True):
            tables.show(
                notes_table(result.notes, lang),
                table_config(lang),
                key="notes_table",
                lang=lang,
                wrap=True,
            )


def fine_rows_table(frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """The rows without any problem: row number, facility_id, name, country."""
    bad = {p.row for p in problems}
    fine = frame[~frame["row"].isin(bad)] if len(frame) else frame
    return fine.reindex(columns=["row", "facility_id", "name", "country"]).reset_index(drop=True)


def table_config(lang: str) -> dict:
    return {
        "row": st.column_config.NumberColumn(t("inventory.row", lang), format="%d", width=70),
        "column": st.column_config.TextColumn(t("inventory.column", lang), width=200),
        "problem": t("inventory.problem", lang),
        "note": t("importing.note_column", lang),
        "status": t("fields.status", lang),
        "volume_m3": st.column_config.NumberColumn(t("fields.volume_m3", lang), format="%.0f"),
        "facility_id": t("fields.facility_id", lang),
        "name": tables.name_column(lang),
        "country": t("fields.country", lang),
        "field": t("inventory.field", lang),
        "before": t("inventory.before", lang),
        "after": t("inventory.after", lang),
    }


def changes_table(preview: ImportPreview, lang: str) -> pd.DataFrame:
    """Every field an import would change: facility, field label, before -> after."""
    changes = preview.changes.copy()
    for side in ("before", "after"):
        changes[side] = [field_value_text(n, v, lang) for n, v in zip(changes["field"], changes[side], strict=True)]
    changes["field"] = changes["field"].map(lambda n: field_label(n, lang))
    return changes


def added_table(frame: pd.DataFrame, preview: ImportPreview, lang: str) -> pd.DataFrame:
    """The new facilities: row, identifier, name, country and status in words, volume (as
    converted)."""
    added = frame[frame["facility_id"].isin(preview.summary.added)]
    columns = ["row", "facility_id", "name", "country", "status", "volume_m3"]
    table = added.reindex(columns=columns).reset_index(drop=True)
    for name in ("country", "status"):
        table[name] = [field_value_text(name, v, lang) for v in table[name]]
    return table


def comparison_table(mine: Mapping[str, object], theirs: Mapping[str, object], lang: str) -> pd.DataFrame:
    """Field by field: the refused values and the stored ones, differing fields first."""
    rows = [
        {
            "field": field_label(c.name, lang),
            "mine": field_value_text(c.name, mine.get(c.name), lang),
            "theirs": field_value_text(c.name, theirs.get(c.name), lang),
        }
        for c in COLUMNS
    ]
    frame = pd.DataFrame(rows, columns=["field", "mine", "theirs"])
    frame["differs"] = frame["mine"] != frame["theirs"]
    return frame.sort_values("differs", ascending=False, kind="stable").reset_index(drop=True)


def show(table: pd.DataFrame, lang: str, key: str) -> None:
    tables.show(table, table_config(lang), key=key, lang=lang)
