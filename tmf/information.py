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
VOI_CELLS = 2_000_000  # by default, at most this many (draw, facility) cells: fewer draws for large inventories
VOI_MIN_SAMPLES = 100
VOI_SEED = 0  # the app's fixed seed: the "collect these first" list is the same on every visit
LOG_VALUES = 8  # equally likely slices of a volume's log range, each learnt at its midpoint
SAMPLE_CHUNK = 250  # joint draws ranked at a time
CELL_BLOCK = 2048  # cells screened at a time by _can_matter


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
    """``samples`` joint draws of every uncertain input (the weights as given), reduced to
    what the top-N question needs when one facility's score changes.

    scores: (samples, facilities) scores; keys: the same rounded as tmf.ranking rounds them
    (integer-valued floats); drawn: per draws object, (samples, cells) drawn sub-scores;
    cut: (samples, 2) the top-th and (top+1)-th highest key; core: per facility, in how
    many draws at most top-2 facilities score strictly higher (it stays in the top N
    whatever one other facility scores); edge_row, edge_key, edge_greater: per draw, the
    facilities that top-1 or top facilities outscore (the only ones one other facility can
    move in or out), their key and that count, padded with -1, inf and facilities.
    """

    scores: np.ndarray
    keys: np.ndarray
    drawn: tuple[np.ndarray | None, ...]
    cut: np.ndarray
    core: np.ndarray
    edge_row: np.ndarray
    edge_key: np.ndarray
    edge_greater: np.ndarray


def joint_sample(
    sub_scores: np.ndarray, base: np.ndarray, data: DataUncertainty, top: int, samples: int, rng: np.random.Generator
) -> JointSample:
    """Draw every uncertain input ``samples`` times (one float32 uniform per cell and draw)
    and rank each draw, SAMPLE_CHUNK draws at a time (bounded memory). Needs more than
    ``top`` facilities."""
    scores = np.repeat((sub_scores @ base)[None, :], samples, axis=0)
    drawn = []
    for draws in data.draws:
        values = draws.draw(data.uniforms(draws, samples, rng))
        scores[:, draws.rows] += base[draws.column] * (values - sub_scores[draws.rows, draws.column])
        drawn.append(values if base[draws.column] > 0 else None)  # kept where a value can matter
    keys = _keys(scores)
    n = scores.shape[1]
    cut, core, edges = np.empty((samples, 2)), np.zeros(n, dtype=np.int64), []
    for start in range(0, samples, SAMPLE_CHUNK):
        order, ranks = chunk_ranks(scores[start : start + SAMPLE_CHUNK])
        greater = np.empty_like(ranks)
        np.put_along_axis(greater, order, ranks - 1, axis=1)
        cut[start : start + len(order)] = np.take_along_axis(
            keys[start : start + len(order)], order[:, [top - 1, top]], 1
        )
        core += (greater <= top - 2).sum(axis=0)
        sample, row = np.nonzero((greater == top - 1) | (greater == top))
        edges.append((sample + start, row, greater[sample, row]))
    sample, row, greater = (np.concatenate(part) for part in zip(*edges, strict=True))
    width = max(int(np.bincount(sample, minlength=samples).max()), 1)
    slot = np.arange(len(sample)) - np.searchsorted(sample, sample)  # place within its draw
    edge_row, edge_key = np.full((samples, width), -1), np.full((samples, width), np.inf)
    edge_greater = np.full((samples, width), n)
    edge_row[sample, slot], edge_key[sample, slot], edge_greater[sample, slot] = row, keys[sample, row], greater
    return JointSample(scores, keys, tuple(drawn), cut, core, edge_row, edge_key, edge_greater)


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


def _sides(joint: JointSample, row: int, new_keys: np.ndarray, top: int):
    """Who is in the top N of each draw when facility ``row`` scores ``new_keys`` (values,
    draws), every other input as drawn. Exact per draw: the facility is in when its key
    reaches the top-th highest of the others; another facility j is in when fewer than top
    facilities outscore it, that is when at most top-2 others do (``fixed``), or top-1 do
    and the facility does not (``flex``: in when the new key <= j's key).

    Returns (row_in (values, draws), flex_in (values, draws, width), fixed, flex)."""
    own = joint.keys[:, row]
    others_cut = np.where(own >= joint.cut[:, 0], joint.cut[:, 1], joint.cut[:, 0])
    valid = (joint.edge_row >= 0) & (joint.edge_row != row)
    without = joint.edge_greater - (own[:, None] > joint.edge_key)
    fixed, flex = valid & (without == top - 2), valid & (without == top - 1)
    flex_in = flex[None] & (new_keys[:, :, None] <= joint.edge_key[None])
    return new_keys >= others_cut[None], flex_in, fixed, flex


