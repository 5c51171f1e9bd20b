"""A facility named `<img src=x onerror=alert(1)>` stays text in every builder of the inventory
work: map tooltips, chart labels, tables, the facility page, the priority matrix and exports."""

import csv
import io
import json

import numpy as np
import pandas as pd
from openpyxl import load_workbook

from components import charts, checklist_view, facility_view, inventory_view, maps, priority_view
from components.user_text import markdown_literal
from tmf.checklist import load_checklist, safety_level
from tmf.export import export
from tmf.inventory import COLUMN_NAMES, read_table, validate
from tmf.methodology import load_profile
from tmf.problems import Problem
from tmf.ranking import rank_facilities

HOSTILE = "<img src=x onerror=alert(1)>"
CHECKLIST = load_checklist()


def inventory() -> pd.DataFrame:
    text = "facility_id,name,country,latitude,longitude,status,volume_m3,source,confidence,checklist_safety_pct\n"
    rows = [
        ("KG-XSS-001", HOSTILE, "9e8", "20"),
        ("KG-MID-001", "Middle", "1e7", "60"),
        ("KG-LOW-001", "Low", "1e4", "90"),
    ]
    text += "".join(f"{i},{n},KG,41.2,72.4,active,{v},http://example.org,low,{s}\n" for i, n, v, s in rows)
    frame, problems = validate(read_table(text.encode(), "hostile.csv"))
    assert problems == []
    return frame.drop(columns="row")


def test_the_map_tooltip_is_a_text_field_holding_the_name_as_typed():
    deck = maps.ranking_deck(rank_facilities(inventory(), load_profile()), {}, "en")
    assert "html" not in deck._tooltip and deck._tooltip["text"] == "{tooltip}"
    # a long name wraps inside the map (its line breaks kept) instead of running past its edge
    assert deck._tooltip["style"] == {"maxWidth": "280px", "whiteSpace": "pre-wrap", "overflowWrap": "break-word"}
    facilities = next(layer for layer in deck.layers if layer.id == maps.FACILITIES_LAYER)
    assert any(point["tooltip"].startswith(HOSTILE) for point in facilities.data)


def test_plotly_labels_escape_the_tags_so_plotly_shows_them_literally():
    ranked = rank_facilities(inventory(), load_profile())
    labels = charts.contributions_figure(ranked, load_profile(), "thi", "en").data[0].y
    assert "1. &lt;img src=x onerror=alert(1)&gt;" in labels and not any("<img" in label for label in labels)


def test_the_facility_page_tables_hold_the_name_as_plain_text():
    table, _ = facility_view.fields_table(inventory().iloc[0], "en")
    assert HOSTILE in table["value"].tolist()


def test_exported_cells_hold_the_name_as_typed_in_every_format():
    frame = inventory()
    assert list(csv.DictReader(io.StringIO(export(frame, "csv").decode("utf-8-sig"))))[0]["name"] == HOSTILE
    sheet = load_workbook(io.BytesIO(export(frame, "xlsx"))).active
    assert sheet.cell(row=2, column=COLUMN_NAMES.index("name") + 1).value == HOSTILE
    assert json.loads(export(frame, "geojson"))["features"][0]["properties"]["name"] == HOSTILE


def test_import_preview_tables_keep_the_name_as_text_for_st_dataframe():
    frame = inventory().assign(row=[2, 3, 4])
    problem = Problem("not_a_number", {"value": HOSTILE}, row=3, column="volume_m3")
    fine = inventory_view.fine_rows_table(frame, [problem])
    assert fine["name"].tolist() == [HOSTILE, "Low"]
    listed = inventory_view.problems_table([problem], "en")
    assert listed.loc[0, "problem"] == f"'{HOSTILE}' is not a number." and listed.loc[0, "column"] == "Volume, m³"


def test_register_notes_read_from_the_top_of_the_file_down():
    notes = [
        Problem("registers.total_row_skipped", {}, row=10),
        Problem("registers.column_bookkeeping", {}, row=4, column="№ п/п"),
        Problem("registers.value_set", {"label": Problem("fields.country"), "field": "country", "value": "KZ"}),
        Problem("registers.column_numbers_skipped", {}, row=5),
    ]
    table = inventory_view.notes_table(notes, "ru")
    assert table["row"].tolist()[1:] == [4, 5, 10] and pd.isna(table["row"].iloc[0])
    assert table.loc[0, "column"] == "Страна", "a note about a field without a column names the field"


