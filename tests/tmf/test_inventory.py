"""tmf.inventory: headers mapped to the schema (Russian aliases accepted), every cell checked,
problems naming the spreadsheet row and column, typed rows. Files in the wild: test_readers.py
and test_bad_inputs.py."""

import pandas as pd
import pytest

from tmf.inventory import is_known_header, load_inventory, map_headers, unknown_headers, validate
from tmf.problems import ProblemError


def table(**changes) -> pd.DataFrame:
    """Four rows as read from a file (text cells, row 4 empty), with Russian and English headers."""
    columns = {
        "Код_объекта": ["A", "A", "", "B"],
        "Наименование": ["Alpha", "Beta", "", "Gamma"],
        "country": ["KZ", "KG", "", "kz"],
        "latitude": ["48", "95", "", "47.5"],
        "longitude": ["68", "74", "", "70"],
        "status": ["active", "closed", "", "active"],
        "volume_m3": ["1e5", "x", "", ""],
        "source": ["s", "s", "", "s"],
        "confidence": ["low", "low", "", "high"],
        "Цвет": ["r", "g", "", "b"],
    }
    return pd.DataFrame(columns | changes)


def test_canonical_names_and_russian_aliases_are_known_headers_in_any_case():
    assert is_known_header("Широта") and is_known_header(" LATITUDE ") and is_known_header("объём_м3")
    assert not is_known_header("Цвет")
    assert unknown_headers(table()) == ["Цвет"]


def test_headers_are_renamed_to_the_schema_and_unknown_ones_kept():
    mapped, problems = map_headers(table())
    assert problems == []
    assert list(mapped.columns)[:2] == ["facility_id", "name"] and "Цвет" in mapped.columns


def test_a_repeated_column_and_each_missing_required_one_are_reported_at_the_header_row():
    _, problems = map_headers(pd.DataFrame(columns=["name", "Наименование", "facility_id"]))
    assert [(p.code, p.row, p.column) for p in problems] == [
        ("column_repeated", 1, "Наименование"),
        *[("column_missing", 1, c) for c in ("country", "latitude", "longitude", "status", "source", "confidence")],
    ]


def test_every_bad_cell_and_a_repeated_id_is_a_problem_at_its_row_and_column_row_by_row():
    typed, problems = validate(table())
    assert [(p.code, p.row, p.column) for p in problems] == [
        ("duplicate_id", 3, "facility_id"),
        ("above_maximum", 3, "latitude"),
        ("not_a_number", 3, "volume_m3"),
    ]
    assert problems[0].message() == "Row 3, column facility_id: the facility_id 'A' already appears in row 2."
    # the empty row 4 is skipped; the others keep their file row numbers
    assert typed["row"].tolist() == [2, 3, 5]


def test_valid_rows_are_typed_numbers_as_floats_and_country_codes_upper_case():
    typed, problems = validate(table().drop(index=[1]).reset_index(drop=True))
    assert problems == []
    assert typed[["row", "facility_id", "country", "latitude"]].values.tolist() == [
        [2, "A", "KZ", 48.0],
        [4, "B", "KZ", 47.5],
    ]
    assert typed.loc[0, "volume_m3"] == 100_000.0 and pd.isna(typed.loc[1, "volume_m3"])
    assert typed.loc[1, "region"] is None


def test_a_header_without_rows_is_refused_as_empty():
    _, problems = validate(table().iloc[0:0])
    assert [p.code for p in problems] == ["no_rows"]


def test_a_missing_inventory_file_is_refused_naming_it(tmp_path):
    with pytest.raises(ProblemError) as refused:
        load_inventory(tmp_path / "none.csv")
    assert refused.value.problems[0].code == "file_not_found"
