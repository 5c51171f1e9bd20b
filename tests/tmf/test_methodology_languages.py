"""The methodology profile in Russian and Kazakh: its texts and every criterion's source.

The Kazakh Methodology page used to show the profile's title, summary, missing-value policy
and every source in English. Each now has a Kazakh (and Russian) version in the profile;
a text without one falls back from Kazakh to Russian, then English.
"""

import re

import pytest

from components.methodology_view import criteria_table
from tmf.i18n import t
from tmf.methodology import load_profile, localised

PROFILE = load_profile()
KAZAKH_LETTERS = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
CITATION = re.compile(r"docs/methodology\.md §\d+\.\d+|https?://\S+")


@pytest.mark.parametrize("name", ["title", "summary", "missing_policy"])
def test_the_profile_texts_are_kazakh_for_kk_and_russian_for_ru(name):
    kk, ru, en = (PROFILE.text(name, lang) for lang in ("kk", "ru", "en"))
    assert KAZAKH_LETTERS.search(kk) and kk == PROFILE.texts[f"{name}_kk"]
    assert CYRILLIC.search(ru) and not KAZAKH_LETTERS.search(ru)
    assert not CYRILLIC.search(en)


def test_the_kazakh_title_names_the_tailings_facility_in_kazakh():
    assert PROFILE.text("title", "kk").startswith("UNECE қалдық қоймалары әдістемесі: THI және TRI")


@pytest.mark.parametrize("criterion", PROFILE.criteria, ids=lambda c: c.key)
def test_every_source_has_a_kazakh_and_russian_version_citing_the_same_place(criterion):
    en, ru, kk = (criterion.source_text(lang) for lang in ("en", "ru", "kk"))
    assert KAZAKH_LETTERS.search(kk) and CYRILLIC.search(ru) and not CYRILLIC.search(en)
    assert CITATION.findall(en) == CITATION.findall(ru) == CITATION.findall(kk) != []


def test_the_kazakh_criteria_table_shows_the_kazakh_sources():
    table, _ = criteria_table(PROFILE, "kk")
    sources = table.set_index("criterion")["source"]
    assert sources[t("criteria.seismic.label", "kk")] == (
        "Жобаның уақытша мәні (docs/methodology.md §1.2): қайталану кезеңі 475 жыл болатын PGA сыныптары, "
        "баллдары жарияланбаған"
    )
    assert all(KAZAKH_LETTERS.search(text) for text in sources)


def test_a_text_without_kazakh_falls_back_to_russian_then_english():
    assert localised({"summary_en": "Sum", "summary_ru": "Сумма"}, "summary", "kk") == "Сумма"
    assert localised({"summary_en": "Sum", "summary_ru": "Сумма"}, "summary", "ru") == "Сумма"
    assert localised({"summary_en": "Sum", "summary_kk": "Қосынды"}, "summary", "ru") == "Sum"
    assert localised({"summary_en": "Sum", "summary_kk": ""}, "summary", "kk") == "Sum"
    assert localised({"summary_en": "Sum", "summary_kk": "Қосынды"}, "summary", "xx") == "Sum"


def test_the_criteria_table_shows_no_raw_criterion_key():
    table, config = criteria_table(PROFILE, "ru")
    keys = {criterion.key for criterion in PROFILE.criteria}
    shown = set(table.astype(str).to_numpy().ravel())
    assert not keys & shown, "keys such as 'capacity' or 'water_distance' are not words for the reader"
    assert table["criterion"].tolist() == [
        t(f"criteria.{key}.label", "ru") for key in [c.key for c in PROFILE.criteria]
    ]


def test_the_default_weight_comes_before_the_long_columns_so_a_laptop_shows_it():
    table, config = criteria_table(PROFILE, "ru")
    columns = list(table.columns)
    assert columns.index("weight") < columns.index("scores") < columns.index("source")
    assert list(config) == columns  # the headings follow the same order
