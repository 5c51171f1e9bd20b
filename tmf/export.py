"""The whole inventory as CSV, XLSX or GeoJSON, in the template's columns, re-importable.

Numbers are written so they read back bit for bit (shortest round-trip form); blanks stay
blank. Text cells that a spreadsheet would run as a formula (starting with ``= + - @``,
tab or CR) are neutralised with a leading ``'``, which the import removes again
(tmf.readers), so export -> import gives the same inventory. Numeric cells are never
touched, so a longitude of -5 stays a number. GeoJSON is data, not a spreadsheet: its
properties are written as they are.
"""

from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd

from tmf.inventory import COLUMN_NAMES, COLUMNS, NUMERIC_KINDS
from tmf.readers import cell_text, neutralise

FORMATS = ("csv", "xlsx", "geojson")
MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
NUMERIC = frozenset(c.name for c in COLUMNS if c.kind in NUMERIC_KINDS)


def _value(name: str, value: object) -> object:
    """A stored value as a plain Python value: None for blank, float for numbers, else str."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if name in NUMERIC:
        return float(value)
    return str(value)


def records(facilities: pd.DataFrame) -> list[dict[str, object]]:
    """One dict per facility with exactly the inventory columns, in template order."""
    return [{name: _value(name, row[name]) for name in COLUMN_NAMES} for row in facilities.to_dict("records")]


def spreadsheet_cell(name: str, value: object) -> object:
    """The cell written to CSV/XLSX: numbers as numbers, text neutralised, blank as None."""
    value = _value(name, value)
    if value is None or name in NUMERIC:
        return value
    return neutralise(value)


def neutralised(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of any table for CSV/XLSX output whose text cells a spreadsheet would run
    (starting with ``= + - @``, tab or CR) carry a leading ``'``; numbers stay numbers."""
    safe = table.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(lambda value: neutralise(value) if isinstance(value, str) else value)
    return safe


def to_csv(facilities: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads Cyrillic), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    for record in records(facilities):
        writer.writerow(cell_text(spreadsheet_cell(k, v)) for k, v in record.items())
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(facilities: pd.DataFrame) -> bytes:
    """One sheet ``inventory``; numbers stored as numbers, text as text (never formulas)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "inventory"
    sheet.append(list(COLUMN_NAMES))
    for record in records(facilities):
        sheet.append([spreadsheet_cell(k, v) for k, v in record.items()])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would otherwise store text starting with '=' as a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_geojson(facilities: pd.DataFrame) -> bytes:
    """A FeatureCollection of points (longitude, latitude); the other columns as properties."""
    features = []
    for record in records(facilities):
        longitude, latitude = record.pop("longitude"), record.pop("latitude")
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
                "properties": record,
            }
        )
    document = {"type": "FeatureCollection", "features": features}
    return json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def one_country(facilities: pd.DataFrame, country: str) -> pd.DataFrame:
    """The facilities of one country (ISO code, any case), for a sub-regional exchange; each
    record keeps its provenance columns (source, confidence, location_confidence)."""
    return facilities[facilities["country"] == country.strip().upper()].reset_index(drop=True)


def export(facilities: pd.DataFrame, fmt: str) -> bytes:
    """The inventory in ``fmt`` (csv, xlsx or geojson)."""
    writers = {"csv": to_csv, "xlsx": to_xlsx, "geojson": to_geojson}
    return writers[fmt](facilities)
