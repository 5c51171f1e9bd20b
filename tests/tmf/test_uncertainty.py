"""Data uncertainty: ranges from confidence, estimates and unknowns, and the rank band they give."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from tmf.information import rank_bands
from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.problems import ProblemError
from tmf.ranking import score_inventory, weight_vector
from tmf.robustness import Settings, robustness
from tmf.uncertainty import DataUncertainty, LevelDraws, LogDraws, add_data_draws, data_uncertainty

PROFILE = load_profile()
RULES = PROFILE.uncertainty
NO_UNCERTAINTY = dataclasses.replace(
    RULES, numeric=dict.fromkeys(RULES.numeric, 1.0), categories=dict.fromkeys(RULES.categories, 0.0)
)
COMPLETE = {
    "volume_m3": 1e6,
    "hazard_class_wgk": 2,
    "management": "deficient",
    "flood_hazard": "moderate",
    "seismic_pga_g": 0.2,
    "dam_condition": "doubtful",
    "population_downstream": 500,
    "distance_to_water_km": 3.0,
    "protected_area_downstream": "no",
    "transboundary_class": "none",
    "confidence": "high",
    "notes": "",
}


def inventory(*rows: dict) -> pd.DataFrame:
    """Facilities A, B, ... with every input known unless a row overrides it."""
    facilities = [{"facility_id": chr(65 + i), "name": chr(65 + i), **COMPLETE, **row} for i, row in enumerate(rows)]
    return pd.DataFrame(facilities)


def scored_of(*rows: dict):
    return score_inventory(inventory(*rows), PROFILE)


def draws_of(scored, field: str, rules=RULES):
    return next((d for d in data_uncertainty(scored, rules).draws if d.field == field), None)


def test_every_range_of_the_profile_is_provisional_with_a_source():
    assert all(p == "provisional" and source for p, source in RULES.sources.values())
    assert RULES.numeric == {"high": 1.0, "medium": 1.5, "low": 3.0}


def test_high_confidence_known_values_have_no_uncertainty():
    scored = scored_of({}, {"volume_m3": 1e8})
    assert data_uncertainty(scored).cells == 0


def test_a_low_confidence_volume_ranges_a_factor_of_three_either_way():
    draws = draws_of(scored_of({"confidence": "low", "volume_m3": 1e6}), "volume_m3")
    assert isinstance(draws, LogDraws)
    assert draws.low[0] == pytest.approx(6 - np.log10(3))
    assert draws.low[0] + draws.width[0] == pytest.approx(6 + np.log10(3))


def test_an_unknown_volume_ranges_over_the_known_volumes_of_the_inventory():
    draws = draws_of(scored_of({"volume_m3": 1e4}, {"volume_m3": 1e8}, {"volume_m3": np.nan}), "volume_m3")
    assert draws.rows.tolist() == [2]
    assert (draws.low[0], draws.low[0] + draws.width[0]) == pytest.approx((4.0, 8.0))


def test_a_low_confidence_pga_on_a_bin_edge_falls_half_in_each_neighbouring_bin():
    # 0.1 g x/÷ 3 spans [0.033, 0.3): log-half below 0.1 (score 0), half in 0.1-0.3 (score 1).
    draws = draws_of(scored_of({"confidence": "low", "seismic_pga_g": 0.1}), "seismic_pga_g")
    assert isinstance(draws, LevelDraws)
    assert draws.probabilities[0] == pytest.approx([0.5, 0.5, 0.0])


def test_a_low_confidence_category_is_one_class_off_with_the_profiles_probability():
    draws = draws_of(scored_of({"confidence": "low", "management": "deficient"}), "management")
    assert draws.probabilities[0] == pytest.approx([0.2, 0.6, 0.2])
    at_end = draws_of(scored_of({"confidence": "medium", "management": "managed"}), "management")
    assert at_end.probabilities[0] == pytest.approx([0.8, 0.2, 0.0])


def test_an_unknown_dam_condition_ranges_evenly_over_the_known_conditions():
    for value in ("unknown", np.nan):
        draws = draws_of(scored_of({"dam_condition": value}), "dam_condition")
        assert draws.levels.tolist() == [0.0, 1.0, 2.0]
        assert draws.probabilities[0] == pytest.approx([1 / 3, 1 / 3, 1 / 3])


def test_a_value_the_notes_mark_as_an_estimate_counts_as_low_confidence():
    notes = "Published: volume. ESTIMATES: management 'deficient' (assumed); mass_t from the design."
    scored = scored_of({"notes": notes})
    assert draws_of(scored, "management").probabilities[0] == pytest.approx([0.2, 0.6, 0.2])
    assert draws_of(scored, "volume_m3") is not None  # a mass estimate is a volume estimate
    assert draws_of(scored, "flood_hazard") is None


def test_with_data_uncertainty_off_the_study_equals_the_weight_only_study():
    rows = (
        {"volume_m3": 10.0**k, "management": m} for k, m in zip(range(3, 9), ["managed", "abandoned"] * 3, strict=True)
    )
    known = scored_of(*rows)  # every input known, high confidence: nothing to draw
    assert data_uncertainty(known).cells == 0
    settings = Settings(samples=300, top=2, seed=3)
    weights_only = robustness(known, None, "thi", settings)
    assert weights_only.table["p_top"].between(0.01, 0.99).any()  # the weights alone move the top 2
    both = robustness(known, None, "thi", dataclasses.replace(settings, vary="both"))
    pd.testing.assert_frame_equal(weights_only.table, both.table)
    scored = score_inventory(load_inventory(), PROFILE)
    off = DataUncertainty(scored.sub_scores, ())
    pd.testing.assert_frame_equal(
        robustness(scored, None, "tri", settings).table,
        robustness(scored, None, "tri", dataclasses.replace(settings, vary="both"), data=off).table,
    )


def test_zero_data_uncertainty_gives_a_degenerate_band_at_the_official_rank():
    scored = scored_of({"volume_m3": 1e5}, {"volume_m3": 1e7}, {"volume_m3": 1e6})
    result = robustness(scored, None, "thi", Settings(samples=200, top=1, seed=1, vary="data"))
    table = result.table.set_index("facility_id")
    assert table["rank"].to_dict() == {"B": 1, "C": 2, "A": 3}
    assert (table["rank_p05"] == table["rank"]).all() and (table["rank_p95"] == table["rank"]).all()
    assert table["p_top"].to_dict() == {"B": 1.0, "C": 0.0, "A": 0.0}


def test_the_low_confidence_twin_has_the_wider_band_and_the_high_confidence_one_a_fixed_score():
    volumes = [3e5, 6e5, 1.2e6, 2.4e6, 4.8e6]
    others = [{"volume_m3": v, "confidence": "medium"} for v in volumes]
    scored = scored_of({"confidence": "low"}, {"confidence": "high"}, *others)
    uncertainty = data_uncertainty(scored)
    assert all(1 not in d.rows for d in uncertainty.draws)  # B: every value known, high confidence
    result = robustness(scored, None, "thi", Settings(samples=4000, top=2, seed=7, vary="data"))
    table = result.table.set_index("facility_id")
    width = table["rank_p95"] - table["rank_p05"]
    assert width["A"] > width["B"] > 0  # B's rank still moves with the others' uncertainty


def test_a_facility_far_ahead_on_every_criterion_keeps_p_top_1_under_data_uncertainty():
    worst = {"volume_m3": 1e9, "hazard_class_wgk": 3, "management": "abandoned", "flood_hazard": "high"}
    worst |= {"seismic_pga_g": 0.5, "dam_condition": "unknown", "confidence": "low"}
    mild = {"volume_m3": 1e3, "hazard_class_wgk": 0, "management": "managed", "flood_hazard": "none"}
    mild |= {"seismic_pga_g": 0.01, "dam_condition": "adequate", "confidence": "low"}
    scored = scored_of(worst, *[mild] * 5)
    result = robustness(scored, None, "thi", Settings(samples=3000, top=1, seed=2, vary="both"))
    assert result.table.set_index("facility_id").loc["A", "p_top"] == 1.0


def test_an_unknown_that_decides_between_two_facilities_gives_each_two_thirds_of_the_top():
    # A's unknown management is managed, deficient or abandoned with 1/3 each: A leads,
    # ties (both rank 1) or trails B (deficient) -> each is first in 2/3 of the draws.
    scored = scored_of({"management": np.nan}, {"management": "deficient"})
    result = robustness(scored, None, "thi", Settings(samples=30_000, top=1, seed=5, vary="data"))
    p_top = result.table.set_index("facility_id")["p_top"]
    assert p_top["A"] == pytest.approx(2 / 3, abs=0.01)
    assert p_top["B"] == pytest.approx(2 / 3, abs=0.01)


def test_an_unknown_that_cannot_change_the_rank_keeps_probability_one():
    scored = scored_of({"volume_m3": 1e9, "flood_hazard": np.nan}, {"volume_m3": 1e3})
    result = robustness(scored, None, "thi", Settings(samples=500, top=1, seed=1, vary="data"))
    assert result.table.set_index("facility_id").loc["A", "p_top"] == 1.0


def test_rank_bands_give_the_band_from_the_data_the_weights_and_both():
    scored = scored_of({"management": np.nan}, {"management": "deficient"}, {"volume_m3": 1e3})
    bands = rank_bands(scored, None, "thi", Settings(samples=2000, top=1, seed=4)).set_index("facility_id")
    assert bands.loc["A", ["rank_p05_data", "rank_p95_data"]].tolist() == [1, 2]
    assert bands.loc["C", ["rank_p05_data", "rank_p95_data", "p_top_data"]].tolist() == [3, 3, 0.0]
    assert bands.loc["A", "p_top_both"] == pytest.approx(2 / 3, abs=0.04)


def test_data_uncertainty_needs_the_profile_ranges():
    scored = score_inventory(inventory({}), dataclasses.replace(PROFILE, uncertainty=None))
    with pytest.raises(ProblemError, match="no \\[uncertainty\\] section"):
        robustness(scored, None, "thi", Settings(samples=10, vary="data"))


def test_a_facility_with_only_high_confidence_known_values_keeps_its_score_in_every_draw():
    scored = scored_of({"confidence": "low"}, {"confidence": "high"}, {"management": np.nan})
    base = weight_vector(PROFILE, None, "thi")
    official = scored.sub_scores @ base
    weights = np.repeat(base[None, :], 500, axis=0)
    scores = weights @ scored.sub_scores.T
    add_data_draws(scores, weights, data_uncertainty(scored), np.random.default_rng(1))
    assert scores[:, 1] == pytest.approx(np.full(500, official[1]))  # B: fixed
    assert scores[:, 0].std() > 0.1 and len(np.unique(scores[:, 2].round(6))) == 3  # A varies; C's management: 3 levels
