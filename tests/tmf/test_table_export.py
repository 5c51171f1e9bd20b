"""Tables taken away as CSV/XLSX: a name that looks like a formula stays text, numbers stay numbers."""

import csv
import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from tmf.table_export import file_stem, table_csv, table_xlsx

HOSTILE = '=HYPERLINK("http://x","click")'
FRAME = pd.DataFrame({"name": [HOSTILE, "Kara-Balta"], "score": [17.41, -5.0], "rank": [1, 2]})


def test_csv_neutralises_a_formula_name_and_keeps_negative_numbers():
    rows = list(csv.reader(io.StringIO(table_csv(FRAME).decode("utf-8-sig"))))
    assert rows == [["name", "score", "rank"], ["'" + HOSTILE, "17.41", "1"], ["Kara-Balta", "-5.0", "2"]]


def test_xlsx_stores_the_formula_name_as_text_and_scores_as_numbers():
    sheet = load_workbook(io.BytesIO(table_xlsx(FRAME, "ranking"))).active
    assert sheet.title == "ranking"
    assert sheet["A2"].value == "'" + HOSTILE and sheet["A2"].data_type == "s"
    assert sheet["B3"].value == -5.0 and sheet["C2"].value == 1


def test_the_file_name_names_the_data_date_and_the_methodology_version():
    assert file_stem("ranking", dt.datetime(2026, 3, 1, 12), "2026.11") == "ranking_2026-03-01_methodology-2026.11"
    assert file_stem("ranking", None, "1") == "ranking_undated_methodology-1"
