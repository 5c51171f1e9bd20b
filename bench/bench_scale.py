"""Benchmark: the command line and imports at 1,000 and 100,000 facilities, side by side,
and a full score and rank of 1,000,000.

    .venv/bin/python bench/bench_scale.py [--postgres URL] [--skip rank|import|million] [--repeat N]

- ``tmf rank --inventory`` (a separate process, wall time) on synthetic CSV files;
- ``tmf import FILE`` (a separate process, wall time: what a data manager waits for,
  reading the file included) of the same CSV files into a new SQLite database (and a fresh
  PostgreSQL schema with ``--postgres``);
- ``import_facilities`` of a validated synthetic inventory into a fresh migrated SQLite
  database (and PostgreSQL with ``--postgres``: a fresh schema, dropped afterwards), then
  a re-import of it with every name changed;
- ``screen`` + ``rank`` of 1,000,000 facilities in this process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import synthetic_inventory  # noqa: E402
from tmf.store.engine import make_engine, migrate  # noqa: E402
from tmf.store.imports import import_facilities  # noqa: E402

SIZES = (1_000, 100_000)


def rank_cli(directory: Path) -> None:
    times = {}
    for size in SIZES:
        path = directory / f"inventory_{size}.csv"
        synthetic_inventory(size).to_csv(path, index=False)
        start = time.perf_counter()
        command = [sys.executable, "-m", "tmf", "rank", "--inventory", str(path), "--top", "5"]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        times[size] = time.perf_counter() - start
    print(
        f"tmf rank --inventory: {times[1_000]:.2f} s at 1,000, {times[100_000]:.2f} s at 100,000 "
        f"({times[100_000] / times[1_000]:.1f}x; target at most 4x)"
    )


def import_cli(directory: Path, repeat: int, name: str, make_url) -> None:
    """``tmf import`` of the synthetic CSV file of each size into a new database (SQLite, or
    a fresh PostgreSQL schema; created by ``tmf init-db`` beforehand, not timed); the best
    of ``repeat``."""
    times = {size: [] for size in SIZES}
    for _ in range(repeat):
        for size in SIZES:
            path = directory / f"inventory_{size}.csv"
            if not path.exists():
                synthetic_inventory(size).to_csv(path, index=False)
            url, cleanup = make_url(size)
            env = {**os.environ, "TMF_DATABASE_URL": url}
            init = [sys.executable, "-m", "tmf", "init-db"]
            subprocess.run(init, cwd=ROOT, env=env, check=True, capture_output=True)
            start = time.perf_counter()
            command = [sys.executable, "-m", "tmf", "import", str(path)]
            subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
            times[size].append(time.perf_counter() - start)
            cleanup()
    small, large = (min(times[size]) for size in SIZES)
    print(
        f"tmf import (command, {name}), best of {repeat}: {small:.2f} s at 1,000, {large:.2f} s at 100,000 "
        f"({large / small:.1f}x; target at most 30x)"
    )


def sqlite_file(directory: Path, size: int):
    """A new SQLite database file in ``directory`` (its URL and a no-op cleanup)."""
    return f"sqlite:///{directory / f'import_{size}_{uuid.uuid4().hex[:8]}.sqlite'}", lambda: None


def postgres_schema(url: str):
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url)
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}", lambda: _drop(admin, schema)


def _drop(admin: sa.Engine, schema: str) -> None:
    with admin.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def imports(name: str, make_url, repeat: int) -> None:
    """A first import into an empty database, then a re-import changing every facility's
    name (the update path), at each size, ``repeat`` times alternating the sizes; the best
    of each is printed (on a shared machine a run mostly measures the others' load). Wall
    time, and the importing process's CPU time: it leaves out waiting for a core, but also
    the PostgreSQL server's own work."""
    wall, cpu, again = ({size: [] for size in SIZES} for _ in range(3))
    for _ in range(repeat):
        for size in SIZES:
            frame = synthetic_inventory(size)
            url, cleanup = make_url(size)
            engine = make_engine(url)
            migrate(engine)
            start, start_cpu = time.perf_counter(), time.process_time()
            import_facilities(engine, frame, user="bench")
            wall[size].append(time.perf_counter() - start)
            cpu[size].append(time.process_time() - start_cpu)
            start = time.perf_counter()
            import_facilities(engine, frame.assign(name=frame["name"] + " (renamed)"), user="bench")
            again[size].append(time.perf_counter() - start)
            engine.dispose()
            cleanup()
    small, large = SIZES

    def ratio(times: dict[int, list[float]]) -> str:
        return f"{min(times[small]):.2f} s and {min(times[large]):.2f} s ({min(times[large]) / min(times[small]):.1f}x)"

    print(
        f"import on {name}, best of {repeat}, at 1,000 and 100,000: {ratio(wall)}, target at most 30x; "
        f"CPU of the importing process {ratio(cpu)}; re-import changing every name {ratio(again)}"
    )


def million() -> None:
    from tmf.methodology import load_profile
    from tmf.ranking import rank
    from tmf.screening import screen
    from tmf.transboundary import load_geodata

    frame, profile, geo = synthetic_inventory(1_000_000), load_profile(), load_geodata()
    start = time.perf_counter()
    scored = screen(frame, profile, geo)
    middle = time.perf_counter()
    rank(scored, {"seismic": 0.5}, "thi")
    end = time.perf_counter()
    print(f"1,000,000 facilities: screen (tracing and sub-scores) {middle - start:.1f} s, rank {end - middle:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL (a schema is created and dropped)")
    parser.add_argument("--skip", choices=("rank", "import", "million"), action="append", default=[])
    parser.add_argument("--repeat", type=int, default=3, help="imports at each size (the best is printed)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        if "rank" not in options.skip:
            rank_cli(directory)
        if "import" not in options.skip:
            import_cli(directory, options.repeat, "SQLite", lambda size: sqlite_file(directory, size))
            imports("SQLite", lambda size: sqlite_file(directory, size), options.repeat)
            if options.postgres:
                import_cli(directory, options.repeat, "PostgreSQL", lambda size: postgres_schema(options.postgres))
                imports("PostgreSQL", lambda size: postgres_schema(options.postgres), options.repeat)
    if "million" not in options.skip:
        million()


if __name__ == "__main__":
    main()
