"""tmf.i18n: messages in English, Russian and Kazakh with their fallbacks, numbers and dates as
each language writes them, the browser's language, and texts and names of records."""

import pandas as pd
import pytest

from tmf.i18n import (
    facility_name,
    facility_names,
    format_number,
    has_message,
    language_from_tags,
    normalise_language,
    record_text,
    t,
)


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


def test_dates_in_running_text_are_written_as_each_language_writes_them():
    import datetime as dt

    from tmf.i18n import format_date

    saved = dt.datetime(2026, 12, 6, 22, 52, 31)
    assert format_date(saved, "en", time=True) == "2026-12-06 22:52"
    assert format_date(saved, "ru", time=True) == "06.12.2026 22:52"
    assert format_date(saved.date(), "kk") == "06.12.2026"


def test_a_message_is_filled_in_the_language_asked_and_an_unknown_language_reads_english():
    assert t("problems.file_not_found", "ru", file="a.csv") == "Файл a.csv не существует."
    assert t("problems.file_not_found", "fr", file="a.csv") == "The file a.csv does not exist."
    assert t("maps.ranks", first=6, last=10) == "ranks 6–10"


def test_a_key_missing_from_the_english_catalogue_is_a_bug_that_raises():
    assert has_message("maps.rank") and not has_message("maps.no_such_key")
    with pytest.raises(KeyError, match="maps.no_such_key"):
        t("maps.no_such_key", "ru")


def test_only_english_russian_and_kazakh_are_languages_anything_else_is_english():
    codes = ("kk", "ru", "en", "fr", "", None)
    assert [normalise_language(code) for code in codes] == ["kk", "ru", "en", "en", "en", "en"]


def test_a_number_without_a_value_is_a_dash_and_digits_are_fixed():
    assert format_number(None) == "—" and format_number(float("nan"), "ru") == "—"
    assert format_number(2.5, "en", 2) == "2.50" and format_number(1234, "en") == "1,234"


def test_a_record_text_falls_back_from_kazakh_to_russian_to_english_skipping_blanks():
    record = {"notes": "English", "notes_ru": "Русский", "notes_kk": " "}
    assert record_text(record, "notes", "kk") == ("Русский", "ru")
    assert record_text(record, "notes", "en") == ("English", "en")
    assert record_text({"notes": float("nan")}, "notes", "ru") is None


def test_a_facility_without_a_name_is_called_by_its_identifier():
    assert facility_name({"facility_id": "TJ-DEG-001", "name": "Degmay", "name_ru": "Дигмай"}, "kk") == "Дигмай"
    assert facility_name({"facility_id": "TJ-DEG-001", "name": None}, "ru") == "TJ-DEG-001"
    assert facility_name({"name": ""}, "en") == "—"


def test_facility_names_of_a_frame_follow_the_same_fallback_row_by_row():
    frame = pd.DataFrame(
        {
            "facility_id": ["A", "B", "C"],
            "name": ["Degmay", None, "Ak-Tuz"],
            "name_ru": ["Дигмай", "", None],
            "name_kk": ["Дегмай", None, None],
        }
    )
    assert facility_names(frame, "kk").tolist() == ["Дегмай", "B", "Ak-Tuz"]
    assert facility_names(frame, "ru").tolist() == ["Дигмай", "B", "Ak-Tuz"]
    assert facility_names(frame, "en").tolist() == ["Degmay", "B", "Ak-Tuz"]
