"""Tables taken away as CSV/XLSX: a name that looks like a formula stays text, numbers stay numbers."""

import csv
import datetime as dt
import io

import pandas as pd
from openpyxl import load_workbook

from tmf.methodology import load_profile
from tmf.table_export import file_stem, stamp_lines, table_csv, table_xlsx

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


def test_percentages_computed_in_binary_arithmetic_are_written_as_the_page_shows_them():
    shares = pd.DataFrame({"p_top": [100 * 0.471, 100 * 0.339], "evpi": [0.081 + 4e-16, 16 - 2e-15]})
    rows = list(csv.reader(io.StringIO(table_csv(shares).decode("utf-8-sig"))))
    assert rows[1:] == [["47.1", "0.081"], ["33.9", "16.0"]]
    sheet = load_workbook(io.BytesIO(table_xlsx(shares, "bands"))).active
    assert (sheet["A2"].value, sheet["B3"].value) == (47.1, 16.0)


def test_the_file_name_names_the_data_date_and_the_methodology_version():
    assert file_stem("ranking", dt.datetime(2026, 3, 1, 12), "2026.11") == "ranking_2026-03-01_methodology-2026.11"
    assert file_stem("ranking", None, "1") == "ranking_undated_methodology-1"


def test_the_title_lines_stand_above_the_table_in_csv_and_xlsx_a_formula_title_made_harmless():
    title = ("=Ranking", "Weights for THI: the official ones", "Data as of: 2026-03-01 · Methodology: version 2026.11")
    rows = list(csv.reader(io.StringIO(table_csv(FRAME, title).decode("utf-8-sig"))))
    assert rows[:5] == [["'=Ranking"], [title[1]], [title[2]], [], ["name", "score", "rank"]]
    assert rows[5] == ["'" + HOSTILE, "17.41", "1"]
    sheet = load_workbook(io.BytesIO(table_xlsx(FRAME, "ranking", title))).active
    assert [sheet.cell(i, 1).value for i in (1, 2, 3)] == ["'=Ranking", title[1], title[2]]
    assert sheet["A1"].font.bold and sheet["A1"].data_type == "s"
    assert [c.value for c in sheet[5]] == ["name", "score", "rank"] and sheet["B6"].value == 17.41
    assert sheet.freeze_panes == "A6"  # the header stays in view


def test_the_stamp_says_which_weights_which_data_and_which_methodology_in_russian():
    profile = load_profile()
    weights = profile.default_weights | {"flood": 0.0}
    lines = stamp_lines("Рейтинг", profile, dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), "ru", weights, "tri")
    assert lines[0] == "Рейтинг"
    assert lines[1].startswith("Веса для TRI (риск): Паводковая опасность 0,00;")
    assert "2026-03-01 12:00 UTC" in lines[2] and f"версия {profile.version}" in lines[2]
    official = stamp_lines("", profile, None, "en", profile.default_weights)
    assert official[0] == "Weights for THI (hazard): the official ones, every criterion counts once"
