"""How much the data uncertainty matters: rank bands by source, and what to measure next.

- ``rank_bands``: per facility, the rank band (5th-95th percentile) and P(top N) when the
  weights vary, when the data vary (tmf.uncertainty) and when both do, with one seed.
  Three runs of tmf.robustness.robustness: same memory bound (chunks of about 2 million
  (sample, facility) cells), about three times its time.
- ``measure_next``: which uncertain input, once known, most changes the top N: the
  probability that learning it changes the best-supported top-N set, and its expected
  value of perfect information (EVPI) on top-N membership, from one joint draw of all
  inputs (see its docstring; docs/methodology.md §5.5).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tmf.methodology import TIE_DECIMALS
from tmf.ranking import ScoredInventory, rank_positions, weight_vector
from tmf.robustness import VARY, Settings, chunk_ranks, new_seed, robustness
from tmf.uncertainty import DataUncertainty, LevelDraws, LogDraws, data_uncertainty

BAND_COLUMNS = ("p_top", "rank_p05", "rank_p50", "rank_p95")
VOI_SAMPLES = 1000  # joint draws behind measure_next; its Monte Carlo error is about 1/sqrt of it
VOI_SEED = 0  # the app's fixed seed: the "collect these first" list is the same on every visit
LOG_VALUES = 8  # equally likely slices of a volume's log range, each learnt at its midpoint


def rank_bands(
    scored: ScoredInventory,
    weights: Mapping[str, float] | None,
    index: str,
    settings: Settings,
    data: DataUncertainty | None = None,
) -> pd.DataFrame:
    """Rank band and P(top N) of each facility from the weights, from the data and from both.

    Columns: facility_id, name, rank (weights as given, precautionary rule), then
    ``<statistic>_<vary>`` for statistic in p_top, rank_p05, rank_p50, rank_p95 and vary
    in weights, data, both; rows by rank. ``settings.vary`` is ignored; its seed (drawn if
    None) is used for all three runs, and stored in ``frame.attrs["seed"]``.
    """
    seed = new_seed() if settings.seed is None else settings.seed
    data = data if data is not None else data_uncertainty(scored)
    table = None
    for vary in VARY:
        result = robustness(scored, weights, index, dataclasses.replace(settings, vary=vary, seed=seed), data=data)
        part = result.table[["facility_id", *BAND_COLUMNS]].rename(columns={c: f"{c}_{vary}" for c in BAND_COLUMNS})
        base = result.table[["facility_id", "name", "rank"]] if table is None else table
        table = base.merge(part, on="facility_id", how="left", validate="one_to_one")
    table.attrs["seed"] = seed
    return table


@dataclass(frozen=True, eq=False)
class JointSample:
    """``samples`` joint draws of every uncertain input, the weights as given.

    keys: (samples, facilities) scores rounded as tmf.ranking rounds them (integer keys of
    TIE_DECIMALS); greater: how many facilities score strictly higher (rank - 1); cut:
    (samples, 2) the top-th and (top+1)-th highest key (the top-th highest of the others
    of a facility is the second when the facility itself is among the first top);
    drawn: per draws object, (samples, cells) drawn sub-scores; scores: unrounded scores.
    """

    scores: np.ndarray
    keys: np.ndarray
    greater: np.ndarray
    cut: np.ndarray
    drawn: tuple[np.ndarray, ...]


def joint_sample(
    sub_scores: np.ndarray, base: np.ndarray, data: DataUncertainty, top: int, samples: int, rng: np.random.Generator
) -> JointSample:
    """Draw every uncertain input ``samples`` times (one float32 uniform per cell and sample)."""
    scores = np.repeat((sub_scores @ base)[None, :], samples, axis=0)
    drawn = []
    for draws in data.draws:
        values = draws.draw(rng.random((samples, len(draws.rows)), dtype=np.float32))
        scores[:, draws.rows] += base[draws.column] * (values - sub_scores[draws.rows, draws.column])
        drawn.append(values)
    keys = _keys(scores)
    order, ranks = chunk_ranks(scores)
    greater = np.empty_like(ranks)
    np.put_along_axis(greater, order, ranks - 1, axis=1)
    descending = np.take_along_axis(keys, order[:, : top + 1], axis=1)
    return JointSample(scores, keys, greater, descending[:, [top - 1, top]], tuple(drawn))


def _keys(scores: np.ndarray) -> np.ndarray:
    """Scores rounded to TIE_DECIMALS as integer-valued floats (the keys of chunk_ranks)."""
    return np.rint(scores * 10.0**TIE_DECIMALS)


def _choice(probability: np.ndarray, official: np.ndarray, top: int) -> np.ndarray:
    """The ``top`` facilities most likely in the top N, ties to the better official position.

    probability: (values, facilities); official: each facility's position in the official
    order. Returns (values, facilities) booleans: chosen or not.
    """
    rounded = np.round(probability, 12)
    order = np.lexsort((np.broadcast_to(official, rounded.shape), -rounded), axis=1)
    chosen = np.zeros(rounded.shape, dtype=bool)
    np.put_along_axis(chosen, order[:, :top], True, axis=1)
    return chosen


def _conditional_values(draws: LevelDraws | LogDraws, cell: int) -> tuple[np.ndarray, np.ndarray]:
    """The values a cell may be learnt at and their probabilities: each score level of a
    discrete input; for a log10 input, the midpoints of LOG_VALUES equally likely slices."""
    if isinstance(draws, LevelDraws):
        probabilities = draws.probabilities[cell]
        kept = probabilities > 0
        return draws.levels[kept], probabilities[kept]
    slices = (np.arange(LOG_VALUES) + 0.5) / LOG_VALUES
    values = np.maximum(draws.low[cell] + draws.width[cell] * slices, draws.floor)
    return values, np.full(LOG_VALUES, 1.0 / LOG_VALUES)


def _membership(joint: JointSample, row: int, new_keys: np.ndarray, others: np.ndarray, top: int) -> np.ndarray:
    """(values, samples, 1 + others) whether facility ``row`` (first column) and each of
    ``others`` is in the top N when ``row`` scores ``new_keys`` (values, samples), every
    other input as drawn. Exact per sample: the facility is in when its key reaches the
    top-th highest of the others; another facility is in when fewer than top facilities
    score strictly higher once the facility's key is replaced."""
    own = joint.keys[:, row]
    others_cut = np.where(own >= joint.cut[:, 0], joint.cut[:, 1], joint.cut[:, 0])
    keys, greater = joint.keys[:, others], joint.greater[:, others]
    without = greater - (own[:, None] > keys)
    inside = (without[None] + (new_keys[:, :, None] > keys[None])) < top
    return np.concatenate([(new_keys >= others_cut)[:, :, None], inside], axis=2)


