"""tmf.file_limits: files too large, workbooks that unpack too large, tables too long or wide
and control characters are refused with one sentence, before anything is parsed."""

import io
import zipfile

import pytest

from tmf import file_limits
from tmf.file_limits import MB, check_cells, check_file_size, check_shape, check_workbook
from tmf.problems import ProblemError


def workbook(sheet_xml: bytes) -> bytes:
    """A zip with one worksheet member, as an XLSX holds its sheets."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


def test_a_file_over_the_size_limit_is_refused_with_its_size_and_the_limit(monkeypatch):
    monkeypatch.setattr(file_limits, "MAX_FILE_BYTES", 2 * MB)
    check_file_size(b"x" * (2 * MB), "ok.csv")  # at the limit: accepted
    with pytest.raises(ProblemError) as refused:
        check_file_size(b"x" * (3 * MB), "big.csv")
    sentence = refused.value.problems[0].message()
    assert sentence.startswith("The file big.csv is 3.0 MB; files up to 2.0 MB are accepted.")


def test_a_workbook_says_whether_a_sheet_holds_a_formula():
    assert check_workbook(workbook(b"<sheetData><c><f>SUM(A1:A2)</f><v>3</v></c></sheetData>"), "f.xlsx") is True
    assert check_workbook(workbook(b"<sheetData><c><v>3</v></c><font/></sheetData>"), "v.xlsx") is False
    assert check_workbook(b"not a zip at all", "x.xlsx") is False  # left to openpyxl to report


def test_a_workbook_that_unpacks_past_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(file_limits, "MAX_XLSX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(ProblemError) as refused:
        check_workbook(workbook(b"<v>0</v>" * 200), "bomb.xlsx")
    assert refused.value.problems[0].code == "ops.xlsx_too_large"
    assert refused.value.problems[0].params["file"] == "bomb.xlsx"


def test_rows_below_the_header_and_columns_are_counted_against_their_limits():
    check_shape(100_001, 200, "ok.csv")  # 100,000 facilities below the header, 200 columns
    with pytest.raises(ProblemError) as rows:
        check_shape(100_002, 10, "long.csv")
    assert str(rows.value) == "The file long.csv has 100001 rows; at most 100000 are accepted."
    with pytest.raises(ProblemError) as columns:
        check_shape(10, 201, "wide.csv")
    assert columns.value.problems[0].code == "ops.too_many_columns"


def test_a_control_character_is_refused_at_its_row_and_column_tabs_and_breaks_are_text():
    check_cells([["a\tb", "c\r\nd"]], "AB".__getitem__)
    with pytest.raises(ProblemError) as refused:
        check_cells([["a", "b"], ["c", "d\x00"]], "AB".__getitem__)
    problem = refused.value.problems[0]
    assert (problem.code, problem.row, problem.column) == ("ops.control_character", 2, "B")
