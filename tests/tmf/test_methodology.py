"""The methodology engine: published capacity values, THI/TRI sums, weights and ranks."""

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


def only(key: str) -> dict[str, float]:
    return {k: (1.0 if k == key else 0.0) for k in PROFILE.keys}


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


def test_with_default_weights_thi_is_the_sum_of_its_sub_scores_and_tri_adds_exposure():
    frame = facilities(
        volume_m3=[1e5, 2e6, 7e7],
        hazard_class_wgk=[1, 3, np.nan],
        management=["managed", "deficient", "abandoned"],
        seismic_pga_g=[0.05, 0.2, 0.5],
        population_downstream=[0, 500, 50_000],
    )
    ranked = rank_facilities(frame, PROFILE).set_index("facility_id")
    thi_keys, exposure_keys = PROFILE.keys_of("thi"), [k for k in PROFILE.keys if k not in PROFILE.keys_of("thi")]
    thi_sum = ranked[[f"s_{k}" for k in thi_keys]].sum(axis=1)
    exposure_sum = ranked[[f"s_{k}" for k in exposure_keys]].sum(axis=1)
    assert np.allclose(ranked["thi"], thi_sum)
    assert np.allclose(ranked["tri"], thi_sum + exposure_sum)
    assert np.allclose(ranked[[f"c_{k}" for k in thi_keys]].sum(axis=1), ranked["score"])


def test_setting_every_weight_but_capacity_to_zero_ranks_by_stored_volume():
    frame = facilities(volume_m3=[1e5, 1e7, 1e6], hazard_class_wgk=[3, 0, 1], seismic_pga_g=[0.5, 0.0, 0.2])
    ranked = rank_facilities(frame, PROFILE, only("capacity"))
    assert ranked["facility_id"].tolist() == ["B", "C", "A"]
    assert ranked["score"].round(3).tolist() == [7.0, 6.0, 5.0]


def test_scaling_every_weight_by_the_same_factor_leaves_the_ranks_unchanged():
    rng = np.random.default_rng(7)
    frame = facilities(
        volume_m3=10 ** rng.uniform(4, 8, 40),
        hazard_class_wgk=rng.integers(0, 4, 40),
        seismic_pga_g=rng.uniform(0, 0.6, 40),
        population_downstream=rng.integers(0, 20_000, 40),
    ).assign(facility_id=[f"F{i:02d}" for i in range(40)])
    weights = PROFILE.default_weights | {"capacity": 1.2, "toxicity": 0.4, "seismic": 0.9, "dam": 0.0}
    for index in ("thi", "tri"):
        base = rank_facilities(frame, PROFILE, weights, index)
        scaled = rank_facilities(frame, PROFILE, {k: v * 2.5 for k, v in weights.items()}, index)
        assert not np.allclose(base["score"], scaled["score"])
        assert base[["facility_id", "rank"]].equals(scaled[["facility_id", "rank"]])


def test_equal_scores_share_a_rank_and_are_listed_by_facility_id():
    frame = facilities(volume_m3=[1e6, 1e7, 1e6, 1e5]).assign(facility_id=["Z", "M", "B", "Q"])
    ranked = rank_facilities(frame, PROFILE, only("capacity"))
    assert ranked["facility_id"].tolist() == ["M", "B", "Z", "Q"]
    assert ranked["rank"].tolist() == [1, 2, 2, 4]


def test_rank_shift_counts_places_moved_against_the_official_ranking():
    frame = facilities(volume_m3=[1e8, 1e5], seismic_pga_g=[0.0, 0.5], hazard_class_wgk=[0, 3])
    official = rank_facilities(frame, PROFILE)
    assert official["facility_id"].tolist() == ["B", "A"] and (official["rank_shift"] == 0).all()
    shifted = rank_facilities(frame, PROFILE, only("capacity")).set_index("facility_id")
    assert shifted.loc["A", "rank_shift"] == 1 and shifted.loc["B", "rank_shift"] == -1


def test_unknown_inputs_are_listed_per_facility():
    ranked = rank_facilities(facilities(volume_m3=[1e5], hazard_class_wgk=[np.nan]), PROFILE)
    assert "toxicity" in ranked.loc[0, "unknown"].split(",")
    assert "capacity" not in ranked.loc[0, "unknown"].split(",")


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
