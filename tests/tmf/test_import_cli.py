"""``python -m tmf import`` with registers as authorities keep them, on SQLite and PostgreSQL:
nothing lost silently, the same register twice changes nothing, ``--country`` never touches
another country's facility, a refused file leaves the database unchanged, and messages come
in the user's language."""

import re
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from session.pages import page_file
from tmf.commands import main
from tmf.commands.importing import environment_language
from tmf.i18n import LANGUAGES, catalogue
from tmf.register_options import options_from_toml
from tmf.store.engine import make_engine, read_facilities
from tmf.store.models import UploadRow

ROOT = Path(__file__).parents[2]
CORPUS = ROOT / "tests" / "data" / "registers"
KZ_REGISTER = str(CORPUS / "kz_register_titled.xlsx")
KZ_SET = ["--set", "country=KZ", "--set", "source=Реестр хвостохранилищ, 2025", "--set", "confidence=low"]
TEKELI = "KZ-KHVOSTOKHRANILISHCHE-TEKELI"


@pytest.fixture
def database(database_url, monkeypatch):
    """An empty database (SQLite or PostgreSQL) that the commands use; English locale."""
    monkeypatch.setenv("TMF_DATABASE_URL", database_url)
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["import", *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def stored(engine) -> pd.DataFrame:
    return read_facilities(engine).set_index("facility_id")


def test_a_column_with_data_that_matches_no_field_refuses_the_file_and_writes_nothing(database, capsys):
    status, _, err = run(capsys, str(CORPUS / "unplaced_column.csv"))
    assert status == 2
    assert "Row 1, column Площадь, га: this column (letter F) holds data, such as '12'" in err
    assert "Nothing was written" in err
    assert read_facilities(database).empty


def test_an_unplaced_column_ignored_on_purpose_lets_the_file_in_with_its_status_word_mapped(database, capsys):
    status, out, _ = run(capsys, str(CORPUS / "unplaced_column.csv"), "--ignore", "Площадь, га")
    assert status == 0 and "Added 1, updated 0" in out
    facility = stored(database).loc["KG-KHVOSTOKHRANILISHCHE-AK-TYUZ"]
    assert (facility["name"], facility["status"]) == ("Хвостохранилище Ак-Тюз", "abandoned")


def test_a_column_mapped_to_a_field_is_imported_into_it(database, capsys):
    status, _, _ = run(capsys, str(CORPUS / "unplaced_column.csv"), "--map", "Площадь, га=notes")
    assert status == 0
    assert stored(database).loc["KG-KHVOSTOKHRANILISHCHE-AK-TYUZ", "notes"] == "12"


@pytest.mark.parametrize("argument", [["--ignore", "Площадь, гa"], ["--map", "Плошадь, га=notes"]])
def test_a_header_named_by_map_or_ignore_that_the_file_lacks_refuses_the_import(database, capsys, argument):
    """A typo in --map or --ignore would otherwise change nothing, in silence."""
    status, _, err = run(capsys, str(CORPUS / "unplaced_column.csv"), "--dry-run", *argument)
    header = argument[1].partition("=")[0]
    assert status == 2
    assert f"No column of the file is headed “{header}” (named by --map or --ignore); its headers are: " in err
    assert "Площадь, га" in err and read_facilities(database).empty


def test_a_field_that_does_not_exist_is_refused_listing_the_fields(database, capsys):
    status, _, err = run(capsys, str(CORPUS / "unplaced_column.csv"), "--map", "Площадь, га=area")
    assert status == 2
    assert "“area” is not a register field; the fields are: facility_id, name, name_ru, name_kk, country" in err


def test_the_dry_run_says_the_sheet_header_row_unit_factor_and_what_it_would_add(database, capsys):
    status, out, _ = run(capsys, KZ_REGISTER, *KZ_SET, "--dry-run")
    assert status == 0
    assert "Sheet Реестр, header row 3." in out
    assert "column Объем хвостов, тыс. м3: the values were multiplied by 1000" in out
    assert "Row 10: a totals row was skipped." in out
    assert "would add 3, update 0; 0 unchanged" in out and TEKELI in out
    assert read_facilities(database).empty


def test_a_dry_run_says_each_field_it_would_change_before_and_after(database, capsys):
    run(capsys, KZ_REGISTER, *KZ_SET)
    newer = ["--set", "country=KZ", "--set", "source=Реестр хвостохранилищ, 2026", "--set", "confidence=medium"]
    status, out, _ = run(capsys, KZ_REGISTER, *newer, "--dry-run")
    assert status == 0 and "would add 0, update 3" in out
    assert (
        f"  {TEKELI}: Source: Реестр хвостохранилищ, 2025 → Реестр хвостохранилищ, 2026; "
        "Confidence in the figures: low → medium" in out
    )
    assert stored(database).loc[TEKELI, "confidence"] == "low", "a dry run changes nothing"


def test_a_register_is_stored_with_volumes_converted_and_its_mapping_kept_with_the_file(database, capsys):
    status, out, _ = run(capsys, KZ_REGISTER, *KZ_SET)
    assert status == 0 and "Added 3, updated 0" in out
    facilities = stored(database)
    assert facilities.loc[TEKELI, "volume_m3"] == 12_250
    assert facilities.loc["KZ-TALOVSKOE-KHVOSTOKHRANILISHCHE", "operator"] == 'АО "Казцинк"'
    assert facilities.loc[TEKELI, "hazard_class_national"] == 2
    with database.connect() as connection:
        filename, mapping = connection.execute(sa.select(UploadRow.filename, UploadRow.mapping)).one()
    kept = options_from_toml(mapping)
    assert filename == "kz_register_titled.xlsx"
    assert (kept.sheet, kept.header_row, kept.set_values["country"]) == ("Реестр", 3, "KZ")


def test_importing_the_same_register_twice_adds_and_updates_nothing(database, capsys):
    assert run(capsys, KZ_REGISTER, *KZ_SET)[0] == 0
    before = read_facilities(database)
    status, out, _ = run(capsys, KZ_REGISTER, *KZ_SET)
    assert status == 0 and "Added 0, updated 0; 3 unchanged." in out
    pd.testing.assert_frame_equal(read_facilities(database), before)


def test_a_country_restriction_refuses_a_file_with_another_countrys_row(database, capsys):
    status, _, err = run(capsys, str(CORPUS / "two_countries.csv"), "--country", "KG")
    assert status == 2 and "Row 3, column Country: 'KZ' is another country: this import accepts only KG." in err
    assert read_facilities(database).empty


def test_a_kyrgyz_import_never_changes_a_kazakh_facility_even_naming_its_identifier(database, capsys, tmp_path):
    assert run(capsys, KZ_REGISTER, *KZ_SET)[0] == 0
    before = read_facilities(database)
    hostile = tmp_path / "kg.csv"
    hostile.write_text(
        "facility_id,name,country,latitude,longitude,status,source,confidence\n"
        f"{TEKELI},Tekeli,KG,44.85,78.76,closed,KG register,low\n"
        "KG-NEW-001,New,KG,41.2,72.4,active,KG register,low\n",
        encoding="utf-8",
    )
    status, _, err = run(capsys, str(hostile), "--country", "KG")
    assert status == 2 and f"facility {TEKELI} is stored for KZ" in err
    pd.testing.assert_frame_equal(read_facilities(database), before)


def test_a_restricted_import_adds_its_own_countrys_rows(database, capsys, tmp_path):
    path = tmp_path / "kg.csv"
    path.write_text(
        "Наименование;Широта;Долгота;Статус;Источник;Достоверность\nАк-Тюз;42,88;76,11;бесхозное;Реестр;low\n",
        encoding="utf-8",
    )
    assert run(capsys, str(path), "--country", "kg")[0] == 0
    assert stored(database).loc["KG-AK-TYUZ", "country"] == "KG"


def test_a_saved_mapping_reads_the_next_file_from_the_same_source(database, capsys):
    status, out, _ = run(capsys, KZ_REGISTER, *KZ_SET, "--save-mapping", "Committee of Geology")
    assert status == 0 and "Mapping 'Committee of Geology' saved" in out
    status, _, err = run(capsys, KZ_REGISTER)
    assert status == 2 and "Saved mappings that may fit this file: Committee of Geology" in err
    status, out, _ = run(capsys, KZ_REGISTER, "--use-mapping", "Committee of Geology", "--dry-run")
    assert status == 0 and "would add 0, update 0; 3 unchanged" in out
    status, _, err = run(capsys, KZ_REGISTER, "--use-mapping", "Ministry")
    assert status == 2 and "No saved mapping is named 'Ministry'; saved mappings: Committee of Geology." in err


def test_the_saved_mappings_are_offered_when_a_file_is_refused(database, capsys):
    run(capsys, str(CORPUS / "unplaced_column.csv"), "--ignore", "Площадь, га", "--save-mapping", "MES")
    status, _, err = run(capsys, str(CORPUS / "unplaced_column.csv"))
    assert status == 2 and "Saved mappings that may fit this file: MES (use --use-mapping NAME)." in err


def test_a_mapping_file_gives_the_same_reading_as_the_options(database, capsys, tmp_path):
    mapping = tmp_path / "kz.toml"
    mapping.write_text('ignore = ["Площадь, га"]\n[set]\nnotes = "from the MES file"\n', encoding="utf-8")
    assert run(capsys, str(CORPUS / "unplaced_column.csv"), "--mapping", str(mapping))[0] == 0
    assert stored(database).loc["KG-KHVOSTOKHRANILISHCHE-AK-TYUZ", "notes"] == "from the MES file"


def test_messages_come_in_the_language_asked_for_or_the_locales(database, capsys, monkeypatch):
    status, _, err = run(capsys, str(CORPUS / "unplaced_column.csv"), "--lang", "ru")
    assert status == 2 and "Строка 1, столбец Площадь, га: в этом столбце (буква F) есть данные" in err
    monkeypatch.setenv("LANG", "kk_KZ.UTF-8")
    status, _, err = run(capsys, str(CORPUS / "unplaced_column.csv"))
    assert status == 2 and "Ештеңе жазылмады" in err


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "kk_KZ.UTF-8"}, "kk"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_default_language_comes_from_the_locale(environ, lang):
    assert environment_language(environ) == lang


