"""The inventory schema, reading CSV/XLSX files and validating them row by row.

A file is read as text, its headers mapped to canonical names (Russian aliases accepted),
and every cell checked against the schema. Problems name the spreadsheet row (the header
is row 1) and the column; a file with any problem is refused whole. The documented
template is ``data/templates/README.md``; a test keeps that table and ``COLUMNS`` equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from tmf import readers
from tmf.problems import Problem, ProblemError
from tmf.readers import parse_number
from tmf.register_numbers import fifteen_digits

ILLUSTRATIVE_INVENTORY = Path(__file__).parents[1] / "data" / "inventory" / "central_asia_illustrative.csv"
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
ISO2_PATTERN = re.compile(r"^[A-Z]{2}$")
MAX_TEXT = 2000


@dataclass(frozen=True)
class Column:
    """A canonical inventory column: its Russian header, type and allowed values."""

    name: str
    ru: str
    kind: str  # id | text | country | number | integer | choice | country_list
    required: bool = False
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()


CONFIDENCE = ("high", "medium", "low")
COLUMNS: tuple[Column, ...] = (
    Column("facility_id", "код_объекта", "id", required=True),
    Column("name", "наименование", "text", required=True),
    Column("name_ru", "наименование_рус", "text"),
    Column("name_kk", "наименование_каз", "text"),
    Column("country", "страна", "country", required=True),
    Column("region", "область", "text"),
    Column("latitude", "широта", "number", required=True, low=-90, high=90),
    Column("longitude", "долгота", "number", required=True, low=-180, high=180),
    Column("location_confidence", "точность_координат", "choice", choices=CONFIDENCE),
    Column("commodity", "сырьё", "text"),
    Column("operator", "недропользователь", "text"),
    Column(
        "status", "статус", "choice", required=True, choices=("active", "inactive", "closed", "abandoned", "remediated")
    ),
    Column("volume_m3", "объём_м3", "number", low=0),
    Column("mass_t", "масса_т", "number", low=0),
    Column("dry_density_t_m3", "плотность_т_м3", "number", low=0.1, high=5),
    Column("hazard_class_wgk", "класс_опасности_вод", "integer", low=0, high=3),
    Column("hazard_class_national", "класс_опасности", "integer", low=1, high=5),
    Column("management", "управление", "choice", choices=("managed", "deficient", "abandoned")),
    Column("flood_hazard", "паводковая_опасность", "choice", choices=("none", "moderate", "high")),
    Column("seismic_pga_g", "сейсмичность_pga_g", "number", low=0, high=3),
    Column("dam_condition", "состояние_дамбы", "choice", choices=("adequate", "doubtful", "deficient", "unknown")),
    Column("population_downstream", "население_ниже_по_течению", "integer", low=0),
    Column("distance_to_water_km", "расстояние_до_воды_км", "number", low=0),
    Column("protected_area_downstream", "оопт_ниже_по_течению", "choice", choices=("yes", "no")),
    Column("receiving_river", "водоприёмник", "text"),
    Column("downstream_countries", "страны_ниже_по_течению", "country_list"),
    Column("checklist_safety_pct", "уровень_безопасности_проц", "number", low=0, high=100),
    Column("source", "источник", "text", required=True),
    Column("confidence", "достоверность", "choice", required=True, choices=CONFIDENCE),
    Column("notes", "примечания", "text"),
    Column("notes_ru", "примечания_рус", "text"),
    Column("notes_kk", "примечания_каз", "text"),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
NUMERIC_KINDS = ("number", "integer")
# Russian spellings of allowed values that authorities' files use.
VALUE_ALIASES = {
    "да": "yes",
    "нет": "no",
    "высокая": "high",
    "средняя": "medium",
    "низкая": "low",
    "действующее": "active",
    "недействующее": "inactive",
    "закрытое": "closed",
    "заброшенное": "abandoned",
    "рекультивированное": "remediated",
}


def _header_key(text: object) -> str:
    return re.sub(r"\s+", "_", str(text).strip().lower()).replace("ё", "е")


HEADER_ALIASES = {_header_key(c.name): c.name for c in COLUMNS} | {_header_key(c.ru): c.name for c in COLUMNS}


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """The first sheet of an XLSX, a CSV (UTF-8 or Windows-1251; `,` `;` or tab) or a
    GeoJSON FeatureCollection (tmf.readers), as text.

    Every cell is a string ('' for empty); empty rows inside the table are kept so row
    numbers match the file (``frame.attrs["first_row"]`` is the row of the first data
    row). Raises ProblemError when the file cannot be read as a table.
    """
    if not data.strip():
        raise ProblemError(Problem("file_empty", {"file": filename}))
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return readers.read_xlsx(data, filename, is_known_header)
    if filename.lower().endswith((".geojson", ".json")):
        return readers.read_geojson(data, filename)
    return _read_csv(data, filename)


def is_known_header(header: object) -> bool:
    """True for a canonical column name or one of its aliases."""
    return _header_key(header) in HEADER_ALIASES


def _read_csv(data: bytes, filename: str) -> pd.DataFrame:
    return readers.table_from_rows(readers.csv_rows(data, filename), is_known_header, spreadsheet=True)


def map_headers(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Rename headers to canonical names; report required columns missing and repeated ones.

    Unknown columns are kept under their own name (shown to the user, never imported).
    Header problems are reported at row 1, the header row.
    """
    problems, renamed, seen = [], {}, {}
    for header in frame.columns:
        canonical = HEADER_ALIASES.get(_header_key(header))
        if canonical is None:
            continue
        if canonical in seen:
            problems.append(Problem("column_repeated", {"first": seen[canonical]}, row=1, column=str(header)))
            continue
        seen[canonical] = str(header)
        renamed[header] = canonical
    for column in COLUMNS:
        if column.required and column.name not in seen:
            problems.append(Problem("column_missing", {}, row=1, column=column.name))
    return frame.rename(columns=renamed), problems


