"""How much the data uncertainty matters: rank bands by source, and what to measure next.

- ``rank_bands``: per facility, the rank band (5th-95th percentile) and P(top N) when the
  weights vary, when the data vary (tmf.uncertainty) and when both do, with one seed.
  Three runs of tmf.robustness.robustness: same memory bound (chunks of about 2 million
  (sample, facility) cells), about three times its time.
- ``measure_next``: see its docstring.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tmf.methodology import TIE_DECIMALS
from tmf.ranking import ScoredInventory, rank_positions, weight_vector
from tmf.robustness import VARY, Settings, new_seed, robustness
from tmf.uncertainty import DataUncertainty, LevelDraws, LogDraws, data_uncertainty

BAND_COLUMNS = ("p_top", "rank_p05", "rank_p50", "rank_p95")


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


@dataclass(frozen=True)
class Boundary:
    """Where the top-N set changes when one facility's score moves to s' (tie rule of tmf.ranking).

    Per facility: it leaves or enters when s' crosses ``threshold`` (the top-th highest
    score of the others); another facility at rank N drops out when s' rises above
    ``at_n`` (if ``up``); another at rank N+1 enters when s' falls to ``after_n`` (if ``down``).
    """

    inside: np.ndarray
    threshold: np.ndarray
    up: np.ndarray
    at_n: float
    down: np.ndarray
    after_n: float


def boundary(scores: np.ndarray, order: np.ndarray, ranks: np.ndarray, top: int) -> Boundary:
    """The Boundary of every facility for rounded ``scores`` and their ``ranks``."""
    n = len(scores)
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    descending = scores[order]
    if n - 1 < top:
        threshold = np.full(n, -np.inf)
    else:
        threshold = np.where(position < top, descending[top], descending[top - 1])
    at_n, after_n = ranks == top, ranks == top + 1
    score_n = float(scores[at_n][0]) if at_n.any() else np.inf
    score_after = float(scores[after_n][0]) if after_n.any() else -np.inf
    up = (at_n.sum() - at_n > 0) & (scores <= score_n)
    down = (after_n.sum() - after_n > 0) & (scores > score_after)
    return Boundary(ranks <= top, threshold, up, score_n, down, score_after)


def _p_change_levels(draws: LevelDraws, rest: np.ndarray, weight: float, edge: Boundary, rows) -> np.ndarray:
    """Probability that the top-N set changes once the value is known (discrete levels)."""
    new = np.round(rest[:, None] + weight * draws.levels[None, :], TIE_DECIMALS)
    own = (new >= edge.threshold[rows, None]) != edge.inside[rows, None]
    others = (edge.up[rows, None] & (new > edge.at_n)) | (edge.down[rows, None] & (new <= edge.after_n))
    return (draws.probabilities * (own | others)).sum(axis=1)


def _below(draws: LogDraws, score: np.ndarray) -> np.ndarray:
    """P(sub-score <= score) for max(floor, uniform log interval)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.clip((score - draws.low) / draws.width, 0.0, 1.0)
    point = (np.maximum(draws.low, draws.floor) <= score).astype(float)
    return np.where(score < draws.floor, 0.0, np.where(draws.width > 0, share, point))


def _p_change_log(draws: LogDraws, rest: np.ndarray, weight: float, edge: Boundary, rows) -> np.ndarray:
    """The same for a log10 input: 1 - P(the new score stays within the no-change interval)."""
    inside = edge.inside[rows]
    low = np.where(inside, edge.threshold[rows], -np.inf)
    low = np.where(edge.down[rows], np.maximum(low, edge.after_n), low)
    high = np.where(inside, np.inf, edge.threshold[rows])
    high = np.where(edge.up[rows], np.minimum(high, edge.at_n), high)
    with np.errstate(invalid="ignore"):
        stay = _below(draws, (high - rest) / weight) - _below(draws, (low - rest) / weight)
    return 1.0 - np.clip(np.nan_to_num(stay), 0.0, 1.0)


def measure_next(
    scored: ScoredInventory,
    weights: Mapping[str, float] | None,
    index: str,
    top: int,
    data: DataUncertainty | None = None,
) -> pd.DataFrame:
    """Which uncertain input, once known, most likely changes the top N: "collect these first".

    For each uncertain (facility, field) pair of tmf.uncertainty, ``p_change`` is the
    probability that the set of facilities at rank <= ``top`` changes when that value alone
    is learnt, the value drawn from its range and every other value as stored (unknowns at
    their precautionary score), the weights as given. This is the expected value of
    perfect information on top-N membership, one input at a time (a one-input proxy of the
    full EVPI, which would also average over the other inputs' uncertainty). It is exact,
    no sampling: when one facility's score moves, the top-N set changes exactly when it
    crosses the top-th score of the others, or passes a facility at rank N (up) or N+1
    (down) (tmf.ranking's tie rule, ``boundary``), so each pair needs only its score
    levels (discrete inputs) or the share of its log interval (volume).

    Columns: facility_id, name, rank, field (the inventory column), criterion, unknown
    (the value is blank or "unknown", not merely uncertain), p_change; rows by p_change,
    highest first, then rank. Values of high-confidence records are never listed (they
    have no range). Memory and time: O(uncertain cells x score levels).
    """
    base = weight_vector(scored.profile, weights, index)
    scores = np.round(scored.sub_scores @ base, TIE_DECIMALS)
    order, ranks = rank_positions(scores, scored.tie_order)
    edge = boundary(scores, order, ranks, top)
    data = data if data is not None else data_uncertainty(scored)
    parts = []
    for draws in (d for d in data.draws if base[d.column] > 0):  # a criterion outside the index cannot matter
        weight, rows = float(base[draws.column]), draws.rows
        rest = scored.sub_scores[rows] @ base - weight * scored.sub_scores[rows, draws.column]
        change = _p_change_levels if isinstance(draws, LevelDraws) else _p_change_log
        p_change = change(draws, rest, weight, edge, rows)
        part = {"row": rows, "field": draws.field, "criterion": scored.profile.keys[draws.column]}
        parts.append(pd.DataFrame(part | {"unknown": draws.unknown, "p_change": np.clip(p_change, 0.0, 1.0)}))
    columns = ["facility_id", "name", "rank", "field", "criterion", "unknown", "p_change"]
    if not parts:
        return pd.DataFrame(columns=columns)
    table = pd.concat(parts, ignore_index=True)
    frame = scored.facilities
    table["facility_id"] = frame["facility_id"].to_numpy()[table["row"]]
    table["name"] = frame["name"].to_numpy()[table["row"]]
    table["rank"] = ranks[table["row"]]
    table = table.sort_values(["p_change", "rank", "facility_id"], ascending=[False, True, True], kind="stable")
    return table[columns].reset_index(drop=True)
