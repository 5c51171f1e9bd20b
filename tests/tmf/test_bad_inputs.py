"""The corpus of real-world and hostile inventory files (tests/data/bad_inputs/README.md):
every refused file says what is wrong and where, and leaves the database unchanged; the
accepted ones import, and importing them again changes nothing."""

from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from tmf.commands import main
from tmf.inventory import read_table, validate
from tmf.problems import ProblemError
from tmf.store.engine import data_version, make_engine, read_facilities

CORPUS = Path(__file__).parents[1] / "data" / "bad_inputs"
# file -> None (accepted) or the problems expected: (code, row, column)
EXPECTED = {
    "missing_columns.csv": [("column_missing", 1, "latitude")],
    "wrong_types.csv": [("not_a_number", 3, "volume_m3")],
    "out_of_range_coordinates.csv": [("above_maximum", 2, "latitude"), ("below_minimum", 3, "longitude")],
    "duplicate_ids.csv": [("duplicate_id", 4, "facility_id")],
    "blank_required_value.csv": [("required_blank", 3, "status")],
    "empty.csv": [("file_empty", None, None)],
    "binary_renamed.csv": [("file_not_text", None, None)],
    "formula_injection.csv": [("formula_refused", 2, "name")],
    "formula_injection.xlsx": [("formula_refused", 3, "name")],
    "html_in_name.csv": None,
    "windows_1251.csv": None,
    "semicolon_decimal_comma.csv": None,
    "dms_coordinates.csv": None,
    "ambiguous_coordinates.csv": [("coordinate_unclear", 2, "latitude")],
    "swapped_hemisphere.csv": [
        ("coordinate_wrong_hemisphere", 3, "latitude"),
        ("coordinate_wrong_hemisphere", 3, "longitude"),
    ],
    "date_in_number.csv": [("date_not_a_number", 3, "volume_m3")],
    "excel_date_in_number.xlsx": [("date_not_a_number", 3, "volume_m3")],
    "excel_date_in_text.xlsx": None,
    "extra_empty_rows.xlsx": None,
    "merged_two_row_header.xlsx": None,
    "points.geojson": None,
    "polygon.geojson": [("geojson_not_point", 2, None)],
}
REFUSED = sorted(name for name, expected in EXPECTED.items() if expected)
ACCEPTED = sorted(name for name, expected in EXPECTED.items() if expected is None)


def problems_of(name: str) -> list:
    data = (CORPUS / name).read_bytes()
    try:
        return validate(read_table(data, name))[1]
    except ProblemError as error:
        return error.problems


def test_every_file_of_the_corpus_has_an_expected_outcome():
    files = {p.name for p in CORPUS.iterdir() if p.suffix not in (".py", ".md")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", REFUSED)
def test_a_refused_file_names_each_problem_with_its_row_and_column(name):
    problems = problems_of(name)
    assert [(p.code, p.row, p.column) for p in problems] == EXPECTED[name]
    for problem in problems:
        assert problem.message("en") and problem.message("ru") != problem.message("en")


@pytest.mark.parametrize("name", ACCEPTED)
def test_an_accepted_file_has_no_problem(name):
    assert problems_of(name) == []


@pytest.fixture
def stored(database_url, monkeypatch):
    """A database (SQLite or PostgreSQL) holding the points of points.geojson."""
    monkeypatch.setenv("TMF_DATABASE_URL", database_url)
    assert main(["import", str(CORPUS / "points.geojson")]) == 0
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def snapshot(engine: sa.Engine) -> tuple:
    with engine.connect() as connection:
        counts = tuple(
            connection.scalar(sa.select(sa.func.count()).select_from(sa.table(t))) for t in ("audit_log", "uploads")
        )
    return read_facilities(engine), data_version(engine), counts


@pytest.mark.parametrize("name", REFUSED)
def test_importing_a_refused_file_says_why_and_changes_nothing(name, stored, capsys):
    facilities, version, counts = snapshot(stored)
    capsys.readouterr()
    assert main(["import", str(CORPUS / name)]) == 2
    errors = capsys.readouterr().err
    code, row, column = EXPECTED[name][0]
    assert errors.startswith("error: ")
    if code == "column_missing":  # said as the field the register lacks, not as a header
        assert f"error: The file has no column for Latitude ({column}):" in errors
    elif row is not None and column is not None:
        assert f"Row {row}, column {column}:" in errors
    after = snapshot(stored)
    pd.testing.assert_frame_equal(after[0], facilities)
    assert after[1:] == (version, counts)


@pytest.mark.parametrize("name", ACCEPTED)
def test_an_accepted_file_imports_and_importing_it_again_changes_nothing(name, stored, capsys):
    assert main(["import", str(CORPUS / name)]) == 0
    facilities, version, counts = snapshot(stored)
    assert main(["import", str(CORPUS / name)]) == 0
    assert "added 0, updated 0" in capsys.readouterr().out.splitlines()[-1].lower()
    after = snapshot(stored)
    pd.testing.assert_frame_equal(after[0], facilities)
    assert after[1:] == (version, counts)


def test_cyrillic_from_windows_1251_and_html_in_names_are_stored_exactly(stored):
    assert main(["import", str(CORPUS / "windows_1251.csv")]) == 0
    assert main(["import", str(CORPUS / "html_in_name.csv")]) == 0
    stored_names = read_facilities(stored).set_index("facility_id")
    assert stored_names.loc["KG-MKU-001", "name_ru"] == "Хвостохранилище Туюк-Суу (Мин-Куш), Нарынская обл."
    assert stored_names.loc["KG-MAI-003", "name"] == "<img src=x onerror=alert(1)>"
    assert stored_names.loc["KG-KAD-001", "name"] == "<script>alert('x')</script> Kadamjai"


def test_the_semicolon_file_reads_decimal_commas_and_spaced_thousands(stored):
    assert main(["import", str(CORPUS / "semicolon_decimal_comma.csv")]) == 0
    kadji = read_facilities(stored).set_index("facility_id").loc["KG-KDS-001"]
    assert (kadji["latitude"], kadji["longitude"], kadji["volume_m3"], kadji["seismic_pga_g"]) == (
        42.154,
        77.217,
        400000.0,
        0.35,
    )
    assert kadji["status"] == "closed" and kadji["confidence"] == "medium"
