"""Data in the chosen language: countries in words, regions and rivers, empty as —."""

import pandas as pd
import pytest

from tmf.geodata import load_geodata
from tmf.i18n import format_number, language_from_tags
from tmf.localise import country_list, country_name, facilities_in_language, region_name, water_name


@pytest.mark.parametrize(("lang", "expected"), [("en", "Kazakhstan"), ("ru", "Казахстан"), ("kk", "Қазақстан")])
def test_a_country_code_is_shown_as_the_full_name_in_each_language(lang, expected):
    assert country_name("KZ", lang) == expected


def test_a_list_of_downstream_countries_is_said_in_words_and_a_blank_one_as_a_dash():
    assert country_list("UZ;TJ;KZ", "ru") == "Узбекистан, Таджикистан, Казахстан"
    assert country_list(None, "kk") == "—" and country_list(float("nan"), "ru") == "—"
    assert country_name("", "en") == "—"


def test_regions_and_rivers_are_translated_and_an_unknown_one_is_shown_as_typed():
    geo = load_geodata()
    assert region_name("Sughd Region", "ru") == "Согдийская область"
    assert region_name("Ulytau Region", "kk") == "Ұлытау облысы"
    assert region_name("Atlantis Province", "ru") == "Atlantis Province"
    assert water_name("Syr Darya", geo, "ru") == "Сырдарья"
    assert water_name("Nowhere creek", geo, "ru") == "Nowhere creek"


def test_facilities_in_kazakh_fall_back_to_the_russian_name_and_keep_their_codes():
    frame = pd.DataFrame(
        {"facility_id": ["A"], "name": ["Degmay"], "name_ru": ["Дигмай"], "name_kk": [None], "country": ["TJ"]}
    )
    shown = facilities_in_language(frame, "kk")
    assert shown.loc[0, "name"] == "Дигмай" and shown.loc[0, "country"] == "TJ"
    assert frame.loc[0, "name"] == "Degmay", "the cached frame is not changed"


def test_numbers_use_a_space_and_a_decimal_comma_in_russian_and_kazakh():
    assert format_number(1234567.8, "ru", 1).replace("\u00a0", " ") == "1 234 567,8"
    assert format_number(1234567.8, "kk", 1).replace("\u00a0", " ") == "1 234 567,8"
    assert format_number(1234567.8, "en", 1) == "1,234,567.8"


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (("ru-RU", None), "ru"),
        ((None, "kk-KZ,ru;q=0.9,en;q=0.8"), "kk"),
        (("de-DE", "fr,ru;q=0.5"), "ru"),
        ((None, None), "en"),
    ],
)
def test_the_browser_language_chooses_when_the_link_has_none(tags, expected):
    assert language_from_tags(*tags) == expected
