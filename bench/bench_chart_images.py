"""How long a chart's PNG/SVG download takes on the server (cache.chart_picture, which draws
with components.chart_images and keeps the picture), for the Ranking page's two charts on
the bundled inventory: the first picture a process draws (matplotlib imported and its font
loaded) and every later one.

    OMP_NUM_THREADS=1 python bench/bench_chart_images.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

LINES = ("Weights for THI: official", "Data as of: 2026-03-01 · Methodology: version 2026.11")


def main() -> None:
    start = time.perf_counter()
    from components import chart_images, charts
    from tmf.inventory import load_inventory
    from tmf.methodology import load_profile
    from tmf.ranking import rank_facilities

    imported = time.perf_counter() - start
    import cache

    profile = load_profile()
    ranked = rank_facilities(load_inventory(), profile).head(20)
    figures = {
        "contributions": charts.contributions_figure(ranked, profile, "thi", "ru"),
        "rank_shift": charts.rank_shift_figure(ranked, "ru"),
    }
    print(f"import components.chart_images (matplotlib): {imported:.3f} s")
    for name, figure in figures.items():
        for kind in chart_images.KINDS:
            times = []
            for _ in range(4):
                began = time.perf_counter()
                cache.chart_picture(figure, LINES, kind)
                times.append(time.perf_counter() - began)
            later = sorted(times[1:])[1]
            print(f"{name} {kind}: first {times[0]:.3f} s, later (median of 3) {later:.3f} s")


if __name__ == "__main__":
    main()
