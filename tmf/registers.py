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

Where the table lies (sheet, header rows) is found by tmf.register_layout; problems are
worded as the file was written by tmf.register_problems; tmf.register_checks adds the
notes on the validated rows (a facility outside its country, a formula-like cell).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from tmf import readers, vocabulary
from tmf.inventory import COLUMN_NAMES, validate
from tmf.problems import Problem, ProblemError
from tmf.register_checks import formula_like_notes, outside_country_notes, shortened
from tmf.register_ids import add_identifiers
from tmf.register_layout import (
    Header,
    choose_sheet,
    find_header,
    grid_columns,
    label_field,
    padded,
    register_bytes,
    sheet_rows,
    user_choice,
)
from tmf.register_numbers import scaled_texts
from tmf.register_options import HazardMapping, RegisterOptions, load_hazard_mapping
from tmf.register_problems import (
    UnplacedColumn,
    as_written,
    field_missing,
    id_needs_country,
    unknown_field,
    unplaced_problem,
)


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


def read_register(
    source: bytes | Path | str, filename: str | None = None, options: RegisterOptions | None = None
) -> RegisterResult:
    """A register file read with ``options`` (see the module docstring). Raises
    ProblemError only when the file cannot be read as a table at all."""
    options = options or RegisterOptions()
    data, filename = register_bytes(source, filename)
    sheets = [(name, padded(rows), offset) for name, rows, offset in sheet_rows(data, filename)]
    chosen = choose_sheet(sheets, options)
    name, rows, offset = chosen
    header = find_header(rows, options)
    if header is None:
        raise ProblemError(Problem("registers.no_header", {"file": filename}))
    return _Reading(name, rows, offset, header, options).result(len(sheets) > 1)


def _unneutralised(cells: list[str]) -> list[str]:
    return [readers.unneutralise(c) if c[:1] == "'" else c for c in cells]


class _Reading:
    """One register being read: columns placed, rows cleaned, then validated."""

    def __init__(self, sheet: str | None, rows: list[list[str]], offset: int, header: Header, options: RegisterOptions):
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
            problems = [id_needs_country(p) for p in problems]
        self.problems += [field_missing(as_written(p, self.fields, self.written, self.data_row)) for p in problems]
        self.problems += [unplaced_problem(u, self.header_row) for u in self.unplaced]
        if self.problems:
            typed = typed.iloc[0:0]
        self.notes += outside_country_notes(typed, frame, self.fields, self.data_row)
        self.notes += formula_like_notes(typed, self.fields)
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
                self.note("row_after_totals_skipped", row=self.data_row + position, text=shortened(text))
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
            self.note("region_heading", row=row, text=shortened(text))
        else:
            self.note("row_heading_skipped", row=row, text=shortened(text))
        self.rows[position] = [""] * len(self.rows[position])

    def _field_of(self, label: str) -> str | None:
        """The field a column goes to (None for a column ignored on purpose)."""
        return None if user_choice(label, self.options.ignore) is not None else label_field(label, self.options)

    def _set_aside(self, label: str) -> bool:
        """A column ignored on purpose or a bookkeeping one (its cells are no facility's data)."""
        return user_choice(label, self.options.ignore) is not None or (
            vocabulary.is_bookkeeping(label) and label_field(label, self.options) is None
        )

    def _place_columns(self) -> pd.DataFrame:
        columns: dict[str, np.ndarray] = {}
        by_column = grid_columns(self.rows)
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
            self.problems.append(Problem("registers.unknown_field", unknown_field(chosen), self.header_row, label))
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
                self.problems.append(Problem("registers.unknown_field", unknown_field(target)))
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

    def _effective_mapping(self) -> RegisterOptions:
        """The options with the header row and sheet used, to save as a named mapping."""
        return replace(self.options, sheet=self.sheet, header_row=self.header.top + 1)


def load_register(path: Path | str, options: RegisterOptions | None = None) -> pd.DataFrame:
    """A register file as validated inventory rows (without ``row``); ProblemError with every
    problem, unplaced columns included, if it is not accepted as it stands."""
    result = read_register(path, None, options)
    if not result.accepted:
        raise ProblemError(list(result.problems))
    return result.frame.drop(columns="row")
