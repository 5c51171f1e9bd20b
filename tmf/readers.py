"""What real inventory files contain, read into rows of text (cells only: no schema).

This module knows files and cells, not the inventory: which column is which is decided by
``tmf.inventory`` (the schema) and ``tmf.registers`` (registers as authorities keep them).

- XLSX through openpyxl, every sheet: merged cells are filled with their value (a merged header over
  two columns names both), Excel dates become ISO date text, formulas give their computed
  value, and a two-row header whose first row is a group title ("Coordinates" over
  latitude and longitude) is read from its second row.
- CSV in UTF-8 or Windows-1251, separated by ``,`` ``;`` or tab.
- GeoJSON FeatureCollections of points (what the export writes).
- Cells the export neutralised against spreadsheet formulas (``'=...``) get their quote
  back off, so export -> import is exact.
- Coordinates in degrees-minutes-seconds (``41°16'56"N``, ``41 16 56``, ``72°28'34" E``,
  ``41°16,5' с.ш.``), refused with a sentence when they are ambiguous.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from tmf import file_limits
from tmf.problems import Problem, ProblemError

# A text cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = re.compile(r"^'*[=+\-@\t\r]")
DATE_TEXT = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2})?)?|\d{1,2}[./]\d{1,2}[./]\d{4})$")
COORDINATE_AXES = {"latitude": (90.0, "NS"), "longitude": (180.0, "EW")}
HEMISPHERES = {
    "N": "N",
    "S": "S",
    "E": "E",
    "W": "W",
    "С": "N",
    "Ю": "S",
    "В": "E",
    "З": "W",
    "С.Ш.": "N",
    "Ю.Ш.": "S",
    "В.Д.": "E",
    "З.Д.": "W",
}
_HEMISPHERE = "|".join(sorted((re.escape(k) for k in HEMISPHERES), key=len, reverse=True))
_HEMISPHERE_AT_END = re.compile(rf"^(?P<body>.*?)\s*(?P<h>{_HEMISPHERE})$")
_HEMISPHERE_AT_START = re.compile(rf"^(?P<h>{_HEMISPHERE})\s*(?P<body>.*)$")
# A number and the unit mark after it: ° degrees, ' minutes, " seconds (typographic too).
_DMS_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*(°|º|˚|''|′′|\"|″|”|“|'|′|’|‘|`)?\s*")
_UNIT_SLOT = {"°": 0, "º": 0, "˚": 0, "'": 1, "′": 1, "’": 1, "‘": 1, "`": 1}


def neutralise(text: str) -> str:
    """A text cell a spreadsheet shows as typed: ``'`` prefixed when it starts with
    ``= + - @``, tab or CR (or with quotes before one, so ``unneutralise`` is exact)."""
    return "'" + text if FORMULA_START.match(text) else text


def unneutralise(text: str) -> str:
    """The cell as it was before ``neutralise``."""
    return text[1:] if text.startswith("'") and FORMULA_START.match(text[1:]) else text


def looks_like_date(text: str) -> bool:
    """True for ``2021-03-04``, ``2021-03-04 10:00`` or ``04.03.2021`` (a date, not a number)."""
    return bool(DATE_TEXT.match(text.strip()))


def parse_number(text: str) -> float:
    """A decimal number written with a point or a comma and optional spaces; ValueError else."""
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    number = float(cleaned)
    if not np.isfinite(number):
        raise ValueError(text)
    return number


def _unclear(text: str) -> ProblemError:
    return ProblemError(Problem("coordinate_unclear", {"value": text}))


def parse_coordinate(text: str, axis: str) -> float:
    """Decimal degrees from decimal or degrees-minutes-seconds text; ProblemError if unclear.

    ``axis`` is latitude or longitude: a hemisphere letter of the other axis, a minus sign
    together with S or W, minutes or seconds of 60 or more, or decimals anywhere but in the
    last part are refused rather than guessed. Range checks are the caller's.
    """
    letters = COORDINATE_AXES[axis][1]
    cleaned = text.strip().upper().replace("\u00a0", " ")
    hemisphere = None
    match = _HEMISPHERE_AT_END.match(cleaned) or _HEMISPHERE_AT_START.match(cleaned)
    if match and re.search(r"\d", match["body"]):
        hemisphere, cleaned = HEMISPHERES[match["h"]], match["body"].strip()
    sign = -1.0 if cleaned.startswith("-") else 1.0
    cleaned = cleaned.lstrip("+-").strip()
    if hemisphere is not None and hemisphere not in letters:
        raise ProblemError(Problem("coordinate_wrong_hemisphere", {"value": text, "axis": axis}))
    if hemisphere is not None and sign < 0:
        raise _unclear(text)
    if hemisphere in ("S", "W"):
        sign = -1.0
    if re.fullmatch(r"\d+(?:[.,]\d+)?(?:E[-+]?\d+)?", cleaned):
        try:
            return sign * parse_number(cleaned)
        except ValueError:
            raise _unclear(text) from None
    return sign * _dms(cleaned, text)


def _dms(body: str, text: str) -> float:
    """Degrees from ``41°16'56"`` or ``41 16 56`` (units by mark, else by position)."""
    parts: list[float | None] = [None, None, None]
    position, slot = 0, -1
    decimals_at = None
    while position < len(body):
        match = _DMS_PART.match(body, position)
        if match is None or match.end() == position:
            raise _unclear(text)
        number, mark = match.group(1), match.group(2)
        slot = _UNIT_SLOT.get(mark, 2) if mark else slot + 1
        if slot > 2 or parts[slot] is not None or any(p is not None for p in parts[slot + 1 :]):
            raise _unclear(text)
        parts[slot] = float(number.replace(",", "."))
        if re.search(r"[.,]", number):
            decimals_at = slot
        position = match.end()
    used = [i for i, p in enumerate(parts) if p is not None]
    if not used or used[0] != 0 or (decimals_at is not None and decimals_at != used[-1]):
        raise _unclear(text)
    degrees, minutes, seconds = (p or 0.0 for p in parts)
    if minutes >= 60 or seconds >= 60:
        raise ProblemError(Problem("coordinate_minutes", {"value": text}))
    return degrees + minutes / 60 + seconds / 3600


