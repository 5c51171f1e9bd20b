"""Rank robustness under weight (and data) uncertainty (Monte Carlo); tipping points and
one-at-a-time sensitivity are in tmf.sensitivity.

``Settings.vary`` chooses what is drawn: ``weights`` (below), ``data`` (the inputs within
the profile's provisional [uncertainty] ranges, tmf.uncertainty, weights as given) or
``both``. Data draws come from their own random stream (seed, 1), so the weight draws of a
seed are the same in every mode; with no uncertain cell, ``both`` equals ``weights``.

Scores are linear in the weights (score = sub-scores @ weights, tmf.ranking), which makes
Monte Carlo cheap for every facility:

- ``robustness``: draw many weight vectors, rank the facilities under each,
  and count how often each facility is in the top N, its rank percentiles (5th, 50th,
  95th) and the probability of each rank band (rank acceptability, as in SMAA: Lahdelma
  and Salminen 2001). Two ways to draw the weights:

  - ``uniform``: each weight of the index independently uniform within +-U of its value,
    [w(1 - U), w(1 + U)], clipped to 0..3. The uncertainty is relative, so a weight of 0
    stays 0; criteria outside the index stay 0.
  - ``scenarios``: random convex combinations of the saved weightings, with mixture
    coefficients drawn from Dirichlet(1, ..., 1) (uniform on the simplex; a Bayesian
    bootstrap over the scenarios). The draws cover the convex hull of the saved
    weightings, densest near their average, and stay within 0..3.

  Samples are ranked in chunks of about ``CHUNK_CELLS`` (sample, facility) cells, a sort
  per row, no Python loop per sample; rank counts are kept in a histogram of at most
  ``HISTOGRAM_CELLS`` cells. Memory does not grow with the number of samples (about
  200 MB at 10,000 facilities, bench/README.md). Ties follow tmf.ranking: scores rounded
  to TIE_DECIMALS, equal scores share the smallest rank. A fixed seed gives the same
  result; the seed is returned.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tmf.methodology import MAX_WEIGHT, MIN_WEIGHT, TIE_DECIMALS
from tmf.problems import Problem, ProblemError
from tmf.ranking import ScoredInventory, rank_positions, weight_vector
from tmf.uncertainty import DataUncertainty, add_data_draws, data_uncertainty

SOURCES = ("uniform", "scenarios")
VARY = ("weights", "data", "both")
PERCENTILES = (5, 50, 95)
BAND_EDGES = (5, 10, 20)  # bands 1-5, 6-10, 11-20 and the rest
CHUNK_CELLS = 2_000_000
HISTOGRAM_CELLS = 16_000_000  # int32 rank counts: exact ranks up to 4,000 facilities
MAX_SAMPLES = 1_000_000
MAX_UNCERTAINTY = 1.0
MAX_SEED = 2**32 - 1
Progress = Callable[[int, int], None]  # (samples done, samples in all)
DataDraws = Callable[[np.ndarray, np.ndarray], None]  # (scores, weights) of a chunk, changed in place


@dataclass(frozen=True, eq=False)
class RobustnessResult:
    """Per-facility rank statistics of one Monte Carlo run, and how it was drawn.

    ``table``: facility_id, name, rank (under the given weights), p_top (probability of
    rank <= top), rank_p05, rank_p50, rank_p95 (nearest-rank percentiles) and one
    ``p_rank_<first>_<last>`` column per band (``p_rank_<first>_plus`` for the rest);
    rows by rank. ``rank_resolution`` is 1 when percentiles are exact; for more than
    4,000 facilities ranks are counted in bins of that many ranks, p05 and p50 report
    the bin's first rank and p95 its last (the band can only be wider than the truth).
    """

    table: pd.DataFrame
    seed: int
    samples: int
    top: int
    source: str
    uncertainty: float
    rank_resolution: int
    vary: str = "weights"


def new_seed() -> int:
    """A random seed (0 to 2**32 - 1) for a run whose seed the user did not choose."""
    return int(np.random.SeedSequence().entropy % (MAX_SEED + 1))


def check_range(name: str, value: float, low: float, high: float) -> None:
    """Refuse ``value`` outside low..high with a sentence naming the setting ``name``."""
    if not low <= value <= high:
        raise ProblemError(Problem("setting_out_of_range", {"name": name, "low": low, "high": high, "value": value}))


@dataclass(frozen=True)
class Settings:
    """How to draw the weights: ``samples`` draws, +-``uncertainty`` (0 to 1, relative;
    unused by the ``scenarios`` source), the ``top`` N counted, the random ``seed``
    (None: draw one, returned with the result) and the ``source`` (uniform or scenarios)."""

    samples: int = 1000
    uncertainty: float = 0.5
    top: int = 10
    seed: int | None = None
    source: str = "uniform"
    vary: str = "weights"

    def check(self) -> None:
        """ProblemError naming the first setting out of its range."""
        check_range("samples", self.samples, 1, MAX_SAMPLES)
        check_range("uncertainty", self.uncertainty, 0.0, MAX_UNCERTAINTY)
        check_range("top", self.top, 1, MAX_SAMPLES)
        if self.seed is not None:
            check_range("seed", self.seed, 0, MAX_SEED)
        if self.source not in SOURCES:
            raise ProblemError(Problem("not_allowed", {"value": self.source, "allowed": ", ".join(SOURCES)}))
        if self.vary not in VARY:
            raise ProblemError(Problem("not_allowed", {"value": self.vary, "allowed": ", ".join(VARY)}))


def uniform_weights(base: np.ndarray, uncertainty: float, samples: int, rng: np.random.Generator) -> np.ndarray:
    """``samples`` weight vectors, each weight uniform in [w(1-U), w(1+U)] clipped to 0..3.

    base: the weights (criteria,), zero outside the index. Returns (samples, criteria).
    """
    spread = rng.uniform(-1.0, 1.0, size=(samples, base.size))
    return np.clip(base * (1.0 + uncertainty * spread), MIN_WEIGHT, MAX_WEIGHT)


def mixture_weights(vectors: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """``samples`` random convex combinations of the rows of ``vectors`` (Dirichlet(1) mix).

    Raises ProblemError unless at least two rows differ: one weighting has no spread.
    """
    if len(vectors) < 2 or np.ptp(vectors, axis=0).max() == 0:
        raise ProblemError(Problem("robustness_needs_scenarios"))
    mix = rng.dirichlet(np.ones(len(vectors)), size=samples)
    return np.clip(mix @ vectors, MIN_WEIGHT, MAX_WEIGHT)


def chunk_ranks(scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Facilities best first, and their ranks, for each row (one weight sample) of ``scores``.

    scores: (samples, facilities). Returns (order, ranks), both (samples, facilities):
    ``order[k, p]`` is the facility at position p of sample k, ``ranks[k, p]`` its rank,
    equal rounded scores sharing the smallest rank (1, 2, 2, 4) as in tmf.ranking.
    """
    keys = np.rint(scores * 10.0**TIE_DECIMALS)
    n = scores.shape[1]
    bits = max(1, (n - 1).bit_length())
    high = keys.max(initial=0.0)
    if (high - keys.min(initial=0.0) + 1) * 2.0**bits < 2.0**62:
        # (descending key, facility) packed in one int64: a plain sort beats argsort 2x.
        packed = ((high - keys).astype(np.int64) << bits) | np.arange(n)
        packed.sort(axis=1)
        order, sorted_keys = packed & ((1 << bits) - 1), packed >> bits
    else:
        order = np.argsort(-keys, axis=1, kind="stable")
        sorted_keys = np.take_along_axis(keys, order, axis=1)
    new_group = np.ones(order.shape, dtype=bool)
    new_group[:, 1:] = sorted_keys[:, 1:] != sorted_keys[:, :-1]
    ranks = np.maximum.accumulate(np.where(new_group, np.arange(1, n + 1), 0), axis=1)
    return order, ranks


