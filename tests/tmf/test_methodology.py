"""The methodology: published capacity values, sub-score bins, refused weights and profiles.

Weighted sums and ranks are tested in test_ranking.py."""

import tomllib

import numpy as np
import pandas as pd
import pytest

from tmf.methodology import DEFAULT_PROFILE, load_profile, parse_profile
from tmf.problems import ProblemError
from tmf.ranking import rank_facilities, score_inventory

PROFILE = load_profile()


def facilities(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {"facility_id": [chr(ord("A") + i) for i in range(n)], "name": [f"TMF {i}" for i in range(n)]}
    return pd.DataFrame(base | columns)


def sub_scores(frame: pd.DataFrame) -> pd.DataFrame:
    return score_inventory(frame, PROFILE).sub_score_frame()


@pytest.mark.parametrize(
    ("volume_m3", "expected"),
    [(110_500, 5.043), (450_000, 5.653), (2_592_000, 6.414)],
    ids=["Mailuu-Suu tailing No. 3", "Min-Kush Tuyuk-Suu", "Kadamjai"],
)
def test_capacity_sub_score_of_published_volumes(volume_m3, expected):
    assert sub_scores(facilities(volume_m3=[volume_m3]))["capacity"].round(3).tolist() == [expected]


def test_capacity_of_a_mass_uses_the_dry_density():
    khaidarkan = facilities(mass_t=[3_920_000], dry_density_t_m3=[1.408])
    assert round(sub_scores(khaidarkan)["capacity"].iloc[0], 3) == 6.445


def test_a_mass_without_density_uses_the_default_of_1_4():
    assert round(sub_scores(facilities(mass_t=[1_400_000]))["capacity"].iloc[0], 6) == 6.0


def test_unknown_water_hazard_class_counts_as_class_3():
    scores = sub_scores(facilities(hazard_class_wgk=[np.nan, 1, 3]))
    assert scores["toxicity"].tolist() == [3.0, 1.0, 3.0]


def test_seismic_bins_are_closed_below_and_open_above():
    scores = sub_scores(facilities(seismic_pga_g=[0.0, 0.0999, 0.1, 0.3, 0.45]))
    assert scores["seismic"].tolist() == [0.0, 0.0, 1.0, 2.0, 2.0]


@pytest.mark.parametrize(
    ("weights", "code"),
    [
        ({"seismic": 3.5}, "weight_out_of_range"),
        ({"seismic": "banana"}, "weight_not_a_number"),
        ({"beauty": 1}, "weight_unknown_criterion"),
    ],
)
def test_bad_weights_are_refused_naming_the_criterion(weights, code):
    with pytest.raises(ProblemError) as refused:
        rank_facilities(facilities(volume_m3=[1e5]), PROFILE, weights)
    assert refused.value.problems[0].code == code
    assert next(iter(weights)) in str(refused.value)


def profile_data() -> dict:
    with DEFAULT_PROFILE.open("rb") as handle:
        return tomllib.load(handle)


def test_a_profile_with_overlapping_bins_is_refused_naming_the_criterion():
    data = profile_data()
    seismic = next(c for c in data["criteria"] if c["key"] == "seismic")
    seismic["bins"][1]["min"] = 0.05
    with pytest.raises(ProblemError, match="seismic") as refused:
        parse_profile(data)
    assert refused.value.problems[0].code == "criterion_bins_not_contiguous"


def test_a_profile_with_an_empty_bin_or_a_score_that_is_not_a_number_is_refused():
    data = profile_data()
    population = next(c for c in data["criteria"] if c["key"] == "population")
    population["bins"][0]["max"] = 0.0
    with pytest.raises(ProblemError, match="population"):
        parse_profile(data)
    data = profile_data()
    next(c for c in data["criteria"] if c["key"] == "flood")["categories"][0]["score"] = "high"
    with pytest.raises(ProblemError, match="flood"):
        parse_profile(data)


def test_the_profile_has_the_criteria_the_method_names_with_default_weight_one():
    assert PROFILE.keys_of("thi") == ("capacity", "toxicity", "management", "flood", "seismic", "dam")
    assert PROFILE.keys == (*PROFILE.keys_of("thi"), "population", "protected_area", "water_distance", "transboundary")
    assert set(PROFILE.default_weights.values()) == {1.0}


def test_every_value_without_a_confirming_source_is_marked_provisional():
    for criterion in PROFILE.criteria:
        if criterion.provenance == "confirmed":
            assert criterion.source.startswith(("http", "German")) or "http" in criterion.source
        if criterion.missing_provenance == "confirmed":
            assert "http" in criterion.missing_source
    assert PROFILE.criterion("seismic").provisional
    assert PROFILE.criterion("toxicity").missing_provenance == "confirmed"
