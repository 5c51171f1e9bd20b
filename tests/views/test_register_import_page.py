"""AppTest of the Inventory page with registers as authorities keep them: the page asks about
each column that holds data but matches no field, reads with values set for every row, shows
the provisional hazard-class decision, keeps the mapping with the file and offers it again."""

from pathlib import Path

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from session import import_form, keys
from session.pages import page_file
from tests.views.test_inventory_pages import ROOT, as_user, frame_with
from tmf.register_options import options_from_toml
from tmf.store.engine import read_facilities
from tmf.store.models import UploadRow
from tmf.store.register_mappings import mapping_names

CORPUS = Path(__file__).parents[1] / "data" / "registers"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AREA_REGISTER = (
    "Наименование;Страна;Широта;Долгота;Статус;Объем, тыс. м3;Площадь, га;Источник;Достоверность\n"
    "Хвостохранилище Ак-Тюз;KG;42,88;76,11;бесхозное;2,5;12;Реестр МЧС;low\n"
)
AK_TUZ = "KG-KHVOSTOKHRANILISHCHE-AK-TYUZ"


@pytest.fixture
def eva(editor):
    return as_user("eva", page_file("inventory"))


def upload(at: AppTest, name: str, content: bytes, mime: str = "text/csv") -> AppTest:
    return at.get("file_uploader")[0].set_value((name, content, mime)).run()


def questions(at: AppTest) -> list:
    return [s for s in at.selectbox if s.key and s.key.startswith("map_")]


def test_a_column_that_matches_no_field_is_asked_about_and_nothing_is_imported_until_answered(eva, editor):
    at = upload(eva, "mes.csv", AREA_REGISTER.encode())
    [question] = questions(at)
    assert "Площадь, га" in question.label.replace("\\", "")
    problems = frame_with(at, "problem")
    assert problems["column"].tolist() == ["Площадь, га"] and problems["row"].tolist() == [1]
    assert not [b for b in at.button if b.key == "commit_import"]
    question.set_value(import_form.IGNORE).run()
    assert not [d for d in at.dataframe if "problem" in d.value.columns]
    added = frame_with(at, "volume_m3", "status")
    assert added[["facility_id", "status", "volume_m3"]].values.tolist() == [[AK_TUZ, "abandoned", "2,500"]]
    notes = frame_with(at, "note")
    assert "multiplied by 1000" in " ".join(notes["note"])


def test_the_mapping_is_kept_with_the_file_saved_by_name_and_offered_for_the_next_file(eva, editor):
    at = upload(eva, "mes.csv", AREA_REGISTER.encode())
    questions(at)[0].set_value("notes").run()
    at.text_input(key=import_form.SAVE_AS).input("MES register").run()
    at.button(key="commit_import").click().run()
    facility = read_facilities(editor).set_index("facility_id").loc[AK_TUZ]
    assert (facility["volume_m3"], facility["notes"]) == (2500.0, "12")
    with editor.connect() as connection:
        kept = connection.scalar(sa.select(UploadRow.mapping).where(UploadRow.filename == "mes.csv"))
    assert options_from_toml(kept).columns == {"Площадь, га": "notes"}
    assert mapping_names(editor) == ["MES register"]
    nextyear = AREA_REGISTER.replace("2,5", "3").replace(";12;", ";14;")
    at = upload(as_user("eva", page_file("inventory")), "mes2026.csv", nextyear.encode())
    assert questions(at)
    at.selectbox(key=import_form.MAPPING).set_value("MES register").run()
    assert not questions(at), "the saved mapping answers the question"
    changes = frame_with(at, "before", "after")
    assert sorted(changes[["field", "after"]].values.tolist()) == [["Notes", "14"], ["Volume, m³", "3000"]]


def test_values_set_for_every_row_let_a_titled_register_in_with_its_header_found(eva, editor):
    data = (CORPUS / "kz_register_titled.xlsx").read_bytes()
    at = upload(eva, "kz.xlsx", data, XLSX)
    said = " ".join(frame_with(at, "problem")["problem"])
    assert all(f"({field}): map a column to it" in said for field in ("country", "source", "confidence"))
    at.text_input(key="import_set_country").input("kz")
    at.text_input(key="import_set_source").input("Реестр хвостохранилищ, 2025")
    at.selectbox(key="import_set_confidence").set_value("low").run()
    assert any("Sheet Реестр, header row 3" in c.value.replace("\\", "") for c in at.caption)
    added = frame_with(at, "volume_m3", "status").set_index("name")
    assert added.loc["Хвостохранилище Текели", "volume_m3"] == "12,250"
    assert added.loc["Хвостохранилище «Кошкар-Ата»", "status"] == "abandoned"
    assert any("no water hazard class is derived" in c.value for c in at.caption)
    at.checkbox(key=import_form.HAZARD).check().run()
    assert any(w.value.startswith("Provisional: a national hazard class") for w in at.warning)


