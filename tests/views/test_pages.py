"""AppTest: every page loads, the Ranking page re-ranks live and links reproduce views."""

import pytest

from session import keys
from session.pages import page_file
from tests.views.conftest import element_json, first_rows, run_app

PAGES = [page_file("overview"), page_file("ranking"), page_file("facility"), page_file("methodology")]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_page_loads_without_exception_in_every_language(demo_db, page, lang):
    at = run_app(page, lang=lang)
    assert not at.exception
    assert at.title, "each page has a title"


def test_the_overview_shows_headline_figures_and_says_the_data_is_illustrative(demo_db):
    at = run_app()
    figures = {m.label: m.value for m in at.metric}
    assert figures["Facilities"] == "32" and figures["Countries"] == "4"
    assert any("Illustrative inventory, not official" in c.value for c in at.caption)
    assert any("not an official inventory" in block.value for block in at.expander[0].markdown)


def test_moving_the_seismic_slider_to_zero_changes_the_ranked_order(demo_db):
    at = run_app(page_file("ranking"))
    before = first_rows(at, 10)
    at.slider(key="w_seismic").set_value(0.0).run()
    after = first_rows(at, 10)
    assert after != before
    assert at.query_params["w"] == "seismic:0"


def test_capacity_only_ranks_the_largest_facility_first_and_reports_rank_shifts(demo_db):
    at = run_app(page_file("ranking"))
    for key in ("toxicity", "management", "flood", "seismic", "dam"):
        at.slider(key=f"w_{key}").set_value(0.0)
    at.run()
    table = at.dataframe[0].value
    assert table["facility_id"].iloc[0] == "KZ-KOS-001"  # Koshkar-Ata, about 360 Mt
    assert (table["rank_shift"] != 0).any()


def facility_colours(at) -> dict[str, list[int]]:
    points = element_json(at, "deck_gl_json_chart")[0]["layers"][-1]["data"]
    return {p["facility_id"]: p["color"] for p in points}


def test_the_map_and_the_contribution_chart_follow_the_weights(demo_db):
    at = run_app(page_file("ranking"))
    colours_before = facility_colours(at)
    chart_before = element_json(at, "plotly_chart")[0]
    at.slider(key="w_capacity").set_value(3.0).run()
    colours_after = facility_colours(at)
    chart_after = element_json(at, "plotly_chart")[0]
    assert colours_after != colours_before
    assert chart_after["data"][0]["x"] != chart_before["data"][0]["x"]


def test_the_map_needs_no_tiles_and_draws_country_borders(demo_db):
    deck = element_json(run_app(page_file("ranking")), "deck_gl_json_chart")[0]
    assert deck.get("mapProvider") in (None, "")
    assert [layer["id"] for layer in deck["layers"]][0] == "countries"
    assert deck["layers"][-1]["id"] == "facilities"


def test_a_shared_link_reproduces_the_weights_index_and_filters(demo_db):
    at = run_app(page_file("ranking"), w="seismic:0,capacity:2", index="tri", country="KZ")
    assert at.slider(key="w_seismic").value == 0.0 and at.slider(key="w_capacity").value == 2.0
    assert at.radio(key="index").value == "tri"
    assert set(at.dataframe[0].value["country"]) == {"Kazakhstan"}  # the UI says countries in words
    assert not at.warning


def test_a_link_with_a_bad_weight_shows_a_warning_and_the_official_ranking(demo_db):
    official = first_rows(run_app(page_file("ranking")), 32)
    at = run_app(page_file("ranking"), w="seismic:banana")
    assert not at.exception
    assert "seismic" in at.warning[0].value and "official" in at.warning[0].value
    assert first_rows(at, 32) == official
    assert at.slider(key="w_seismic").value == 1.0


def test_reset_restores_the_official_weights(demo_db):
    at = run_app(page_file("ranking"))
    official = first_rows(at, 32)
    at.slider(key="w_seismic").set_value(0.0).run()
    at.button(key="reset_weights").click().run()
    assert first_rows(at, 32) == official
    assert "w" not in at.query_params


def test_the_facility_page_shows_the_linked_facility_with_its_source(demo_db):
    at = run_app(page_file("facility"), facility="KG-MAI-003")
    assert at.selectbox(key=keys.FACILITY).value == "KG-MAI-003"
    sources = at.dataframe[1].value["source"].tolist()
    assert "http://wise-uranium.org/ummai.html" in sources


def test_the_methodology_page_marks_provisional_values(demo_db):
    at = run_app(page_file("methodology"))
    criteria = at.dataframe[0].value.set_index("key")
    assert criteria.loc["seismic", "provenance"] == "provisional"
    assert "*" in criteria.loc["seismic", "scores"]


def test_the_pages_speak_russian(demo_db):
    at = run_app(page_file("ranking"), lang="ru")
    assert at.title[0].value == "Рейтинг"
    assert at.slider(key="w_seismic").label == "Сейсмическая опасность"


def test_the_facility_page_shows_both_country_lists_when_tracing_and_inventory_disagree(demo_db):
    at = run_app(page_file("facility"), facility="KZ-KOS-001")  # Caspian shore states vs none entered
    assert any("differ" in warning.value and "Russia" in warning.value for warning in at.warning)
    assert any("Caspian" in block.value for block in at.markdown)
