"""Time loading the offline geodata and tracing downstream paths.

Run from the repository root:  .venv/bin/python bench/bench_transboundary.py

Cases: loading ``data/geo``; 30 facilities like the illustrative inventory (coordinates of
some of its facilities, repeated to 30 rows); 10,000 synthetic facilities at random
points in lon 50-85 E, lat 38-55 N (fixed seed; a fifth name a receiving river, the rest
are traced from the nearest mapped water). Prints the best and median of several runs.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmf.transboundary import downstream_paths, load_geodata  # noqa: E402

ILLUSTRATIVE = [
    ("KZ-KOSHKAR", 43.72, 51.22, "KZ", "Caspian Sea"),
    ("KZ-TALOVSKY", 50.35, 83.51, "KZ", "Ulba"),
    ("KZ-TISHINSKY", 50.30, 83.50, "KZ", "Ulba"),
    ("KZ-TEKELI", 44.86, 78.76, "KZ", "Karatal"),
    ("KZ-AKTOGAY", 47.00, 79.90, "KZ", ""),
    ("KZ-BOZSHAKOL", 51.90, 74.30, "KZ", ""),
    ("KZ-STEPNOGORSK", 52.35, 71.89, "KZ", ""),
    ("KZ-BALKHASH", 46.85, 74.98, "KZ", "Lake Balkhash"),
    ("KZ-ZHEZKAZGAN", 47.80, 67.71, "KZ", "Kara-Kengir"),
    ("KZ-ACHISAI", 43.52, 68.50, "KZ", "Syr Darya"),
    ("KZ-KHROMTAU", 50.25, 58.45, "KZ", "Ilek"),
    ("KG-MAILUU-3", 41.2822, 72.4761, "KG", "Mailuu-Suu"),
    ("KG-MINKUSH", 41.68, 74.47, "KG", "Tuyuk-Suu -> Min-Kush -> Kokomeren"),
    ("KG-KADJISAI", 42.154, 77.217, "KG", "Issyk-Kul"),
    ("KG-AKTUZ", 42.88, 76.12, "KG", "Kichi-Kemin"),
    ("KG-KARABALTA", 42.81, 73.85, "KG", "Kara-Balta"),
    ("KG-KHAIDARKAN", 39.95, 71.34, "KG", ""),
    ("KG-KADAMJAI", 40.13, 71.72, "KG", ""),
    ("KG-KUMTOR", 41.86, 78.19, "KG", "Kumtor"),
    ("KG-SUMSAR", 41.20, 71.35, "KG", ""),
    ("KG-SHEKAFTAR", 41.30, 71.40, "KG", ""),
    ("KG-BOZYMCHAK", 41.50, 71.40, "KG", ""),
    ("KG-MAKMAL", 41.40, 74.20, "KG", "Naryn"),
    ("TJ-DEGMAY", 40.22, 69.70, "TJ", "Syr Darya"),
    ("TJ-ISTIKLOL", 40.60, 69.64, "TJ", ""),
    ("UZ-ALMALYK", 40.85, 69.60, "UZ", "Akhangaran"),
    ("UZ-YANGIABAD", 41.12, 70.09, "UZ", "Akhangaran"),
    ("UZ-CHARKESAR", 41.05, 70.95, "UZ", ""),
    ("KZ-UST-KAMENOGORSK", 49.97, 82.62, "KZ", "Irtysh"),
    ("KZ-ZYRYANOVSK", 49.73, 84.27, "KZ", "Bukhtarma"),
]
COLUMNS = ["facility_id", "latitude", "longitude", "country", "receiving_river"]


def synthetic(count: int, seed: int = 42) -> pd.DataFrame:
    """Random facilities in lon 50-85 E, lat 38-55 N; country left blank (taken from the map)."""
    rng = np.random.default_rng(seed)
    names = np.where(rng.random(count) < 0.2, rng.choice(["Ulba", "Syr Darya", "Chu", "Ural", "Ili"], count), "")
    return pd.DataFrame(
        {
            "facility_id": [f"SYN-{i:05d}" for i in range(count)],
            "latitude": rng.uniform(38, 55, count),
            "longitude": rng.uniform(50, 85, count),
            "country": "",
            "receiving_river": names,
        }
    )


def timed(label: str, action: Callable[[], object], repeat: int) -> None:
    """Run ``action`` ``repeat`` times and print the best and median wall-clock seconds."""
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    print(f"{label:<48} best {min(seconds):7.3f} s   median {statistics.median(seconds):7.3f} s   ({repeat} runs)")


def main() -> None:
    """Print the timings of the three cases."""
    geo = load_geodata()
    illustrative = pd.DataFrame(ILLUSTRATIVE, columns=COLUMNS)
    many = synthetic(10_000)
    timed("load_geodata (data/geo)", load_geodata, repeat=10)
    timed(
        f"downstream_paths, {len(illustrative)} illustrative facilities",
        lambda: downstream_paths(illustrative, geo),
        20,
    )
    timed(f"downstream_paths, {len(many):,} synthetic facilities", lambda: downstream_paths(many, geo), 5)


if __name__ == "__main__":
    main()
