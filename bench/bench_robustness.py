"""Benchmark: Monte Carlo rank robustness (tmf.robustness) against a per-sample loop.

Run with `.venv/bin/python bench/bench_robustness.py`. One core: BLAS threads are
limited to 1 before numpy loads. Targets (issue 4): 10,000 weight samples over the
illustrative inventory in under 1 s, over 10,000 facilities in under 15 s. The reference
is a plain Python loop over the samples (one tmf.ranking.rank_positions per sample, then
the same counts and nearest-rank percentiles); for 10,000 facilities it runs on a subset
of the samples and its time is extrapolated linearly (printed as such). Results go to
stdout; the numbers measured on our machine are recorded in bench/README.md.
"""

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import synthetic_inventory  # noqa: E402
from tmf.inventory import load_inventory  # noqa: E402
from tmf.methodology import load_profile  # noqa: E402
from tmf.ranking import ScoredInventory, rank_positions, score_inventory, weight_vector  # noqa: E402
from tmf.robustness import Settings, rank_statistics, robustness, uniform_weights  # noqa: E402

PROFILE = load_profile()
SAMPLES, UNCERTAINTY, TOP, SEED = 10_000, 0.5, 10, 1


def loop_statistics(scored: ScoredInventory, draws: np.ndarray, top: int) -> dict[str, np.ndarray]:
    """The reference: rank once per sample in a Python loop, then count."""
    ranks = np.empty((len(draws), len(scored)), dtype=np.int64)
    for k, weights in enumerate(draws):
        ranks[k] = rank_positions(scored.sub_scores @ weights, scored.tie_order)[1]
    statistics = {"p_top": (ranks <= top).mean(axis=0)}
    for p in (5, 50, 95):
        statistics[f"rank_p{p:02d}"] = np.percentile(ranks, p, axis=0, method="inverted_cdf").astype(int)
    return statistics


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def benchmark(label: str, scored: ScoredInventory, loop_samples: int) -> None:
    settings = Settings(samples=SAMPLES, uncertainty=UNCERTAINTY, top=TOP, seed=SEED)
    robustness(scored, None, "thi", Settings(samples=100, seed=SEED))  # warm-up
    seconds, _ = timed(lambda: robustness(scored, None, "thi", settings))
    tracemalloc.start()  # a second run: tracing allocations slows it down
    robustness(scored, None, "thi", settings)
    peak_mb = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()

    draws = uniform_weights(weight_vector(PROFILE, None, "thi"), UNCERTAINTY, loop_samples, np.random.default_rng(SEED))
    loop_seconds, reference = timed(lambda: loop_statistics(scored, draws, TOP))
    fast, resolution = rank_statistics(scored.sub_scores, draws, TOP)
    # With rank bins (resolution > 1) only P(top) is exact; the percentiles then bound the truth.
    compared = reference if resolution == 1 else {"p_top": reference["p_top"]}
    same = all(np.array_equal(fast[name].to_numpy(), compared[name]) for name in compared)
    loop_full = loop_seconds * SAMPLES / loop_samples
    how = "measured" if loop_samples == SAMPLES else f"{loop_samples:,} samples x {SAMPLES // loop_samples}"
    print(
        f"{label:<28} | {len(scored):>10,} | {seconds:8.3f} | {peak_mb:9.0f} | {loop_full:10.2f} ({how}) "
        f"| {loop_full / seconds:6.1f}x | rank resolution {resolution} | same as loop: {same}"
    )


def main() -> None:
    print(f"{SAMPLES:,} samples, +-{UNCERTAINTY:.0%} uniform, P(top {TOP}), seed {SEED}, one core")
    print("inventory                    | facilities | time (s) | peak (MB) | loop (s)                     | ratio")
    illustrative = score_inventory(load_inventory(), PROFILE)
    benchmark("illustrative", illustrative, loop_samples=SAMPLES)
    synthetic = score_inventory(synthetic_inventory(10_000), PROFILE)
    benchmark("synthetic 10,000", synthetic, loop_samples=500)


if __name__ == "__main__":
    main()
