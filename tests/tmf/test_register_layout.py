"""Where a register's table lies (tmf.register_layout): the sheet that names most fields unless
one is named, the header found below titles and joined with its group row."""

import pytest

from tests.tmf.register_corpus import codes, read
from tmf.problems import ProblemError
from tmf.register_layout import find_header, user_choice
from tmf.register_options import RegisterOptions


def test_the_sheet_with_most_recognised_columns_is_read_unless_one_is_named():
    result = read("several_sheets.xlsx", RegisterOptions(set_values={"confidence": "low"}))
    assert result.accepted, codes(result)
    assert result.sheet == "Реестр 2024"
    assert result.frame["mass_t"].tolist() == [2_500_000.0, 750_000.0]  # "Масса, млн т"
    with pytest.raises(ProblemError) as refused:
        read("several_sheets.xlsx", RegisterOptions(sheet="Пояснения"))
    assert refused.value.problems[0].code == "registers.no_header"
    with pytest.raises(ProblemError) as refused:
        read("several_sheets.xlsx", RegisterOptions(sheet="Лист1"))
    assert "Реестр 2024" in refused.value.messages("ru")[0]


def test_a_csv_group_header_written_once_is_joined_and_dms_coordinates_are_read():
    result = read("csv_group_header.csv", RegisterOptions(set_values={"country": "KG"}))
    assert result.accepted, codes(result)
    row = result.frame.iloc[0]
    assert row["name"] == "Хвостохранилище Майлуу-Суу №3"
    assert (row["latitude"], row["longitude"]) == pytest.approx((41 + 16 / 60 + 56 / 3600, 72 + 28 / 60 + 34 / 3600))
    assert (row["status"], row["volume_m3"], row["row"]) == ("remediated", 110_000.0, 5)
    assert result.fields["longitude"] == "Координаты / Долгота"


def test_a_group_row_above_the_headers_is_joined_to_the_columns_it_spans():
    rows = [
        ["Реестр хвостохранилищ", "", "", ""],
        ["", "", "", ""],
        ["Наименование", "Статус", "Координаты", "Координаты"],
        ["", "", "Широта", "Долгота"],
        ["А", "действующее", "50", "70"],
    ]
    header = find_header(rows, RegisterOptions())
    assert (header.top, header.bottom) == (2, 3)
    assert header.labels == ("Наименование", "Статус", "Координаты / Широта", "Координаты / Долгота")


def test_the_users_choice_is_found_by_the_header_as_written_or_by_its_lower_part():
    choices = {"площадь, га": "notes"}
    assert user_choice("Площадь, га", choices) == "notes"
    assert user_choice("Участок / Площадь, га", choices) == "notes"
    assert user_choice("Объем, т", choices) is None
    assert user_choice("Площадь, га", ["Площадь, га"]) == "Площадь, га"