def test_a_country_restriction_on_the_page_refuses_another_countrys_row(eva, editor):
    before = read_facilities(editor)
    at = upload(eva, "two.csv", (CORPUS / "two_countries.csv").read_bytes())
    assert frame_with(at, "volume_m3", "status")["volume_m3"].tolist() == ["2,500,000", "820,000"]
    at.text_input(key="import_set_country").input("KG").run()
    at.checkbox(key="import_restrict").check().run()
    problems = frame_with(at, "problem")
    assert problems[["row", "column"]].values.tolist() == [[3, "Country"]]
    assert not [b for b in at.button if b.key == "commit_import"]
    assert read_facilities(editor).equals(before)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_question_is_asked_in_the_users_language(editor, lang):
    at = AppTest.from_file(str(Path(__file__).parents[2] / "app.py"), default_timeout=60)
    at.session_state[keys.AUTH_USER] = "eva"
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page_file("inventory")).run()
    at = upload(at, "mes.csv", AREA_REGISTER.encode())
    expected = {"ru": "Столбец «Площадь", "kk": "бағаны"}[lang]
    assert expected in questions(at)[0].label.replace("\\", "")


def test_the_edit_form_has_the_register_fields_with_their_labels_and_saves_them(editor):
    at = as_user("eva", page_file("edit"))
    at.selectbox(key=keys.FACILITY).set_value("KZ-KOS-001").run()
    labels = {key: at.text_input(key=keys.edit_field(key)).label for key in ("operator", "name_kk")}
    assert labels == {"operator": "Operator (subsoil user)", "name_kk": "Name in Kazakh"}
    assert at.text_input(key=keys.edit_field("hazard_class_national")).label == "National hazard class (I-V)"
    at.text_input(key=keys.edit_field("operator")).input('АО "Казцинк"')
    at.text_input(key=keys.edit_field("hazard_class_national")).input("3")
    at.button(key="edit_save").click().run()
    stored = read_facilities(editor).set_index("facility_id").loc["KZ-KOS-001"]
    assert (stored["operator"], stored["hazard_class_national"]) == ('АО "Казцинк"', 3.0)


def test_the_edit_form_writes_numbers_in_russian_and_saving_them_unchanged_keeps_every_stored_value(editor):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[keys.AUTH_USER], at.query_params["lang"] = "eva", "ru"
    at.run().switch_page(page_file("edit")).run()
    at.selectbox(key=keys.FACILITY).set_value("KG-AKT-001").run()
    field = {name: at.text_input(key=keys.edit_field(name)) for name in ("latitude", "longitude", "volume_m3")}
    assert [w.value for w in field.values()] == ["42,88", "76,12", "5\u00a0000\u00a0000"]
    assert "KG — Кыргызстан" in at.selectbox(key=keys.edit_field("country")).help
    before = read_facilities(editor).set_index("facility_id").loc["KG-AKT-001"]
    at.button(key="edit_save").click().run()
    assert not at.error
    after = read_facilities(editor).set_index("facility_id").loc["KG-AKT-001"]
    columns = [c for c in before.index if c not in ("version", "updated_at", "updated_by")]
    assert after[columns].equals(before[columns])


def test_the_edit_form_names_the_countries_in_russian_and_saves_their_codes(editor):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[keys.AUTH_USER], at.query_params["lang"] = "eva", "ru"
    at.run().switch_page(page_file("edit")).run()
    at.selectbox(key=keys.FACILITY).set_value("KG-AKT-001").run()
    country, downstream = (
        at.selectbox(key=keys.edit_field("country")),
        at.multiselect(key=keys.edit_field("downstream_countries")),
    )
    assert (country.value, country.format_func(country.value)) == ("KG", "Кыргызстан")
    assert "Казахстан" in country.options and "KZ" not in country.options
    assert country.options[1:4] == ["Азербайджан", "Армения", "Афганистан"]  # by name, after the blank
    assert downstream.value == ["KZ"]
    downstream.set_value(["KZ", "RU"])
    at.button(key="edit_save").click().run()
    assert not at.error
    stored = read_facilities(editor).set_index("facility_id").loc["KG-AKT-001"]
    assert (stored["country"], stored["downstream_countries"]) == ("KG", "KZ;RU")


COUNTED_REGISTER = (
    "Наименование;Страна;Широта;Долгота;Статус;Кол-во;Источник;Достоверность\n"
    "Хвостохранилище Ак-Тюз;KG;42,88;76,11;бесхозное;12,5;Реестр МЧС;low\n"
)


