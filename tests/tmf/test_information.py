"""What to measure next: p_change and evpi equal a plain re-ranking of every joint draw, and
known answers on hand-made inventories."""

import itertools

import numpy as np
import pytest

from tests.tmf.test_uncertainty import scored_of
from tmf.information import LOG_VALUES, measure_next, sampling_error
from tmf.ranking import rank_positions, weight_vector
from tmf.uncertainty import LevelDraws, data_uncertainty


def top_set(scores, tie_order, top):
    return frozenset(np.flatnonzero(rank_positions(scores, tie_order)[1] <= top))


def values_of(draws, cell):
    if isinstance(draws, LevelDraws):
        kept = draws.probabilities[cell] > 0
        return draws.levels[kept], draws.probabilities[cell][kept]
    slices = (np.arange(LOG_VALUES) + 0.5) / LOG_VALUES
    return np.maximum(draws.low[cell] + draws.width[cell] * slices, draws.floor), np.full(LOG_VALUES, 1 / LOG_VALUES)


def best_choice(probability, official_rank, top):
    """The top facilities by membership probability, ties to the better official rank."""
    order = sorted(range(len(probability)), key=lambda j: (-round(probability[j], 12), official_rank[j], j))
    return set(order[:top])


def reference(scored, weights, index, top, samples, seed):
    """By the definitions, one draw and one value at a time: rank the whole inventory."""
    base = weight_vector(scored.profile, weights, index)
    data = data_uncertainty(scored)
    rng = np.random.default_rng(seed)
    drawn = [d.draw(rng.random((samples, len(d.rows)), dtype=np.float32)) for d in data.draws]
    worlds = np.repeat(scored.sub_scores[None], samples, axis=0)
    for draws, values in zip(data.draws, drawn, strict=True):
        worlds[:, draws.rows, draws.column] = values
    order, _ = rank_positions(scored.sub_scores @ base, scored.tie_order)
    official = np.argsort(order)
    result = {}
    for draws in (d for d in data.draws if base[d.column] > 0):
        for cell, row in enumerate(draws.rows):
            values, p = values_of(draws, cell)
            sets = [[None] * samples for _ in values]
            membership = np.zeros((len(values), len(official)))
            for a, value in enumerate(values):
                for k in range(samples):
                    world = worlds[k].copy()
                    world[row, draws.column] = value
                    sets[a][k] = top_set(world @ base, scored.tie_order, top)
                    membership[a, list(sets[a][k])] += 1 / samples
            p_change = sum(
                p[a] * p[b] * np.mean([sets[a][k] != sets[b][k] for k in range(samples)])
                for a, b in itertools.product(range(len(values)), repeat=2)
            )
            prior = p @ membership
            before = prior[list(best_choice(prior, official, top))].sum()
            chosen = [list(best_choice(membership[a], official, top)) for a in range(len(p))]
            after = sum(p[a] * membership[a, chosen[a]].sum() for a in range(len(p)))
            key = (scored.facilities["facility_id"][row], draws.field)
            result[key] = (p_change, max(after - before, 0.0))
    return result


SMALL = scored_of(
    {"management": np.nan, "confidence": "low"},
    {"dam_condition": "unknown", "confidence": "medium"},
    {"volume_m3": 3e6, "confidence": "low", "notes": "ESTIMATES: population_downstream"},
    {"volume_m3": np.nan, "flood_hazard": "high"},
    {"seismic_pga_g": 0.4, "confidence": "medium"},
    {"volume_m3": 1e3, "confidence": "low"},
)


@pytest.mark.parametrize(("weights", "index", "top"), [(None, "thi", 2), ({"population": 3.0}, "tri", 1)])
def test_p_change_and_evpi_equal_re_ranking_every_draw_with_the_value_learnt(weights, index, top):
    table = measure_next(SMALL, weights, index, top, samples=60, seed=7)
    expected = reference(SMALL, weights, index, top, samples=60, seed=7)
    found = {(r.facility_id, r.field): (r.p_change, r.evpi) for r in table.itertuples()}
    assert found.keys() == expected.keys()
    assert np.array(list(found.values())) == pytest.approx(np.array([expected[k] for k in found]), abs=1e-9)
    assert table["p_change"].is_monotonic_decreasing
    assert (table["p_change"] > 0).any() and (table["evpi"] > 0).any()


# Even one class up on every input and three times the volume, C stays far behind A and B.
LEAST = {"volume_m3": 1e2, "hazard_class_wgk": 0, "management": "managed", "flood_hazard": "none"}
LEAST |= {"seismic_pga_g": 0.01, "dam_condition": "adequate"}


def test_the_unknown_that_decides_the_top_1_comes_first_with_its_exact_value():
    # A leads B only by the precautionary score of its unknown management; every other value
    # of A, B and D is of high confidence; C (low confidence) is far behind.
    scored = scored_of(
        {"management": np.nan},
        {"management": "deficient"},
        {**LEAST, "confidence": "low"},
        {"volume_m3": 1e4},
    )
    table = measure_next(scored, None, "thi", 1)
    first = table.iloc[0]
    assert (first.facility_id, first.field, bool(first.unknown)) == ("A", "management", True)
    # Learnt "managed", B alone is first; "deficient", A and B share rank 1; "abandoned", A
    # alone: the three top-1 sets differ, so two independent values differ with 1 - 3 (1/3)^2.
    assert first.p_change == pytest.approx(2 / 3)
    # Before: A and B each in the top 1 with 2/3; after: the one chosen is in for sure.
    assert first.evpi == pytest.approx(1 / 3)
    assert not set(table["facility_id"]) & {"B", "D"}  # high-confidence known values never appear
    far_behind = table[table["facility_id"] == "C"]
    assert len(far_behind) and (far_behind[["p_change", "evpi"]] == 0).all().all()  # C cannot reach the top 1


def test_the_deciding_unknown_still_comes_first_when_its_record_is_of_low_confidence():
    scored = scored_of(
        {"management": np.nan, "confidence": "low"},
        {"management": "deficient"},
        {"volume_m3": 1e2, "confidence": "low"},
        {"volume_m3": 1e4},
    )
    table = measure_next(scored, None, "thi", 1)
    assert tuple(table.iloc[0][["facility_id", "field"]]) == ("A", "management")
    assert not set(table["facility_id"]) & {"B", "D"}


def test_one_seed_gives_the_same_list():
    first = measure_next(SMALL, None, "thi", 2, seed=3)
    assert first.equals(measure_next(SMALL, None, "thi", 2, seed=3))


def test_the_sampling_error_of_a_probability_is_its_binomial_standard_error():
    # p = 0.5 from 1,000 draws: sqrt(0.25 / 1000) = 0.0158; the largest of several is given
    assert sampling_error([0.1, 0.5, 0.9], 1000) == pytest.approx(0.015811, abs=1e-6)
    assert sampling_error([0.0, 1.0], 1000) == 0.0  # certain: no error
