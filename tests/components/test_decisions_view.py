"""The "collect these first" list: names in the chosen language, unknown said so, CSV safe for spreadsheets."""

import pandas as pd

from components.decisions_view import bands_table, csv_bytes, facility_next_table, measures_table, next_table
from components.tables import numbers_as_text
from tmf.checklist import load_checklist

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
        "evpi": [0.25, 0.0],
    }
)


def test_the_list_names_facilities_in_the_chosen_language_and_says_unknown():
    table, _ = next_table(FOUND, FACILITIES, 10, "ru")
    assert table["name"].tolist() == ["Кара-Балта", '=HYPERLINK("x")']
    assert table["value"].tolist() == ["неизвестно", "сомнительное"]
    assert table["p_change"].tolist() == [50.0, 10.0]


def test_the_csv_neutralises_a_formula_and_keeps_the_order():
    table, config = next_table(FOUND, FACILITIES, 10, "en")
    text = csv_bytes(table, config).decode("utf-8-sig").splitlines()
    assert text[0] == "Name,Field,Value now,P(top 10 changes),Value of knowing it (facilities),Facility ID"
    assert text[1] == "Kara-Balta,Dam condition,unknown,50.0,0.2,B"  # 0.25 with one decimal
    assert text[2].startswith('"\'=HYPERLINK(""x"")",Dam condition,doubtful,10.0')


def test_a_field_outside_an_index_is_a_dash_on_the_facility_page_not_zero_percent():
    facilities = FACILITIES.assign(population_downstream=[None, 1200.0])
    found = {
        "thi": FOUND.iloc[[0]],  # the THI has no population criterion
        "tri": pd.DataFrame(
            {
                "facility_id": ["B", "B"],
                "field": ["population_downstream", "dam_condition"],
                "unknown": [False, True],
                "p_change": [0.3, 0.2],
                "evpi": [0.1, 0.0],
            }
        ),
    }
    table, config = facility_next_table(found, facilities, "B", 10, "en")
    text = shown(table, config, "en").set_index("field")
    assert text.loc["Dam condition", ["p_change_thi", "p_change_tri"]].tolist() == ["50.0 %", "20.0 %"]
    assert text.loc["Population downstream", ["p_change_thi", "p_change_tri"]].tolist() == ["—", "30.0 %"]


def shown(table, config, lang):
    text, _ = numbers_as_text(table, config, lang)
    return text


def test_the_decision_tables_write_numbers_with_the_languages_marks():
    table, config = next_table(FOUND, FACILITIES, 10, "ru")
    assert shown(table, config, "ru")[["p_change", "evpi"]].values.tolist() == [["50,0 %", "0,25"], ["10,0 %", "0,00"]]
    assert shown(table, config, "en")["p_change"].tolist() == ["50.0 %", "10.0 %"]
    bands = pd.DataFrame(
        {"facility_id": ["A"], "rank": [1], "rank_p05_data": [1], "rank_p95_data": [3], "p_top_data": [0.125]}
    )
    table, config = bands_table(bands, ("data",), FACILITIES, 10, "kk")
    assert shown(table, config, "kk")["p_top_data"].tolist() == ["12,5 %"]
    measures = pd.DataFrame(
        {
            "measure": ["m_dam_repair"],
            "new_score": [1234.5],
            "score_reduction": [2.0],
            "new_rank": [3],
            "places_gained": [1],
            "cost": ["high"],
        }
    )
    table, config = measures_table(measures, load_checklist(), {}, "ru")
    text = shown(table, config, "ru")
    assert text["new_score"].str.replace("\u00a0", " ").tolist() == ["1 234,50"]
    assert text["score_reduction"].tolist() == ["2,00"] and text["new_rank"].tolist() == [3]


def test_a_measure_says_how_many_of_its_checklist_questions_are_the_facilitys_gaps():
    """Dam repair answers dam_deformation and dam_erosion: a facility whose dam deformation
    is a gap closes 1 of 2; one whose checklist is not filled in reads a dash."""
    measures = pd.DataFrame(
        {
            "measure": ["m_dam_repair"],
            "new_score": [10.0],
            "score_reduction": [2.0],
            "new_rank": [3],
            "places_gained": [1],
            "cost": ["high"],
        }
    )
    checklist = load_checklist()
    assert next(m.questions for m in checklist.measures if m.key == "m_dam_repair") == (
        "dam_deformation",
        "dam_erosion",
    )
    table, _ = measures_table(measures, checklist, {}, "ru", open_gaps={"dam_deformation", "doc_permit"})
    assert table["gaps"].tolist() == ["1 из 2"]
    table, _ = measures_table(measures, checklist, {}, "en", open_gaps=None)
    assert table["gaps"].tolist() == ["—"]
