"""Build the inventory import templates from the column table in README.md.

Writes, next to this script:
- inventory_template.csv     canonical (English) headers + example rows
- inventory_template_ru.csv  Russian headers + the same example rows
- inventory_template.xlsx    sheet "inventory" (canonical headers + example rows) and
                             sheet "columns" (column, Russian header, allowed values, meaning)

The column list is parsed from the table in data/templates/README.md, and the example rows
are copied from data/inventory/central_asia_illustrative.csv, so the templates cannot drift
from either. Run from anywhere:  python data/templates/build_template.py
Needs only openpyxl (pinned in requirements.txt).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
README = HERE / "README.md"
INVENTORY = HERE.parent / "inventory" / "central_asia_illustrative.csv"
EXAMPLE_IDS = ("KG-MAI-003", "KZ-KOS-001")


@dataclass(frozen=True)
class Column:
    name: str
    russian: str
    allowed: str
    meaning: str

    @property
    def numeric(self) -> bool:
        """True when the README types the column as a number (written as numbers to XLSX)."""
        return self.allowed.startswith(("number", "integer", "decimal", "0 |"))


def _cell(text: str) -> str:
    """A README table cell as plain text: unescape `\\|`, drop backticks."""
    return text.replace("\\|", "|").replace("`", "").strip()


def read_columns(readme: Path = README) -> list[Column]:
    """The column table of the template README, in file order."""
    columns = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `"):
            continue
        cells = [_cell(c) for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if len(cells) != 4:
            raise ValueError(f"README column row does not have 4 cells: {line!r}")
        columns.append(Column(*cells))
    if not columns:
        raise ValueError(f"No column table found in {readme}")
    return columns


def read_examples(columns: list[Column], inventory: Path = INVENTORY) -> list[dict[str, str]]:
    """The example facilities, as text, from the illustrative inventory. A column of the
    README that the illustrative inventory lacks (a register field such as ``operator``)
    stays blank in the examples; a column it has that the README lacks is an error."""
    with inventory.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        header = reader.fieldnames or []
        expected = [c.name for c in columns]
        if [h for h in expected if h in header] != header:
            raise ValueError(f"{inventory.name} header differs from the README column table: {header} != {expected}")
        by_id = {row["facility_id"]: {name: row.get(name, "") for name in expected} for row in reader}
    missing = [i for i in EXAMPLE_IDS if i not in by_id]
    if missing:
        raise ValueError(f"Example facilities not in {inventory.name}: {missing}")
    return [by_id[i] for i in EXAMPLE_IDS]


def write_csv(path: Path, header: list[str], columns: list[Column], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row[c.name] for c in columns])


def _number(text: str) -> int | float | str:
    if text == "":
        return text
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def _set_widths(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def write_xlsx(path: Path, columns: list[Column], rows: list[dict]) -> None:
    workbook = Workbook()
    workbook.properties.creator = "TMF dashboard build_template.py"
    bold = Font(bold=True)

    sheet = workbook.active
    sheet.title = "inventory"
    sheet.append([c.name for c in columns])
    for row in rows:
        sheet.append([_number(row[c.name]) if c.numeric else row[c.name] for c in columns])
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    widths = []
    for c in columns:
        longest = max([len(c.name)] + [len(row[c.name]) for row in rows])
        widths.append(min(max(longest + 2, 10), 45))
    _set_widths(sheet, widths)

    legend = workbook.create_sheet("columns")
    legend.append(["column", "russian_header", "allowed_values", "meaning"])
    for c in columns:
        legend.append([c.name, c.russian, c.allowed, c.meaning])
    for cell in legend[1]:
        cell.font = bold
    legend.freeze_panes = "A2"
    _set_widths(legend, [28, 30, 60, 70])
    for line in legend.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    workbook.save(path)


def main() -> None:
    columns = read_columns()
    rows = read_examples(columns)
    write_csv(HERE / "inventory_template.csv", [c.name for c in columns], columns, rows)
    write_csv(HERE / "inventory_template_ru.csv", [c.russian for c in columns], columns, rows)
    write_xlsx(HERE / "inventory_template.xlsx", columns, rows)
    print(f"Wrote 3 templates with {len(columns)} columns and {len(rows)} example rows to {HERE}")


if __name__ == "__main__":
    main()
