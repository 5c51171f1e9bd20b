"""tmf.localise: data in the chosen language: countries in words, regions and rivers, commodities in
words beside their symbols, empty as —."""

import pandas as pd
import pytest

from tmf.geodata import load_geodata
from tmf.i18n import LANGUAGES, catalogue
from tmf.inventory import load_inventory
from tmf.localise import (
    commodity_symbols,
    commodity_words,
    country_list,
    country_name,
    facilities_in_language,
    is_web_address,
    region_name,
    source_items,
    water_name,
)


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


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("Cu-Au", "ru", "медь, золото (Cu-Au)"),
        ("Pb-Zn, U", "kk", "қорғасын, мырыш, уран (Pb-Zn, U)"),
        ("U-REE", "ru", "уран, редкоземельные элементы (U-РЗЭ)"),
        ("Zn-Pb-Cu-Au", "en", "zinc, lead, copper, gold (Zn-Pb-Cu-Au)"),
        ("медь", "ru", "медь"),
        ("Copper ore", "kk", "Copper ore"),
        ("", "ru", "—"),
    ],
)
def test_commodities_are_said_in_words_with_their_symbols_and_free_text_is_kept(value, lang, expected):
    assert commodity_words(value, lang) == expected


def test_commodity_symbols_stay_symbols_and_only_a_word_abbreviation_is_translated():
    assert [commodity_symbols("U-REE", lang) for lang in LANGUAGES] == ["U-REE", "U-РЗЭ", "U-СЖЭ"]
    assert commodity_symbols("Pb-Zn-Th-REE", "ru") == "Pb-Zn-Th-РЗЭ"


def test_every_commodity_of_the_illustrative_inventory_has_words_in_every_language():
    commodities = load_inventory()["commodity"].dropna().unique()
    for lang in LANGUAGES:
        assert all("(" in commodity_words(value, lang) for value in commodities), lang
    assert catalogue("ru").keys() >= {k for k in catalogue("en") if k.startswith("commodities.")}
    assert catalogue("kk").keys() >= {k for k in catalogue("en") if k.startswith("commodities.")}


def test_an_unverified_record_says_so_in_each_language_and_its_links_stay_links():
    # The illustrative inventory's three demonstration rows carry the keyword, not a sentence.
    inventory = load_inventory()
    unverified = inventory[inventory["source"] == "unverified"]["facility_id"]
    assert sorted(unverified) == ["KZ-KHR-001", "KZ-UKA-001", "KZ-ZYR-001"]
    russian = "не проверено по источнику: указано как правдоподобное только для демонстрации"
    assert source_items("unverified", "ru") == [russian]
    assert source_items("Unverified", "kk")[0].startswith("дереккөз бойынша тексерілмеген")
    mixed = "https://a.example/x ; Реестр МЭПР 2024 ; https://a.example/x"
    assert source_items(mixed, "kk") == ["https://a.example/x", "Реестр МЭПР 2024"]
    assert [is_web_address(item) for item in source_items(mixed, "kk")] == [True, False]
    assert source_items(None, "en") == []
    earlier = "not verified against a source: named as plausible for the demonstration only"  # in older databases
    assert source_items(earlier, "ru") == [russian]


def test_the_illustrative_records_notes_in_russian_and_kazakh_name_fields_in_words_not_column_names():
    """The Facility page's notes read "ОЦЕНКИ: hazard_class_wgk 3; management 'deficient'"."""
    from tmf.inventory import COLUMNS, ILLUSTRATIVE_INVENTORY

    frame = pd.read_csv(ILLUSTRATIVE_INVENTORY, dtype=str, keep_default_na=False)
    fields = [column.name for column in COLUMNS if "_" in column.name]
    for lang in ("ru", "kk"):
        for facility, notes in zip(frame["facility_id"], frame[f"notes_{lang}"], strict=True):
            assert not [f for f in fields if f in notes], (facility, lang)
