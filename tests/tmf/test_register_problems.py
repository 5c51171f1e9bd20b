"""A register's problems as its reader wrote the file (tmf.register_problems): a missing field
with where to give it, a number by its cell and the header's unit, a national class by what a
class is, an unplaced column with how to place it."""

import pytest

from tests.tmf.register_corpus import PROVENANCE, read
from tmf.register_options import RegisterOptions
from tmf.registers import read_register


def test_a_register_without_provenance_is_refused_naming_the_missing_fields():
    result = read("kz_register_titled.xlsx", RegisterOptions())
    assert not result.accepted and result.frame.empty
    missing = {p.params["field"]: p for p in result.problems if p.code == "registers.field_missing_every_row"}
    assert set(missing) == {"country", "source", "confidence"}
    assert missing["country"].message("ru") == (
        "В файле нет столбца для поля «Страна» (country): сопоставьте ему столбец или задайте "
        "одно значение для всех строк (на странице «Реестр» — в разделе «Значения для каждой строки, "
        "где их нет»; в командной строке — --set country=ЗНАЧЕНИЕ)."
    )
    # no identifier column either: the remedy is the country, from which identifiers are made;
    # a problem of the file, not of a row or a column it does not have
    (ids,) = [p for p in result.problems if p.code == "registers.id_needs_country"]
    assert (ids.row, ids.column) == (None, None)


def test_a_refused_number_is_quoted_as_written_with_the_limit_in_the_headers_unit():
    data = "Наименование;Страна;Широта;Долгота;Статус;Объем, тыс. м3\nА;KZ;50;70;действующее;-5\n"
    result = read_register(data.encode(), "r.csv", RegisterOptions(set_values=PROVENANCE))
    [problem] = result.problems
    assert problem.message("ru") == "Строка 2, столбец Объем, тыс. м3: -5 меньше минимума 0."


@pytest.mark.parametrize("written", ["VI", "3-4", "0"])
def test_a_national_hazard_class_out_of_range_says_what_a_class_is(written):
    data = f"Наименование;Страна;Широта;Долгота;Статус;Класс опасности\nА;KZ;50;70;действующее;{written}\n"
    [problem] = read_register(data.encode(), "r.csv", RegisterOptions(set_values=PROVENANCE)).problems
    assert problem.message("en") == (
        f"Row 2, column Класс опасности: '{written}' is not a national hazard class: a class is I to V (1 to 5)."
    )


def test_an_unplaced_column_says_how_to_place_it_on_the_page_and_on_the_command_line():
    data = "Наименование;Страна;Широта;Долгота;Статус;Наименование недропользователя\nА;KZ;50;70;действующее;ТОО X\n"
    [problem] = read_register(data.encode(), "r.csv", RegisterOptions(set_values=PROVENANCE)).problems
    message = problem.message("ru")
    assert "ближайшее поле — «Недропользователь» (operator)" in message
    assert '--map "Наименование недропользователя=operator" или --ignore "Наименование недропользователя"' in message
    assert "на странице «Реестр» — в разделе «Столбцы с данными, не соответствующие ни одному полю»" in message
