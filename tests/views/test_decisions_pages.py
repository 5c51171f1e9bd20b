"""AppTest: rank bands by source on the Ranking page, what to measure next and what a
measure buys on the Facility page, a measures programme on the Ranking page."""

import pandas as pd
import pytest

from session.pages import page_file
from tests.views.conftest import element_json, run_app
from tmf.checklist import load_checklist
from tmf.i18n import t
from tmf.information import rank_bands
from tmf.measures import apply_measures, greedy_programme, load_cost_units, load_effects
from tmf.methodology import load_profile
from tmf.ranking import rank, score_inventory
from tmf.robustness import Settings
from tmf.store.checklists import save_answers
from tmf.store.engine import make_engine, read_facilities

PROFILE = load_profile()
EFFECTS = load_effects(PROFILE)


def stored_scored(url: str):
    return score_inventory(read_facilities(make_engine(url)), PROFILE)


def table_with(at, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def numbers(column: pd.Series) -> pd.Series:
    """An English table's numbers shown as text ("12.5 %", "1,234.50") read back."""
    return column.astype(str).str.removesuffix(" %").str.replace(",", "").astype(float)


def test_choosing_both_shows_the_bands_from_the_weights_the_data_and_both(demo_db):
    at = run_app(page_file("ranking"))
    at.session_state["ranking_robustness_open"] = True  # the user opens the expander
    at.run()
    at.radio(key="ranking_robustness_vary").set_value("both").run()
    at.button(key="ranking_robustness_run").click().run()
    assert not at.exception
    bands = table_with(at, "band_both").set_index("facility_id")
    assert {"band_weights", "band_data", "band_both", "p_top_data"} <= set(bands.columns)
    expected = rank_bands(stored_scored(demo_db), None, "thi", Settings(samples=1000, top=10, seed=1))
    expected = expected.set_index("facility_id")
    for vary in ("weights", "data", "both"):
        band = expected[f"rank_p05_{vary}"].astype(str) + "–" + expected[f"rank_p95_{vary}"].astype(str)
        assert bands[f"band_{vary}"].to_dict() == band.to_dict()
    assert any("worst score" in caption.value for caption in at.caption)
    assert any(caption.value.startswith("Provisional") for caption in at.caption)


def facility_with_unknown(url: str) -> tuple[str, str]:
    """A facility with an unknown ranking input, and that input's inventory field."""
    scored = stored_scored(url)
    row = int(next(i for i in range(len(scored)) if scored.unknown[i].any()))
    column = int(scored.unknown[row].argmax())
    return str(scored.facilities["facility_id"][row]), PROFILE.criteria[column].input


def test_the_facility_page_lists_an_unknown_input_under_what_to_measure_next(demo_db):
    facility_id, field = facility_with_unknown(demo_db)
    at = run_app(page_file("facility"), facility=facility_id)
    assert not at.exception
    listed = table_with(at, "p_change_tri")
    unknown = listed[listed["field"] == t(f"fields.{field}", "en")]
    assert unknown["value"].tolist() == ["unknown"]
    cells = listed[["p_change_thi", "p_change_tri"]].stack()
    blank = cells.str.strip(" \u2007") == "—"  # a field outside that index (THI has no population)
    assert numbers(cells[~blank]).between(0, 100).all() and cells[~blank].str.endswith(" %").all()


def test_a_dam_repair_row_shows_the_rank_of_the_re_ranked_inventory(demo_db):
    scored = stored_scored(demo_db)
    dam = PROFILE.keys.index("dam")
    row = int(next(i for i in range(len(scored)) if scored.sub_scores[i, dam] == 2.0))
    facility_id = str(scored.facilities["facility_id"][row])
    after = rank(apply_measures(scored, {facility_id: ["m_dam_repair"]}, EFFECTS), None, "thi")
    expected = after.set_index("facility_id").loc[facility_id]
    at = run_app(page_file("facility"), facility=facility_id)
    measures = table_with(at, "new_rank").set_index("measure")
    repair = measures.loc[next(m.text("en") for m in load_checklist().measures if m.key == "m_dam_repair")]
    shown = (repair["new_rank"], float(repair["new_score"].replace(",", "")))
    assert shown == pytest.approx((expected["rank"], round(expected["score"], 2)))
    assert repair["cost"] == "high"


def test_the_programme_on_the_ranking_page_spends_the_budget_as_the_greedy_choice(demo_db):
    scored = stored_scored(demo_db)
    expected = greedy_programme(scored, None, "thi", EFFECTS, budget=10, cost_units=load_cost_units())
    at = run_app(page_file("ranking"))
    assert not [d for d in at.dataframe if "spent" in d.value.columns]  # closed: not computed
    at.session_state["programme_open"] = True  # the user opens the expander
    at.run()
    programme = table_with(at, "spent")
    assert programme["spent"].tolist() == expected["spent"].tolist()
    reductions = expected["score_reduction"].round(2).tolist()
    assert numbers(programme["score_reduction"]).tolist() == pytest.approx(reductions)
    assert any(m.value.startswith(f"{len(expected)} measures for") for m in at.markdown)


def test_the_scenarios_page_compares_the_sources_when_the_data_vary(demo_db):
    at = run_app(page_file("scenarios"))
    at.radio(key="robustness_vary").set_value("data").run()
    at.button(key="robustness_run").click().run()
    assert not at.exception
    bands = table_with(at, "band_data")
    assert "band_weights" not in bands.columns and len(bands) == 32


def test_the_ranking_map_shows_the_band_path_and_rank_change_layers_switched_on(demo_db):
    at = run_app(page_file("ranking"), w="seismic:0")
    deck = element_json(at, "deck_gl_json_chart")[0]
    assert not {"rank_band_rings", "downstream_paths", "rank_change_labels"} & {layer["id"] for layer in deck["layers"]}
    at.button_group(key="ranking_map_layers").set_value(["band", "path", "change"]).run()
    assert not at.exception
    deck = element_json(at, "deck_gl_json_chart")[0]
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert {"rank_band_rings", "rank_band_labels", "downstream_paths", "rank_change_labels"} <= set(layers)
    # Against the official weighting (the default choice), a seismic weight of 0 moves facilities.
    ranked_now = rank(stored_scored(demo_db), {"seismic": 0.0}, "thi").set_index("facility_id")["rank"]
    official = rank(stored_scored(demo_db), None, "thi").set_index("facility_id")["rank"]
    moved = int((official - ranked_now != 0).sum())
    assert moved > 0 and len(layers["rank_change_labels"]["data"]) == moved
    assert len(layers["rank_band_rings"]["data"]) == 32


def test_ticking_a_measure_shows_the_facility_on_the_map_at_its_new_rank(demo_db):
    scored = stored_scored(demo_db)
    dam = PROFILE.keys.index("dam")
    row = int(next(i for i in range(len(scored)) if scored.sub_scores[i, dam] == 2.0))
    facility_id = str(scored.facilities["facility_id"][row])
    before = int(rank(scored, None, "thi").set_index("facility_id").loc[facility_id, "rank"])
    after = rank(apply_measures(scored, {facility_id: ["m_dam_repair"]}, EFFECTS), None, "thi")
    new_rank = int(after.set_index("facility_id").loc[facility_id, "rank"])
    assert new_rank != before, "the example must move"
    at = run_app(page_file("facility"), facility=facility_id)
    assert len(element_json(at, "deck_gl_json_chart")) == 1  # nothing ticked: the facility's own map only
    at.multiselect(key="facility_measures_pick").set_value(["m_dam_repair"]).run()
    decks = element_json(at, "deck_gl_json_chart")
    assert len(decks) == 2
    labels = next(layer for layer in decks[1]["layers"] if layer["id"] == "rank_labels")
    assert [label["text"] for label in labels["data"]] == [str(new_rank)]
    assert any(f"({new_rank})" in c.value for c in at.caption)


def test_a_measure_answering_a_checklist_gap_is_listed_with_no_score_change(demo_db):
    facility_id = "KZ-KOS-001"
    checklist = load_checklist()  # every question answered yes but one: one gap (unanswered ones count as gaps)
    answers = {q.key: {"answer": "yes", "evidence": "documented"} for q in checklist.questions}
    answers["doc_permit"] = {"answer": "no", "evidence": "documented"}
    save_answers(make_engine(demo_db), checklist, facility_id, answers, 1, "eva")
    official = rank(stored_scored(demo_db), None, "thi").set_index("facility_id").loc[facility_id]
    at = run_app(page_file("facility"), facility=facility_id)
    assert not at.exception
    measures = table_with(at, "new_rank").set_index("measure")
    register = measures.loc[next(m.text("en") for m in checklist.measures if m.key == "m_register")]
    assert (register["new_rank"], register["places_gained"], register["cost"]) == (official["rank"], 0, "—")
    assert float(register["score_reduction"]) == 0.0 and register["gaps"] == "1 of 1"
    assert len(measures) == len(EFFECTS) + 1  # the five with effects, and the one answering doc_permit
    assert any(c.value.startswith("Also listed") and "(1)" in c.value for c in at.caption)