def unknown_headers(frame: pd.DataFrame) -> list[str]:
    """Headers that are neither a canonical name nor an alias."""
    return [str(h) for h in frame.columns if _header_key(h) not in HEADER_ALIASES]


def _plain(number: float) -> str:
    return f"{number:g}"


def _check_number(column: Column, text: str) -> tuple[object, Problem | None]:
    if readers.looks_like_date(text):
        return None, Problem("date_not_a_number", {"value": text})
    try:
        axis = column.name if column.name in readers.COORDINATE_AXES else None
        number = readers.parse_coordinate(text, axis) if axis else parse_number(text)
    except ProblemError as error:
        return None, error.problems[0]
    except ValueError:
        return None, Problem("not_a_number", {"value": text})
    # 15 significant digits, Excel's precision, so every export format reads back exactly.
    number = float(f"{number:.15g}")
    if column.kind == "integer" and not float(number).is_integer():
        return None, Problem("not_an_integer", {"value": text})
    if column.low is not None and number < column.low:
        return None, Problem("below_minimum", {"value": text, "low": _plain(column.low)})
    if column.high is not None and number > column.high:
        return None, Problem("above_maximum", {"value": text, "high": _plain(column.high)})
    return number, None


def _check_choice(column: Column, text: str) -> tuple[object, Problem | None]:
    value = VALUE_ALIASES.get(text.lower(), text.lower())
    if value not in column.choices:
        allowed = tuple(Problem(f"values.{column.name}.{choice}") for choice in column.choices)
        return None, Problem("not_allowed", {"value": text, "allowed": allowed})
    return value, None


def _check_country(column: Column, text: str) -> tuple[object, Problem | None]:
    value = text.upper()
    return (value, None) if ISO2_PATTERN.match(value) else (None, Problem("not_a_country", {"value": text}))


def _check_country_list(column: Column, text: str) -> tuple[object, Problem | None]:
    codes = [c.strip().upper() for c in re.split(r"[;,]", text) if c.strip()]
    bad = [c for c in codes if not ISO2_PATTERN.match(c)]
    return (";".join(codes), None) if not bad else (None, Problem("not_a_country", {"value": bad[0]}))


def _check_text(column: Column, text: str) -> tuple[object, Problem | None]:
    if column.kind == "id" and not ID_PATTERN.match(text):
        return None, Problem("bad_id", {"value": text})
    if len(text) > MAX_TEXT:
        return None, Problem("text_too_long", {"limit": MAX_TEXT})
    if text.startswith("="):
        return None, Problem("formula_refused", {"value": text[:40]})
    return text, None


