"""Load: N people open the Ranking page at the same moment, over Streamlit's own protocol.

    .venv/bin/python bench/bench_sessions.py [--sessions 30] [--alone 3] [--timeout 300]
                                             [--processes 1] [--postgres URL]

``--processes`` ``streamlit run app.py`` processes on 127.0.0.1 (free ports) with the
illustrative inventory (a fresh SQLite file, or a fresh schema of ``--postgres``); sessions
go to them in turn, as a load balancer would send them. After one warm-up session per
process (the first run of a process imports the libraries and reads the basemap), it
measures:

- alone: ``--alone`` sessions one after another before the crowd and as many after it,
  each a new websocket that asks for the Ranking page and waits for the server's "script
  finished" message (connect included); the median of all of them;
- the server's CPU seconds per session (from /proc), alone and in the crowd;
- together: ``--sessions`` such sessions started at once (one thread each, released by a
  barrier); each session's time, and every error: a traceback or st.error on the page, a
  refused connection, or no "script finished" within ``--timeout`` seconds.

It prints the medians, their ratio (the target is at most 10x) and the errors. Bounded:
at most 50 sessions, each given at most ``--timeout`` seconds; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from tests.streamlit_protocol import Session, app_process  # noqa: E402
from tmf.store.imports import ensure_database  # noqa: E402

MAX_SESSIONS = 50


def one_session(port: int, timeout: float) -> tuple[float, list[str]]:
    """Seconds from opening the websocket to the Ranking page's finished run, and its errors."""
    started = time.perf_counter()
    try:
        with Session(port) as session:
            run = session.run("ranking", "lang=en", timeout=timeout)
    except Exception as error:  # a refused or dropped connection, a timeout: counted, not raised
        return time.perf_counter() - started, [f"{type(error).__name__}: {error}"]
    return time.perf_counter() - started, run.errors


def together(ports: list[int], count: int, timeout: float) -> list[tuple[float, list[str]]]:
    barrier, results = threading.Barrier(count), [None] * count

    def open_page(number: int) -> None:
        barrier.wait()
        results[number] = one_session(ports[number % len(ports)], timeout)

    threads = [threading.Thread(target=open_page, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout + 60)
    return [r if r is not None else (timeout, ["no answer"]) for r in results]


def database(postgres: str | None, folder: Path) -> tuple[str, str | None]:
    """A database with the illustrative inventory; the schema to drop afterwards (PostgreSQL)."""
    if not postgres:
        url = f"sqlite:///{folder / 'tmf.sqlite'}"
    else:
        schema = f"tmf_bench_{uuid.uuid4().hex[:8]}"
        with sa.create_engine(postgres).begin() as connection:
            connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        url = f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{schema}"
    ensure_database(url, demo=True).dispose()
    return url, schema if postgres else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--alone", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--processes", type=int, default=1, choices=range(1, 5))
    parser.add_argument("--postgres", help="a PostgreSQL URL; a fresh schema is made and dropped")
    args = parser.parse_args()
    count = min(args.sessions, MAX_SESSIONS)
    with tempfile.TemporaryDirectory() as folder, ExitStack() as processes:
        url, schema = database(args.postgres, Path(folder))
        try:
            apps = [
                processes.enter_context(app_process(url, log=Path(folder) / f"streamlit{n}.log"))
                for n in range(args.processes)
            ]
            ports = [app.port for app in apps]
            warm = [one_session(port, args.timeout) for port in ports]
            cpu = apps[0].cpu_seconds()
            alone = [one_session(ports[0], args.timeout) for _ in range(args.alone)]
            cpu_alone = (apps[0].cpu_seconds() - cpu) / args.alone
            cpu = sum(app.cpu_seconds() for app in apps)
            crowd = together(ports, count, args.timeout)
            cpu_crowd = (sum(app.cpu_seconds() for app in apps) - cpu) / count
            alone += [one_session(ports[0], args.timeout) for _ in range(args.alone)]  # before and after
            processes.close()
        finally:
            if schema:
                with sa.create_engine(args.postgres).begin() as connection:
                    connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    print(f"{args.processes} app process(es), {'PostgreSQL' if schema else 'SQLite'}")
    report(warm, alone, crowd)
    print(f"server CPU per session: alone {cpu_alone:.2f} s, in the crowd {cpu_crowd:.2f} s")


def report(warm: list, alone: list, crowd: list) -> None:
    alone_median = statistics.median(seconds for seconds, _ in alone)
    times = sorted(seconds for seconds, _ in crowd)
    errors = [error for _, found in [*warm, *alone, *crowd] for error in found]
    median = statistics.median(times)
    print(f"warm-up session per process (its first run): {', '.join(f'{s:.2f} s' for s, _ in warm)}")
    print(f"one session alone: median {alone_median:.2f} s of {[round(s, 2) for s, _ in alone]}")
    print(f"{len(crowd)} sessions at once: median {median:.2f} s, fastest {times[0]:.2f} s, slowest {times[-1]:.2f} s")
    print(f"ratio of medians: {median / alone_median:.1f}x (target at most 10x)")
    print(f"errors: {len(errors)}")
    for error in errors[:10]:
        print(f"  {error[:300]}")


if __name__ == "__main__":
    main()