def units(at: AppTest) -> list:
    return [s for s in at.selectbox if s.key and s.key.startswith("unit_")]


def test_a_column_mapped_by_hand_to_the_volume_takes_a_unit_and_is_stored_converted(eva, editor):
    at = upload(eva, "mes.csv", COUNTED_REGISTER.encode())
    assert not units(at), "no unit is asked before the column is put in a measured field"
    questions(at)[0].set_value("volume_m3").run()
    [unit] = units(at)
    assert "Кол-во" in unit.label.replace("\\", "") and unit.value == 1.0
    assert frame_with(at, "volume_m3", "status")["volume_m3"].tolist() == [12.5]
    unit.set_value(1000.0).run()
    assert frame_with(at, "volume_m3", "status")["volume_m3"].tolist() == ["12,500"]
    notes = " ".join(frame_with(at, "note")["note"])
    assert "multiplied by 1000 for the unit chosen for this column" in notes
    at.text_input(key=import_form.SAVE_AS).input("MES counted").run()
    at.button(key="commit_import").click().run()
    assert read_facilities(editor).set_index("facility_id").loc[AK_TUZ, "volume_m3"] == 12500.0
    with editor.connect() as connection:
        kept = connection.scalar(sa.select(UploadRow.mapping).where(UploadRow.filename == "mes.csv"))
    saved = options_from_toml(kept)
    assert (saved.columns, saved.units) == ({"Кол-во": "volume_m3"}, {"Кол-во": 1000.0})


def test_a_recognised_volume_header_without_a_unit_can_be_read_in_millions(eva, editor):
    register = COUNTED_REGISTER.replace("Кол-во", "Объем").replace("12,5", "0,75")
    at = upload(eva, "mes.csv", register.encode())
    assert not questions(at)
    [unit] = units(at)
    assert list(unit.options) == ["m³", "thousand m³", "million m³"]
    unit.set_value(1e6).run()
    assert frame_with(at, "volume_m3", "status")["volume_m3"].tolist() == ["750,000"]


def test_a_header_that_names_its_unit_asks_no_unit(eva, editor):
    at = upload(eva, "mes.csv", AREA_REGISTER.encode())
    questions(at)[0].set_value("mass_t").run()
    [unit] = units(at)
    assert "Площадь, га" in unit.label.replace("\\", "")
    assert list(unit.options) == ["t", "thousand t", "million t"]


def test_the_same_register_uploaded_again_on_the_page_has_nothing_to_import(eva, editor):
    at = upload(eva, "mes.csv", AREA_REGISTER.encode())
    questions(at)[0].set_value(import_form.IGNORE).run()
    at.button(key="commit_import").click().run()
    before = read_facilities(editor)
    at = upload(as_user("eva", page_file("inventory")), "mes.csv", AREA_REGISTER.encode())
    questions(at)[0].set_value(import_form.IGNORE).run()
    assert any(i.value.startswith("Nothing to import") for i in at.info)
    assert not [b for b in at.button if b.key == "commit_import"]
    assert read_facilities(editor).equals(before)


def test_a_distance_header_without_a_unit_can_be_read_in_metres(eva, editor):
    register = COUNTED_REGISTER.replace("Кол-во", "Расстояние до воды").replace("12,5", "850")
    at = upload(eva, "mes.csv", register.encode())
    [unit] = units(at)
    assert list(unit.options) == ["km", "m"] and unit.value == 1.0
    unit.set_value(1e-3).run()
    at.button(key="commit_import").click().run()
    assert read_facilities(editor).set_index("facility_id").loc[AK_TUZ, "distance_to_water_km"] == 0.85


def test_a_saved_unit_applies_to_the_same_header_written_in_other_case_and_spacing(eva, editor):
    at = upload(eva, "mes.csv", COUNTED_REGISTER.encode())
    questions(at)[0].set_value("volume_m3").run()
    units(at)[0].set_value(1000.0).run()
    at.text_input(key=import_form.SAVE_AS).input("MES counted").run()
    at.button(key="commit_import").click().run()
    nextyear = COUNTED_REGISTER.replace("Кол-во", "КОЛ-ВО ").replace("12,5", "14")
    at = upload(as_user("eva", page_file("inventory")), "mes2026.csv", nextyear.encode())
    at.selectbox(key=import_form.MAPPING).set_value("MES counted").run()
    assert not questions(at), "the saved mapping places the column"
    [unit] = units(at)
    assert unit.value == 1000.0, "the saved unit, not the field's own"
    changes = frame_with(at, "before", "after")
    assert changes[["field", "after"]].values.tolist() == [["Volume, m³", "14000"]]