CELL_CHECKS = {
    **dict.fromkeys(NUMERIC_KINDS, _check_number),
    "choice": _check_choice,
    "country": _check_country,
    "country_list": _check_country_list,
}


def _check_cell(column: Column, text: str) -> tuple[object, Problem | None]:
    """The typed value of one non-empty cell, or the problem with it (row filled in later)."""
    return CELL_CHECKS.get(column.kind, _check_text)(column, text)


# A plain decimal reads the same through parse_number, parse_coordinate and float(): such
# cells are read by column (Arrow's regex and cast); any other text goes through _check_cell.
# One of more than 15 characters after the sign keeps 15 significant digits as _check_number
# does (register_numbers.fifteen_digits); a shorter one has no more than 15 already.
PLAIN_DECIMAL = r"-?[0-9]+(?:\.[0-9]+)?"
SHORT_DECIMAL = 15
COLUMN_POSITION = {column.name: i for i, column in enumerate(COLUMNS)}


def _flags(matches: pd.Series) -> np.ndarray:
    return np.asarray(matches.fillna(False), dtype=bool)


def _plain_numbers(texts: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Which cells are plain decimals, and their numbers as _check_number reads them."""
    plain = _flags(texts.str.fullmatch(PLAIN_DECIMAL))
    length = texts.str.len().to_numpy(dtype=float, na_value=np.nan) - _flags(texts.str.startswith("-"))
    numbers = np.full(len(texts), np.nan)
    numbers[plain] = _read_decimals(texts, plain)
    long = plain & (length > SHORT_DECIMAL)
    numbers[long] = fifteen_digits(numbers[long])
    finite = np.isfinite(numbers)
    numbers[~finite] = np.nan  # 400 digits read as inf: refused by _check_number, cell by cell
    return plain & finite, pd.Series(numbers, index=texts.index)


def _read_decimals(texts: pd.Series, plain: np.ndarray) -> np.ndarray:
    """float() of the plain decimals among ``texts``: Arrow's cast of the text column (the
    same number as float(), tested on millions of decimals of up to 30 digits), else float()."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        return pc.cast(pc.filter(pa.array(texts.array), plain), pa.float64()).to_numpy(zero_copy_only=False)
    except (pa.ArrowException, TypeError, ValueError):
        return texts.to_numpy(dtype=object)[plain].astype(float)


