"""Registers as authorities keep them, read into validated inventory rows with nothing lost.

``read_register(source, filename, options)`` finds the header below title and blank rows
(two-level headers joined as "Координаты / Широта"), in the named sheet or the one with the
most recognised columns; recognises headers and values in Russian, Kazakh and English
(``tmf.vocabulary``); converts units named in headers; skips totals rows and bookkeeping
columns with a note; fills fields the file lacks from ``options.set_values``; makes stable
identifiers from country and name when the file has none; and validates the rows with the
inventory schema (``tmf.inventory.validate``).

Nothing is dropped silently: a column that holds data and matches no field is listed in
``unplaced_columns`` and refused as a problem until it is mapped (``options.columns``) or
ignored on purpose (``options.ignore``). Problems and notes name the row as Excel numbers it
and the column by its header as written in the file.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tmf import readers, vocabulary
from tmf.geo_layers import layer_bounds, layer_features
from tmf.inventory import COLUMN_NAMES, COLUMNS, validate
from tmf.problems import Problem, ProblemError
from tmf.register_ids import add_identifiers
from tmf.register_numbers import scaled_texts
from tmf.register_options import HazardMapping, RegisterOptions, load_hazard_mapping

HEADER_SEARCH_ROWS = 30
PLACE_MARGIN_DEG = 0.5  # a facility this far outside its country's box is only said, not refused
PLACES_NOTED = 20  # facilities outside their country noted one by one; the others counted


@dataclass(frozen=True)
class UnplacedColumn:
    """A column with data that matches no field: its header as written, its letter, the
    closest field as a hint (never applied) and an example value."""

    header: str
    letter: str
    hint: str | None
    example: str


@dataclass(frozen=True)
class RegisterResult:
    """What reading a register gave. ``frame`` is the validated inventory (empty when there
    are problems); ``accepted`` is False while any problem or unplaced column remains."""

    frame: pd.DataFrame
    problems: tuple[Problem, ...]
    notes: tuple[Problem, ...]
    unplaced_columns: tuple[UnplacedColumn, ...]
    sheet: str | None
    header_row: int | None
    unit_factors: Mapping[str, float]
    mapping: RegisterOptions
    hazard_mapping: HazardMapping | None = None
    fields: Mapping[str, str] = field(default_factory=dict)  # field -> header as written
    headers: tuple[str, ...] = ()  # the header of every column, as read (two levels joined)

    @property
    def accepted(self) -> bool:
        return not self.problems and not self.unplaced_columns


@dataclass(frozen=True)
class _Header:
    top: int  # 0-based index of the header's top row
    bottom: int
    labels: tuple[str, ...]
    score: int


# Required fields that one value often fills for a whole register (the Inventory page asks
# for these three; the command line's --set takes any field).
EVERY_ROW_FIELDS = ("country", "source", "confidence")


def _field_missing(problem: Problem) -> Problem:
    """A required field the file has no column for, named in the reader's language and by
    the name that ``--map`` and ``--set`` take (the file has no header to name)."""
    if problem.code != "column_missing":
        return problem
    name = problem.column or ""
    label = Problem(f"fields.{name}")
    if name in EVERY_ROW_FIELDS:  # the page's section and the command's option that give it
        where = {"page": Problem("inventory.page_title"), "section": Problem("importing.set_title")}
        return Problem("registers.field_missing_every_row", {"label": label, "field": name, **where})
    return Problem("registers.field_missing", {"label": label, "field": name})


def _id_needs_country(problem: Problem) -> Problem:
    """The missing identifier column said as what it is when the file has names but no
    country: identifiers are made from both, so giving the country is the remedy."""
    if problem.code == "column_missing" and problem.column == "facility_id":
        return Problem("registers.id_needs_country", {})
    return problem


def read_register(
    source: bytes | Path | str, filename: str | None = None, options: RegisterOptions | None = None
) -> RegisterResult:
    """A register file read with ``options`` (see the module docstring). Raises
    ProblemError only when the file cannot be read as a table at all."""
    options = options or RegisterOptions()
    data, filename = _bytes(source, filename)
    sheets = [(name, _padded(rows), offset) for name, rows, offset in _sheets(data, filename)]
    chosen = _choose_sheet(sheets, options)
    name, rows, offset = chosen
    header = _find_header(rows, options)
    if header is None:
        raise ProblemError(Problem("registers.no_header", {"file": filename}))
    return _Reading(name, rows, offset, header, options).result(len(sheets) > 1)


def _bytes(source: bytes | Path | str, filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, filename or "register"
    path = Path(source)
    try:
        return path.read_bytes(), filename or path.name
    except OSError:
        raise ProblemError(Problem("file_not_found", {"file": str(path)})) from None


def _sheets(data: bytes, filename: str) -> list[tuple[str | None, list[list[str]], int]]:
    """(sheet name, rows, Excel row number of rows[0] minus 1) for every sheet."""
    if not data.strip():
        raise ProblemError(Problem("file_empty", {"file": filename}))
    lower = filename.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return [(name, grid, 0) for name, grid in readers.xlsx_sheets(data, filename)]
    if lower.endswith((".geojson", ".json")):
        frame = readers.read_geojson(data, filename)
        # Row numbers are feature numbers: the header is row 0, the first feature row 1.
        return [(None, [list(frame.columns), *frame.to_numpy().tolist()], -1)]
    return [(None, readers.csv_rows(data, filename), 0)]


def _padded(rows: list[list[str]]) -> list[list[str]]:
    width = max((len(r) for r in rows), default=0)
    return [_stripped(r) + [""] * (width - len(r)) if len(r) < width else _stripped(r) for r in rows]


def _stripped(cells: list) -> list[str]:
    try:
        return list(map(str.strip, cells))  # text cells (CSV, XLSX): the same, without str() each
    except TypeError:
        return [str(c).strip() for c in cells]


def _choose_sheet(sheets: list, options: RegisterOptions) -> tuple:
    if options.sheet is not None:
        for sheet in sheets:
            if sheet[0] == options.sheet:
                return sheet
        names = ", ".join(str(s[0]) for s in sheets)
        raise ProblemError(Problem("registers.sheet_missing", {"sheet": options.sheet, "sheets": names}))
    scores = [(_find_header(rows, options) or _Header(0, 0, (), 0)).score for _, rows, _ in sheets]
    return sheets[scores.index(max(scores))]


def _label_field(label: str, options: RegisterOptions) -> str | None:
    """The field a header goes to: the user's mapping first, then the vocabulary."""
    mapped = user_choice(label, options.columns)
    if mapped is not None:
        return mapped
    match = vocabulary.recognise_header(label)
    return match.field if match else None


