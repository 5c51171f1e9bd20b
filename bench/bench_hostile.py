"""Hostile files through ``python -m tmf import``: exit code, lines on stderr, wall time and
the command's peak memory (its maximum resident set), against a small valid file in the
same run.

    .venv/bin/python bench/bench_hostile.py

The files are those of tests/tmf/test_hostile_files.py: a 1 MB XLSX zip bomb (320 MB of
sheet XML), a CSV 10,000 columns wide, a NUL byte after the first 4 KiB, and a CSV just
over the 20 MB limit. Each runs against a fresh SQLite database made with ``init-db
--demo``; the data version after it says whether anything was written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from tests.tmf.test_hostile_files import HEADER, ROW, hostile_file, zip_bomb  # noqa: E402
from tmf.store.engine import data_version, make_engine  # noqa: E402

FILES = ["valid.csv", "bomb.xlsx", "wide.csv", "late_nul.csv", "big.csv"]


def command(args: list[str], url: str) -> tuple[int, str, float, float]:
    """Exit code, stderr, seconds and peak resident MB of ``python -m tmf ARGS``."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "tmf", *args],
        cwd=ROOT,
        env=os.environ | {"TMF_DATABASE_URL": url, "LC_ALL": "C.UTF-8"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    err = process.stderr.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, err, time.perf_counter() - started, usage.ru_maxrss / 1024


def main() -> None:
    bomb = zip_bomb()
    print("| file | size | exit | stderr lines | written | seconds | peak MB |")
    print("|---|---:|---:|---:|---|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for name in FILES:
            url = f"sqlite:///{Path(folder) / f'{name}.sqlite'}"
            assert command(["init-db", "--demo"], url)[0] == 0
            version = data_version(make_engine(url))
            path = Path(folder) / name
            data = (HEADER + ROW).encode() if name == "valid.csv" else hostile_file(name, bomb)
            path.write_bytes(data)
            code, err, seconds, peak = command(["import", str(path)], url)
            written = "yes" if data_version(make_engine(url)) != version else "nothing"
            lines = err.count("\n")
            print(
                f"| {name} | {len(data) / 2**20:.1f} MB | {code} | {lines} | {written} | {seconds:.2f} | {peak:.0f} |"
            )


if __name__ == "__main__":
    main()
