"""Where a register's table lies: its sheets as rows of text, the sheet to read and the
header rows (the row naming most fields, joined with a group row above or below it:
"Координаты / Широта"), and which field a header names (the user's mapping first, then the
vocabulary, tmf.vocabulary). tmf.registers reads the rows below the header.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tmf import readers, vocabulary
from tmf.problems import Problem, ProblemError
from tmf.register_options import RegisterOptions

HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class Header:
    """The header found: its top and bottom rows (0-based), its labels and how many fields they name."""

    top: int  # 0-based index of the header's top row
    bottom: int
    labels: tuple[str, ...]
    score: int


def register_bytes(source: bytes | Path | str, filename: str | None) -> tuple[bytes, str]:
    """The file's bytes and its name (a path's own name when none is given)."""
    if isinstance(source, bytes):
        return source, filename or "register"
    path = Path(source)
    try:
        return path.read_bytes(), filename or path.name
    except OSError:
        raise ProblemError(Problem("file_not_found", {"file": str(path)})) from None


def sheet_rows(data: bytes, filename: str) -> list[tuple[str | None, list[list[str]], int]]:
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


def padded(rows: list[list[str]]) -> list[list[str]]:
    """Rows of stripped cells, all as wide as the widest."""
    width = max((len(r) for r in rows), default=0)
    return [_stripped(r) + [""] * (width - len(r)) if len(r) < width else _stripped(r) for r in rows]


def _stripped(cells: list) -> list[str]:
    try:
        return list(map(str.strip, cells))  # text cells (CSV, XLSX): the same, without str() each
    except TypeError:
        return [str(c).strip() for c in cells]


def choose_sheet(sheets: list, options: RegisterOptions) -> tuple:
    """The sheet named in ``options``, else the one whose header names most fields."""
    if options.sheet is not None:
        for sheet in sheets:
            if sheet[0] == options.sheet:
                return sheet
        names = ", ".join(str(s[0]) for s in sheets)
        raise ProblemError(Problem("registers.sheet_missing", {"sheet": options.sheet, "sheets": names}))
    scores = [(find_header(rows, options) or Header(0, 0, (), 0)).score for _, rows, _ in sheets]
    return sheets[scores.index(max(scores))]


def label_field(label: str, options: RegisterOptions) -> str | None:
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
    return len({f for f in (label_field(label, options) for label in labels) if f})


def find_header(rows: list[list[str]], options: RegisterOptions) -> Header | None:
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
    header = Header(best, best, tuple(rows[best]), max(scored)[0])
    if best + 1 < len(rows) and any(rows[best + 1]):
        below = _join(rows[best], rows[best + 1])
        if _score(below, options) > header.score:
            return Header(best, best + 1, below, _score(below, options))
    if best > 0 and _is_group_row(rows[best - 1]) and options.header_row is None:
        above = _join(rows[best - 1], rows[best])
        if _score(above, options) >= header.score:
            return Header(best - 1, best, above, _score(above, options))
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


def grid_columns(rows: list[list[str]]) -> Sequence[Sequence[str]]:
    """The columns of rows of one width (``padded``): one 2-D array of the cells (its columns
    are views), several times faster than zip(*rows) and an array per column."""
    grid = np.array(rows, dtype=object)
    if grid.ndim == 2 and grid.shape[0] == len(rows):
        return [grid[:, i] for i in range(grid.shape[1])]
    return list(zip(*rows, strict=True))  # no rows (or rows of different widths: a bug, refused)
