"""The "collect these first" list: names in the chosen language, unknown said so, CSV safe for spreadsheets."""

import pandas as pd

from components.decisions_view import csv_bytes, next_table

FACILITIES = pd.DataFrame(
    {
        "facility_id": ["A", "B"],
        "name": ['=HYPERLINK("x")', "Kara-Balta"],
        "name_ru": [None, "Кара-Балта"],
        "dam_condition": ["doubtful", None],
    }
)
FOUND = pd.DataFrame(
    {
        "facility_id": ["B", "A"],
        "field": ["dam_condition", "dam_condition"],
        "unknown": [True, False],
        "p_change": [0.5, 0.1],
    }
)


def test_the_list_names_facilities_in_the_chosen_language_and_says_unknown():
    table, _ = next_table(FOUND, FACILITIES, 10, "ru")
    assert table["name"].tolist() == ["Кара-Балта", '=HYPERLINK("x")']
    assert table["value"].tolist() == ["Неизвестно", "сомнительное"]
    assert table["p_change"].tolist() == [50.0, 10.0]


def test_the_csv_neutralises_a_formula_and_keeps_the_order():
    table, config = next_table(FOUND, FACILITIES, 10, "en")
    text = csv_bytes(table, config).decode("utf-8-sig").splitlines()
    assert text[0] == "Facility ID,Name,Field,Value now,P(top 10 changes)"
    assert text[1] == "B,Kara-Balta,Dam condition,Unknown,50.0"
    assert text[2].startswith('A,"\'=HYPERLINK(""x"")",Dam condition,doubtful,10.0')