def cell_text(value: object) -> str:
    """A spreadsheet cell as text: integers without ``.0``, dates as ISO text."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float):
        # Shortest digits that read back to the same float, never in exponent notation.
        return np.format_float_positional(value, unique=True, trim="-")
    return str(value)


def table_from_rows(rows: Sequence[Sequence[str]], is_known: Callable[[str], bool], spreadsheet: bool) -> pd.DataFrame:
    """A text table from raw rows: leading empty rows skipped, the header found.

    The header is the first non-empty row, or a row below it while that names more of our
    columns (titles and group titles above the real headers); a blank cell of a lower
    header row takes the title above it. ``frame.attrs["first_row"]`` is the file's row number
    of the first data row, so problems name rows as the user sees them. ``spreadsheet``
    cells (CSV, XLSX) lose the quote the export put before formula-like text.
    """
    rows = [[str(c) for c in row] for row in rows]
    start = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)
    if start is None:
        raise ProblemError(Problem("no_rows"))
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header, data_start = rows[start], start + 1
    while data_start < len(rows):
        below = [b.strip() or a for a, b in zip(header, rows[data_start], strict=True)]
        if sum(map(is_known, below)) <= sum(map(is_known, header)):
            break
        header, data_start = below, data_start + 1
    data = [[unneutralise(c) if spreadsheet else c for c in row] for row in rows[data_start:]]
    names = [h.strip() or f"({column_letter(i)})" for i, h in enumerate(header)]
    frame = pd.DataFrame(data, columns=names, dtype=object)
    blank_columns = [i for i, h in enumerate(header) if not h.strip() and not any(r[i].strip() for r in data)]
    frame = frame.iloc[:, [i for i in range(width) if i not in blank_columns]]
    frame.attrs["first_row"] = data_start + 1
    return frame


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def rename_headers(frame: pd.DataFrame, mapping: Mapping[str, str]) -> pd.DataFrame:
    """The table with headers renamed (a user's choice of field for an unknown header)."""
    renamed = frame.rename(columns=dict(mapping))
    renamed.attrs = dict(frame.attrs)
    return renamed


def read_xlsx(data: bytes, filename: str, is_known: Callable[[str], bool]) -> pd.DataFrame:
    """The first sheet of a workbook as text, merged cells filled, formulas as values."""
    return table_from_rows(xlsx_sheets(data, filename)[0][1], is_known, spreadsheet=True)


def xlsx_sheets(data: bytes, filename: str) -> list[tuple[str, list[list[str]]]]:
    """Every sheet of a workbook as (name, rows of text): merged cells filled with their
    value, a formula cell as the value Excel computed. ProblemError if unreadable or empty."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    has_formulas = file_limits.check_workbook(data, filename)  # a zip bomb stops here
    try:
        values = load_workbook(io.BytesIO(data), data_only=True)
        # Read a second time only for formulas: their text when Excel stored no computed value.
        formulas = load_workbook(io.BytesIO(data), data_only=False) if has_formulas else values
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError) as error:
        raise ProblemError(Problem("file_unreadable", {"file": filename, "reason": type(error).__name__})) from None
    for sheet in values:
        file_limits.check_shape(sheet.max_row, sheet.max_column, filename)
    sheets = [(sheet.title, _sheet_grid(sheet, computed)) for sheet, computed in zip(formulas, values, strict=True)]
    if not any(grid for _, grid in sheets):
        raise ProblemError(Problem("file_empty", {"file": filename}))
    return sheets


def _sheet_grid(sheet: object, computed: object) -> list[list[str]]:
    # A formula cell gives the value Excel computed; without one, its formula text (refused later).
    grid = [
        [_sheet_value(c, v) for c, v in zip(row, vrow, strict=True)]
        for row, vrow in zip(sheet.iter_rows(), computed.iter_rows(), strict=True)
    ]
    for merged in sheet.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = value
    return grid


def csv_rows(data: bytes, filename: str) -> list[list[str]]:
    """The rows of a CSV file (UTF-8 or Windows-1251; the separator ``,`` ``;`` or tab is the
    one the first non-empty line uses most). ProblemError for a file that is not text, too
    large, too wide or too long, or with a control character in a cell (named by row and column)."""
    file_limits.check_file_size(data, filename)
    if b"\x00" in data[:4096]:
        raise ProblemError(Problem("file_not_text", {"file": filename}))
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ProblemError(Problem("file_not_text", {"file": filename}))
    # A binary file without NUL bytes still decodes as Windows-1251: control characters give it away.
    if sum(ch < " " and ch not in "\t\r\n" for ch in text[:4096]) > 4:
        raise ProblemError(Problem("file_not_text", {"file": filename}))
    first_line = _first_filled_line(text)
    delimiter = max((",", ";", "\t"), key=first_line.count)
    rows = _unquoted_rows(text, delimiter)
    if rows is None:
        try:
            rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        except csv.Error:
            raise ProblemError(Problem("file_not_text", {"file": filename})) from None
    file_limits.check_shape(len(rows), max(map(len, rows), default=0), filename)
    # Cells hold only the file's characters, and in UTF-8 and Windows-1251 alike a control
    # character is its own single byte: a file without one (every other byte deleted leaves
    # nothing) has none in any cell.
    if data.translate(None, _NOT_CONTROL_BYTES):
        file_limits.check_cells(rows, column_letter)
    return rows


def _first_filled_line(text: str) -> str:
    """``next(line for line in text.splitlines() if line.strip())`` (or ""), splitting only
    as much of the text as it takes: every line of a prefix but its last is a whole line."""
    size = 4096
    while size < len(text):
        lines = text[:size].splitlines()
        filled = next((line for line in lines[:-1] if line.strip()), None)
        if filled is not None:
            return filled
        size *= 4
    return next((line for line in text.splitlines() if line.strip()), "")


def _unquoted_rows(text: str, delimiter: str) -> list[list[str]] | None:
    """What ``csv.reader`` gives for a text without a quote, NUL, lone CR or over-long line
    (most exports): its lines split at the delimiter, a blank line an empty row. None for
    any other text, which csv.reader reads."""
    if '"' in text or "\x00" in text:
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    if max(map(len, lines), default=0) > csv.field_size_limit():
        return None
    return [line.split(delimiter) if line else [] for line in lines]


_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not file_limits.CONTROL_CHARACTER.match(chr(b)))


def _sheet_value(cell: object, computed: object) -> str:
    value = computed.value if cell.data_type == "f" and computed.value is not None else cell.value
    return cell_text(value)


def read_geojson(data: bytes, filename: str) -> pd.DataFrame:
    """A FeatureCollection of points as text rows: properties, then latitude and longitude
    from the geometry. Row numbers are feature numbers (the first feature is row 1)."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ProblemError(Problem("file_unreadable", {"file": filename, "reason": type(error).__name__})) from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or document.get("type") != "FeatureCollection":
        raise ProblemError(Problem("geojson_not_collection", {"file": filename}))
    records, problems = [], []
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        record = {k: _json_text(v) for k, v in (properties or {}).items()}
        if geometry is not None:
            coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
            if geometry.get("type") != "Point" or not isinstance(coordinates, list) or len(coordinates) < 2:
                problems.append(Problem("geojson_not_point", {}, row=number))
                continue
            record["longitude"], record["latitude"] = _json_text(coordinates[0]), _json_text(coordinates[1])
        records.append(record)
    if problems:
        raise ProblemError(problems)
    columns = list(dict.fromkeys(k for r in records for k in r))
    frame = pd.DataFrame([[r.get(c, "") for c in columns] for r in records], columns=columns, dtype=object)
    frame.attrs["first_row"] = 1
    return frame


def _json_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float | str):
        return cell_text(value)
    return json.dumps(value, ensure_ascii=False)
