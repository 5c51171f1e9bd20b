"""Data uncertainty: how far each stored input may be from the truth, and draws of it.

What the inventory records about a value sets its range (the profile's ``[uncertainty]``
section, tmf.methodology.UncertaintyRules, all provisional):

- a known number x of a record of confidence c lies log-uniformly within [x/f_c, x*f_c]
  (a factor of 1: no uncertainty; zero stays zero);
- a known category is one score level off with probability p_c, half each way (all of it
  to the only neighbour at an end of the score table);
- an unknown category or binned number ranges evenly over the criterion's categories or
  bins (so levels shared by several categories weigh more); an unknown number on the open
  log10 scale (volume) ranges log-uniformly over the known values of the inventory under
  study (no known value: it stays at the ``missing`` score);
- a value the record marks as an estimate (the notes' ``ESTIMATES:`` part names the field,
  or an ``estimated`` column lists it) counts at ``estimate_as`` confidence when its record
  claims a better one; a missing confidence counts as low.

The official ranking keeps the precautionary rule (unknown = the criterion's ``missing``
score); these ranges only show how far that rule can carry a facility. Each criterion
with uncertain cells becomes a ``LevelDraws`` (discrete: categories and bins, with the
exact probability of each score level, bins by the overlap of the log interval) or a
``LogDraws`` (log10 scale: the sub-score is max(floor, uniform in the log interval)).

``add_data_draws`` adds the drawn sub-scores to a chunk of weighted scores in place: for k
samples it draws k x (uncertain cells) uniforms per criterion, so its memory is about
16 bytes x k x facilities per criterion, the chunk bound of tmf.robustness.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from tmf.methodology import CONFIDENCE_LEVELS, Criterion, UncertaintyRules
from tmf.problems import Problem, ProblemError
from tmf.ranking import ScoredInventory

# Inventory columns a derived input comes from: an estimated mass is an estimated volume.
SOURCE_COLUMNS = {"volume_m3": ("volume_m3", "mass_t", "dry_density_t_m3")}
ESTIMATE_MARK = r"ESTIMATES?:(.*)"


@dataclass(frozen=True, eq=False)
class LevelDraws:
    """Uncertain cells of one discrete criterion: each cell's probability of each score level.

    rows: facility positions (unique); levels: the distinct sub-scores (ascending);
    probabilities: (cells, levels), rows summing to 1.
    """

    column: int
    field: str
    rows: np.ndarray
    unknown: np.ndarray  # per cell: the value is unknown (not merely uncertain)
    levels: np.ndarray
    probabilities: np.ndarray

    @cached_property
    def thresholds(self) -> np.ndarray:
        """(levels - 1, cells) float32 cumulative probabilities, computed once per inventory
        (not per chunk); a threshold at the full mass is never reached (set to 2)."""
        cumulative = np.cumsum(self.probabilities, axis=1)[:, :-1]
        return np.ascontiguousarray(np.where(cumulative >= 1.0 - 1e-9, 2.0, cumulative).T, dtype=np.float32)

    def level_index(self, uniforms: np.ndarray) -> np.ndarray:
        """Level of each uniform (samples, cells) in [0, 1): inverse of the cumulative."""
        index = np.zeros(uniforms.shape, dtype=np.int8)  # a few levels: int8 counts, an eighth of intp's bytes
        for threshold in self.thresholds:  # a loop over levels beats a 3-D compare
            index += uniforms >= threshold
        return index

    def draw(self, uniforms: np.ndarray) -> np.ndarray:
        """Sub-scores for uniforms (samples, cells) in [0, 1)."""
        return self.levels.take(self.level_index(uniforms))

    def scaled(self, uniforms: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """(draw - lowest level) x weights (samples, 1), float64: for equally spaced levels
        straight from the level counts (one pass, no lookup)."""
        index = self.level_index(uniforms)
        steps = np.diff(self.levels)
        if len(steps) and np.allclose(steps, steps[0]):
            return np.multiply(index, weights * steps[0], dtype=np.float64)
        drawn = self.levels.take(index)
        drawn -= self.levels[0]
        drawn *= weights
        return drawn

    @property
    def zero(self) -> float:
        """The sub-score ``scaled`` counts from."""
        return float(self.levels[0])


@dataclass(frozen=True, eq=False)
class LogDraws:
    """Uncertain cells of a log10 criterion: log10 of the input uniform in [low, low + width]."""

    column: int
    field: str
    rows: np.ndarray
    unknown: np.ndarray  # per cell: the value is unknown (not merely uncertain)
    low: np.ndarray
    width: np.ndarray
    floor: float

    def draw(self, uniforms: np.ndarray) -> np.ndarray:
        drawn = uniforms * self.width  # float32 uniforms times float64 widths: float64 sub-scores
        drawn += self.low
        return np.maximum(drawn, self.floor, out=drawn)

    def scaled(self, uniforms: np.ndarray, weights: np.ndarray) -> np.ndarray:
        drawn = self.draw(uniforms)
        drawn *= weights
        return drawn

    zero = 0.0


@dataclass(frozen=True, eq=False)
class DataUncertainty:
    """The uncertain cells of a scored inventory, one draws object per criterion that has any."""

    base: np.ndarray  # the official sub-scores (facilities, criteria), precautionary rule
    draws: tuple[LevelDraws | LogDraws, ...]
    id_order: np.ndarray | None = None  # each facility's place when sorted by facility_id

    def uniforms(self, draws: LevelDraws | LogDraws, samples: int, rng: np.random.Generator) -> np.ndarray:
        """(samples, cells of ``draws``) float32 uniforms, handed to the cells in the order of
        their facilities' identifiers: a facility gets the same draws whatever the row order
        of the inventory (a file sorted by country and the database sorted by code agree)."""
        drawn = rng.random((samples, len(draws.rows)), dtype=np.float32)
        if self.id_order is None:
            return drawn
        places = self.id_order[draws.rows]
        if len(places) < 2 or bool(np.all(places[1:] > places[:-1])):
            return drawn  # already in identifier order (the database's)
        handed = np.empty_like(drawn)
        handed[:, np.argsort(places, kind="stable")] = drawn
        return handed

    @property
    def cells(self) -> int:
        return sum(len(d.rows) for d in self.draws)

    @cached_property
    def offsets(self) -> np.ndarray:
        """(facilities, criteria): each uncertain cell's official sub-score minus the level
        its draws count from (0 elsewhere), so one matrix product removes them all."""
        offsets = np.zeros_like(self.base)
        for draws in self.draws:
            offsets[draws.rows, draws.column] = self.base[draws.rows, draws.column] - draws.zero
        return offsets


def _confidence_codes(frame: pd.DataFrame) -> np.ndarray:
    """0 high, 1 medium, 2 low per facility; blank or other confidence counts as low."""
    codes = {level: i for i, level in enumerate(CONFIDENCE_LEVELS)}
    raw = frame["confidence"] if "confidence" in frame else pd.Series("low", index=frame.index)
    return raw.astype("string").str.strip().str.lower().map(codes).fillna(2).to_numpy(dtype=np.int64)


def estimated(frame: pd.DataFrame, field: str) -> np.ndarray:
    """Whether each record marks ``field`` (or a column it is derived from) as an estimate."""
    columns = SOURCE_COLUMNS.get(field, (field,))
    pattern = r"\b(?:" + "|".join(columns) + r")\b"
    notes = frame["notes"] if "notes" in frame else pd.Series("", index=frame.index)
    after = notes.fillna("").astype(str).str.extract(ESTIMATE_MARK, expand=False).fillna("")
    marked = after.str.contains(pattern, regex=True)
    if "estimated" in frame:
        marked |= frame["estimated"].fillna("").astype(str).str.contains(pattern, regex=True)
    return marked.to_numpy(dtype=bool)


def cell_confidence(frame: pd.DataFrame, field: str, rules: UncertaintyRules) -> np.ndarray:
    """Confidence code (0 high, 1 medium, 2 low) of each facility's value of ``field``."""
    codes = _confidence_codes(frame)
    estimate_code = CONFIDENCE_LEVELS.index(rules.estimate_as)
    return np.where(estimated(frame, field), np.maximum(codes, estimate_code), codes)


