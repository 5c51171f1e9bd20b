"""The room's weights on hand-made answers: median, geometric mean (ties, zeros), spreads."""

import numpy as np
import pandas as pd
import pytest

from tmf.methodology import load_profile
from tmf.ranking import rank, score_inventory
from tmf.workshop import answers_frame, geometric_mean, rank_spread, room_weights, weigh_room, weight_spread

PROFILE = load_profile()


def two_facilities() -> pd.DataFrame:
    """BIG stores much more; SHAKY sits in a far stronger earthquake zone; the rest equal."""
    return pd.DataFrame(
        {
            "facility_id": ["BIG", "SHAKY"],
            "name": ["Big", "Shaky"],
            "country": ["KZ", "KG"],
            "latitude": [48.0, 42.0],
            "longitude": [68.0, 74.0],
            "status": ["active", "active"],
            "volume_m3": [1e8, 1e4],
            "seismic_pga_g": [0.02, 0.5],
        }
    )


def only(key: str) -> dict[str, float]:
    return {k: (1.0 if k == key else 0.0) for k in PROFILE.keys}


def test_the_median_of_three_participants_is_the_middle_answer_per_criterion():
    answers = answers_frame([{"a": 0.5, "b": 3.0}, {"a": 2.0, "b": 1.0}, {"a": 1.0, "b": 1.0}], ["a", "b"])
    assert room_weights(answers) == {"a": 1.0, "b": 1.0}


def test_the_median_of_an_even_room_is_the_mean_of_the_two_middle_answers():
    answers = answers_frame([{"a": 0.5}, {"a": 1.0}, {"a": 2.0}, {"a": 3.0}], ["a"])
    assert room_weights(answers) == {"a": 1.5}


def test_the_geometric_mean_of_1_and_4_is_2_and_of_ties_is_the_tied_value():
    answers = answers_frame([{"a": 1.0, "b": 2.5}, {"a": 4.0, "b": 2.5}], ["a", "b"])
    assert room_weights(answers, "geomean") == {"a": 2.0, "b": 2.5}


def test_a_single_zero_makes_the_geometric_mean_zero_without_warnings():
    with np.errstate(all="raise"):
        means = geometric_mean(np.array([[0.0, 2.0], [3.0, 2.0], [3.0, 0.25]]))
    assert means.tolist() == [0.0, 1.0]


def test_a_zero_does_not_veto_under_the_median():
    answers = answers_frame([{"a": 0.0}, {"a": 2.0}, {"a": 2.0}], ["a"])
    assert room_weights(answers, "median") == {"a": 2.0}
    assert room_weights(answers, "geomean") == {"a": 0.0}


def test_room_weights_are_rounded_to_a_hundredth():
    answers = answers_frame([{"a": 1.0}, {"a": 2.0}, {"a": 3.0}], ["a"])
    assert room_weights(answers, "geomean") == {"a": 1.82}  # 6 ** (1/3) = 1.817...


def test_weight_spread_gives_the_quartiles_of_each_criterion():
    answers = answers_frame([{"a": v} for v in (0.0, 1.0, 2.0, 3.0, 3.0)], ["a"])
    assert weight_spread(answers).loc["a"].tolist() == [0.0, 1.0, 2.0, 3.0, 3.0]


def test_an_unknown_aggregation_and_an_empty_room_are_refused():
    with pytest.raises(ValueError):
        room_weights(answers_frame([{"a": 1.0}], ["a"]), "mean")
    with pytest.raises(ValueError):
        room_weights(answers_frame([], ["a"]))


def test_identical_answers_give_no_rank_spread():
    scored = score_inventory(two_facilities(), PROFILE)
    answers = answers_frame([PROFILE.default_weights] * 4, PROFILE.keys)
    spread = rank_spread(scored, answers, "thi")
    assert spread["iqr"].tolist() == [0.0, 0.0]
    assert spread["range"].tolist() == [0.0, 0.0]


def test_a_room_split_between_volume_and_earthquakes_puts_both_facilities_from_first_to_last():
    scored = score_inventory(two_facilities(), PROFILE)
    answers = answers_frame([only("capacity"), only("seismic"), only("capacity")], PROFILE.keys)
    spread = rank_spread(scored, answers, "thi").set_index("facility_id")
    assert spread.loc["BIG", ["best", "median", "worst"]].tolist() == [1.0, 1.0, 2.0]
    assert spread.loc["SHAKY", ["best", "median", "worst"]].tolist() == [1.0, 2.0, 2.0]


def test_the_consensus_ranking_is_the_ranking_with_the_room_weights():
    scored = score_inventory(two_facilities(), PROFILE)
    answers = [only("seismic"), only("seismic"), only("capacity")]
    room = weigh_room(scored, answers, "median", "thi")
    assert room.count == 3
    assert room.weights["seismic"] == 1.0 and room.weights["capacity"] == 0.0
    assert room.consensus.ranked["facility_id"].tolist() == ["SHAKY", "BIG"]
    assert room.consensus.ranked["facility_id"].tolist() == rank(scored, room.weights)["facility_id"].tolist()
    assert room.rank_spread["facility_id"].iloc[0] in {"BIG", "SHAKY"}
    assert room.rank_spread["range"].tolist() == [1.0, 1.0]


def test_an_answer_missing_a_criterion_counts_with_the_profile_default():
    scored = score_inventory(two_facilities(), PROFILE)
    room = weigh_room(scored, [{"seismic": 3.0}], "median")
    assert room.weights["seismic"] == 3.0 and room.weights["capacity"] == PROFILE.default_weights["capacity"]
