"""Rank robustness: Monte Carlo statistics match a plain per-sample count, seeds reproduce,
comparisons move ranks."""

import numpy as np
import pandas as pd
import pytest

import tmf.robustness as robustness_module
from tmf.comparison import compare_rankings
from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.problems import ProblemError
from tmf.ranking import rank, rank_positions, score_inventory, weight_vector
from tmf.robustness import (
    Settings,
    chunk_ranks,
    mixture_weights,
    robustness,
    uniform_weights,
)

PROFILE = load_profile()
SCORED = score_inventory(load_inventory(), PROFILE)
HEALTH = {"population": 3.0, "capacity": 0.5, "seismic": 0.2}


def per_sample_ranks(scored, draws: np.ndarray) -> np.ndarray:
    """The reference: one tmf.ranking.rank_positions call per weight sample."""
    return np.array([rank_positions(scored.sub_scores @ w, scored.tie_order)[1] for w in draws])


def nearest_rank(ranks: np.ndarray, p: int) -> np.ndarray:
    return np.percentile(ranks, p, axis=0, method="inverted_cdf").astype(int)


def test_with_zero_uncertainty_each_facility_has_probability_one_at_its_rank():
    result = robustness(SCORED, HEALTH, "tri", Settings(samples=200, uncertainty=0.0, top=10, seed=1))
    table = result.table
    expected = rank(SCORED, HEALTH, "tri")
    assert table["facility_id"].tolist() == expected["facility_id"].tolist()
    assert table["rank"].tolist() == expected["rank"].tolist()
    for column in ("rank_p05", "rank_p50", "rank_p95"):
        assert table[column].tolist() == table["rank"].tolist()
    assert table["p_top"].tolist() == (table["rank"] <= 10).astype(float).tolist()
    bands = {"p_rank_1_5": (1, 5), "p_rank_6_10": (6, 10), "p_rank_11_20": (11, 20), "p_rank_21_plus": (21, 99)}
    for column, (first, last) in bands.items():
        assert table[column].tolist() == table["rank"].between(first, last).astype(float).tolist()


def dominated_inventory() -> pd.DataFrame:
    """Facility A is above every other facility on every criterion (THI and TRI)."""
    return pd.DataFrame(
        {
            "facility_id": ["A", "B", "C", "D"],
            "name": ["Top", "Big", "Toxic", "Shaky"],
            "volume_m3": [1e8, 9e7, 1e5, 1e6],
            "hazard_class_wgk": [3, 2, 2, 1],
            "management": ["abandoned", "deficient", "managed", "managed"],
            "flood_hazard": ["high", "moderate", "none", "moderate"],
            "seismic_pga_g": [0.6, 0.12, 0.05, 0.1],
            "dam_condition": ["deficient", "doubtful", "adequate", "doubtful"],
            "population_downstream": [50_000, 10_000, 100, 5_000],
            "protected_area_downstream": ["yes", "no", "no", "no"],
            "distance_to_water_km": [0.1, 5, 15, 8],
            "downstream_countries": ["UZ", "", "", ""],
        }
    )


@pytest.mark.parametrize("index", ["thi", "tri"])
def test_a_facility_that_dominates_every_other_on_every_criterion_is_first_whatever_the_weights(index):
    scored = score_inventory(dominated_inventory(), PROFILE)
    keys = list(PROFILE.keys_of(index))
    sub = scored.sub_score_frame()[keys]
    assert (sub.iloc[0] > sub.iloc[1:].max()).all(), "the fixture must dominate on every criterion"
    result = robustness(scored, None, index, Settings(samples=3000, uncertainty=1.0, top=1, seed=7))
    row = result.table.set_index("facility_id").loc["A"]
    assert row["p_top"] == 1.0 and row["rank_p95"] == 1
    assert result.table.set_index("facility_id").drop(index="A")["p_top"].eq(0).all()


def test_the_statistics_equal_a_plain_count_over_per_sample_rankings():
    settings = Settings(samples=400, uncertainty=0.8, top=7, seed=11)
    result = robustness(SCORED, HEALTH, "tri", settings)
    base = weight_vector(PROFILE, HEALTH, "tri")
    draws = uniform_weights(base, 0.8, 400, np.random.default_rng(11))
    ranks = per_sample_ranks(SCORED, draws)
    table = result.table.set_index("facility_id").loc[SCORED.facilities["facility_id"]]
    np.testing.assert_allclose(table["p_top"], (ranks <= 7).mean(axis=0))
    for p in (5, 50, 95):
        np.testing.assert_array_equal(table[f"rank_p{p:02d}"], nearest_rank(ranks, p))
    np.testing.assert_allclose(table["p_rank_6_10"], ((ranks >= 6) & (ranks <= 10)).mean(axis=0))
    np.testing.assert_allclose(table["p_rank_21_plus"], (ranks >= 21).mean(axis=0))


def test_the_result_does_not_depend_on_the_chunk_size(monkeypatch):
    settings = Settings(samples=500, uncertainty=0.5, top=5, seed=3)
    whole = robustness(SCORED, None, "thi", settings).table
    monkeypatch.setattr(robustness_module, "CHUNK_CELLS", 7 * len(SCORED))
    pd.testing.assert_frame_equal(robustness(SCORED, None, "thi", settings).table, whole)


def test_the_same_seed_gives_the_same_result_and_another_seed_another():
    first = robustness(SCORED, None, "thi", Settings(samples=2000, seed=42))
    again = robustness(SCORED, None, "thi", Settings(samples=2000, seed=42))
    other = robustness(SCORED, None, "thi", Settings(samples=2000, seed=43))
    pd.testing.assert_frame_equal(first.table, again.table)
    assert not first.table["p_top"].equals(other.table["p_top"])
    assert (first.seed, other.seed) == (42, 43)


