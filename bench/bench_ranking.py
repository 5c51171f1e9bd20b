"""Benchmark: scoring and re-ranking synthetic inventories, and the Ranking page rerun.

Run with `make bench` (or `.venv/bin/python bench/bench_ranking.py`). One core: BLAS
threads are limited to 1 before numpy loads. Results go to stdout; the numbers measured
on our machine are recorded in bench/README.md.
"""

import os

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"

import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import synthetic_inventory  # noqa: E402
from session.pages import page_file  # noqa: E402
from tmf.methodology import load_profile  # noqa: E402
from tmf.ranking import rank, rank_positions, score_inventory, weight_vector  # noqa: E402
from tmf.store.imports import ensure_database, import_facilities  # noqa: E402

PROFILE = load_profile()
WEIGHTS = {"seismic": 0.5, "capacity": 1.5, "population": 2.0}


def best_of(function, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def engine_benchmark() -> None:
    print("facilities | score (s) | re-rank core (ms) | re-rank + ranked table (ms) | re-rank per facility (ns)")
    for n in (1_000, 100_000, 1_000_000):
        inventory = synthetic_inventory(n)
        scoring = best_of(
            lambda inventory=inventory: score_inventory(inventory, PROFILE), repeat=1 if n > 100_000 else 3
        )
        scored = score_inventory(inventory, PROFILE)
        vector = weight_vector(PROFILE, WEIGHTS, "tri")
        core = best_of(lambda s=scored, v=vector: rank_positions(s.sub_scores @ v, s.tie_order))
        table = best_of(lambda s=scored: rank(s, WEIGHTS, "tri"), repeat=3)
        print(f"{n:>10,} | {scoring:9.3f} | {core * 1e3:17.1f} | {table * 1e3:27.1f} | {core / n * 1e9:24.0f}")


def page_benchmark() -> None:
    from streamlit.testing.v1 import AppTest

    for label, inventory in (("illustrative (32)", None), ("synthetic 10,000", synthetic_inventory(10_000))):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.sqlite"
            engine = ensure_database(url, demo=inventory is None)
            if inventory is not None:
                import_facilities(engine, inventory)
            os.environ["TMF_DATABASE_URL"] = url
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
            at.switch_page(page_file("ranking")).run()
            start = time.perf_counter()
            first = at.select_slider(key="w_seismic").set_value(0.0).run()
            first_rerun = time.perf_counter() - start
            reruns = []
            for value in (0.5, 1.5, 2.0):
                start = time.perf_counter()
                first.select_slider(key="w_seismic").set_value(value).run()
                reruns.append(time.perf_counter() - start)
            print(
                f"Ranking page rerun after a slider move, {label}: first {first_rerun:.2f} s, then {min(reruns):.2f} s"
            )


if __name__ == "__main__":
    engine_benchmark()
    page_benchmark()