def user_choice(label: str, choices: Mapping[str, str] | Sequence[str]) -> str | None:
    """The user's entry for a header, by the header as written or by its lower part."""
    keys = {vocabulary.normalise(label), vocabulary.normalise(label.split(vocabulary.GROUP_SEPARATOR)[-1])}
    for written in choices:
        if vocabulary.normalise(written) in keys:
            return choices[written] if isinstance(choices, Mapping) else written
    return None


def _score(labels: Sequence[str], options: RegisterOptions) -> int:
    return len({f for f in (_label_field(label, options) for label in labels) if f})


def _find_header(rows: list[list[str]], options: RegisterOptions) -> _Header | None:
    """The header: the row naming most fields (or ``options.header_row``), joined with the
    row below when that names more (a group row above the real headers), or with the group
    row above it ("Координаты" merged over latitude and longitude)."""
    if options.header_row is not None:
        candidates = [options.header_row - 1] if 0 < options.header_row <= len(rows) else []
    else:
        candidates = [i for i in range(min(len(rows), HEADER_SEARCH_ROWS)) if any(rows[i])]
    scored = [(_score(rows[i], options), -i) for i in candidates]
    if not scored or (options.header_row is None and max(scored)[0] == 0):
        return None
    best = -max(scored)[1]
    header = _Header(best, best, tuple(rows[best]), max(scored)[0])
    if best + 1 < len(rows) and any(rows[best + 1]):
        below = _join(rows[best], rows[best + 1])
        if _score(below, options) > header.score:
            return _Header(best, best + 1, below, _score(below, options))
    if best > 0 and _is_group_row(rows[best - 1]) and options.header_row is None:
        above = _join(rows[best - 1], rows[best])
        if _score(above, options) >= header.score:
            return _Header(best - 1, best, above, _score(above, options))
    return header


