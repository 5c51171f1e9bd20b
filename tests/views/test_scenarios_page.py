"""AppTest: the Scenarios page saves, lists, compares and measures robustness; the Ranking
page shows the robustness band."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from session.pages import page_file
from tests.views.conftest import element_json, run_app
from tmf.methodology import load_profile
from tmf.ranking import rank_facilities
from tmf.store.engine import make_engine, read_facilities

PROFILE = load_profile()
CAPACITY_ONLY = "toxicity:0,management:0,flood:0,seismic:0,dam:0"
OFFICIAL = "Official weighting (equal weights)"


def save(at: AppTest, name: str, author: str = "Aigerim", note: str = "") -> AppTest:
    at.text_input(key="scenario_name").input(name)
    at.text_input(key="scenario_author").input(author)
    at.text_area(key="scenario_note").input(note)
    return at.button(key="scenario_save").click().run()


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def option_labels(at: AppTest, key: str) -> list[str]:
    return list(at.selectbox(key=key).options)


def test_saving_a_scenario_makes_it_appear_in_the_compare_selector(demo_db):
    at = run_app(page_file("scenarios"), w=CAPACITY_ONLY)
    assert option_labels(at, "compare_b") == [OFFICIAL]
    save(at, "Capacity only", note="Volume decides")
    assert not at.exception and at.success and not at.error
    assert option_labels(at, "compare_a") == [OFFICIAL, "Capacity only"]
    assert at.selectbox(key="compare_b").format_func(at.selectbox(key="compare_b").value) == "Capacity only"
    library = table_with(at, "author").set_index("name")
    assert library.loc["Capacity only", "author"] == "Aigerim"
    assert library.loc["Capacity only", "note"] == "Volume decides"
    assert library.loc["Capacity only", "weights"].startswith("Toxicity 0.00 · Mgmt 0.00")


def expected_largest_move(url: str) -> tuple[set[str], int]:
    """The facilities that move most from the official to the capacity-only ranking (THI)."""
    facilities = read_facilities(make_engine(url))
    capacity = {k: 0.0 for k in PROFILE.keys if k != "capacity"}
    official = rank_facilities(facilities, PROFILE).set_index("facility_id")["rank"]
    by_capacity = rank_facilities(facilities, PROFILE, capacity).set_index("facility_id")["rank"]
    moved = (official - by_capacity).abs()
    return set(moved[moved == moved.max()].index), int(moved.max())


def test_comparing_two_scenarios_lists_the_facility_that_moves_most(demo_db):
    at = save(run_app(page_file("scenarios"), w=CAPACITY_ONLY), "Capacity only")
    assert at.selectbox(key="compare_a").value == 0
    moved = table_with(at, "rank_b")
    most, places = expected_largest_move(demo_db)
    assert moved["facility_id"].iloc[0] in most
    assert abs(moved["change"].iloc[0]) == places
    assert set(moved["country"]) <= {"Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"}  # names, not codes
    slope = element_json(at, "plotly_chart")[0]
    assert slope["layout"]["xaxis"]["ticktext"] == [OFFICIAL, "Capacity only"]
    deck = element_json(at, "deck_gl_json_chart")[0]
    assert len(next(layer for layer in deck["layers"] if layer["id"] == "facilities")["data"]) == 32


def test_choosing_the_same_weighting_twice_asks_for_two_different_ones(demo_db):
    at = save(run_app(page_file("scenarios"), w=CAPACITY_ONLY), "Capacity only")
    at.selectbox(key="compare_b").select(0).run()
    assert any("two different" in info.value for info in at.info)


def test_a_taken_name_is_refused_with_a_sentence_and_saves_nothing(demo_db):
    at = save(run_app(page_file("scenarios"), w=CAPACITY_ONLY), "Capacity only")
    save(at, "capacity ONLY", author="Bakyt")
    assert "already exists" in at.error[0].value
    assert option_labels(at, "compare_a") == [OFFICIAL, "Capacity only"]


def test_the_official_weighting_cannot_be_deleted_but_a_saved_one_can(demo_db):
    at = save(run_app(page_file("scenarios"), w=CAPACITY_ONLY), "Capacity only")
    at.selectbox(key="scenario_pick").select(0).run()
    assert not [b for b in at.button if b.key == "scenario_delete"]
    saved_id = at.selectbox(key="compare_b").value
    at.selectbox(key="scenario_pick").select(saved_id).run()
    at.text_input(key="scenario_rename_to").input("Volume first")
    at.button(key="scenario_rename").click().run()
    assert option_labels(at, "compare_a") == [OFFICIAL, "Volume first"]
    at.checkbox(key="scenario_delete_confirm").check().run()
    at.button(key="scenario_delete").click().run()
    assert not at.exception and option_labels(at, "compare_a") == [OFFICIAL]


def test_a_robustness_run_shows_its_seed_and_a_probability_for_every_facility(demo_db):
    at = run_app(page_file("scenarios"), w="seismic:0")
    at.button(key="robustness_run").click().run()
    assert not at.exception
    assert any("random seed 1." in caption.value for caption in at.caption)
    first = table_with(at, "p_top")
    percent = first["p_top"].str.removesuffix(" %").astype(float)  # shown as text: "12.5 %"
    assert len(first) == 32 and percent.between(0, 100).all()
    at.number_input(key="robustness_seed").set_value(2).run()
    assert any("random seed 2." in caption.value for caption in at.caption)
    assert not table_with(at, "p_top")["p_top"].equals(first["p_top"])


def test_the_scenario_spread_needs_a_saved_scenario_and_then_runs(demo_db):
    at = run_app(page_file("scenarios"))
    at.radio(key="robustness_source").set_value("scenarios")
    at.button(key="robustness_run").click().run()
    assert any("at least two different weightings" in warning.value for warning in at.warning)
    save(run_app(page_file("scenarios"), w=CAPACITY_ONLY), "Capacity only")
    at.run()
    assert any("mixtures of 2 weightings" in caption.value for caption in at.caption)


def test_tipping_points_read_as_sentences_for_the_chosen_facility(demo_db):
    at = run_app(page_file("scenarios"))
    sentences = table_with(at, "What would take it out")["What would take it out"]
    assert len(sentences) == 6 and all(s.startswith("Stays in the top 10") for s in sentences)
    assert element_json(at, "plotly_chart")[-1]["layout"]["title"]["text"].startswith("Rank of ")


def test_the_ranking_page_shows_the_robustness_band_after_the_button(demo_db):
    at = run_app(page_file("ranking"))
    assert not [d for d in at.dataframe if "p_top" in d.value.columns]
    assert not [b for b in at.button if b.key == "ranking_robustness_run"], "closed: not built"
    at.session_state["ranking_robustness_open"] = True  # the user opens the expander
    at.run()
    at.button(key="ranking_robustness_run").click().run()
    band = table_with(at, "p_top")
    assert len(band) == 32 and list(band.columns) == ["rank", "facility_id", "p_top", "band", "rank_p50", "name"]
    assert at.dataframe[0].value.columns[0] == "rank"  # the ranking table still comes first


@pytest.mark.parametrize(("lang", "title"), [("ru", "Сценарии"), ("kk", "Сценарийлер")])
def test_the_scenarios_page_speaks_russian_and_kazakh(demo_db, lang, title):
    at = run_app(page_file("scenarios"), lang=lang)
    assert not at.exception and at.title[0].value == title


def test_the_scenarios_page_studies_the_weights_last_set_on_the_ranking_page(demo_db):
    at = run_app(page_file("ranking"))
    at.select_slider(key="w_seismic").set_value(0.0).run()
    at.query_params.clear()  # the browser drops the query string when the sidebar switches page
    at.switch_page(page_file("scenarios")).run()
    assert any("Seismic 0" in caption.value for caption in at.caption)
