"""Sensitivity of the ranking to one weight at a time: tipping points and one-at-a-time ranks.

Scores are linear in the weights (score = sub-scores @ weights, tmf.ranking), so each
facility's score is a straight line in any one weight:

- Tipping points (``tipping_points``): for a facility in the top N and one weight, the
  exact weight (within 0..3) at which enough other facilities overtake it, from the
  crossing points of the straight lines score(weight).
- One-at-a-time sensitivity (``one_at_a_time``): each facility's rank and score when one
  weight at a time is set to 0 and to 3, for a tornado chart.

Ties follow tmf.ranking: scores rounded to TIE_DECIMALS, equal scores share the smallest rank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tmf.i18n import format_number, t
from tmf.methodology import MAX_WEIGHT, MIN_WEIGHT, TIE_DECIMALS
from tmf.ranking import ScoredInventory, rank_positions, weight_vector
from tmf.robustness import MAX_SAMPLES, check_range

# How far past an analytic tipping point the exit is confirmed with rounded scores (weight units).
CONFIRM_STEP = 1e-6


def _exit_candidates(gap: np.ndarray, slope: np.ndarray, limit: float, top: int) -> np.ndarray:
    """Moves x in [0, limit), smallest first, past which at least ``top`` facilities score higher.

    Facility k is above at move x when gap[k] + slope[k] * x > 0 (gap: its score minus the
    facility's, slope: how fast that difference grows). Below-or-level facilities with a
    positive slope overtake for x > -gap/slope; above ones with a negative slope fall back
    for x >= gap/-slope. Empty when the facility stays in the top over [0, limit].
    """
    above = gap > 0
    rising = ~above & (slope > 0)
    falling = above & (slope < 0)
    overtakes = np.sort(-gap[rising] / slope[rising])
    falls_back = np.sort(gap[falling] / -slope[falling])
    candidates = overtakes[overtakes < limit]
    count = (
        int(above.sum())
        + np.searchsorted(overtakes, candidates, side="right")
        - np.searchsorted(falls_back, candidates, side="right")
    )
    return candidates[count >= top]


def _out_of_top(sub_scores: np.ndarray, weights: np.ndarray, row: int, top: int) -> bool:
    """Whether facility ``row`` ranks below ``top`` under ``weights`` (tmf.ranking's tie rule)."""
    scores = np.round(sub_scores @ weights, TIE_DECIMALS)
    return int((scores > scores[row]).sum()) >= top


def _first_exit(sub_scores: np.ndarray, base: np.ndarray, row: int, j: int, sign: int, top: int) -> float | None:
    """The smallest change of weight j (sign -1: down, +1: up) that takes ``row`` out of the top.

    Each analytic crossing is confirmed CONFIRM_STEP past it with rounded scores, so a
    crossing that only exists in the last decimals (a tie in tmf.ranking) is skipped.
    """
    scores = np.round(sub_scores @ base, TIE_DECIMALS)
    gap = scores - scores[row]
    slope = sign * (sub_scores[:, j] - sub_scores[row, j])
    limit = base[j] - MIN_WEIGHT if sign < 0 else MAX_WEIGHT - base[j]
    for move in _exit_candidates(gap, slope, limit, top):
        changed = base.copy()
        changed[j] = base[j] + sign * min(move + CONFIRM_STEP, limit)
        if _out_of_top(sub_scores, changed, row, top):
            return float(move)
    return None


@dataclass(frozen=True)
class TippingPoint:
    """The smallest change of one weight that takes a facility out of the top N.

    direction ``down``: it leaves when the weight falls below ``threshold``; ``up``: when
    it rises above; ``none``: no value of this weight within 0..3 takes it out (threshold
    None). At the threshold itself the facility still holds (at worst level with another).
    """

    facility_id: str
    criterion: str
    weight: float
    threshold: float | None
    direction: str


def facility_tipping_points(
    sub_scores: np.ndarray, base: np.ndarray, row: int, criteria: list[int], top: int
) -> list[tuple[int, float | None, str]]:
    """(criterion position, threshold, direction) for facility ``row`` and each criterion;
    of the two directions, the one that needs the smaller change."""
    points = []
    for j in criteria:
        down = _first_exit(sub_scores, base, row, j, -1, top)
        up = _first_exit(sub_scores, base, row, j, +1, top)
        if down is not None and (up is None or down <= up):
            points.append((j, float(base[j] - down), "down"))
        elif up is not None:
            points.append((j, float(base[j] + up), "up"))
        else:
            points.append((j, None, "none"))
    return points


def tipping_points(scored: ScoredInventory, weights: Mapping[str, float] | None, index: str, top: int) -> pd.DataFrame:
    """Tipping points of every facility in the top ``top``, for each criterion of ``index``.

    Columns: facility_id, name, rank, criterion, weight, threshold_weight (NaN when no
    change of that weight within 0..3 takes the facility out), direction (down/up/none);
    rows by rank, then criterion in profile order. Exact: each score is a straight line in
    one weight, so the threshold is a crossing point of two lines.
    """
    check_range("top", top, 1, MAX_SAMPLES)
    profile = scored.profile
    base = weight_vector(profile, weights, index)
    order, ranks = rank_positions(scored.sub_scores @ base, scored.tie_order)
    criteria = [profile.keys.index(k) for k in profile.keys_of(index)]
    rows = []
    for position in (p for p in order if ranks[p] <= top):
        facility = scored.facilities.iloc[position]
        for j, threshold, direction in facility_tipping_points(scored.sub_scores, base, position, criteria, top):
            rows.append(
                {
                    "facility_id": facility["facility_id"],
                    "name": facility["name"],
                    "rank": int(ranks[position]),
                    "criterion": profile.keys[j],
                    "weight": float(base[j]),
                    "threshold_weight": np.nan if threshold is None else threshold,
                    "direction": direction,
                }
            )
    columns = ["facility_id", "name", "rank", "criterion", "weight", "threshold_weight", "direction"]
    return pd.DataFrame(rows, columns=columns)


def tipping_sentence(point: Mapping[str, object], top: int, lang: str) -> str:
    """The tipping point as a sentence: "Stays in the top 10 unless the Seismic hazard
    weight falls below 0.35." ``point``: a row of ``tipping_points``. A threshold shown as
    0 or 3 (2 decimals) reads "is set to 0" or "is raised to 3"."""
    criterion = t(f"criteria.{point['criterion']}.label", lang)
    threshold, direction = point["threshold_weight"], str(point["direction"])
    shown = None if pd.isna(threshold) else round(float(threshold), 2)
    if direction == "down" and shown == MIN_WEIGHT:
        direction = "zero"
    elif direction == "up" and shown == MAX_WEIGHT:
        direction = "max"
    number = "" if shown is None else format_number(shown, lang, 2)
    return t(f"robustness.tipping_{direction}", lang, top=top, criterion=criterion, threshold=number)


def one_at_a_time(scored: ScoredInventory, weights: Mapping[str, float] | None, index: str) -> pd.DataFrame:
    """Each facility's rank and score with one weight at a time set to 0 and to 3.

    Long form, one row per facility and criterion of ``index``: facility_id, criterion,
    weight, rank (all weights as given), rank_at_min, rank_at_max, score_at_min,
    score_at_max. The tornado chart of a facility plots rank_at_min..rank_at_max.
    """
    profile = scored.profile
    base = weight_vector(profile, weights, index)
    _, ranks = rank_positions(scored.sub_scores @ base, scored.tie_order)
    parts = []
    for key in profile.keys_of(index):
        j = profile.keys.index(key)
        result = {"facility_id": scored.facilities["facility_id"], "criterion": key, "weight": base[j], "rank": ranks}
        for label, value in (("min", MIN_WEIGHT), ("max", MAX_WEIGHT)):
            changed = base.copy()
            changed[j] = value
            scores = scored.sub_scores @ changed
            result[f"score_at_{label}"] = scores
            result[f"rank_at_{label}"] = rank_positions(scores, scored.tie_order)[1]
        parts.append(pd.DataFrame(result))
    return pd.concat(parts, ignore_index=True)
