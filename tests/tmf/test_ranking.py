"""tmf.ranking: weighted THI/TRI, contributions, ranks with their tie rule, the shift against
the official ranking, and subsets ranked among themselves."""

import numpy as np
import pandas as pd
import pytest

from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.problems import ProblemError
from tmf.ranking import rank, rank_facilities, rank_positions, ranked_columns, score_inventory, subset, weight_vector

PROFILE = load_profile()


def facilities(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {"facility_id": [chr(ord("A") + i) for i in range(n)], "name": [f"TMF {i}" for i in range(n)]}
    return pd.DataFrame(base | columns)


def only(key: str) -> dict[str, float]:
    return {k: (1.0 if k == key else 0.0) for k in PROFILE.keys}


@pytest.fixture(scope="module")
def scored():
    return score_inventory(load_inventory(), PROFILE)


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


def test_a_subset_without_a_filter_is_the_scored_inventory_itself_not_a_sorted_copy(scored):
    assert subset(scored) is scored
    assert subset(scored, np.ones(len(scored), dtype=bool)) is scored


def test_a_subset_of_a_few_columns_ranks_exactly_as_the_whole_inventory(scored):
    narrow = subset(scored, columns=["facility_id", "name"])
    assert list(narrow.facilities.columns) == ["facility_id", "name"]
    assert rank(narrow, {"seismic": 0})["facility_id"].tolist() == rank(scored, {"seismic": 0})["facility_id"].tolist()


def test_rank_gathers_only_the_columns_asked_for_in_their_order_with_the_same_values(scored):
    columns = ["rank", "facility_id", "c_seismic", "score", "country"]
    few = rank(scored, {"flood": 2}, "tri", columns=columns)
    assert list(few.columns) == columns
    pd.testing.assert_frame_equal(few, rank(scored, {"flood": 2}, "tri")[columns])
    assert few.loc[0, "rank"] == 1 and few["score"].is_monotonic_decreasing


def test_rank_positions_list_the_highest_score_first_and_ties_by_their_tie_order():
    # Rows 0 and 2 tie at 2.0; row 2 comes first in facility_id order (tie_order 1 < 2).
    order, ranks = rank_positions(np.array([2.0, 5.0, 2.0, 1.0]), np.array([2, 0, 1, 3]))
    assert order.tolist() == [1, 2, 0, 3]
    assert ranks.tolist() == [2, 1, 2, 4]


def test_scores_equal_to_nine_decimals_tie():
    _, ranks = rank_positions(np.array([1.0 + 1e-12, 1.0, 0.5]), np.array([0, 1, 2]))
    assert ranks.tolist() == [1, 1, 3]


def test_the_weight_vector_zeroes_the_exposure_criteria_for_the_thi_only():
    weights = {"capacity": 0.5, "population": 2.0}
    thi = weight_vector(PROFILE, weights, "thi")
    tri = weight_vector(PROFILE, weights, "tri")
    # profile order: capacity, toxicity, management, flood, seismic, dam (THI), then
    # population, protected_area, water_distance, transboundary; unnamed criteria keep 1
    assert thi.tolist() == [0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]
    assert tri.tolist() == [0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 1.0, 1.0, 1.0]


def test_an_index_other_than_thi_or_tri_is_refused_naming_it():
    scored = score_inventory(facilities(volume_m3=[1e5]), PROFILE)
    with pytest.raises(ProblemError) as refused:
        rank(scored, None, "xyz")
    assert refused.value.problems[0].code == "unknown_index"
    assert str(refused.value) == "The index must be thi or tri, not 'xyz'."
    with pytest.raises(ProblemError, match="not 'hi'"):
        weight_vector(PROFILE, None, "hi")


def test_a_subset_ranks_its_facilities_among_themselves_official_ranks_too():
    scored = score_inventory(facilities(volume_m3=[1e7, 1e6, 1e5]), PROFILE)
    ranked = rank(subset(scored, np.array([False, True, True])), only("capacity"))
    assert ranked[["facility_id", "rank", "official_rank", "rank_shift"]].values.tolist() == [
        ["B", 1, 1, 0],
        ["C", 2, 2, 0],
    ]


def test_ranked_columns_keep_the_facility_columns_present_once_then_every_added_column():
    scored = score_inventory(facilities(volume_m3=[1e5]), PROFILE)
    columns = ranked_columns(scored, ["name", "country", "name", "facility_id"])
    contributions = ["c_capacity", "c_toxicity", "c_management", "c_flood", "c_seismic", "c_dam"]
    contributions += ["c_population", "c_protected_area", "c_water_distance", "c_transboundary"]
    added = ["thi", "tri", "score", "rank", "official_rank", "rank_shift"]
    assert columns == ["name", "facility_id", *contributions, *added]
