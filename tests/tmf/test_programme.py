"""The measures programme: greedy choice of (facility, measure) pairs within a budget of cost units."""

import pytest

from tests.tmf.test_uncertainty import scored_of
from tmf.measures import apply_measures, greedy_programme, load_cost_units, load_effects, programme_of
from tmf.methodology import load_profile
from tmf.ranking import rank

PROFILE = load_profile()
EFFECTS = load_effects(PROFILE)
UNITS = load_cost_units()
# A: deficient dam and management; B: abandoned; C: as COMPLETE (deficient management, doubtful dam).
SCORED = scored_of({"dam_condition": "deficient"}, {"management": "abandoned"}, {})


def test_the_catalogue_gives_provisional_cost_units_a_factor_of_about_three_apart():
    assert UNITS == {"low": 1.0, "medium": 3.0, "high": 10.0}


def test_the_best_value_for_money_comes_first_and_ties_go_to_the_higher_ranked_facility():
    # The manual (1 unit) takes B's abandoned management to managed (-2), then A's and C's
    # deficient one (-1 each; A ranks above C); A's drainage (3 units, -1) no longer fits.
    table = greedy_programme(SCORED, None, "thi", EFFECTS, budget=5, cost_units=UNITS)
    assert list(zip(table["facility_id"], table["measure"], strict=True)) == [
        ("B", "m_manual"),
        ("A", "m_manual"),
        ("C", "m_manual"),
    ]
    assert table["score_reduction"].tolist() == [2.0, 1.0, 1.0]
    assert table["spent"].tolist() == [1.0, 2.0, 3.0]


def test_a_larger_budget_adds_the_drainage_and_never_counts_a_field_twice():
    table = greedy_programme(SCORED, None, "thi", EFFECTS, budget=6, cost_units=UNITS)
    assert table.iloc[-1][["facility_id", "measure", "score_reduction", "spent"]].tolist() == [
        "A",
        "m_drainage",
        1.0,
        6.0,
    ]
    # B's management is managed after the manual: the owner (to deficient) buys nothing more.
    assert ("B", "m_owner") not in set(zip(table["facility_id"], table["measure"], strict=True))


def test_the_programme_lowers_the_total_score_by_the_sum_of_its_steps():
    table = greedy_programme(SCORED, None, "thi", EFFECTS, budget=26, cost_units=UNITS)
    assert table["spent"].max() <= 26
    before = rank(SCORED, None, "thi")["score"].sum()
    after = rank(apply_measures(SCORED, programme_of(table), EFFECTS), None, "thi")["score"].sum()
    assert before - after == pytest.approx(table["score_reduction"].sum())


def test_a_budget_below_the_cheapest_measure_buys_nothing():
    assert greedy_programme(SCORED, None, "thi", EFFECTS, budget=0.5, cost_units=UNITS).empty
