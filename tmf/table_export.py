"""Any table a page shows, as CSV or XLSX for a spreadsheet, formulas made harmless.

Text cells that a spreadsheet would run as a formula (``= + - @``, tab or CR first) get a
leading ``'`` (tmf.readers.neutralise), so a facility named ``=HYPERLINK(...)`` stays
text; numbers stay numbers. The file name carries the data date and the methodology
version, so a table taken away says which data and which method it shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re

import pandas as pd

from tmf.readers import neutralise


def _cell(value: object) -> object:
    """A value as written: None for blank, numbers as numbers, everything else neutralised text."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _cell(value.item())
    return neutralise(str(value))


def rows(frame: pd.DataFrame) -> list[list[object]]:
    """The header (column names as text) and every row, each cell through ``_cell``."""
    header = [neutralise(str(c)) for c in frame.columns]
    return [header, *([_cell(v) for v in record] for record in frame.itertuples(index=False, name=None))]


def table_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads Cyrillic), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows(frame):
        writer.writerow("" if cell is None else cell for cell in row)
    return buffer.getvalue().encode("utf-8-sig")


def table_xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    """One sheet named ``sheet``; text stored as text (never a formula), numbers as numbers."""
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = re.sub(r"[\[\]:*?/\\]", "_", sheet)[:31] or "table"
    for row in rows(frame):
        worksheet.append(row)
    for line in worksheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would store text starting with '=' as a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_stem(name: str, data_date: dt.datetime | None, methodology_version: str) -> str:
    """``ranking_2025-03-01_methodology-2026.11``: what, the data date, the method's version."""
    date = f"{data_date:%Y-%m-%d}" if data_date else "undated"
    return f"{name}_{date}_methodology-{methodology_version}"
