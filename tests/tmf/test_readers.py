"""Real-world inventory files: DMS coordinates, dates, merged and two-row headers, empty rows,
semicolons with decimal commas, and the formula neutralisation that export and import share."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from tmf.inventory import read_table, validate
from tmf.problems import ProblemError
from tmf.readers import looks_like_date, neutralise, parse_coordinate, unneutralise

MAILUU_LAT, MAILUU_LON = 41 + 16 / 60 + 56 / 3600, 72 + 28 / 60 + 34 / 3600


@pytest.mark.parametrize(
    ("text", "axis", "expected"),
    [
        ("41°16'56\"N", "latitude", MAILUU_LAT),
        ("41 16 56", "latitude", MAILUU_LAT),
        ("72°28'34\" E", "longitude", MAILUU_LON),
        ("N 41°16′56″", "latitude", MAILUU_LAT),
        ("41°16,5' с.ш.", "latitude", 41.275),
        ("72°28'34\"В", "longitude", MAILUU_LON),
        ("5 W", "longitude", -5.0),
        ("-5", "longitude", -5.0),
        ("41,2822", "latitude", 41.2822),
        ('41°56"', "latitude", 41 + 56 / 3600),
    ],
)
def test_coordinates_in_degrees_minutes_seconds_are_understood(text, axis, expected):
    assert parse_coordinate(text, axis) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("text", "axis", "code"),
    [
        ("41°16'56\"E", "latitude", "coordinate_wrong_hemisphere"),
        ("72 28 34 N", "longitude", "coordinate_wrong_hemisphere"),
        ("41 75 10", "latitude", "coordinate_minutes"),
        ("41 16 60", "latitude", "coordinate_minutes"),
        ("41.16.56", "latitude", "coordinate_unclear"),
        ("-41 S", "latitude", "coordinate_unclear"),
        ("41.5 16", "latitude", "coordinate_unclear"),
        ("41'16", "latitude", "coordinate_unclear"),
        ("41 16 56 12", "latitude", "coordinate_unclear"),
        ("north", "latitude", "coordinate_unclear"),
    ],
)
def test_ambiguous_coordinates_are_refused_not_guessed(text, axis, code):
    with pytest.raises(ProblemError) as refused:
        parse_coordinate(text, axis)
    assert refused.value.problems[0].code == code
    assert text in refused.value.messages()[0]


def inventory_csv(**overrides: str) -> str:
    row = {
        "facility_id": "KG-MAI-003",
        "name": "Mailuu-Suu No. 3",
        "country": "KG",
        "latitude": "41.2822",
        "longitude": "72.4761",
        "status": "closed",
        "volume_m3": "110500",
        "source": "http://wise-uranium.org/ummai.html",
        "confidence": "medium",
        "notes": "",
    } | overrides
    return ",".join(row) + "\n" + ",".join(f'"{v}"' for v in row.values()) + "\n"


def test_a_dms_cell_in_a_file_becomes_decimal_degrees():
    text = inventory_csv(latitude='41°16\'56""N', longitude="72 28 34")
    frame, problems = validate(read_table(text.encode(), "dms.csv"))
    assert problems == []
    assert frame.loc[0, "latitude"] == pytest.approx(MAILUU_LAT)
    assert frame.loc[0, "longitude"] == pytest.approx(MAILUU_LON)


def test_a_dms_latitude_beyond_90_degrees_is_out_of_range():
    frame, problems = validate(read_table(inventory_csv(latitude="95 10 00").encode(), "bad.csv"))
    assert [(p.code, p.row, p.column) for p in problems] == [("above_maximum", 2, "latitude")]


def test_a_semicolon_file_with_decimal_commas_and_spaced_thousands_reads_as_numbers():
    text = "facility_id;name;country;latitude;longitude;status;volume_m3;source;confidence\n"
    text += "KG-KDS-001;Kadji-Sai;KG;42,154;77,217;closed;1 234 567,5;https://ecomap.kg;medium\n"
    frame, problems = validate(read_table(text.encode("cp1251"), "kadji.csv"))
    assert problems == []
    assert frame.loc[0, ["latitude", "longitude", "volume_m3"]].tolist() == [42.154, 77.217, 1234567.5]


def test_a_date_in_a_number_column_is_refused_as_a_date():
    frame, problems = validate(read_table(inventory_csv(volume_m3="04.03.2021").encode(), "d.csv"))
    assert [(p.code, p.column) for p in problems] == [("date_not_a_number", "volume_m3")]
    assert "is a date" in problems[0].message()


def workbook_bytes(rows: list[list[object]], merges: tuple[str, ...] = ()) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = ["facility_id", "name", "country", "latitude", "longitude", "status", "source", "confidence", "notes"]
ROW = ["KG-MAI-003", "Mailuu-Suu No. 3", "KG", 41.2822, 72.4761, "closed", "http://wise-uranium.org", "medium"]


def test_an_excel_date_in_a_text_column_is_kept_as_iso_date_text():
    data = workbook_bytes([HEADER, [*ROW, dt.datetime(2021, 3, 4)]])
    frame, problems = validate(read_table(data, "dates.xlsx"))
    assert problems == [] and frame.loc[0, "notes"] == "2021-03-04"


def test_an_excel_date_in_a_number_column_is_refused_naming_row_and_column():
    row = list(ROW)
    row[3] = dt.datetime(2021, 3, 4)
    frame, problems = validate(read_table(workbook_bytes([HEADER, row]), "dates.xlsx"))
    assert [(p.code, p.row, p.column) for p in problems] == [("date_not_a_number", 2, "latitude")]


def test_merged_header_cells_and_a_group_title_row_are_read_from_the_row_below():
    title = ["Координаты" if h in ("latitude", "longitude") else h for h in HEADER]
    below = [h if h in ("latitude", "longitude") else None for h in HEADER]
    merges = ("D1:E1", *(f"{c}1:{c}2" for c in "ABCFGHI"))
    data = workbook_bytes([title, below, [*ROW, "first"], [*ROW[:1], "Second", *ROW[2:], "second"]], merges)
    frame, problems = validate(read_table(data, "merged.xlsx"))
    duplicate = [p for p in problems if p.code == "duplicate_id"]
    assert [(p.row, p.column) for p in duplicate] == [(4, "facility_id")], "rows numbered as in the file"
    assert frame.loc[0, ["latitude", "longitude", "notes"]].tolist() == [41.2822, 72.4761, "first"]


def test_a_header_neither_row_of_which_names_our_columns_is_refused_as_missing_columns():
    data = workbook_bytes([["Inventory"], ["Col A", "Col B"], ["x", "y"]], ("A1:B1",))
    frame, problems = validate(read_table(data, "unknown.xlsx"))
    assert {p.code for p in problems} == {"column_missing"}


def test_empty_rows_above_between_and_below_are_skipped_and_rows_keep_their_file_numbers():
    data = workbook_bytes([[], [], HEADER, ROW, [], [ROW[0].replace("3", "4"), *ROW[1:]], [], []])
    frame, problems = validate(read_table(data, "gaps.xlsx"))
    assert problems == []
    assert frame["row"].tolist() == [4, 6]


def test_a_formula_in_a_workbook_is_refused_in_a_text_column():
    row = list(ROW)
    row[1] = '=HYPERLINK("http://evil.example","click")'
    frame, problems = validate(read_table(workbook_bytes([HEADER, row]), "formula.xlsx"))
    assert [(p.code, p.column) for p in problems] == [("formula_refused", "name")]


@pytest.mark.parametrize("text", ["=1+1", "+7 727 000", "-see report", "@kazzinc", "'=x", "''-y", "\tx", "plain", "'q"])
def test_neutralising_then_unneutralising_gives_the_text_back(text):
    assert unneutralise(neutralise(text)) == text


@pytest.mark.parametrize("text", ["=1+1", "+7", "-x", "@x", "\tx", "\rx", "'=x"])
def test_formula_like_text_is_neutralised_with_a_leading_quote(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["2021-03-04", "2021-03-04 10:00", "04.03.2021", "4/3/2021"])
def test_dates_are_recognised(text):
    assert looks_like_date(text)


@pytest.mark.parametrize("text", ["2021", "1.234.567", "41.2822", "1 234,5"])
def test_numbers_are_not_dates(text):
    assert not looks_like_date(text)


def test_unquoted_csv_text_splits_into_the_rows_csv_reader_gives():
    """The fast path for CSV text without quotes (readers._unquoted_rows) gives csv.reader's
    rows, or leaves the text to it (None); the first filled line is splitlines' (random texts
    of separators, line breaks of every kind, blanks and letters)."""
    import csv
    import random

    from tmf.readers import _first_filled_line, _unquoted_rows

    rng = random.Random(3)
    alphabet = ["a", "Ж", " ", ",", ";", "\t", "\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\u2028", "'", "1", "\n\n"]
    fast = 0
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        text = text.replace("\r", "") if rng.random() < 0.3 else text
        for delimiter in (",", ";", "\t"):
            rows = _unquoted_rows(text, delimiter)
            if rows is not None:
                fast += 1
                assert rows == list(csv.reader(io.StringIO(text), delimiter=delimiter)), (text, delimiter)
        assert _first_filled_line(text) == next((line for line in text.splitlines() if line.strip()), "")
    assert fast > 10_000
    assert _unquoted_rows('a,"b,c"\n', ",") is None and _unquoted_rows("a\rb\n", ",") is None
    long_blank = "\n \r\n\u2028" * 5_000 + "  x;y\n" + "z" * 10
    assert _first_filled_line(long_blank) == "  x;y"


def test_a_line_break_inside_a_quoted_cell_stays_in_the_cell_whatever_its_kind():
    from tmf.readers import csv_rows

    data = b'name,notes\r\nA,"first line\rsecond"\r\nB,"one\r\ntwo"\r\n'
    assert csv_rows(data, "r.csv") == [["name", "notes"], ["A", "first line\rsecond"], ["B", "one\r\ntwo"]]