def test_a_conflict_shows_both_versions_with_the_differing_fields_first():
    mine = inventory().iloc[0].to_dict() | {"name": "Mine"}
    theirs = inventory().iloc[0].to_dict()
    table = inventory_view.comparison_table(mine, theirs, "en")
    assert table.loc[0].tolist() == ["Name", "Mine", HOSTILE, True]
    assert not table["differs"].iloc[1:].any()


def test_user_text_in_labels_and_captions_has_every_markdown_sign_escaped():
    assert markdown_literal("![x](http://evil/t.png) **b** <i>") == r"\!\[x\]\(http\://evil/t\.png\) \*\*b\*\* \<i\>"


def test_the_checklist_chart_shows_every_category_and_marks_the_unassessed():
    level = safety_level(CHECKLIST, {"doc_design": {"answer": "yes", "evidence": "documented"}})
    figure = checklist_view.category_figure(CHECKLIST, level, "ru")
    assert list(figure.data[0].y) == [c.title("ru") for c in CHECKLIST.categories]
    assert figure.data[0].x[0] == level.by_category["documentation"] > 0


def test_the_priority_matrix_puts_the_most_hazardous_least_safe_facility_first():
    ranked = rank_facilities(inventory(), load_profile())
    frame = priority_view.priority_frame(ranked, CHECKLIST)
    assert frame.loc[0, ["facility_id", "name", "priority"]].tolist() == ["KG-XSS-001", HOSTILE, 1]
    matrix = priority_view.matrix_table(frame, CHECKLIST, "en")
    assert matrix.shape == (3, 4) and matrix.iloc[0, 0] == "priority 1 (1)"
    assert matrix.iloc[:, 3].tolist() == ["0", "0", "0"]  # every facility has a checklist
    assert np.array_equal(frame["priority"].to_numpy(), [1, 2, 3])


def test_the_priority_matrix_counts_the_facilities_without_a_checklist_in_their_own_column():
    unassessed = inventory().assign(checklist_safety_pct=[None, "60", None])
    frame = priority_view.priority_frame(rank_facilities(unassessed, load_profile()), CHECKLIST)
    matrix = priority_view.matrix_table(frame, CHECKLIST, "ru")
    assert matrix.columns[3] == "нет чек-листа"
    assert matrix.iloc[:, 3].tolist() == ["1", "0", "1"]  # the top and the bottom third
    assert matrix.iloc[0, 0] == "приоритет 1 (0)"  # no longer counted as low safety in silence
    assert frame["facility_id"].tolist()[-2:] == ["KG-XSS-001", "KG-LOW-001"]  # after the assessed one
    assert frame.set_index("facility_id").loc["KG-XSS-001", "priority"] == 0


def test_the_matrix_from_the_pages_arrays_is_the_one_from_the_priority_frame():
    rng = np.random.default_rng(4)
    facilities = pd.concat([inventory()] * 20, ignore_index=True)
    facilities["facility_id"] = [f"F{i:03d}" for i in range(len(facilities))]
    facilities["seismic_pga_g"] = rng.uniform(0, 0.6, len(facilities))
    facilities["checklist_safety_pct"] = np.where(rng.random(len(facilities)) < 0.6, rng.uniform(0, 100, 60), np.nan)
    ranked = rank_facilities(facilities, load_profile())
    frame = priority_view.priority_frame(ranked, CHECKLIST)
    arrays = priority_view.priority_arrays(ranked, CHECKLIST)
    for lang in ("en", "kk"):
        assert priority_view.matrix_table(arrays, CHECKLIST, lang).equals(
            priority_view.matrix_table(frame, CHECKLIST, lang)
        )
    first = ranked["facility_id"][arrays["priority"] == 1].tolist()  # the section lists these, in rank order
    assert first and first == frame.loc[frame["priority"] == 1, "facility_id"].tolist()
    assert arrays["assessed"].sum() == frame["assessed"].sum() < len(ranked)