def _count_within(order: np.ndarray, ranks: np.ndarray, column_min: np.ndarray, edge: int) -> np.ndarray:
    """How many samples put each facility at rank <= ``edge`` (ranks rise along each row)."""
    width = int(np.searchsorted(column_min, edge, side="right"))
    inside = ranks[:, :width] <= edge
    return np.bincount(order[:, :width][inside], minlength=order.shape[1])


def _bands(n: int, edges: tuple[int, ...]) -> list[tuple[int, int | None]]:
    """(first, last) rank of each band that holds a rank of 1..n; last None is the rest."""
    bounds = [e for e in edges if e < n]
    firsts = [1, *(e + 1 for e in bounds)]
    return list(zip(firsts, [*bounds, None], strict=True))


def band_column(first: int, last: int | None) -> str:
    return f"p_rank_{first}_{last}" if last is not None else f"p_rank_{first}_plus"


def rank_statistics(
    sub_scores: np.ndarray,
    weight_samples: np.ndarray,
    top: int,
    band_edges: tuple[int, ...] = BAND_EDGES,
    progress: Progress | None = None,
    data: DataDraws | None = None,
) -> tuple[pd.DataFrame, int]:
    """P(top), rank percentiles and band probabilities of each facility over the samples.

    sub_scores: (facilities, criteria); weight_samples: (samples, criteria). ``data``, if
    given, adds drawn sub-score changes to each chunk of scores in place (data uncertainty,
    tmf.uncertainty.add_data_draws). Returns the statistics (rows in facility order) and
    the rank resolution of the percentiles.
    """
    n, m = sub_scores.shape[0], weight_samples.shape[0]
    width = max(1, math.ceil(n * n / HISTOGRAM_CELLS))
    bins = max(1, math.ceil(n / width))
    histogram = np.zeros(n * bins, dtype=np.int32)
    bands = _bands(n, band_edges)
    edges = sorted({top, *(last for _, last in bands if last is not None)})
    within = {edge: np.zeros(n, dtype=np.int64) for edge in edges}
    chunk = max(1, CHUNK_CELLS // max(n, 1))
    for start in range(0, m, chunk):
        weights = weight_samples[start : start + chunk]
        scores = weights @ sub_scores.T
        if data is not None:
            data(scores, weights)
        order, ranks = chunk_ranks(scores)
        # A 1-D index and a typed one take numpy's fast path of add.at (20x faster).
        np.add.at(histogram, (order * bins + (ranks - 1) // width).ravel(), np.int32(1))
        column_min = ranks.min(axis=0)
        for edge in edges:
            within[edge] += _count_within(order, ranks, column_min, edge)
        if progress is not None:
            progress(min(start + chunk, m), m)
    columns = {"p_top": within[top] / m}
    columns |= _percentiles(histogram.reshape(n, bins), m, width, n)
    for first, last in bands:
        below = within[first - 1] if first > 1 else 0
        upto = within[last] if last is not None else m
        columns[band_column(first, last)] = (upto - below) / m
    return pd.DataFrame(columns), width


def _percentiles(counts: np.ndarray, m: int, width: int, n: int) -> dict[str, np.ndarray]:
    """Nearest-rank percentiles: the smallest rank r with count(rank <= r) >= ceil(p m / 100)."""
    cumulative = np.cumsum(counts, axis=1, dtype=np.int32)  # samples < 2**31
    result = {}
    for p in PERCENTILES:
        needed = max(1, -(-p * m // 100))
        first_bin = (cumulative >= needed).argmax(axis=1)
        # Within a bin of several ranks, widen the band: lower percentiles take the bin's
        # first rank, upper ones its last.
        ranks = first_bin * width + 1 if p <= 50 else np.minimum((first_bin + 1) * width, n)
        result[f"rank_p{p:02d}"] = ranks.astype(np.int64)
    return result


def robustness(
    scored: ScoredInventory,
    weights: Mapping[str, float] | None = None,
    index: str = "thi",
    settings: Settings = Settings(),
    scenario_weights: np.ndarray | None = None,
    progress: Progress | None = None,
    data: DataUncertainty | None = None,
) -> RobustnessResult:
    """How firmly each facility holds its rank when the weights, the data or both are uncertain.

    weights/index: the weighting under study (as tmf.ranking.rank). ``settings.vary``:
    ``weights`` draws the weights only (the data as stored, unknowns at their precautionary
    score), ``data`` the inputs only (tmf.uncertainty; ``data`` or, by default, the
    profile's [uncertainty] ranges) with the weights as given, ``both`` each sample draws
    both. The ``scenarios`` source mixes the rows of ``scenario_weights`` (saved
    weightings in profile order, see tmf.scenario_store.weight_matrix); criteria outside
    the index are ignored. Raises ProblemError for a setting out of range, a scenario
    spread of a single weighting, or data uncertainty asked of a profile without ranges.
    """
    settings.check()
    base = weight_vector(scored.profile, weights, index)
    seed = new_seed() if settings.seed is None else int(settings.seed)
    rng = np.random.default_rng(seed)
    draws = _weight_draws(scored, base, index, settings, scenario_weights, rng)
    data_draws = None
    if settings.vary != "weights":
        uncertainty = data if data is not None else data_uncertainty(scored)
        data_rng = np.random.default_rng([seed, 1])  # its own stream: weight draws stay as without data

        def data_draws(scores: np.ndarray, chunk_weights: np.ndarray) -> None:
            add_data_draws(scores, chunk_weights, uncertainty, data_rng)

    statistics, width = rank_statistics(scored.sub_scores, draws, settings.top, progress=progress, data=data_draws)
    order, ranks = rank_positions(scored.sub_scores @ base, scored.tie_order)
    frame = scored.facilities
    table = pd.DataFrame({"facility_id": frame["facility_id"], "name": frame["name"], "rank": ranks})
    table = pd.concat([table, statistics], axis=1).take(order).reset_index(drop=True)
    return RobustnessResult(
        table, seed, settings.samples, settings.top, settings.source, settings.uncertainty, width, settings.vary
    )


def _weight_draws(
    scored: ScoredInventory,
    base: np.ndarray,
    index: str,
    settings: Settings,
    scenario_weights: np.ndarray | None,
    rng: np.random.Generator,
) -> np.ndarray:
    """(samples, criteria) weights: drawn, or ``base`` repeated when only the data vary."""
    if settings.vary == "data":
        return np.broadcast_to(base, (settings.samples, base.size))
    if settings.source == "uniform":
        return uniform_weights(base, settings.uncertainty, settings.samples, rng)
    vectors = np.zeros((0, base.size)) if scenario_weights is None else np.asarray(scenario_weights, float)
    in_index = np.isin(scored.profile.keys, scored.profile.keys_of(index))
    return mixture_weights(vectors * in_index, settings.samples, rng)
