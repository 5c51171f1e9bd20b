"""A register's problems said as its reader wrote the file: a required field by the name
``--map`` and ``--set`` take and the page section that gives it, a column by its header, a
converted number by its cell with the limit in the header's unit, an unplaced column with
how to place it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from tmf import readers
from tmf.inventory import COLUMN_NAMES
from tmf.problems import Problem

# Required fields that one value often fills for a whole register (the Inventory page asks
# for these three; the command line's --set takes any field).
EVERY_ROW_FIELDS = ("country", "source", "confidence")


@dataclass(frozen=True)
class UnplacedColumn:
    """A column with data that matches no field: its header as written, its letter, the
    closest field as a hint (never applied) and an example value."""

    header: str
    letter: str
    hint: str | None
    example: str


def field_missing(problem: Problem) -> Problem:
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


def id_needs_country(problem: Problem) -> Problem:
    """The missing identifier column said as what it is when the file has names but no
    country: identifiers are made from both, so giving the country is the remedy."""
    if problem.code == "column_missing" and problem.column == "facility_id":
        return Problem("registers.id_needs_country", {})
    return problem


def as_written(
    problem: Problem,
    fields: Mapping[str, str],
    written: Mapping[str, tuple[Sequence[str], float]],
    data_row: int,
) -> Problem:
    """A validation problem as the user wrote the file: the column by its header
    (``fields``: field -> header), a converted number by its cell ("-5" under "Объем, тыс.
    м3", not -5000; ``written``: scaled field -> (cells as written, factor), the first cell
    at Excel row ``data_row``) with the limit in the header's unit, a national hazard class
    by the classes it may be."""
    field = problem.column or ""
    column = fields.get(field, problem.column)
    params = dict(problem.params)
    if field in written and problem.row is not None and "value" in params:
        cells, factor = written[field]
        params["value"] = cells[problem.row - data_row]
        for bound in ("low", "high"):
            if bound in params:
                params[bound] = readers.cell_text(float(f"{float(params[bound]) / factor:.15g}"))
    if field == "hazard_class_national" and problem.code in ("not_a_number", "below_minimum", "above_maximum"):
        return Problem("registers.national_class_invalid", {"value": params["value"]}, problem.row, column)
    return replace(problem, column=column, params=params)


def unplaced_problem(column: UnplacedColumn, header_row: int) -> Problem:
    """The problem an unplaced column makes: its example, letter and header, the closest
    field when there is one, and where on the page to place it."""
    params = {
        "example": column.example,
        "letter": column.letter,
        "header": column.header,
        "page": Problem("inventory.page_title"),
        "section": Problem("importing.unplaced_title"),
    }
    if column.hint is None:
        return Problem("registers.column_unplaced", params, row=header_row, column=column.header)
    params |= {"hint": column.hint, "label": Problem(f"fields.{column.hint}")}
    return Problem("registers.column_unplaced_hint", params, row=header_row, column=column.header)


def unknown_field(name: str) -> dict[str, str]:
    """The parameters of ``registers.unknown_field``: the name given and the fields there are."""
    return {"value": name, "fields": ", ".join(COLUMN_NAMES)}
