"""The Inventory page's import form: how to read a register (a saved mapping, the sheet, the
header row, values for every row, a country restriction) and one question per column that
holds data but matches no field. The answers become tmf.register_options.RegisterOptions.

A file is read twice per run: once with the reading choices, which says which columns to ask
about (the same columns on every run, so the questions keep their answers), and once more
with the answers. Nothing is imported while any question is unanswered.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from components.inventory_view import field_label
from components.user_text import markdown_literal
from tmf.i18n import t
from tmf.inventory import COLUMN_NAMES, CONFIDENCE
from tmf.register_options import HAZARD_MAPPING_FILE, RegisterOptions
from tmf.registers import RegisterResult, UnplacedColumn, read_register

UNDECIDED = ""
IGNORE = "-"
MAPPING = "import_mapping"  # the saved mapping chosen
SAVE_AS = "import_save_as"  # the name to save the choices under on commit
HAZARD = "import_hazard_mapping"


def sheet_names(data: bytes, filename: str) -> list[str]:
    """The sheets of a workbook (none for CSV, GeoJSON or an unreadable file)."""
    if not filename.lower().endswith((".xlsx", ".xlsm")):
        return []
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        return load_workbook(io.BytesIO(data), read_only=True).sheetnames
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        return []  # the reader then says in one sentence why the file cannot be read


def reading_options(
    data: bytes, filename: str, lang: str, saved: list[str], load: Callable[[str], RegisterOptions]
) -> RegisterOptions:
    """The reading choices: a saved mapping, then the form's values over it."""
    with st.expander(t("importing.reading_title", lang), expanded=True):
        left, middle, right = st.columns(3)
        name = left.selectbox(
            t("importing.saved_mapping", lang),
            ["", *saved],
            key=MAPPING,
            format_func=lambda n: n or t("importing.no_mapping", lang),
        )
        base = load(name) if name else RegisterOptions()
        sheets = sheet_names(data, filename)
        sheet = middle.selectbox(
            t("importing.sheet", lang),
            ["", *sheets],
            key="import_sheet",
            format_func=lambda s: s or t("importing.sheet_auto", lang),
            disabled=len(sheets) < 2,
        )
        header_row = right.number_input(t("importing.header_row", lang), 0, 1000, 0, key="import_header_row")
        set_values, country = _every_row(lang)
    return replace(
        base,
        sheet=sheet or base.sheet,
        header_row=int(header_row) or base.header_row,
        set_values={**base.set_values, **set_values},
        country=country or base.country,
    )


def _every_row(lang: str) -> tuple[dict[str, str], str | None]:
    """Values for every row that lacks one (country, source, confidence) and the restriction."""
    st.markdown(f"**{t('importing.set_title', lang)}**")
    left, middle, right = st.columns(3)
    country = left.text_input(t("importing.set_country", lang), key="import_set_country", max_chars=2)
    source = middle.text_input(t("importing.set_source", lang), key="import_set_source")
    confidence = right.selectbox(
        t("importing.set_confidence", lang),
        ["", *CONFIDENCE],
        key="import_set_confidence",
        format_func=lambda c: t(f"values.confidence.{c}", lang) if c else t("importing.from_file", lang),
    )
    restrict = st.checkbox(t("importing.restrict", lang), key="import_restrict", disabled=not country.strip())
    values = {"country": country.strip().upper(), "source": source.strip(), "confidence": confidence}
    chosen = {k: v for k, v in values.items() if v}
    return chosen, (values["country"] if restrict and values["country"] else None)


def _question(column: UnplacedColumn, key: str, lang: str) -> str:
    label = t(
        "importing.map_column",
        lang,
        column=markdown_literal(column.header),
        letter=column.letter,
        example=markdown_literal(column.example),
    )

    def choice_label(choice: str) -> str:
        if choice == UNDECIDED:
            return t("importing.undecided", lang)
        if choice == IGNORE:
            return t("inventory.ignore_column", lang)
        return f"{field_label(choice, lang)} ({choice})"

    return st.selectbox(label, [UNDECIDED, IGNORE, *COLUMN_NAMES], key=key, format_func=choice_label)


def column_answers(unplaced: tuple[UnplacedColumn, ...], data: bytes, lang: str) -> RegisterOptions:
    """A question per unplaced column; the answers as columns mapped and columns ignored."""
    if not unplaced:
        return RegisterOptions()
    st.markdown(f"**{t('importing.unplaced_title', lang)}**")
    st.caption(t("importing.unplaced_help", lang))
    prefix = hashlib.sha256(data).hexdigest()[:10]
    answers = {c.header: _question(c, f"map_{prefix}_{i}", lang) for i, c in enumerate(unplaced)}
    return RegisterOptions(
        columns={h: a for h, a in answers.items() if a not in (UNDECIDED, IGNORE)},
        ignore=tuple(h for h, a in answers.items() if a == IGNORE),
    )


def hazard_choice(result: RegisterResult, lang: str) -> str | None:
    """The provisional hazard-class mapping, when the file has a national class and the user
    asks for it."""
    if "hazard_class_national" not in result.fields:
        return None
    wanted = st.checkbox(t("importing.hazard_derive", lang), key=HAZARD)
    return str(HAZARD_MAPPING_FILE) if wanted else None


def read(data: bytes, filename: str, options: RegisterOptions, lang: str) -> RegisterResult:
    """The register read with the reading choices and the answers to the questions it raises
    (ProblemError when the file cannot be read as a table)."""
    first = read_register(data, filename, options)
    answers = column_answers(first.unplaced_columns, data, lang)
    hazard = hazard_choice(first, lang)
    if not answers.columns and not answers.ignore and hazard is None:
        return first
    final = replace(
        options,
        columns={**options.columns, **answers.columns},
        ignore=(*options.ignore, *answers.ignore),
        hazard_mapping=hazard or options.hazard_mapping,
    )
    return read_register(data, filename, final)
