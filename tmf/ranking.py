"""Weighted THI/TRI and ranks, vectorised over all facilities.

Scoring happens in two steps so a slider move stays cheap: ``score_inventory`` computes
the sub-scores once per inventory (cache it), ``rank`` applies weights and ranks (a matrix
product and one sort). Rank 1 is the highest concern; equal scores share a rank and are
listed by facility_id. ``rank_shift`` compares with the official (equal-weight) ranking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from tmf.methodology import INDEXES, TIE_DECIMALS, Profile, criterion_scores, scoring_inputs, validate_weights
from tmf.problems import Problem, ProblemError


@dataclass(frozen=True, eq=False)
class ScoredInventory:
    """Facilities with their sub-scores (one column per criterion, profile order)."""

    facilities: pd.DataFrame  # the inventory, then s_<key> and unknown
    profile: Profile
    sub_scores: np.ndarray  # shape (facilities, criteria)
    unknown: np.ndarray  # True where the criterion's input was unknown
    tie_order: np.ndarray  # position of each facility when sorted by facility_id
    official_ranks: Mapping[str, np.ndarray]  # ranks under default weights, per index

    def __len__(self) -> int:
        return len(self.facilities)

    def sub_score_frame(self) -> pd.DataFrame:
        """Sub-scores as a DataFrame indexed like ``facilities``, columns = criterion keys."""
        return pd.DataFrame(self.sub_scores, columns=list(self.profile.keys), index=self.facilities.index)


def _scored(frame: pd.DataFrame, profile: Profile, sub_scores: np.ndarray, unknown: np.ndarray) -> ScoredInventory:
    n = len(frame)
    ids = frame["facility_id"].astype(str).to_numpy()
    tie_order = np.empty(n, dtype=np.int64)
    tie_order[np.argsort(ids, kind="stable")] = np.arange(n)
    official = {
        index: rank_positions(sub_scores @ weight_vector(profile, None, index), tie_order)[1] for index in INDEXES
    }
    return ScoredInventory(frame, profile, sub_scores, unknown, tie_order, official)


def subset(
    scored: ScoredInventory, mask: np.ndarray | pd.Series | None = None, columns: Sequence[str] | None = None
) -> ScoredInventory:
    """The facilities where ``mask`` is true, ranked among themselves (official ranks too).

    ``mask`` None or true everywhere keeps every facility without copying or sorting again.
    ``columns`` keeps only those facility columns (default all): what the caller shows.
    """
    keep = None if mask is None else np.asarray(mask, dtype=bool)
    frame = scored.facilities if columns is None else scored.facilities[list(columns)]
    if keep is None or keep.all():
        return scored if columns is None else replace(scored, facilities=frame)
    frame = frame.loc[keep].reset_index(drop=True)
    return _scored(frame, scored.profile, scored.sub_scores[keep], scored.unknown[keep])


def score_inventory(facilities: pd.DataFrame, profile: Profile) -> ScoredInventory:
    """Sub-scores of every criterion for every facility (weights not applied)."""
    frame = scoring_inputs(facilities).reset_index(drop=True)
    columns, unknowns = [], []
    for criterion in profile.criteria:
        values = frame[criterion.input] if criterion.input in frame else pd.Series(np.nan, index=frame.index)
        scores, unknown = criterion_scores(criterion, values)
        columns.append(scores)
        unknowns.append(unknown)
    n = len(frame)
    sub_scores = np.column_stack(columns) if columns else np.zeros((n, 0))
    unknown = np.column_stack(unknowns) if unknowns else np.zeros((n, 0), dtype=bool)
    extra = {f"s_{k}": sub_scores[:, i] for i, k in enumerate(profile.keys)}
    extra["unknown"] = _unknown_labels(unknown, profile.keys)
    frame = pd.concat([frame, pd.DataFrame(extra, index=frame.index)], axis=1)
    return _scored(frame, profile, sub_scores, unknown)


def weight_vector(profile: Profile, weights: Mapping[str, float] | None, index: str) -> np.ndarray:
    """Weights in profile order, with criteria outside ``index`` set to zero."""
    if index not in INDEXES:
        raise ProblemError(Problem("unknown_index", {"value": index}))
    complete = validate_weights(profile, weights)
    used = set(profile.keys_of(index))
    return np.array([complete[k] if k in used else 0.0 for k in profile.keys])


def rank_positions(scores: np.ndarray, tie_order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order of facilities (highest score first, ties by facility_id) and each one's rank.

    Returns (order, ranks): ``order`` lists row positions best first; ``ranks[i]`` is the
    rank of row i, equal scores sharing the smallest rank (1, 2, 2, 4).
    """
    rounded = np.round(scores, TIE_DECIMALS)
    order = np.lexsort((tie_order, -rounded))
    sorted_scores = rounded[order]
    new_group = np.ones(len(order), dtype=bool)
    new_group[1:] = sorted_scores[1:] != sorted_scores[:-1]
    positions = np.arange(1, len(order) + 1)
    group_rank = np.maximum.accumulate(np.where(new_group, positions, 0))
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = group_rank
    return order, ranks