def _value_of_cell(
    joint: JointSample, draws, k: int, cell: int, weight: float, contenders: np.ndarray, official, top: int
) -> tuple[float, float]:
    """(p_change, evpi) of one uncertain cell; see measure_next."""
    row = draws.rows[cell]
    values, probabilities = _conditional_values(draws, cell)
    rest = joint.scores[:, row] - weight * joint.drawn[k][:, cell]
    new_keys = _keys(rest[None, :] + weight * values[:, None])
    columns = np.concatenate([[row], contenders[contenders != row]])
    inside = _membership(joint, row, new_keys, columns[1:], top)
    differs = np.array([(inside[a] != inside).any(axis=2).mean(axis=1) for a in range(len(values))])
    p_change = probabilities @ differs @ probabilities
    membership = np.zeros((len(values), joint.keys.shape[1]))
    membership[:, columns] = inside.mean(axis=1)
    prior = probabilities @ membership
    chosen = _choice(np.vstack([prior, membership]), official, top)
    gain = probabilities @ (membership * chosen[1:]).sum(axis=1) - (prior * chosen[0]).sum()
    return float(p_change), max(float(gain), 0.0)


def _can_matter(joint: JointSample, draws, k: int, weight: float) -> np.ndarray:
    """Per cell: whether, in some sample, the facility's score over the whole range of the
    value reaches the top-th highest score of the others. Where it never does, the top-N set
    of every sample is the same whatever the value (the facility stays above the boundary,
    or below it), so p_change and evpi are exactly 0."""
    rows = draws.rows
    own = joint.keys[:, rows]
    cut = joint.cut[:, :, None]
    others_cut = np.where(own >= cut[:, 0], cut[:, 1], cut[:, 0])
    rest = joint.scores[:, rows] - weight * joint.drawn[k]
    if isinstance(draws, LevelDraws):
        low, high = draws.levels[0], draws.levels[-1]
    else:
        low, high = np.maximum(draws.low, draws.floor), np.maximum(draws.low + draws.width, draws.floor)
    lowest, highest = _keys(rest + weight * low), _keys(rest + weight * high)
    return ((lowest <= others_cut) & (others_cut <= highest)).any(axis=0)


