"""Sensitivity to one weight at a time: tipping points really tip, one-at-a-time ranks match
re-ranking with that weight at 0 and 3."""

import numpy as np
import pytest

from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.ranking import rank, rank_positions, score_inventory, weight_vector
from tmf.sensitivity import one_at_a_time, tipping_points, tipping_sentence

PROFILE = load_profile()
SCORED = score_inventory(load_inventory(), PROFILE)
HEALTH = {"population": 3.0, "capacity": 0.5, "seismic": 0.2}


TIPPING_CASES = [(None, "thi", 10), (HEALTH, "tri", 5), ({"seismic": 2.0, "dam": 0.3}, "thi", 3)]


def in_top(weights: dict, index: str, facility_id: str, top: int) -> bool:
    """Re-rank with tmf.ranking.rank: is the facility in the top?"""
    ranked = rank(SCORED, weights, index).set_index("facility_id")
    return bool(ranked.loc[facility_id, "rank"] <= top)


POSITION = {facility_id: i for i, facility_id in enumerate(SCORED.facilities["facility_id"])}


def in_top_fast(weights: dict, index: str, facility_id: str, top: int) -> bool:
    """The same with tmf.ranking's core (rank_positions), for grids of many weights."""
    scores = SCORED.sub_scores @ weight_vector(PROFILE, weights, index)
    return bool(rank_positions(scores, SCORED.tie_order)[1][POSITION[facility_id]] <= top)


@pytest.mark.parametrize(("weights", "index", "top"), TIPPING_CASES)
def test_a_tipping_point_flips_membership_just_past_it_and_not_just_before(weights, index, top):
    points = tipping_points(SCORED, weights, index, top)
    found = points[points["direction"] != "none"]
    assert len(found) > 0
    step = 2e-6
    for _, point in found.iterrows():
        weight, threshold = point["weight"], point["threshold_weight"]
        sign = -1 if point["direction"] == "down" else 1
        past = dict(weights or {}) | {point["criterion"]: threshold + sign * step}
        before = dict(weights or {}) | {point["criterion"]: threshold - sign * min(step, abs(weight - threshold))}
        assert not in_top(past, index, point["facility_id"], top), dict(point)
        assert in_top(before, index, point["facility_id"], top), dict(point)


@pytest.mark.parametrize(("weights", "index", "top"), TIPPING_CASES)
def test_no_smaller_change_of_that_weight_takes_the_facility_out(weights, index, top):
    points = tipping_points(SCORED, weights, index, top)
    for _, point in points.iterrows():
        weight, threshold = point["weight"], point["threshold_weight"]
        reach = 3.0 if point["direction"] == "none" else abs(weight - threshold)
        grid = np.clip(weight + np.linspace(-reach, reach, 41)[1:-1], 0.0, 3.0)
        for value in grid:
            changed = dict(weights or {}) | {point["criterion"]: float(value)}
            assert in_top_fast(changed, index, point["facility_id"], top), (dict(point), value)


def test_every_facility_of_the_top_gets_one_row_per_criterion_of_the_index():
    points = tipping_points(SCORED, None, "tri", 4)
    top = rank(SCORED, None, "tri").query("rank <= 4")["facility_id"]
    assert set(points["facility_id"]) == set(top)
    assert len(points) == len(top) * len(PROFILE.keys_of("tri"))
    assert set(points["direction"]) <= {"down", "up", "none"}


def test_a_tipping_point_reads_as_a_sentence_in_each_language():
    point = {"criterion": "seismic", "threshold_weight": 0.35, "direction": "down"}
    assert tipping_sentence(point, 10, "en") == "Stays in the top 10 unless the Seismic hazard weight falls below 0.35."
    assert "0,35" in tipping_sentence(point, 10, "ru")
    zero = point | {"threshold_weight": 0.001}
    assert tipping_sentence(zero, 10, "en").endswith("weight is set to 0.")
    none = {"criterion": "flood", "threshold_weight": np.nan, "direction": "none"}
    assert tipping_sentence(none, 5, "en") == "Stays in the top 5 whatever the Flood hazard weight (0 to 3)."


def test_one_at_a_time_ranks_equal_re_ranking_with_that_weight_at_0_and_3():
    sensitivity = one_at_a_time(SCORED, HEALTH, "tri").set_index(["criterion", "facility_id"])
    for key in ("population", "seismic"):
        for column, value in (("rank_at_min", 0.0), ("rank_at_max", 3.0)):
            expected = rank(SCORED, HEALTH | {key: value}, "tri").set_index("facility_id")["rank"]
            actual = sensitivity.loc[key][column]
            assert actual.to_dict() == expected.loc[actual.index].to_dict()
