"""Tables for st.dataframe: translated headers, formatted numbers, user text as text.

st.dataframe draws cells on a canvas as plain text, so names from the inventory can never
run as HTML; links only ever come from the ``source`` column and open as links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd
import streamlit as st

from components.maps import plain_numbers
from components.user_text import markdown_literal
from tmf.i18n import t
from tmf.localise import EMPTY, country_name, signed_whole
from tmf.methodology import Profile

# st.column_config number formats we turn into text with the language's marks.
PRINTF = re.compile(r"^%(\+?)(?:\.(\d+))?[df]( %%)?$")  # an optional " %%": a percentage
TEXT_TYPE = {"type": "text", "max_chars": None, "validate": None}
SIGNED_WHOLE = "%+d"  # a change in places: +3, -2, and — for none (Streamlit's own "%+d" writes +0)

TABLE_ROWS = 100  # rows a page's table shows; the downloads hold every row
# Streamlit's grid wraps text only in rows taller than 4rem (64 px): three lines of a sentence.
SENTENCE_ROW_HEIGHT = 76  # px: four wrapped lines, the least a row of sentences gets
SENTENCE_LINE = 19  # px per wrapped line of the grid's text
WRAPPING_ROW_HEIGHT = 65  # px: the lowest row in which the grid wraps (above 4rem)
SENTENCE_CHARS = 72  # characters a sentence column holds per line (about 540 px, its width at 1366 px)
MAX_SENTENCE_LINES = 9  # a longer sentence is cut (its cell opens whole on a click)
ROW_HEIGHT = 35  # px: a row of Streamlit's grid
WRAPPED_ROWS_SHOWN = 8  # rows of sentences in view at once (a longer table scrolls inside)
HEADER_HEIGHT = 38  # the grid's header row and borders, for a height that shows every row


def whole_height(rows: int, wrap: bool = False) -> int:
    """The height of a table of ``rows`` rows (wrapped: ``show(..., wrap=True)``) shown whole
    (the grid's own height stops at ten rows and scrolls the rest)."""
    return HEADER_HEIGHT + (SENTENCE_ROW_HEIGHT if wrap else ROW_HEIGHT) * rows


NAME_WIDTH = 320  # pixels of a facility name column: the columns after it stay on screen at 1366x768
NAME_CHARS = 40  # characters a line of that column holds (``show``'s ``names``)


def name_column(lang: str, width: int = NAME_WIDTH) -> dict:
    """The facility name column, at most ``width`` wide (a longer name ends in an ellipsis, or
    wraps in a table of sentences, and shows whole when its cell is clicked), so that country,
    status and score stay in view."""
    return st.column_config.TextColumn(t("fields.name", lang), width=width)


def matching(ranked: pd.DataFrame, text: str) -> pd.DataFrame:
    """The rows whose name or facility_id contains ``text`` (case-insensitive); all for blank."""
    text = text.strip()
    if not text:
        return ranked
    found = ranked["facility_id"].astype(str).str.contains(text, case=False, regex=False)
    found |= ranked["name"].astype(str).str.contains(text, case=False, regex=False)
    return ranked[found.fillna(False).to_numpy(dtype=bool)]


def _translated(values: pd.Series, label) -> pd.Series:
    """``label(value)`` of each value, called once per distinct value (blank gives "")."""
    distinct = values.dropna().unique()
    return values.map({v: label(v) if v else "" for v in distinct}).fillna("").astype(object)


def unknown_labels(unknown: str, lang: str) -> str:
    """Comma-separated criterion keys as translated labels."""
    return ", ".join(t(f"criteria.{key}.label", lang) for key in unknown.split(",") if key)


def rank_shift_column(lang: str) -> dict:
    """Places moved against the official ranking: +3, -2, and — for none (``show``)."""
    return st.column_config.NumberColumn(
        t("ranking.rank_shift", lang), format=SIGNED_WHOLE, help=t("ranking.rank_shift_help", lang)
    )


def ranking_table(ranked: pd.DataFrame, profile: Profile, index: str, lang: str) -> tuple[pd.DataFrame, dict]:
    """The ranked facilities with their contributions, and the column configuration."""
    keys = profile.keys_of(index)
    columns = ["rank", "rank_shift", "facility_id", "name", "country", "status", "score", "thi", "tri"]
    table = ranked[columns + [f"c_{k}" for k in keys] + ["unknown", "confidence"]].copy()
    table["country"] = _translated(table["country"], lambda code: country_name(code, lang))
    table["status"] = _translated(table["status"], lambda v: t(f"values.status.{v}", lang))
    table["confidence"] = _translated(table["confidence"], lambda v: t(f"values.confidence.{v}", lang))
    table["unknown"] = _translated(table["unknown"], lambda v: unknown_labels(v, lang))
    number = st.column_config.NumberColumn
    config = {
        "rank": number(t("ranking.rank", lang), format="%d"),
        "rank_shift": rank_shift_column(lang),
        "facility_id": t("fields.facility_id", lang),
        "name": name_column(lang),
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


def _number_texts(values: pd.Series, lang: str, digits: int, signed: bool, suffix: str = "") -> list[str]:
    """``format_number`` of a column (``plain_numbers``: no Babel call per cell), with a
    "+" before positive values when ``signed`` and ``suffix`` after every number."""
    texts = plain_numbers(values.to_numpy(dtype=float), lang, digits)
    return [
        text if text == EMPTY else ("+" + text if signed and value > 0 else text) + suffix
        for text, value in zip(texts, values, strict=True)
    ]


def numbers_as_text(table: pd.DataFrame, config: dict, lang: str, sortable: bool = False) -> tuple[pd.DataFrame, dict]:
    """Number columns with decimals or thousands written with the language's marks
    (``1 234,5`` in Russian and Kazakh; a ``%.1f %%`` column as ``12,5 %``) as right-aligned
    text; st.dataframe's own number formats always use the point. Small whole numbers
    (ranks) stay numbers, so they sort. ``sortable`` (the on-screen grid, whose column menu
    sorts text as text: "9,00" after "17,41"): the texts of a column without negative
    values are padded on the left with figure spaces (as wide as a digit, unseen in a
    right-aligned cell) to one length, so that sorting them as text sorts them by value."""
    table, config = table.copy(), dict(config)
    for column, spec in config.items():
        type_config = spec.get("type_config", {}) if isinstance(spec, dict) else {}
        match = PRINTF.match(str(type_config.get("format") or "")) if type_config.get("type") == "number" else None
        if match is None or column not in table:
            continue
        digits = int(match.group(2) or 0)
        values = pd.to_numeric(table[column], errors="coerce")
        if digits == 0 and not (values.abs() >= 1000).any():
            continue
        suffix = " %" if match.group(3) else ""
        texts = _number_texts(values, lang, digits, bool(match.group(1)), suffix)
        table[column] = _padded(texts) if sortable and not (values < 0).any() else texts
        config[column] = {**spec, "alignment": "right", "type_config": TEXT_TYPE}
    return table, config


FIGURE_SPACE = "\u2007"  # a space as wide as a digit; sorts before digits and "—"


def _padded(texts: list[str]) -> list[str]:
    """``texts`` right-aligned to one length with figure spaces (the empty mark too, so that
    it sorts first)."""
    width = max((len(text) for text in texts), default=0)
    return [text.rjust(width, FIGURE_SPACE) for text in texts]


def _signed_columns(table: pd.DataFrame, config: dict) -> list[str]:
    return [
        column
        for column, spec in config.items()
        if column in table and isinstance(spec, dict) and spec.get("type_config", {}).get("format") == SIGNED_WHOLE
    ]


def _unchanged_as_dash(table: pd.DataFrame, config: dict) -> pd.DataFrame:
    """``table`` with no change (0) in its "%+d" columns written — (the grid's empty cell),
    the statistical tables' mark for "none", as Streamlit's "%+d" would write it +0. The
    column stays a number column, so it sorts. (A Styler could write 0 but sends every
    cell's text once more: 14 KB more per rerun of the Ranking page.)"""
    signed = _signed_columns(table, config)
    if not signed:
        return table
    table = table.copy()
    for column in signed:
        values = pd.to_numeric(table[column], errors="coerce")
        table[column] = values.where(values != 0)
    return table


def show(
    table: pd.DataFrame,
    config: dict,
    key: str,
    height: int | str = "auto",
    lang: str | None = None,
    wrap: bool = False,
    names: Mapping[str, int] | None = None,
) -> None:
    """A table with empty cells as —; with ``lang``, numbers in the language's marks, and a
    table without rows said in a sentence (Streamlit's empty grid writes "empty" in English).
    ``wrap`` for a table of sentences: rows of SENTENCE_ROW_HEIGHT, in which they wrap, up to
    WRAPPED_ROWS_SHOWN of them in view (a shorter table whole). ``names``: the characters
    a line holds in each narrow column of names (a facility's, a measure's); the rows grow
    so long names wrap whole instead of being cut mid-word."""
    if lang is not None and table.empty:
        st.caption(t("widgets.no_rows", lang))
        return
    row_height = sentence_row_height(table) if wrap else name_row_height(table, names) if names else None
    if wrap and height == "auto":  # Streamlit's own height showed five rows of sentences, the sixth scrolled
        height = HEADER_HEIGHT + row_height * min(len(table), WRAPPED_ROWS_SHOWN)
    if lang is not None:
        table, config = numbers_as_text(table, config, lang, sortable=True)
    st.dataframe(
        _unchanged_as_dash(table, config),
        column_config=config,
        hide_index=True,
        key=key,
        height=height,
        placeholder=EMPTY,
        row_height=row_height,
    )


def name_row_height(table: pd.DataFrame, names: Mapping[str, int]) -> int | None:
    """The row height (px) in which the longest text of each column of ``names`` (column ->
    characters a line) wraps whole (up to four lines; never so low that the grid does not
    wrap, ``WRAPPING_ROW_HEIGHT``); None when one line holds them."""
    lines = min(4, max(-(-_longest(table.get(column, ())) // chars) for column, chars in names.items()))
    return max(SENTENCE_LINE * lines + 8, WRAPPING_ROW_HEIGHT) if lines > 1 else None


def _longest(texts: Iterable[object]) -> int:
    return max((len(v) for v in texts if isinstance(v, str)), default=0)


def sentence_row_height(table: pd.DataFrame) -> int:
    """The row height (px) in which the table's longest text wraps whole: four lines at
    least, ``MAX_SENTENCE_LINES`` at most (Streamlit's grid gives every row one height)."""
    longest = max((_longest(table[column]) for column in table.columns), default=0)
    lines = min(MAX_SENTENCE_LINES, -(-longest // SENTENCE_CHARS))
    return max(SENTENCE_ROW_HEIGHT, SENTENCE_LINE * lines)


def headed(table: pd.DataFrame, config: dict) -> pd.DataFrame:
    """``table`` with each column named by its header on the page (the column
    configuration's label), for a file taken away; columns the page hides are left out."""
    names = {}
    for column in table.columns:
        spec = config.get(column, column)
        if spec is None:
            continue
        label = spec.get("label") if isinstance(spec, dict) else spec
        names[column] = str(label or column)
    return table[list(names)].rename(columns=names)


def print_table(table: pd.DataFrame, config: dict, lang: str, container=st) -> None:
    """``table`` as a static table for paper (every column, no canvas grid that printing
    cuts), numbers in the language's marks; page_style shows it only when printing. Cells
    are markdown-escaped text (st.table renders markdown)."""
    shown, shown_config = numbers_as_text(table, config, lang)
    for column in _signed_columns(shown, shown_config):
        shown[column] = [signed_whole(v) if v else EMPTY for v in shown[column]]  # as on screen: — for none
    frame = headed(shown, shown_config).astype(object).where(shown.notna().to_numpy(), EMPTY)
    container.table(frame.map(lambda v: markdown_literal(v) if str(v) != EMPTY else EMPTY), hide_index=True)
