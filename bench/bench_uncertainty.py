"""Benchmark: the joint robustness study (weights and data, tmf.uncertainty) and `tmf voi`.

Run with `.venv/bin/python bench/bench_uncertainty.py [--facilities N] [--samples K]`. One
core: BLAS threads are limited to 1 before numpy loads. Targets (issue 16): the joint study
with 10,000 samples over the illustrative inventory in under 1 s and over 10,000
facilities in under 20 s; `tmf voi` (tmf.information.measure_next) on the illustrative
inventory in under 10 s.

The machine these run on is shared, so seconds alone drift with its load. Each case is
therefore also given as a ratio to a bare numpy reference measured in the same run, on
the same shapes: per chunk of samples, the weighted scores (one matrix product), one
float32 uniform per uncertain cell and a row-wise sort of the scores. No study can do
less; the ratio says how far the engine is from that floor. "Previous" is the data draw
of the first merged engine (float64 uniforms, cumulative probabilities per chunk, a lookup
per level and a gather and scatter per criterion), run through the same rank statistics.
Each time is the best of ``--repeat`` runs.
"""

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import synthetic_inventory  # noqa: E402
from tmf.information import measure_next  # noqa: E402
from tmf.inventory import load_inventory  # noqa: E402
from tmf.methodology import load_profile  # noqa: E402
from tmf.ranking import ScoredInventory, score_inventory, weight_vector  # noqa: E402
from tmf.robustness import CHUNK_CELLS, Settings, rank_statistics, robustness, uniform_weights  # noqa: E402
from tmf.uncertainty import DataUncertainty, LevelDraws, data_uncertainty  # noqa: E402

PROFILE = load_profile()
SEED, TOP = 1, 10


def best(function, repeat: int) -> tuple[float, float]:
    """(wall, CPU) seconds of the fastest of ``repeat`` runs. CPU seconds are what this one
    process used (time.process_time; one thread), so they drift far less than wall seconds
    with the load other processes put on a shared machine."""
    times = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        function()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return min(times)


def reference(scored: ScoredInventory, data: DataUncertainty, samples: int) -> None:
    """The floor: weighted scores, one float32 uniform per uncertain cell, a row sort."""
    rng = np.random.default_rng(SEED)
    n = len(scored)
    chunk = max(1, CHUNK_CELLS // n)
    base = weight_vector(scored.profile, None, "thi")
    for start in range(0, samples, chunk):
        k = min(chunk, samples - start)
        scores = uniform_weights(base, 0.5, k, rng) @ scored.sub_scores.T
        for draws in data.draws:
            rng.random((k, len(draws.rows)), dtype=np.float32)
        scores.sort(axis=1)


def previous_draws(data: DataUncertainty, rng: np.random.Generator):
    """The first engine's data draw (kept here only to measure the change)."""

    def draw(draws, uniforms):
        if not isinstance(draws, LevelDraws):
            return np.maximum(draws.low + draws.width * uniforms, draws.floor)
        cumulative = np.cumsum(draws.probabilities, axis=1)
        index = np.zeros(uniforms.shape, dtype=np.intp)
        for level in range(len(draws.levels) - 1):
            index += uniforms >= cumulative[:, level]
        return draws.levels[index]

    def add(scores: np.ndarray, weights: np.ndarray) -> None:
        for draws in data.draws:
            change = draw(draws, rng.random((scores.shape[0], len(draws.rows)))) - data.base[draws.rows, draws.column]
            scores[:, draws.rows] += weights[:, draws.column, None] * change

    return add


def previous_study(scored: ScoredInventory, data: DataUncertainty, samples: int) -> None:
    rng = np.random.default_rng(SEED)
    weights = uniform_weights(weight_vector(scored.profile, None, "thi"), 0.5, samples, rng)
    rank_statistics(scored.sub_scores, weights, TOP, data=previous_draws(data, np.random.default_rng([SEED, 1])))


def study(scored: ScoredInventory, data: DataUncertainty, samples: int, vary: str) -> None:
    robustness(scored, None, "thi", Settings(samples=samples, top=TOP, seed=SEED, vary=vary), data=data)


def benchmark(label: str, scored: ScoredInventory, samples: int, repeat: int, previous: bool) -> None:
    data = data_uncertainty(scored)
    study(scored, data, 100, "both")  # warm-up
    floor = best(lambda: reference(scored, data, samples), repeat)
    cases = {vary: best(lambda v=vary: study(scored, data, samples, v), repeat) for vary in ("weights", "both")}
    if previous:
        cases["both, previous"] = best(lambda: previous_study(scored, data, samples), 1)
    print(f"\n{label}: {len(scored):,} facilities, {data.cells:,} uncertain cells, {samples:,} samples")
    print(f"  bare numpy reference      {floor[0]:8.3f} s wall {floor[1]:8.3f} s CPU")
    for name, (wall, cpu) in cases.items():
        ratio = wall / floor[0]
        print(f"  study, vary={name:<14} {wall:8.3f} s wall {cpu:8.3f} s CPU   {ratio:5.1f}x the reference (wall)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facilities", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    illustrative = score_inventory(load_inventory(), PROFILE)
    benchmark("illustrative", illustrative, args.samples, 3, previous=True)
    wall, cpu = best(lambda: measure_next(illustrative, None, "thi", TOP), 3)
    print(f"  tmf voi (measure_next, top {TOP}, EVPI)   {wall:8.3f} s wall {cpu:8.3f} s CPU")
    synthetic = score_inventory(synthetic_inventory(args.facilities), PROFILE)
    benchmark("synthetic (bench/synthetic.py)", synthetic, args.samples, args.repeat, previous=True)
    wall, cpu = best(lambda: measure_next(synthetic, None, "thi", TOP), 1)
    print(f"  tmf voi (measure_next, top {TOP}, EVPI, default draws)   {wall:8.3f} s wall {cpu:8.3f} s CPU")


if __name__ == "__main__":
    main()
