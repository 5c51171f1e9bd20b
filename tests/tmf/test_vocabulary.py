"""tmf.vocabulary: the words of real registers: headers with their units, bookkeeping and
totals rows, the words of allowed values, hazard classes, countries and regions."""

import pytest

from tmf.vocabulary import (
    HeaderMatch,
    closest_field,
    country_code,
    has_value_words,
    is_bookkeeping,
    is_column_numbers,
    is_total_row,
    names_region,
    names_unit,
    national_hazard_class,
    normalise,
    recognise_header,
    recognise_value,
    unwrap,
)


def test_text_is_compared_lower_case_with_yo_as_ye_and_punctuation_as_one_space():
    assert normalise("Объём,\nтыс. м³ _x") == "объем тыс м3 x"


def test_a_word_hyphenated_across_a_line_break_and_soft_hyphens_are_joined():
    assert unwrap("Недро-\nпользователь\u00adский") == "Недропользовательский"


def test_a_header_names_its_field_and_its_unit_the_factor_to_the_fields_unit():
    assert recognise_header("Объем, тыс. м3") == HeaderMatch("volume_m3", 1000.0, "тыс м3")
    assert recognise_header("Координаты / Широта") == HeaderMatch("latitude")  # by its lower part
    assert recognise_header("Цвет") is None


def test_only_a_unit_of_the_fields_dimension_counts_as_named():
    assert names_unit("Объем, тыс. м3", "volume_m3")
    assert not names_unit("Объем", "volume_m3")
    assert not names_unit("Наименование", "name")  # a field without a unit


def test_sequence_number_columns_are_bookkeeping():
    assert is_bookkeeping("№ п/п") and not is_bookkeeping("Наименование")


def test_the_closest_field_is_a_hint_by_shared_words_else_by_spelling():
    assert closest_field("Наименование недропользователя") == "operator"
    assert closest_field("Обьем хвостов") == "volume_m3"


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["", "12", "Итого по области", "5"], True),  # the first text cell, numbers skipped
        (["Total"], True),
        (["Totally"], False),
        (["1", "Кошкар-Ата"], False),
        (["", " 3 "], False),
    ],
)
def test_a_totals_row_starts_with_a_totals_word(cells, expected):
    assert is_total_row(cells) is expected


def test_the_row_of_column_numbers_counts_from_one_at_least_to_three():
    assert is_column_numbers(["1", "2", "3", ""])
    assert not is_column_numbers(["1", "2"]) and not is_column_numbers(["1", "3", "4"])


def test_a_registers_word_becomes_the_allowed_value_and_unknown_words_stay_as_written():
    assert recognise_value("management", "бесхозное") == "abandoned"
    assert recognise_value("management", "что-то") == "что-то"
    assert recognise_value("name", "бесхозное") == "бесхозное"
    assert has_value_words("management") and not has_value_words("name")


def test_national_hazard_classes_in_roman_or_arabic_numerals_with_or_without_the_word():
    texts = ["III", "3", "III класс", "класс 3", "ІV", "VI", "abc"]  # ІV with the Kazakh І
    assert [national_hazard_class(text) for text in texts] == ["3", "3", "3", "3", "4", "VI", "abc"]


def test_countries_as_registers_write_them_become_iso_codes():
    texts = ["Казахстан", "Республика Казахстан", "РК", "kz", "Марс"]
    assert [country_code(text) for text in texts] == ["KZ", "KZ", "KZ", "KZ", "Марс"]


def test_a_heading_naming_a_region_in_russian_or_kazakh_is_recognised():
    assert names_region("Карагандинская область") and names_region("Абай облысы")
    assert not names_region("Кошкар-Ата")
