"""The room's weights: how a workshop's answers become one weighting and one ranking.

Each participant gives every criterion a weight (0 to 3). The room's weight of a criterion
is the median of the answers (the default: one outlier cannot move it) or their geometric
mean (every answer counts, on a ratio scale, as in group AHP: Aczél and Saaty 1983,
"Procedures for synthesizing ratio judgements", J. Math. Psychology 27).

Zeros and the geometric mean: a weight of 0 says "this criterion should not count". The
geometric mean of answers that include a 0 is 0 (the product is 0), so under the
geometric mean a single 0 removes the criterion for the whole room. We keep that exact
value rather than replacing zeros by a small number, and the page says so next to the
choice; the median has no such effect.

The room's weights are rounded to 0.01 (finer than a weight slider's 0.05 step), so the
consensus ranking, the table and a saved scenario use the same numbers.

Participants' own rankings show how much a facility's rank depends on who is asked: for
each facility the quartiles of its rank across the participants; the facilities with the
widest interquartile range (then the widest range) come first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tmf.ranking import ScoredInventory, rank_positions, weight_vector
from tmf.screening import CurrentView, current_view
from tmf.view import View

AGGREGATIONS = ("median", "geomean")
ROOM_DECIMALS = 2


def answers_frame(answers: Sequence[Mapping[str, float]], keys: Sequence[str]) -> pd.DataFrame:
    """One row per participant, one column per criterion (in ``keys`` order)."""
    return pd.DataFrame([[float(a[k]) for k in keys] for a in answers], columns=list(keys), dtype=float)


def geometric_mean(values: np.ndarray) -> np.ndarray:
    """Column-wise geometric mean; a column holding a 0 gives exactly 0 (no log of 0)."""
    values = np.asarray(values, dtype=float)
    has_zero = (values == 0).any(axis=0)
    safe = np.where(values > 0, values, 1.0)
    means = np.exp(np.log(safe).mean(axis=0))
    return np.where(has_zero, 0.0, means)


def room_weights(answers: pd.DataFrame, aggregation: str = "median") -> dict[str, float]:
    """The room's weight of each criterion (median or geometric mean), rounded to 0.01.

    ``answers`` is ``answers_frame``; it must have at least one row.
    """
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {aggregation!r}")
    if answers.empty:
        raise ValueError("the room's weights need at least one answer")
    values = answers.to_numpy()
    combined = np.median(values, axis=0) if aggregation == "median" else geometric_mean(values)
    return {key: round(float(v), ROOM_DECIMALS) for key, v in zip(answers.columns, combined, strict=True)}


def weight_spread(answers: pd.DataFrame) -> pd.DataFrame:
    """Per criterion (rows): min, q1, median, q3, max of the answers (linear quartiles)."""
    quantiles = np.quantile(answers.to_numpy(), [0.0, 0.25, 0.5, 0.75, 1.0], axis=0)
    return pd.DataFrame(quantiles.T, index=answers.columns, columns=["min", "q1", "median", "q3", "max"])


def participant_ranks(scored: ScoredInventory, answers: pd.DataFrame, index: str) -> np.ndarray:
    """Each participant's own rank of each facility: shape (participants, facilities),
    columns in the order of ``scored.facilities`` (ties as in tmf.ranking)."""
    vectors = np.array([weight_vector(scored.profile, row, index) for row in answers.to_dict("records")])
    scores = vectors @ scored.sub_scores.T if len(vectors) else np.zeros((0, len(scored)))
    return np.array([rank_positions(row, scored.tie_order)[1] for row in scores]).reshape(len(scores), len(scored))


def rank_spread(scored: ScoredInventory, answers: pd.DataFrame, index: str) -> pd.DataFrame:
    """How much each facility's rank depends on who is asked, most dependent first.

    Columns: facility_id, name, name_ru, name_kk, country, best, q1, median, q3, worst
    (ranks across the participants' own rankings), iqr (q3 - q1) and range (worst - best).
    """
    ranks = participant_ranks(scored, answers, index)
    q = np.quantile(ranks, [0.0, 0.25, 0.5, 0.75, 1.0], axis=0)
    frame = scored.facilities.reindex(columns=["facility_id", "name", "name_ru", "name_kk", "country"]).copy()
    for name, values in zip(("best", "q1", "median", "q3", "worst"), q, strict=True):
        frame[name] = values
    frame["iqr"] = frame["q3"] - frame["q1"]
    frame["range"] = frame["worst"] - frame["best"]
    return frame.sort_values(["iqr", "range", "median"], ascending=[False, False, True], kind="stable").reset_index(
        drop=True
    )


@dataclass(frozen=True, eq=False)
class Room:
    """What the presenter's screen shows for one round."""

    answers: pd.DataFrame  # answers_frame: one row per participant
    aggregation: str
    weights: Mapping[str, float]  # the room's weights
    spread: pd.DataFrame  # weight_spread
    consensus: CurrentView  # the facilities ranked with the room's weights
    rank_spread: pd.DataFrame  # most dependent on who is asked first

    @property
    def count(self) -> int:
        return len(self.answers)


def weigh_room(
    scored: ScoredInventory, answers: Sequence[Mapping[str, float]], aggregation: str = "median", index: str = "thi"
) -> Room:
    """The room's weights, their spread, the consensus ranking and the rank spread.

    ``answers``: each participant's weights (criteria missing from an answer keep the
    profile default). At least one answer.
    """
    profile = scored.profile
    complete = [profile.default_weights | dict(a) for a in answers]
    frame = answers_frame(complete, profile.keys)
    weights = room_weights(frame, aggregation)
    consensus = current_view(scored, View(index=index).with_weights(weights, profile))
    return Room(frame, aggregation, weights, weight_spread(frame), consensus, rank_spread(scored, frame, index))
