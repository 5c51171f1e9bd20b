"""The Inventory page's import form: how to read a register (a saved mapping, the sheet, the
header row, values for every row, a country restriction), one question per column that
holds data but matches no field, and the unit of each measured column whose header names
none ("Объем" counted in thousands of m3). The answers become
tmf.register_options.RegisterOptions, so they are applied exactly like a unit in a header and
saved with the mapping.

A file is read twice per run: once with the reading choices, which says which columns to ask
about (the same columns on every run, so the questions keep their answers), and once more
with the answers. Nothing is imported while any question is unanswered.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import replace

import streamlit as st

from components.inventory_view import field_label
from components.user_text import markdown_literal
from tmf import vocabulary
from tmf.i18n import t
from tmf.inventory import COLUMN_NAMES, CONFIDENCE
from tmf.readers import cell_text
from tmf.register_layout import user_choice
from tmf.register_options import HAZARD_MAPPING_FILE, RegisterOptions
from tmf.register_problems import UnplacedColumn
from tmf.registers import RegisterResult, read_register

UNDECIDED = ""
IGNORE = "-"
MAPPING = "import_mapping"  # the saved mapping chosen
SAVE_AS = "import_save_as"  # the name to save the choices under on commit
HAZARD = "import_hazard_mapping"
# The units a register may count a measured field in: (catalogue key, factor to the field's unit).
UNITS = {
    "volume_m3": (("unit_m3", 1.0), ("unit_thousand_m3", 1e3), ("unit_million_m3", 1e6)),
    "mass_t": (("unit_t", 1.0), ("unit_thousand_t", 1e3), ("unit_million_t", 1e6)),
    "distance_to_water_km": (("unit_km", 1.0), ("unit_m", 1e-3)),
}


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
            help=t("importing.sheet_help", lang),
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


def _question(column: UnplacedColumn, where, key: str, lang: str) -> str:
    """The field an unplaced column goes in, asked with its closest field as a hint (never
    chosen for the user)."""
    label = t(
        "importing.map_column_hint" if column.hint else "importing.map_column",
        lang,
        column=markdown_literal(column.header),
        letter=column.letter,
        example=markdown_literal(column.example),
        field=f"{field_label(column.hint, lang)} ({column.hint})" if column.hint else "",
    )

    def choice_label(choice: str) -> str:
        if choice == UNDECIDED:
            return t("importing.undecided", lang)
        if choice == IGNORE:
            return t("inventory.ignore_column", lang)
        return f"{field_label(choice, lang)} ({choice})"

    return where.selectbox(label, [UNDECIDED, IGNORE, *COLUMN_NAMES], key=key, format_func=choice_label)


def _unit(where, field: str, header: str, key: str, saved: Mapping[str, float], lang: str) -> float:
    """The factor of a measured column's unit (default: the saved mapping's for this header,
    written as the file writes it or not, else the field's own unit)."""
    words = {factor: f"importing.{word}" for word, factor in UNITS[field]}
    default = float(user_choice(header, saved) or 1.0)
    factors = [*words, *([default] if default not in words else [])]

    def unit_label(factor: float) -> str:
        return t(words[factor], lang) if factor in words else f"× {cell_text(factor)}"

    label = t("importing.unit_of", lang, column=markdown_literal(header))
    return where.selectbox(label, factors, index=factors.index(default), key=key, format_func=unit_label)


def column_answers(
    unplaced: tuple[UnplacedColumn, ...], prefix: str, saved: Mapping[str, float], lang: str
) -> RegisterOptions:
    """A question per unplaced column, with a unit choice beside it when the field it is put
    in is measured; the answers as columns mapped, columns ignored and units."""
    if not unplaced:
        return RegisterOptions()
    st.markdown(f"**{t('importing.unplaced_title', lang)}**")
    st.caption(t("importing.unplaced_help", lang))
    answers, units = {}, {}
    for i, column in enumerate(unplaced):
        left, right = st.columns([3, 1])
        answers[column.header] = _question(column, left, f"map_{prefix}_{i}", lang)
        if answers[column.header] in UNITS:
            field = answers[column.header]
            units[column.header] = _unit(right, field, column.header, f"unit_{prefix}_{i}", saved, lang)
    return RegisterOptions(
        columns={h: a for h, a in answers.items() if a not in (UNDECIDED, IGNORE)},
        ignore=tuple(h for h, a in answers.items() if a == IGNORE),
        units=units,
    )


def unit_answers(result: RegisterResult, prefix: str, saved: Mapping[str, float], lang: str) -> dict[str, float]:
    """A unit choice for each measured column placed by its header or a saved mapping whose
    header names no unit ("Объем"); a header with a unit ("Объем, тыс. м3") needs none."""
    unitless = [(f, h) for f, h in result.fields.items() if f in UNITS and not vocabulary.names_unit(h, f)]
    if not unitless:
        return {}
    st.markdown(f"**{t('importing.units_title', lang)}**")
    st.caption(t("importing.units_help", lang))
    columns = st.columns(3)
    return {
        header: _unit(columns[i % 3], field, header, f"unit_{prefix}_placed_{i}", saved, lang)
        for i, (field, header) in enumerate(unitless)
    }


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
    prefix = hashlib.sha256(data).hexdigest()[:10]
    answers = column_answers(first.unplaced_columns, prefix, options.units, lang)
    units = {**answers.units, **unit_answers(first, prefix, options.units, lang)}
    hazard = hazard_choice(first, lang)
    if not answers.columns and not answers.ignore and not units and hazard is None:
        return first
    final = replace(
        options,
        columns={**options.columns, **answers.columns},
        ignore=(*options.ignore, *answers.ignore),
        units={**options.units, **units},
        hazard_mapping=hazard or options.hazard_mapping,
    )
    return read_register(data, filename, final)
