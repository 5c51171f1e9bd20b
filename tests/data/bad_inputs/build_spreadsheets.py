"""Writes the XLSX and GeoJSON files of this corpus (run from anywhere; the outputs are kept in git).

.venv/bin/python tests/data/bad_inputs/build_spreadsheets.py
"""

import datetime as dt
import json
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
HEADER = ["facility_id", "name", "country", "latitude", "longitude", "status", "volume_m3", "source", "confidence"]
PROPERTIES = [h for h in HEADER if h not in ("latitude", "longitude")]
ROWS = [
    ["KG-MAI-003", "Mailuu-Suu No. 3", "KG", 41.2822, 72.4761, "closed", 110500, "http://wise-uranium.org", "medium"],
    ["KG-KAD-001", "Kadamjai", "KG", 40.13, 71.72, "active", 2592000, "https://docslib.org/3442406", "medium"],
]


def merged_two_row_header() -> None:
    """Row 1: a title merged over all columns. Row 2: group titles, 'Координаты' merged over
    latitude and longitude, the other headers merged down over rows 2-3. Row 3: the
    latitude/longitude headers. Data from row 4."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Реестр хвостохранилищ Кыргызской Республики"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=9)
    ru = ["код_объекта", "наименование", "страна", "Координаты", None, "статус", "объём_м3", "источник"]
    ru.append("достоверность")
    sheet.append(ru)
    sheet.append([None, None, None, "широта", "долгота"])
    for column in (1, 2, 3, 6, 7, 8, 9):
        sheet.merge_cells(start_row=2, start_column=column, end_row=3, end_column=column)
    sheet.merge_cells(start_row=2, start_column=4, end_row=2, end_column=5)
    for row in ROWS:
        sheet.append(row)
    book.save(HERE / "merged_two_row_header.xlsx")


def extra_empty_rows() -> None:
    """Two blank rows above the header, a blank row between facilities, formatted empty rows below."""
    book = Workbook()
    sheet = book.active
    sheet.append([])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append(ROWS[0])
    sheet.append([])
    sheet.append(ROWS[1])
    for row in range(8, 60):
        sheet.cell(row=row, column=2).number_format = "0.00"
    book.save(HERE / "extra_empty_rows.xlsx")


def dates(name: str, column: str) -> None:
    """An Excel date (a number formatted as a date) in ``column`` of the second facility."""
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER, "notes"])
    sheet.append([*ROWS[0], "surveyed"])
    row = [*ROWS[1], "surveyed"]
    row[[*HEADER, "notes"].index(column)] = dt.datetime(2021, 3, 4)
    sheet.append(row)
    book.save(HERE / name)


def formula_in_name() -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(ROWS[0])
    row = list(ROWS[1])
    row[1] = '=HYPERLINK("http://evil.example/","click here")'
    sheet.append(row)
    book.save(HERE / "formula_injection.xlsx")


def geojson() -> None:
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row[4], row[3]]},
            "properties": dict(zip(PROPERTIES, row[:3] + row[5:], strict=True)),
        }
        for row in ROWS
    ]
    good = {"type": "FeatureCollection", "features": features}
    (HERE / "points.geojson").write_text(json.dumps(good, ensure_ascii=False, indent=1), encoding="utf-8")
    polygon = json.loads(json.dumps(good))
    polygon["features"][1]["geometry"] = {"type": "Polygon", "coordinates": [[[71, 40], [72, 40], [72, 41], [71, 40]]]}
    (HERE / "polygon.geojson").write_text(json.dumps(polygon, indent=1), encoding="utf-8")


if __name__ == "__main__":
    merged_two_row_header()
    extra_empty_rows()
    dates("excel_date_in_text.xlsx", "notes")
    dates("excel_date_in_number.xlsx", "volume_m3")
    formula_in_name()
    geojson()