def _fast_cells(column: Column, texts: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Which non-empty cells pass the column's check by array (True), and their values."""
    if column.kind in NUMERIC_KINDS:
        fast, numbers = _plain_numbers(texts)
        values = numbers.to_numpy()
        if column.kind == "integer":
            fast &= np.equal(np.mod(values, 1), 0)
        if column.low is not None:
            fast &= values >= column.low
        if column.high is not None:
            fast &= values <= column.high
        return fast, numbers
    if column.kind in CELL_CHECKS:  # choices and countries: few distinct values, checked once each
        return np.zeros(len(texts), dtype=bool), texts
    fast = _flags(texts.str.len() <= MAX_TEXT) & ~_flags(texts.str.startswith("="))
    if column.kind == "id":
        fast &= _flags(texts.str.match(ID_PATTERN.pattern))
    return fast, texts.astype(object)


def _check_column(column: Column, texts: pd.Series, rows: np.ndarray) -> tuple[pd.Series, list[Problem]]:
    """Typed values of one column's cells (blank: NaN or None) and the problems in it.

    Cells are checked by array where they can be; each other distinct text once, by
    ``_check_cell``, so the problems are those of a check cell by cell."""
    blank = (texts == "").to_numpy()
    problems = [Problem("required_blank", {}, row=int(r), column=column.name) for r in rows[blank & column.required]]
    if blank.all():  # a column the file leaves empty, or lacks
        empty = np.full(len(texts), np.nan) if column.kind in NUMERIC_KINDS else np.full(len(texts), None, object)
        return pd.Series(empty, index=texts.index), problems
    fast, values = _fast_cells(column, texts)
    values = values.astype(float if column.kind in NUMERIC_KINDS else object).copy()
    values[blank] = np.nan if column.kind in NUMERIC_KINDS else None
    slow = ~fast & ~blank
    if not slow.any():
        return values, problems
    # Each distinct text is checked once (factorize: one pass of hashing over the cells).
    at = np.flatnonzero(slow)
    codes, distinct = pd.factorize(texts[slow], use_na_sentinel=False)
    checked = [_check_cell(column, text) for text in distinct]
    numeric = column.kind in NUMERIC_KINDS
    typed = np.empty(len(checked), dtype=float if numeric else object)
    typed[:] = [np.nan if numeric and value is None else value for value, _ in checked]
    values[slow] = typed[codes]
    refused = np.array([problem is not None for _, problem in checked], dtype=bool)[codes]
    for position, code in zip(at[refused].tolist(), codes[refused].tolist(), strict=True):
        problem = checked[code][1]
        problems.append(Problem(problem.code, problem.params, row=int(rows[position]), column=column.name))
    return values, problems


def _duplicates(ids: pd.Series, rows: np.ndarray) -> list[Problem]:
    """A problem on every row repeating a facility_id of an earlier row."""
    present = ids.notna() & (ids.astype(object) != "")
    repeated = (ids.duplicated() & present).to_numpy()
    if not repeated.any():
        return []
    first = pd.Series(rows, index=ids.index).groupby(ids.where(present)).transform("first")
    return [
        Problem("duplicate_id", {"value": ids.iat[i], "first": int(first.iat[i])}, int(rows[i]), "facility_id")
        for i in np.flatnonzero(repeated)
    ]


def _order(problem: Problem) -> tuple[int, int, int]:
    """Row by row, then column by column as in the schema (a repeated id after any other
    problem of the id cell)."""
    return problem.row or 0, COLUMN_POSITION.get(problem.column, 0), problem.code == "duplicate_id"


def validate(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed, canonical inventory rows from a text table, and every problem found.

    Empty rows are skipped. A required cell left blank, a value of the wrong type or out of
    range, and a repeated facility_id are problems naming the row and the column. Cells are
    checked column by column (``_check_column``); problems are listed row by row.
    """
    first_row = frame.attrs.get("first_row", 2)
    mapped, problems = map_headers(frame)
    if problems:
        header_row = first_row - 1 or None
        return pd.DataFrame(columns=list(COLUMN_NAMES)), [replace(p, row=header_row) for p in problems]
    blank = pd.Series("", index=mapped.index)
    texts = {c.name: (mapped[c.name].astype(str).str.strip() if c.name in mapped else blank) for c in COLUMNS}
    filled = np.zeros(len(mapped), dtype=bool)
    for column in texts.values():
        filled |= (column != "").to_numpy()
    rows = (np.arange(len(mapped)) + first_row)[filled]
    columns = {"row": rows}
    for column in COLUMNS:
        values, found = _check_column(column, texts[column.name][filled].reset_index(drop=True), rows)
        columns[column.name] = values
        problems += found
    problems += _duplicates(columns["facility_id"], rows)
    if not len(rows) and not problems:
        problems.append(Problem("no_rows"))
    typed = _typed_frame(columns)
    typed.attrs["columns"] = [c.name for c in COLUMNS if c.name in mapped.columns]  # what the file had
    return typed, sorted(problems, key=_order)


def _typed_frame(columns: dict[str, object]) -> pd.DataFrame:
    frame = pd.DataFrame({name: columns[name] for name in ["row", *COLUMN_NAMES]})
    for column in COLUMNS:
        if column.kind in NUMERIC_KINDS:
            frame[column.name] = pd.to_numeric(frame[column.name], errors="coerce").astype(float)
        else:
            frame[column.name] = frame[column.name].astype(object).where(frame[column.name].notna(), None)
    return frame


def load_inventory(path: Path | str = ILLUSTRATIVE_INVENTORY) -> pd.DataFrame:
    """A validated inventory file (CSV or XLSX) as a DataFrame; ProblemError if any problem."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        raise ProblemError(Problem("file_not_found", {"file": str(path)})) from None
    frame, problems = validate(read_table(data, path.name))
    if problems:
        raise ProblemError(problems)
    return frame.drop(columns="row")