def rank(
    scored: ScoredInventory,
    weights: Mapping[str, float] | None = None,
    index: str = "thi",
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Facilities ranked by the weighted ``index`` (thi or tri), best first.

    Columns: the inventory's, then ``s_<key>`` (sub-score), ``c_<key>`` (contribution =
    sub-score x weight, zero for criteria outside the index), ``thi``, ``tri`` (both
    weighted), ``score`` (the chosen index), ``rank``, ``official_rank`` (default weights,
    same index), ``rank_shift`` (official_rank - rank: positive moved up) and ``unknown``
    (criteria whose input was unknown, comma-separated). ``columns`` returns only those, in
    that order (default all of the above): a caller that shows a few gathers only those.
    """
    if index not in INDEXES:
        raise ProblemError(Problem("unknown_index", {"value": index}))
    profile = scored.profile
    thi_weights = weight_vector(profile, weights, "thi")
    tri_weights = weight_vector(profile, weights, "tri")
    chosen = thi_weights if index == "thi" else tri_weights
    contributions = scored.sub_scores * chosen
    thi = scored.sub_scores @ thi_weights
    tri = scored.sub_scores @ tri_weights
    score = thi if index == "thi" else tri
    order, ranks = rank_positions(score, scored.tie_order)
    official_ranks = scored.official_ranks[index]

    extra = {f"c_{k}": contributions[:, i] for i, k in enumerate(profile.keys)}
    extra |= {"thi": thi, "tri": tri, "score": score, "rank": ranks}
    extra |= {"official_rank": official_ranks, "rank_shift": official_ranks - ranks}
    facilities = scored.facilities
    if columns is None:
        frame = pd.concat([facilities, pd.DataFrame(extra, index=facilities.index)], axis=1)
    else:
        frame = pd.DataFrame({c: extra[c] if c in extra else facilities[c] for c in columns}, index=facilities.index)
    return frame.take(order).reset_index(drop=True)


def ranked_columns(scored: ScoredInventory, facility_columns: Sequence[str]) -> list[str]:
    """Those of ``facility_columns`` the inventory has, then every column ``rank`` adds: the
    ``columns`` of ``rank`` for a caller that shows only these."""
    profile = scored.profile
    present = [c for c in dict.fromkeys(facility_columns) if c in scored.facilities]
    added = [f"c_{k}" for k in profile.keys] + ["thi", "tri", "score", "rank", "official_rank", "rank_shift"]
    return [*present, *added]


def _unknown_labels(unknown: np.ndarray, keys: tuple[str, ...]) -> np.ndarray:
    labels = np.full(unknown.shape[0], "", dtype=object)
    for i, key in enumerate(keys):
        column = unknown[:, i]
        labels[column] = np.where(labels[column] == "", key, labels[column] + "," + key)
    return labels


def rank_facilities(
    facilities: pd.DataFrame,
    profile: Profile,
    weights: Mapping[str, float] | None = None,
    index: str = "thi",
) -> pd.DataFrame:
    """Score and rank in one call, without tracing: for tests and benchmarks that bring
    their own transboundary columns (or none). Everything the app and the command line
    rank goes through tmf.screening.screen, which traces first."""
    return rank(score_inventory(facilities, profile), weights, index)