def _value_of_cell(
    joint: JointSample, draws, k: int, cell: int, weight: float, pool: np.ndarray, official, top: int
) -> tuple[float, float]:
    """(p_change, evpi) of one uncertain cell (see measure_next). ``pool``: the facilities
    that can be chosen (sorted; any other has P = 0 and a worse official rank)."""
    row = draws.rows[cell]
    values, probabilities = _conditional_values(draws, cell)
    rest = joint.scores[:, row] - weight * joint.drawn[k][:, cell]
    new_keys = _keys(rest[None, :] + weight * values[:, None])
    row_in, flex_in, fixed, flex = _sides(joint, row, new_keys, top)
    sides = np.concatenate([row_in[:, :, None], flex_in], axis=2)  # only these can differ between values
    differs = np.array([(sides[a] != sides).any(axis=2).mean(axis=1) for a in range(len(values))])
    pool = np.union1d(pool, [row])
    counts = np.repeat(joint.core[pool][None, :].astype(float), len(values), axis=0)
    counts += np.bincount(np.searchsorted(pool, joint.edge_row[fixed]), minlength=len(pool))
    at = np.searchsorted(pool, joint.edge_row[flex])
    for v in range(len(values)):
        counts[v] += np.bincount(at, weights=flex_in[v][flex], minlength=len(pool))
    counts[:, np.searchsorted(pool, row)] = row_in.sum(axis=1)
    membership = counts / joint.keys.shape[0]
    prior = probabilities @ membership
    chosen = _choice(np.vstack([prior, membership]), official[pool], top)
    gain = probabilities @ (membership * chosen[1:]).sum(axis=1) - (prior * chosen[0]).sum()
    # Rounded to 12 decimals: sums taken in another order (another row order of the same
    # inventory) differ in the 16th digit, which would tip a value at a half (0.0075) apart.
    return round(float(probabilities @ differs @ probabilities), 12), max(0.0, round(float(gain), 12))


def _can_matter(joint: JointSample, draws, k: int, weight: float) -> np.ndarray:
    """Per cell: whether, in some draw, the facility's score over the whole range of the
    value reaches the top-th highest score of the others. Where it never does, the top-N set
    of every draw is the same whatever the value (the facility stays above the boundary, or
    below it), so p_change and evpi are exactly 0. CELL_BLOCK cells at a time."""
    result = np.zeros(len(draws.rows), dtype=bool)
    for start in range(0, len(draws.rows), CELL_BLOCK):
        block = slice(start, start + CELL_BLOCK)
        rows = draws.rows[block]
        own, cut = joint.keys[:, rows], joint.cut
        others_cut = np.where(own >= cut[:, :1], cut[:, 1:], cut[:, :1])
        rest = joint.scores[:, rows] - weight * joint.drawn[k][:, block]
        if isinstance(draws, LevelDraws):
            low, high = draws.levels[0], draws.levels[-1]
        else:
            low = np.maximum(draws.low[block], draws.floor)
            high = np.maximum(draws.low[block] + draws.width[block], draws.floor)
        lowest, highest = _keys(rest + weight * low), _keys(rest + weight * high)
        result[block] = ((lowest <= others_cut) & (others_cut <= highest)).any(axis=0)
    return result


def voi_samples(facilities: int) -> int:
    """The joint draws ``measure_next`` takes by default for an inventory of ``facilities``."""
    return min(VOI_SAMPLES, max(VOI_MIN_SAMPLES, VOI_CELLS // max(facilities, 1)))


def sampling_error(probability: np.ndarray | float, samples: int) -> float:
    """The largest standard error (0..1) of probabilities estimated from ``samples`` draws:
    differences smaller than about twice this are within chance."""
    p = np.clip(np.asarray(probability, dtype=float), 0.0, 1.0)
    return float(np.sqrt(p * (1 - p) / max(samples, 1)).max(initial=0.0))


def measure_next(
    scored: ScoredInventory,
    weights: Mapping[str, float] | None,
    index: str,
    top: int,
    data: DataUncertainty | None = None,
    samples: int | None = None,
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

    Estimated from ``samples`` joint draws of all inputs with ``seed`` (by default
    VOI_SAMPLES, fewer for a large inventory: at most VOI_CELLS (draw, facility) cells and
    at least VOI_MIN_SAMPLES draws, so memory stays near 200 MB; common random
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
    if samples is None:
        samples = voi_samples(n)
    joint = joint_sample(scored.sub_scores, base, data, top, samples, np.random.default_rng(seed)) if n > top else None
    pool = None
    if joint is not None:  # every facility ever in the top N, and the first N officially (ties at P = 0)
        pool = np.union1d(np.flatnonzero(joint.core > 0), joint.edge_row[joint.edge_row >= 0])
        pool = np.union1d(pool, official_order[:top])
    parts = []
    for k, draws in enumerate(data.draws):
        weight = float(base[draws.column])
        p_change, evpi = np.zeros(len(draws.rows)), np.zeros(len(draws.rows))
        if weight > 0 and joint is not None:  # a criterion outside the index cannot matter
            for cell in np.flatnonzero(_can_matter(joint, draws, k, weight)):
                p_change[cell], evpi[cell] = _value_of_cell(joint, draws, k, cell, weight, pool, official, top)
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