def test_a_run_without_a_seed_returns_the_seed_that_reproduces_it():
    drawn = robustness(SCORED, None, "thi", Settings(samples=300))
    again = robustness(SCORED, None, "thi", Settings(samples=300, seed=drawn.seed))
    pd.testing.assert_frame_equal(drawn.table, again.table)


def random_scores(rng: np.random.Generator, scale: float) -> np.ndarray:
    """Scores of 40 facilities under 30 samples, with many exact ties."""
    return rng.integers(0, 6, size=(30, 40)) * scale + rng.integers(0, 3, size=(30, 40)) * 0.25 * scale


@pytest.mark.parametrize("scale", [1.0, 1e12], ids=["packed sort", "argsort for huge scores"])
def test_the_ranks_of_every_sample_follow_the_tie_rule_of_tmf_ranking(scale):
    scores = random_scores(np.random.default_rng(5), scale)
    order, ranks = chunk_ranks(scores)
    tie_order = np.arange(scores.shape[1])
    for k in range(scores.shape[0]):
        expected = rank_positions(scores[k], tie_order)[1]
        by_facility = np.empty_like(expected)
        by_facility[order[k]] = ranks[k]
        np.testing.assert_array_equal(by_facility, expected)


def test_rank_bins_for_large_inventories_only_widen_the_band(monkeypatch):
    settings = Settings(samples=300, uncertainty=0.9, top=5, seed=9)
    exact = robustness(SCORED, None, "thi", settings).table.set_index("facility_id")
    monkeypatch.setattr(robustness_module, "HISTOGRAM_CELLS", 200)
    binned = robustness(SCORED, None, "thi", settings)
    assert binned.rank_resolution == 6
    table = binned.table.set_index("facility_id").loc[exact.index]
    assert (table["rank_p05"] <= exact["rank_p05"]).all() and (table["rank_p95"] >= exact["rank_p95"]).all()
    assert ((exact["rank_p50"] - table["rank_p50"]).between(0, 5)).all()
    pd.testing.assert_series_equal(table["p_top"], exact["p_top"])


def test_uniform_draws_stay_within_plus_minus_u_and_within_0_to_3():
    base = np.array([1.0, 0.0, 2.5, 3.0])
    draws = uniform_weights(base, 0.5, 5000, np.random.default_rng(1))
    assert (draws[:, 0] >= 0.5).all() and (draws[:, 0] <= 1.5).all()
    assert (draws[:, 1] == 0).all()
    assert draws[:, 2].max() == 3.0 and draws[:, 2].min() >= 1.25
    assert draws.max() <= 3.0 and abs(draws[:, 0].mean() - 1.0) < 0.02


def test_scenario_mixtures_stay_between_the_saved_weightings_and_need_two_of_them():
    vectors = np.array([[1.0, 1.0, 0.0], [3.0, 0.0, 0.0], [0.0, 2.0, 0.0]])
    draws = mixture_weights(vectors, 4000, np.random.default_rng(2))
    assert (draws >= vectors.min(axis=0)).all() and (draws <= vectors.max(axis=0)).all()
    np.testing.assert_allclose(draws.mean(axis=0), vectors.mean(axis=0), atol=0.05)
    with pytest.raises(ProblemError) as error:
        mixture_weights(vectors[:1].repeat(2, axis=0), 10, np.random.default_rng(2))
    assert error.value.problems[0].code == "robustness_needs_scenarios"


def test_the_scenario_source_mixes_the_saved_weightings():
    official = weight_vector(PROFILE, None, "thi")
    capacity_only = weight_vector(PROFILE, {k: 0.0 for k in PROFILE.keys if k != "capacity"}, "thi")
    settings = Settings(samples=500, top=5, seed=4, source="scenarios")
    result = robustness(SCORED, None, "thi", settings, scenario_weights=np.array([official, capacity_only]))
    koshkar = result.table.set_index("facility_id").loc["KZ-KOS-001"]  # largest volume: first by capacity
    assert 0 < koshkar["p_top"] < 1 and koshkar["rank_p05"] == 1


@pytest.mark.parametrize(
    ("settings", "name"),
    [
        (Settings(samples=0), "samples"),
        (Settings(uncertainty=1.5), "uncertainty"),
        (Settings(top=0), "top"),
        (Settings(seed=-1), "seed"),
    ],
)
def test_a_setting_out_of_range_is_refused_naming_it(settings, name):
    with pytest.raises(ProblemError) as error:
        robustness(SCORED, None, "thi", settings)
    assert error.value.messages()[0].startswith(f"{name} must be between")


def test_progress_is_reported_chunk_by_chunk_up_to_every_sample(monkeypatch):
    monkeypatch.setattr(robustness_module, "CHUNK_CELLS", 100 * len(SCORED))
    calls = []
    robustness(SCORED, None, "thi", Settings(samples=250, seed=1), progress=lambda done, total: calls.append(done))
    assert calls == [100, 200, 250]


def test_a_comparison_lists_the_facility_that_moves_most_first():
    capacity_only = {k: 0.0 for k in PROFILE.keys if k != "capacity"}
    comparison = compare_rankings(SCORED, None, "thi", capacity_only, "thi")
    official = rank(SCORED, None, "thi").set_index("facility_id")["rank"]
    by_capacity = rank(SCORED, capacity_only, "thi").set_index("facility_id")["rank"]
    moved = (official - by_capacity).abs()
    first = comparison.iloc[0]
    assert first["moved"] == moved.max() and moved[first["facility_id"]] == moved.max()
    assert first["change"] == official[first["facility_id"]] - by_capacity[first["facility_id"]]
    assert comparison["moved"].is_monotonic_decreasing