def _is_group_row(row: list[str]) -> bool:
    """A row of group titles: two or more different titles, one spanning adjacent columns."""
    filled = [c for c in row if c]
    spans = any(a and a == b for a, b in zip(row, row[1:], strict=False))
    return len(set(filled)) >= 2 and spans


def _join(upper: list[str], lower: list[str]) -> tuple[str, ...]:
    """Two header rows as one: "Координаты / Широта"; a group title written only over the
    first of its columns (CSV) carries on to the right while the lower row is filled."""
    joined, group = [], ""
    for up, low in zip(upper, lower, strict=True):
        group = up if up else (group if low else "")
        if not low or group == low:
            joined.append(group or low)
        else:
            joined.append(f"{group}{vocabulary.GROUP_SEPARATOR}{low}" if group else low)
    return tuple(joined)


def _columns(rows: list[list[str]]) -> Sequence[Sequence[str]]:
    """The columns of rows of one width (_padded): one 2-D array of the cells (its columns
    are views), several times faster than zip(*rows) and an array per column."""
    grid = np.array(rows, dtype=object)
    if grid.ndim == 2 and grid.shape[0] == len(rows):
        return [grid[:, i] for i in range(grid.shape[1])]
    return list(zip(*rows, strict=True))  # no rows (or rows of different widths: a bug, refused)


def _unneutralised(cells: list[str]) -> list[str]:
    return [readers.unneutralise(c) if c[:1] == "'" else c for c in cells]


