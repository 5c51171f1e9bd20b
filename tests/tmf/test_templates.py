"""The templates offered for download read through the register reader to their example
facilities, with the register fields among their columns, in English and in Russian."""

from pathlib import Path

import pytest

from tmf.inventory import COLUMN_NAMES
from tmf.registers import read_register

TEMPLATES = Path(__file__).parents[2] / "data" / "templates"


@pytest.mark.parametrize("name", ["inventory_template.csv", "inventory_template_ru.csv", "inventory_template.xlsx"])
def test_every_template_reads_to_its_two_example_facilities_with_every_column_placed(name):
    result = read_register(TEMPLATES / name)
    assert result.accepted, [str(p) for p in result.problems]
    assert result.frame["facility_id"].tolist() == ["KG-MAI-003", "KZ-KOS-001"]
    assert set(result.fields) == set(COLUMN_NAMES), "every column of the template is a field"
    assert {"operator", "name_kk", "hazard_class_national"} <= set(result.fields)
