"""What moved, in words, in the chosen language."""

import pandas as pd

from components.moves import move_lines


def moved(**columns) -> pd.DataFrame:
    return pd.DataFrame(columns)


def test_a_facility_that_left_the_top_is_named_in_russian_with_both_ranks():
    left = moved(facility_id=["TJ-DEG-001"], name=["Degmay"], name_ru=["Дигмай"], official_rank=[1], rank=[14])
    lines = move_lines(moved(facility_id=[], name=[], official_rank=[], rank=[]), left, 10, "ru")
    assert lines == ["Дигмай: 1 → 14 (выбыл из первых 10)"]


def test_kazakh_falls_back_to_the_russian_name_and_english_keeps_the_english_one():
    entered = moved(facility_id=["A"], name=["Alpha"], name_ru=["Альфа"], name_kk=[None], official_rank=[12], rank=[3])
    empty = moved(facility_id=[], name=[], official_rank=[], rank=[])
    assert move_lines(entered, empty, 10, "kk")[0].startswith("Альфа: 12 → 3")
    assert move_lines(entered, empty, 10, "en") == ["Alpha: 12 → 3 (entered the top 10)"]