def _levels(criterion: Criterion, rules: UncertaintyRules) -> tuple[np.ndarray, np.ndarray]:
    """Distinct scores (ascending) of the criterion's entries, and each entry's level."""
    entries = [e for e in criterion.entries if e.value is None or e.value.lower() not in rules.unknown_values]
    scores = np.array([e.score for e in entries])
    levels = np.unique(scores)
    return levels, np.searchsorted(levels, scores)


def _shifted(level_of: np.ndarray, shift: np.ndarray, count: int) -> np.ndarray:
    """(cells, count): 1 - p at each cell's level, p shared by its neighbours."""
    cells = np.arange(len(level_of))
    probabilities = np.zeros((len(level_of), count))
    probabilities[cells, level_of] = 1.0 - shift
    has_low, has_high = level_of > 0, level_of < count - 1
    share = np.where(has_low & has_high, 0.5, 1.0) * shift
    probabilities[cells[has_low], level_of[has_low] - 1] += share[has_low]
    probabilities[cells[has_high], level_of[has_high] + 1] += share[has_high]
    return probabilities


def _bin_mass(criterion: Criterion, levels: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """(cells, levels): share of each log10 interval [low, high) in each bin's score level."""
    with np.errstate(divide="ignore"):
        edges = np.log10([max(e.low, 0.0) for e in criterion.entries] + [np.inf])
    edges[0], edges[-1] = -np.inf, np.inf  # values below the first bin score as the first bin
    mass = np.zeros((len(low), len(levels)))
    width = high - low
    for k, entry in enumerate(criterion.entries):
        overlap = np.clip(np.minimum(high, edges[k + 1]) - np.maximum(low, edges[k]), 0.0, None)
        mass[:, np.searchsorted(levels, entry.score)] += overlap / width
    return mass


def _discrete(
    criterion: Criterion, column: int, frame: pd.DataFrame, unknown: np.ndarray, scores: np.ndarray, rules
) -> LevelDraws:
    levels, entry_level = _levels(criterion, rules)
    confidence = cell_confidence(frame, criterion.input, rules)
    n = len(frame)
    probabilities = np.zeros((n, len(levels)))
    probabilities[unknown] = np.bincount(entry_level, minlength=len(levels)) / len(entry_level)
    known = ~unknown
    if criterion.kind == "categories":
        shift = np.array([rules.categories[c] for c in CONFIDENCE_LEVELS])[confidence]
        uncertain = known & (shift > 0)
        probabilities[uncertain] = _shifted(np.searchsorted(levels, scores[uncertain]), shift[uncertain], len(levels))
    else:
        factor = np.array([rules.numeric[c] for c in CONFIDENCE_LEVELS])[confidence]
        values = pd.to_numeric(frame[criterion.input], errors="coerce").to_numpy(dtype=float)
        uncertain = known & (factor > 1.0) & (values > 0)
        centre, half = np.log10(values[uncertain]), np.log10(factor[uncertain])
        probabilities[uncertain] = _bin_mass(criterion, levels, centre - half, centre + half)
    rows = np.flatnonzero(unknown | uncertain)
    return LevelDraws(column, criterion.input, rows, unknown[rows], levels, probabilities[rows])


def _logarithmic(
    criterion: Criterion, column: int, frame: pd.DataFrame, unknown: np.ndarray, scores: np.ndarray, rules
) -> LogDraws:
    confidence = cell_confidence(frame, criterion.input, rules)
    factor = np.array([rules.numeric[c] for c in CONFIDENCE_LEVELS])[confidence]
    values = pd.to_numeric(frame[criterion.input], errors="coerce").to_numpy(dtype=float)
    positive = values[~unknown & (values > 0)]
    uncertain = ~unknown & (factor > 1.0) & (values > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.log10(values) - np.log10(factor)
        width = 2.0 * np.log10(factor)
    ranged = unknown & (len(positive) > 0)
    if ranged.any():
        low[ranged] = np.log10(positive.min())
        width[ranged] = np.log10(positive.max()) - low[ranged]
    rows = np.flatnonzero(uncertain | ranged)
    return LogDraws(column, criterion.input, rows, unknown[rows], low[rows], width[rows], criterion.floor)


def data_uncertainty(scored: ScoredInventory, rules: UncertaintyRules | None = None) -> DataUncertainty:
    """The uncertain cells of ``scored`` under ``rules`` (default: the profile's section).

    Raises ProblemError when neither is given. Cells with no uncertainty (high confidence,
    a factor of 1 or a shift of 0, a zero value) are left out; a criterion without any
    uncertain cell has no draws.
    """
    rules = rules or scored.profile.uncertainty
    if rules is None:
        raise ProblemError(Problem("uncertainty_not_in_profile"))
    frame = scored.facilities
    draws = []
    for column, criterion in enumerate(scored.profile.criteria):
        if criterion.input not in frame:
            frame = frame.assign(**{criterion.input: np.nan})
        unknown = scored.unknown[:, column].copy()
        if criterion.kind == "categories":
            labels = frame[criterion.input].astype("string").str.strip().str.lower()
            unknown |= labels.isin(rules.unknown_values).fillna(False).to_numpy(dtype=bool)
            build = _discrete
        else:
            build = _discrete if criterion.kind == "bins" else _logarithmic
        found = build(criterion, column, frame, unknown, scored.sub_scores[:, column], rules)
        if len(found.rows):
            draws.append(found)
    return DataUncertainty(scored.sub_scores, tuple(draws), scored.tie_order)


def add_data_draws(
    scores: np.ndarray, weights: np.ndarray, uncertainty: DataUncertainty, rng: np.random.Generator
) -> None:
    """Add to ``scores`` (samples, facilities) the change of each drawn sub-score times its weight.

    weights: (samples, criteria), the weights each row of ``scores`` was computed with.
    In place; each criterion's rows are unique, so a fancy-indexed ``+=`` is exact. Speed
    (bench/README.md): the official sub-scores of all uncertain cells leave in one matrix
    product; float32 uniforms (half the bytes to draw; 2**-24 is far finer than any range);
    cumulative probabilities computed once per inventory; level counts in int8 times the
    weight (no lookup for equally spaced levels); a plain ``+=`` instead of a gather and
    scatter when every facility is uncertain.
    """
    samples, facilities = scores.shape
    if not uncertainty.draws:
        return
    scores -= weights @ uncertainty.offsets.T  # every official uncertain sub-score out in one product
    for draws in uncertainty.draws:
        uniforms = uncertainty.uniforms(draws, samples, rng)
        change = draws.scaled(uniforms, weights[:, draws.column, None])
        if len(draws.rows) == facilities:  # rows are ascending and unique: all of them, in order
            scores += change
        else:
            scores[:, draws.rows] += change
