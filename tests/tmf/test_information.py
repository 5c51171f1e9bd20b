"""What to measure next: p_change equals re-ranking with the value learnt, and known answers."""

import numpy as np
import pytest

from tests.tmf.test_uncertainty import scored_of
from tmf.information import measure_next
from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.ranking import rank_positions, score_inventory, weight_vector
from tmf.uncertainty import LevelDraws, data_uncertainty

PROFILE = load_profile()
SCORED = score_inventory(load_inventory(), PROFILE)


def top_set(sub_scores, base, tie_order, top):
    return frozenset(np.flatnonzero(rank_positions(sub_scores @ base, tie_order)[1] <= top))


def reference(scored, weights, index, top):
    """p_change per (row, criterion) by re-ranking the whole inventory for each value."""
    base = weight_vector(scored.profile, weights, index)
    before = top_set(scored.sub_scores, base, scored.tie_order, top)
    result = {}
    for draws in data_uncertainty(scored).draws:
        if base[draws.column] == 0:
            continue
        for cell, row in enumerate(draws.rows):
            if isinstance(draws, LevelDraws):
                values, probabilities = draws.levels, draws.probabilities[cell]
            else:  # midpoints of a fine grid over the log interval
                grid = draws.low[cell] + draws.width[cell] * (np.arange(1000) + 0.5) / 1000
                values, probabilities = np.maximum(grid, draws.floor), np.full(1000, 1 / 1000)
            changed = 0.0
            for value, probability in zip(values, probabilities, strict=True):
                edited = scored.sub_scores.copy()
                edited[row, draws.column] = value
                changed += probability * (top_set(edited, base, scored.tie_order, top) != before)
            result[(scored.facilities["facility_id"][row], scored.profile.keys[draws.column])] = changed
    return result


@pytest.mark.parametrize(("weights", "index", "top"), [(None, "thi", 5), ({"population": 3.0}, "tri", 10)])
def test_p_change_equals_re_ranking_the_inventory_with_the_value_learnt(weights, index, top):
    table = measure_next(SCORED, weights, index, top)
    expected = reference(SCORED, weights, index, top)
    found = {(r.facility_id, r.criterion): r.p_change for r in table.itertuples()}
    assert found.keys() == expected.keys()
    assert found == pytest.approx(expected, abs=2e-3)
    assert table["p_change"].is_monotonic_decreasing


def test_the_unknown_that_decides_the_top_1_comes_first_and_a_high_confidence_value_never_appears():
    # A (low confidence, management unknown) leads B only by its precautionary score;
    # C is far behind, D (high confidence) far ahead of C but far behind A and B.
    scored = scored_of(
        {"management": np.nan, "confidence": "low"},
        {"management": "deficient"},
        {"volume_m3": 1e2, "confidence": "low"},
        {"volume_m3": 1e4},
    )
    table = measure_next(scored, None, "thi", 1)
    first = table.iloc[0]
    assert (first.facility_id, first.field, bool(first.unknown)) == ("A", "management", True)
    # Learnt "managed", B alone is first; "deficient", A and B share rank 1; "abandoned", A stays.
    assert first.p_change == pytest.approx(2 / 3)
    assert not set(table["facility_id"]) & {"B", "D"}
    far_behind = table[table["facility_id"] == "C"]
    assert len(far_behind) and (far_behind["p_change"] == 0).all()  # C cannot reach the top 1