@pytest.mark.parametrize("argument", [["--map", "Площадь, га"], ["--set", "country"]])
def test_a_malformed_option_is_refused_with_a_sentence(database, capsys, argument):
    status, _, err = run(capsys, str(CORPUS / "unplaced_column.csv"), *argument)
    assert status == 2 and "is not" in err and read_facilities(database).empty


def test_every_import_message_exists_in_english_russian_and_kazakh():
    keys = {lang: {k for k in catalogue(lang) if k.startswith("importing.")} for lang in LANGUAGES}
    assert keys["en"] and keys["en"] == keys["ru"] == keys["kk"]


IMPORT_CODE = (
    "tmf/registers.py",
    "tmf/register_layout.py",
    "tmf/register_problems.py",
    "tmf/register_checks.py",
    "tmf/register_ids.py",
    "tmf/register_options.py",
    "tmf/readers.py",
    "tmf/inventory.py",
    "tmf/commands/importing.py",
    "tmf/store/imports.py",
    "tmf/store/register_mappings.py",
    "session/import_form.py",
    "components/inventory_view.py",
    page_file("inventory"),
)


def test_every_message_the_import_code_names_exists_in_english_russian_and_kazakh():
    used = set()
    for name in IMPORT_CODE:
        source = (ROOT / name).read_text(encoding="utf-8")
        used |= set(re.findall(r'\bt\(\s*"([a-z_]+\.[A-Za-z_.]+)"', source))
        used |= {c if "." in c else f"problems.{c}" for c in re.findall(r'Problem\(\s*"([a-z_.]+)"', source)}
        used |= {f"registers.{c}" for c in re.findall(r'note\(\s*"(\w+)"', source)}
    assert {"importing.unit_of", "registers.column_unit_chosen", "problems.file_empty"} <= used
    for lang in LANGUAGES:
        assert used - catalogue(lang).keys() == set(), lang


def test_a_unit_chosen_in_a_mapping_converts_a_column_mapped_by_hand_and_the_dry_run_says_so(
    database, capsys, tmp_path
):
    register = tmp_path / "mes.csv"
    register.write_text(
        "Наименование;Страна;Широта;Долгота;Статус;Кол-во;Источник;Достоверность\n"
        "Хвостохранилище Ак-Тюз;KG;42,88;76,11;бесхозное;12,5;Реестр МЧС;low\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "mes.toml"
    mapping.write_text('[columns]\n"Кол-во" = "volume_m3"\n[units]\n"Кол-во" = 1000\n', encoding="utf-8")
    status, out, _ = run(capsys, str(register), "--mapping", str(mapping), "--dry-run", "--lang", "ru")
    assert status == 0
    assert "столбец Кол-во: значения умножены на 1000 по единице измерения, выбранной для этого столбца" in out
    assert run(capsys, str(register), "--mapping", str(mapping))[0] == 0
    assert stored(database).loc["KG-KHVOSTOKHRANILISHCHE-AK-TYUZ", "volume_m3"] == 12_500
