"""The fields that registers carry (operator, name in Kazakh, national hazard class) reach the
Facility page's table and every export, and an exported register imports back unchanged."""

from pathlib import Path

import pandas as pd
import pytest

from components import facility_view
from tmf.export import FORMATS, export
from tmf.register_options import RegisterOptions
from tmf.registers import read_register

CORPUS = Path(__file__).parents[1] / "data" / "registers"
KZ = RegisterOptions(set_values={"country": "KZ", "source": "Реестр хвостохранилищ, 2025", "confidence": "low"})


def kz_register() -> pd.DataFrame:
    result = read_register(CORPUS / "kz_register_titled.xlsx", options=KZ)
    assert result.accepted
    return result.frame.drop(columns="row").assign(name_kk=["Қошқар-Ата", None, None])


def test_the_facility_page_shows_the_operator_the_kazakh_name_and_the_national_class_in_roman():
    table, _ = facility_view.fields_table(kz_register().iloc[0], "en")
    values = dict(zip(table["field"], table["value"], strict=True))
    assert values["Operator (subsoil user)"] == "ТОО «Каспий Экология»"
    assert values["Name in Kazakh"] == "Қошқар-Ата"
    assert values["National hazard class (I-V)"] == "I"


def test_the_national_class_is_labelled_in_russian_too():
    table, _ = facility_view.fields_table(kz_register().iloc[1], "ru")
    values = dict(zip(table["field"], table["value"], strict=True))
    assert values["Национальный класс опасности (I-V)"] == "III"
    assert values["Недропользователь"] == 'АО "Казцинк"'


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_exported_register_imports_back_with_its_new_fields(fmt):
    frame = kz_register()
    again = read_register(export(frame, fmt), f"kz.{fmt}")
    assert again.accepted, [str(p) for p in again.problems]
    back = again.frame.set_index("facility_id")
    first = frame.iloc[0]
    assert back.loc[first["facility_id"], "operator"] == first["operator"]
    assert back.loc[first["facility_id"], "name_kk"] == "Қошқар-Ата"
    assert back["hazard_class_national"].tolist() == [1.0, 3.0, 2.0]