def measure_next(
    scored: ScoredInventory,
    weights: Mapping[str, float] | None,
    index: str,
    top: int,
    data: DataUncertainty | None = None,
    samples: int = VOI_SAMPLES,
    seed: int = VOI_SEED,
) -> pd.DataFrame:
    """Which uncertain input, once known, most changes the top N: "collect these first".

    The question behind it: which N facilities to act on first, knowing the data only
    within their ranges (tmf.uncertainty; the weights as given). Before anything is learnt,
    the best-supported choice S is the N facilities with the highest probability of being
    in the top N, P(k) (ties to the better official rank). For each uncertain (facility,
    field) pair, learning its value v moves those probabilities to P(k | v), every other
    input still uncertain, and the best choice to S(v). Per pair:

    - ``p_change`` = sum over v of p(v) [S(v) != S]: the probability that learning the value
      changes which N facilities the evidence puts on top;
    - ``evpi`` = E_v[sum of P(k | v) over S(v)] - sum of P(k) over S: the expected value of
      perfect information of that value, in facilities: how many more of the chosen N are
      expected to be truly in the top N once it is known (0 to N; never negative).

    Estimated from ``samples`` joint draws of all inputs with ``seed`` (common random
    numbers: every pair and value reuses the same draws, so a value that can never move its
    facility across the top-N boundary gets exactly 0, and two runs with one seed agree).
    v ranges over the score levels of a discrete input (with their probabilities) and over
    the midpoints of LOG_VALUES equally likely slices of a volume's log range; P(k) is the
    p(v)-weighted mean of P(k | v). In each draw the top-N set follows tmf.ranking's tie
    rule (equal rounded scores share a rank). Values of high-confidence records are never
    listed (they have no range).

    Columns: facility_id, name, rank, field (the inventory column), criterion, unknown
    (blank or "unknown", not merely uncertain), p_change, evpi; rows by p_change, then
    evpi, highest first, then rank. Cost: one joint draw (samples x facilities) and, for
    each pair that can matter, samples x values x facilities in contention.
    """
    base = weight_vector(scored.profile, weights, index)
    official_order, ranks = rank_positions(scored.sub_scores @ base, scored.tie_order)
    official = np.empty(len(ranks), dtype=np.int64)
    official[official_order] = np.arange(len(ranks))
    data = data if data is not None else data_uncertainty(scored)
    n = len(ranks)
    joint = joint_sample(scored.sub_scores, base, data, top, samples, np.random.default_rng(seed)) if n > top else None
    contenders = np.flatnonzero(joint.greater.min(axis=0) <= top) if joint is not None else None
    parts = []
    for k, draws in enumerate(data.draws):
        weight = float(base[draws.column])
        p_change, evpi = np.zeros(len(draws.rows)), np.zeros(len(draws.rows))
        if weight > 0 and joint is not None:  # a criterion outside the index cannot matter
            for cell in np.flatnonzero(_can_matter(joint, draws, k, weight)):
                p_change[cell], evpi[cell] = _value_of_cell(joint, draws, k, cell, weight, contenders, official, top)
        part = {"row": draws.rows, "field": draws.field, "criterion": scored.profile.keys[draws.column]}
        parts.append(pd.DataFrame(part | {"unknown": draws.unknown, "p_change": p_change, "evpi": evpi}))
    return _voi_table(scored, parts, ranks, base, data)


def _voi_table(scored: ScoredInventory, parts: list[pd.DataFrame], ranks: np.ndarray, base, data) -> pd.DataFrame:
    columns = ["facility_id", "name", "rank", "field", "criterion", "unknown", "p_change", "evpi"]
    kept = [p for p, d in zip(parts, data.draws, strict=True) if base[d.column] > 0]
    if not kept:
        return pd.DataFrame(columns=columns)
    table = pd.concat(kept, ignore_index=True)
    frame = scored.facilities
    table["facility_id"] = frame["facility_id"].to_numpy()[table["row"]]
    table["name"] = frame["name"].to_numpy()[table["row"]]
    table["rank"] = ranks[table["row"]]
    order = ["p_change", "evpi", "rank", "facility_id"]
    table = table.sort_values(order, ascending=[False, False, True, True], kind="stable")
    return table[columns].reset_index(drop=True)
