"""Links: a scenario survives its URL, garbage is reported and ignored, old links still work."""

import pytest

from tmf.methodology import load_profile
from tmf.view import (
    LINK_MIGRATIONS,
    LINK_VERSION,
    View,
    from_query,
    parse_query_string,
    query_string,
    to_query,
)

PROFILE = load_profile()

SCENARIOS = {
    "weights only": View().with_weights({"seismic": 0.0, "flood": 2.5}, PROFILE),
    "tri and filters": View(index="tri", country=("KG", "KZ"), status=("active",), commodity=("U",)),
    "facility and language": View(facility="KG-MAI-003", lang="ru"),
    "everything": View(
        weights=(("capacity", 3.0), ("population", 0.25)),
        index="tri",
        country=("TJ",),
        facility="TJ-DEG-001",
        lang="kk",
        top=25,
    ),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_scenario_survives_the_round_trip_through_its_link(name):
    scenario = SCENARIOS[name]
    parsed, problems = from_query(to_query(scenario), PROFILE)
    assert problems == []
    assert parsed == scenario


@pytest.mark.parametrize("name", SCENARIOS)
def test_a_scenario_survives_the_round_trip_through_its_query_string(name):
    scenario = SCENARIOS[name]
    text = query_string(scenario)
    assert from_query(parse_query_string("?" + text), PROFILE) == (scenario, [])


def test_the_default_scenario_has_an_empty_query():
    assert to_query(View()) == {}
    assert query_string(View().with_weights(PROFILE.default_weights, PROFILE)) == ""


def test_a_link_carries_its_version_and_only_the_values_that_differ():
    query = to_query(View().with_weights(PROFILE.default_weights | {"seismic": 0.0}, PROFILE))
    assert query == {"v": str(LINK_VERSION), "w": "seismic:0"}


def test_a_top_n_outside_1_to_1000_is_reported_and_ignored():
    assert from_query({"top": "20"}, PROFILE)[0].top == 20
    for bad in ("0", "1001", "ten", "-3"):
        scenario, problems = from_query({"top": bad}, PROFILE)
        assert scenario.top is None
        assert [(p.code, p.params["name"]) for p in problems] == [("link_bad_value", "top")]


def test_a_link_with_garbage_is_reported_and_falls_back_to_the_official_weighting():
    scenario, problems = from_query({"w": "seismic:banana,flood:2", "index": "xyz", "lang": "fr"}, PROFILE)
    assert scenario.weights == () and scenario.index == "thi" and scenario.lang == "en"
    assert [p.code for p in problems] == ["link_bad_weights", "link_bad_value", "link_bad_value"]
    message = problems[0].message()
    assert "seismic" in message and "banana" in message and "official weighting" in message


def test_a_weight_out_of_range_or_of_an_unknown_criterion_is_refused_as_a_whole():
    for text in ("seismic:5", "beauty:2,flood:2", "seismic"):
        scenario, problems = from_query({"w": text}, PROFILE)
        assert scenario.weights == () and problems[0].code == "link_bad_weights", text


def test_an_old_link_with_one_parameter_per_criterion_still_works():
    scenario, problems = from_query({"w_seismic": "0", "w_flood": "2.5", "index": "tri"}, PROFILE)
    assert problems == []
    assert scenario.weight_map() == {"flood": 2.5, "seismic": 0.0}
    assert scenario.index == "tri"
    assert scenario.extra == {}
    assert to_query(scenario) == {"v": "2", "w": "flood:2.5,seismic:0", "index": "tri"}


def test_an_old_link_with_the_early_criterion_names_still_works():
    scenario, problems = from_query({"w": "seismicity:0,water:2", "w_protected": "3"}, PROFILE)
    assert problems == []
    assert scenario.weight_map() == {"seismic": 0.0, "protected_area": 3.0, "water_distance": 2.0}


def test_a_bad_weight_in_an_old_link_is_still_reported():
    scenario, problems = from_query({"w_seismic": "banana"}, PROFILE)
    assert scenario.weights == ()
    assert problems[0].code == "link_bad_weights" and "banana" in problems[0].message()


def test_current_links_are_not_touched_by_the_old_link_migration():
    query = {"v": "2", "w": "seismic:0", "facility": "KG-MAI-003", "zoom": "5"}
    scenario, problems = from_query(query, PROFILE)
    assert problems == [] and scenario.weight_map() == {"seismic": 0.0}
    assert scenario.extra == {"zoom": "5"}


def test_a_link_of_an_unknown_version_is_reported_and_read_as_well_as_possible():
    newer, problems = from_query({"v": "99", "w": "seismic:0"}, PROFILE)
    assert [p.code for p in problems] == ["link_newer_version"]
    assert newer.weight_map() == {"seismic": 0.0}
    garbled, problems = from_query({"v": "two", "w_seismic": "0"}, PROFILE)
    assert [p.code for p in problems] == ["link_bad_value"]
    assert garbled.weight_map() == {"seismic": 0.0}


def test_every_link_version_has_one_migration_to_the_next():
    assert [m.from_version for m in LINK_MIGRATIONS] == list(range(1, LINK_VERSION))