class _Reading:
    """One register being read: columns placed, rows cleaned, then validated."""

    def __init__(
        self, sheet: str | None, rows: list[list[str]], offset: int, header: _Header, options: RegisterOptions
    ):
        self.sheet, self.options, self.header, self.offset = sheet, options, header, offset
        self.header_row = header.bottom + 1 + offset  # Excel number
        self.data_row = self.header_row + 1
        # Spreadsheet cells may carry the export's neutralising quote; GeoJSON (offset -1,
        # features numbered from 1) is data and is never neutralised (tmf.export).
        # Only a cell starting with a quote can have been neutralised, and only a row with a
        # quote somewhere has one (one search of the joined row, not a test per cell).
        if offset >= 0:
            # Rows are replaced, never changed in place: the padded rows are kept as they are.
            self.rows = [_unneutralised(r) if "'" in "".join(r) else r for r in rows[header.bottom + 1 :]]
        else:
            self.rows = list(rows[header.bottom + 1 :])
        # Line breaks inside a header cell read as spaces ("Объем хвостов,\nтыс. м3"), a word
        # hyphenated across them as one word ("Недро-\nпользователь").
        labels = [" ".join(vocabulary.unwrap(label).split()) for label in header.labels]
        self.labels = [label or f"({readers.column_letter(i)})" for i, label in enumerate(labels)]
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.unplaced: list[UnplacedColumn] = []
        self.unit_factors: dict[str, float] = {}
        self.fields: dict[str, str] = {}  # field -> header as written
        self.written: dict[str, tuple[Sequence[str], float]] = {}  # scaled field -> (cells as written, factor)
        self.section_regions: list[tuple[int, str]] = []  # (position, heading) of region headings
        self.ids_made = False

    def note(self, code: str, row: int | None = None, column: str | None = None, **params: object) -> None:
        self.notes.append(Problem(f"registers.{code}", params, row=row, column=column))

    def result(self, several_sheets: bool) -> RegisterResult:
        if several_sheets:
            self.note("sheet_used", sheet=self.sheet)
        top = self.header.top + 1 + self.offset
        if top == self.header_row:
            self.note("header_found", number=top)
        else:
            self.note("header_found_two_rows", top=top, bottom=self.header_row)
        self._skip_rows()
        frame = self._place_columns()
        frame = self._fill(frame)
        hazard = self._map_hazard(frame)
        typed, problems = validate(frame)
        if self.ids_made:
            # Made identifiers that repeat are already reported as ambiguous; one made from a
            # refused country is refused with the country.
            bad_country = {p.row for p in problems if p.column == "country"}
            problems = [
                p
                for p in problems
                if p.code != "duplicate_id" and not (p.column == "facility_id" and p.row in bad_country)
            ]
        elif "name" in frame.columns and "country" not in frame.columns:
            # No identifier column: identifiers will be made once the country is known.
            problems = [_id_needs_country(p) for p in problems]
        self.problems += [_field_missing(self._as_written(p)) for p in problems]
        self.problems += [self._unplaced_problem(u) for u in self.unplaced]
        if self.problems:
            typed = typed.iloc[0:0]
        self._check_places(typed, frame)
        self._note_formula_like(typed)
        return RegisterResult(
            frame=typed,
            problems=tuple(self.problems),
            notes=tuple(self.notes),
            unplaced_columns=tuple(self.unplaced),
            sheet=self.sheet,
            header_row=self.header.top + 1 + self.offset,
            unit_factors=dict(self.unit_factors),
            mapping=self._effective_mapping(),
            hazard_mapping=hazard,
            fields=dict(self.fields),
            headers=tuple(self.labels),
        )

    def _note_formula_like(self, typed: pd.DataFrame) -> None:
        """A note for each text cell a spreadsheet would run (starting with + - @, a tab or a
        CR; "=" is refused): it is stored as written, and every table this dashboard writes
        shows it as text. Twenty by name, the rest counted."""
        found = []
        for column in COLUMNS:
            if column.kind != "text" or column.name not in typed.columns:
                continue
            cells = typed[column.name]
            texts = cells[cells.notna()]
            if texts.empty:
                continue
            # by array (a register of 100,000 rows has a million text cells)
            risky = pc.match_substring_regex(pa.array(texts.astype(str).tolist(), pa.string()), r"^[+\-@\t\r]")
            for i in np.flatnonzero(risky.to_numpy(zero_copy_only=False)).tolist():
                found.append((int(typed["row"].at[texts.index[i]]), column.name, str(texts.iat[i])))
        for row, name, value in sorted(found)[:PLACES_NOTED]:
            column = self.fields.get(name, name)
            self.note("formula_like_kept", row, column, value=_shortened(value, 40), first=value[:1].strip() or "⇥")
        if len(found) > PLACES_NOTED:
            self.note("formula_like_more", count=len(found) - PLACES_NOTED)

    def _check_places(self, typed: pd.DataFrame, written: pd.DataFrame) -> None:
        """A note for each facility that lies outside its country (beyond a margin of the
        country's bounding box, for the countries the offline map holds whole): latitude and
        longitude swapped, or a typing slip ("151,14" for "51,14"); the point as written."""
        if typed.empty or not {"latitude", "longitude", "country"} <= set(typed.columns):
            return
        codes = typed["country"].to_numpy(dtype=object)
        lat, lon = typed["latitude"].to_numpy(dtype=float), typed["longitude"].to_numpy(dtype=float)
        rows = typed["row"].to_numpy()
        m = PLACE_MARGIN_DEG
        outside = np.zeros(len(typed), dtype=bool)
        for code, (west, south, east, north) in _whole_country_boxes().items():
            mine = codes == code
            if mine.any():
                inside = (lon >= west - m) & (lon <= east + m) & (lat >= south - m) & (lat <= north + m)
                outside |= mine & ~inside & np.isfinite(lat) & np.isfinite(lon)
        found = np.flatnonzero(outside).tolist()
        column = self.fields.get("latitude", "latitude")
        for i in found[:PLACES_NOTED]:
            position = int(rows[i]) - self.data_row
            point = {"lat": written["latitude"].iat[position], "lon": written["longitude"].iat[position]}
            self.note("outside_country", int(rows[i]), column, country=Problem(f"countries.{codes[i]}"), **point)
        if len(found) > PLACES_NOTED:
            self.note("outside_country_more", count=len(found) - PLACES_NOTED)

    def _skip_rows(self) -> None:
        """Blank out the column-number row, totals rows, headings and notes (blank rows are
        skipped anyway), so every remaining row keeps its Excel number. A heading or a note
        is a row holding one text (in one cell, or merged across the row: "Карагандинская
        область", "Исполнитель: ..."); below the last totals row, a row without coordinates
        is the form's footer (a signature, a date)."""
        if self.rows and vocabulary.is_column_numbers(self.rows[0]):
            self.note("column_numbers_skipped", row=self.data_row)
            self.rows[0] = [""] * len(self.rows[0])
        counted = [i for i, label in enumerate(self.labels) if not self._set_aside(label)]
        coordinates = [i for i, label in enumerate(self.labels) if self._field_of(label) in ("latitude", "longitude")]
        last_total = -1
        for position, cells in enumerate(self.rows):
            if vocabulary.is_total_row(cells):
                self.note("total_row_skipped", row=self.data_row + position)
                self.rows[position] = [""] * len(cells)
                last_total = position
        # A facility's row has coordinates: only rows without them can be headings or notes.
        for position in self._without_coordinates(coordinates):
            cells = self.rows[position]
            texts = {cells[i] for i in counted if cells[i]}
            text = texts.pop() if len(texts) == 1 else ""
            if any(ch.isalpha() for ch in text):
                self._heading(position, text)
            elif position > last_total >= 0 and coordinates and any(cells) and not any(cells[i] for i in coordinates):
                text = next(c for c in cells if c)
                self.note("row_after_totals_skipped", row=self.data_row + position, text=_shortened(text))
                self.rows[position] = [""] * len(cells)

    def _without_coordinates(self, coordinates: list[int]) -> list[int]:
        """Positions of the rows with no cell in the ``coordinates`` columns, or one cell
        merged across them (every row when the file has no such column), by array: a
        register's rows nearly all have coordinates."""
        if not coordinates or not self.rows:
            return list(range(len(self.rows)))
        cells = [np.array([row[index] for row in self.rows], dtype=object) for index in coordinates]
        empty = np.logical_and.reduce([column == "" for column in cells])
        merged = np.logical_and.reduce([column == cells[0] for column in cells[1:]]) if len(cells) > 1 else empty
        return np.flatnonzero(empty | merged).tolist()

    def _heading(self, position: int, text: str) -> None:
        """A heading or a note skipped with a note; a region's heading ("Карагандинская
        область") also names the region of the rows below it when the file has no region column."""
        row = self.data_row + position
        if vocabulary.names_region(text) and not any(self._field_of(label) == "region" for label in self.labels):
            self.section_regions.append((position, text))
            self.note("region_heading", row=row, text=_shortened(text))
        else:
            self.note("row_heading_skipped", row=row, text=_shortened(text))
        self.rows[position] = [""] * len(self.rows[position])

    def _field_of(self, label: str) -> str | None:
        """The field a column goes to (None for a column ignored on purpose)."""
        return None if user_choice(label, self.options.ignore) is not None else _label_field(label, self.options)

    def _set_aside(self, label: str) -> bool:
        """A column ignored on purpose or a bookkeeping one (its cells are no facility's data)."""
        return user_choice(label, self.options.ignore) is not None or (
            vocabulary.is_bookkeeping(label) and _label_field(label, self.options) is None
        )

    def _place_columns(self) -> pd.DataFrame:
        columns: dict[str, np.ndarray] = {}
        by_column = _columns(self.rows)
        for index, label in enumerate(self.labels):
            values = by_column[index] if index < len(by_column) else ("",) * len(self.rows)
            target = self._target(index, label, values)
            if target is None:
                continue
            if target in columns:
                first = self.fields[target]
                self.problems.append(Problem("column_repeated", {"first": first}, row=self.header_row, column=label))
                continue
            self.fields[target] = label
            columns[target] = np.array(self._convert(target, label, values), dtype=object)
        if self.section_regions:
            columns["region"] = self._regions_below_headings()
        # Every cell is text (the rows are, and so is what _convert gives): nothing to fill.
        frame = pd.DataFrame(columns, index=range(len(self.rows)), dtype=str)
        frame.attrs["first_row"] = self.data_row
        return frame

    def _regions_below_headings(self) -> np.ndarray:
        """Each facility row's region: the region heading above it (rows above the first, and
        rows skipped or blank: none)."""
        regions = np.full(len(self.rows), "", dtype=object)
        ends = [*(start for start, _ in self.section_regions[1:]), len(self.rows)]
        for (start, text), end in zip(self.section_regions, ends, strict=True):
            regions[start + 1 : end] = text
        regions[[not any(cells) for cells in self.rows]] = ""
        self.fields["region"] = self.fields.get("region", "region")
        return regions

    def _target(self, index: int, label: str, values: Sequence[str]) -> str | None:
        """The field of one column, or None (ignored, bookkeeping, empty or unplaced)."""
        chosen = self._field_of(label)
        if chosen is not None and chosen not in COLUMN_NAMES:
            self.problems.append(Problem("registers.unknown_field", _unknown(chosen), self.header_row, label))
            return None
        if chosen is not None:
            return chosen
        if user_choice(label, self.options.ignore) is not None:
            self.note("column_ignored", row=self.header_row, column=label)
        elif vocabulary.is_bookkeeping(label):
            self.note("column_bookkeeping", row=self.header_row, column=label)
        elif any(values):
            hint = vocabulary.closest_field(label)
            example = next(v for v in values if v)
            self.unplaced.append(UnplacedColumn(label, readers.column_letter(index), hint, example))
        elif not label.startswith("("):
            self.note("column_empty", row=self.header_row, column=label)
        return None

    def _convert(self, target: str, label: str, values: Sequence[str]) -> Sequence[str]:
        """Values in the field's words and unit: status words, national class, factor."""
        if target == "hazard_class_national":
            convert = vocabulary.national_hazard_class
        elif target == "country":
            convert = vocabulary.country_code
        elif (factor := self._factor(target, label)) is not None:
            if factor != 1.0:
                self.written[target] = (values, factor)
            return scaled_texts(values, factor)
        elif vocabulary.has_value_words(target):
            convert = lambda text: vocabulary.recognise_value(target, text)  # noqa: E731
        else:
            return values
        # Registers repeat their words (status, country, flood hazard): each text once.
        codes, distinct = pd.factorize(np.array(values, dtype=object))
        converted = np.empty(len(distinct) + 1, dtype=object)
        converted[:-1] = [convert(text) if text else text for text in distinct]
        return converted[codes]  # a missing cell (code -1) takes the last slot: None, as it was

    def _factor(self, target: str, label: str) -> float | None:
        """The unit factor of a measured field's column (1 when the header names no unit);
        None for other fields unless the user gave one."""
        chosen = user_choice(label, self.options.units)
        if chosen is None and target not in vocabulary.vocabulary().unit_fields:
            return None
        match = vocabulary.recognise_header(label)
        factor = float(chosen) if chosen is not None else (match.factor if match and match.field == target else 1.0)
        self.unit_factors[label] = factor
        shown = readers.cell_text(factor)
        if factor != 1.0 and chosen is None:
            self.note("column_unit", row=self.header_row, column=label, factor=shown)
        elif factor != 1.0:
            self.note("column_unit_chosen", row=self.header_row, column=label, factor=shown)
        return factor

    def _fill(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Values set for every row, the country of the restriction, identifiers."""
        filled = np.zeros(len(frame), dtype=bool)  # a non-empty cell (every cell is text)
        for column in frame.columns:
            filled |= (frame[column] != "").to_numpy(dtype=bool)
        filled = filled.tolist()
        set_values = dict(self.options.set_values)
        if self.options.country and "country" not in frame.columns and "country" not in set_values:
            set_values["country"] = self.options.country
            self.note("country_from_restriction", value=self.options.country)
        if "country" in set_values:
            set_values["country"] = vocabulary.country_code(set_values["country"])
        for target, value in set_values.items():
            if target not in COLUMN_NAMES:
                self.problems.append(Problem("registers.unknown_field", _unknown(target)))
                continue
            column = frame[target] if target in frame.columns else pd.Series("", index=frame.index, dtype=object)
            frame[target] = [v or (value if keep else "") for v, keep in zip(column, filled, strict=True)]
            self.fields.setdefault(target, target)
            self.note("value_set", label=Problem(f"fields.{target}"), field=target, value=value)
        self._restrict_country(frame, filled)
        if "facility_id" not in frame.columns and {"country", "name"} <= set(frame.columns) and any(filled):
            problems = add_identifiers(frame, filled, self.data_row, self.fields)
            self.problems += problems
            self.fields["facility_id"] = "facility_id"
            self.ids_made = True
            self.note("ids_made")
        return frame

    def _restrict_country(self, frame: pd.DataFrame, filled: list[bool]) -> None:
        wanted = (self.options.country or "").upper()
        if not wanted or "country" not in frame.columns:
            return
        for position, (value, keep) in enumerate(zip(frame["country"], filled, strict=True)):
            if keep and value.strip().upper() != wanted:
                row, column = self.data_row + position, self.fields.get("country", "country")
                self.problems.append(
                    Problem("registers.other_country", {"value": value, "country": wanted}, row, column)
                )

    def _map_hazard(self, frame: pd.DataFrame) -> HazardMapping | None:
        """Water hazard class from the national class, only through the named mapping file."""
        if not self.options.hazard_mapping or "hazard_class_national" not in frame.columns:
            return None
        mapping = load_hazard_mapping(self.options.hazard_mapping)
        wgk = frame["hazard_class_wgk"] if "hazard_class_wgk" in frame.columns else pd.Series("", index=frame.index)
        national = frame["hazard_class_national"]
        derived = [mapping.classes.get(int(n)) if n in {"1", "2", "3", "4", "5"} else None for n in national]
        frame["hazard_class_wgk"] = [w or ("" if d is None else str(d)) for w, d in zip(wgk, derived, strict=True)]
        count = sum(1 for w, d in zip(wgk, derived, strict=True) if not w and d is not None)
        self.fields.setdefault("hazard_class_wgk", self.fields["hazard_class_national"])
        self.note("hazard_mapping_applied", file=mapping.file, provenance=mapping.provenance, count=count)
        return mapping

    def _as_written(self, problem: Problem) -> Problem:
        """A validation problem as the user wrote the file: the column by its header, a
        converted number by its cell ("-5" under "Объем, тыс. м3", not -5000) with the
        limit in the header's unit, a national hazard class by the classes it may be."""
        field = problem.column or ""
        column = self.fields.get(field, problem.column)
        params = dict(problem.params)
        if field in self.written and problem.row is not None and "value" in params:
            cells, factor = self.written[field]
            params["value"] = cells[problem.row - self.data_row]
            for bound in ("low", "high"):
                if bound in params:
                    params[bound] = readers.cell_text(float(f"{float(params[bound]) / factor:.15g}"))
        if field == "hazard_class_national" and problem.code in ("not_a_number", "below_minimum", "above_maximum"):
            return Problem("registers.national_class_invalid", {"value": params["value"]}, problem.row, column)
        return replace(problem, column=column, params=params)

    def _unplaced_problem(self, column: UnplacedColumn) -> Problem:
        params = {
            "example": column.example,
            "letter": column.letter,
            "header": column.header,
            "page": Problem("inventory.page_title"),
            "section": Problem("importing.unplaced_title"),
        }
        if column.hint is None:
            return Problem("registers.column_unplaced", params, row=self.header_row, column=column.header)
        params |= {"hint": column.hint, "label": Problem(f"fields.{column.hint}")}
        return Problem("registers.column_unplaced_hint", params, row=self.header_row, column=column.header)

    def _effective_mapping(self) -> RegisterOptions:
        """The options with the header row and sheet used, to save as a named mapping."""
        return replace(self.options, sheet=self.sheet, header_row=self.header.top + 1)


@functools.cache
def _whole_country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """ISO code -> (west, south, east, north) of each country the offline map holds whole
    (not cut by the map's own bounds, as Russia and China are)."""
    features = layer_features("countries")
    if not features:
        return {}
    edges = layer_bounds(features)
    boxes = {}
    for feature in features:
        box = layer_bounds([feature])
        if all(abs(a - b) > 1e-6 for a, b in zip(box, edges, strict=True)):
            boxes[feature["properties"]["iso2"]] = box
    return boxes


def _unknown(name: str) -> dict[str, str]:
    return {"value": name, "fields": ", ".join(COLUMN_NAMES)}


def _shortened(text: str, limit: int = 80) -> str:
    """A cell quoted in a note: its first ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def load_register(path: Path | str, options: RegisterOptions | None = None) -> pd.DataFrame:
    """A register file as validated inventory rows (without ``row``); ProblemError with every
    problem, unplaced columns included, if it is not accepted as it stands."""
    result = read_register(path, None, options)
    if not result.accepted:
        raise ProblemError(list(result.problems))
    return result.frame.drop(columns="row")
