"""Benchmark: a slider move on the Ranking page, in Chromium and under AppTest, against a
reference measured in the same run (a one-slider app, an empty app).

    .venv/bin/python bench/bench_interactive.py [--sizes 0 30000] [--moves 8]

Size 0 is the illustrative inventory (32 facilities, the demo database); other sizes are
synthetic (bench/synthetic.py) imported into a fresh SQLite database. For each size:

- browser: streamlit on its own port (``--port``, 8544 and up), Debian Chromium through Playwright;
  the time from a key press on a weight slider to the server's "script finished" message
  plus two animation frames (the browser has drawn), median over ``--moves`` presses;
  the bytes of the websocket frames the server sent for that rerun (every press moves
  the same way, so no rerun repeats one the browser has cached);
- AppTest: the Ranking page's rerun after a slider change, median of 5.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import synthetic_inventory  # noqa: E402
from session.pages import page_file  # noqa: E402
from tmf.store.imports import ensure_database, import_facilities  # noqa: E402

CHROMIUM = os.environ.get("TMF_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader"]
ARGS += ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


def database(size: int, directory: Path) -> str:
    url = f"sqlite:///{directory / f'tmf_{size}.sqlite'}"
    engine = ensure_database(url, demo=size == 0)
    if size:
        import_facilities(engine, synthetic_inventory(size), user="bench")
    engine.dispose()
    return url


@contextmanager
def streamlit(script: str, port: int, url: str | None = None):
    command = [sys.executable, "-m", "streamlit", "run", script, f"--server.port={port}"]
    command += ["--server.headless=true", "--server.fileWatcherType=none", "--browser.gatherUsageStats=false"]
    env = os.environ | ({"TMF_DATABASE_URL": url} if url else {})
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


class Frames:
    """The websocket frames the server sends, decoded far enough to see a finished script."""

    def __init__(self, page) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.parse, self.finished, self.bytes = ForwardMsg.FromString, None, 0
        page.on("websocket", lambda ws: ws.on("framereceived", self.received))

    def received(self, payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode()
        self.bytes += len(data)
        try:
            message = self.parse(data)
        except Exception:  # noqa: BLE001 - not a ForwardMsg
            return
        if message.WhichOneof("type") == "script_finished":
            self.finished = time.perf_counter()

    def start(self) -> None:
        self.finished, self.bytes = None, 0


def slider_moves(page, frames: Frames, path: str, label: str, moves: int, timeout_s: float = 120):
    """(seconds, bytes) of each key press on the slider named ``label``, first one dropped.

    Every press moves the slider the same way, so each rerun has weights not seen before:
    Streamlit sends a message the browser already holds as a short reference (its
    ForwardMsg cache), so moving back and forth would measure cached reruns."""
    page.goto(path)
    slider = page.get_by_role("slider", name=label)
    slider.wait_for(timeout=timeout_s * 1000)
    page.wait_for_timeout(4000)
    results = []
    for _ in range(moves + 1):
        slider.focus()
        frames.start()
        start = time.perf_counter()
        page.keyboard.press("ArrowLeft")
        while frames.finished is None and time.perf_counter() - start < timeout_s:
            page.wait_for_timeout(5)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        results.append((time.perf_counter() - start, frames.bytes))
        page.wait_for_timeout(500)
    return results[1:]


def browser(urls: dict[int, str], moves: int, port: int = 8544) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        frames = Frames(page)
        with streamlit("bench/apps/one_slider.py", port) as base:
            reference = slider_moves(page, frames, base, "Flood hazard", moves)
        ref = statistics.median(t for t, _ in reference)
        print(f"one-slider app: {ref * 1000:.0f} ms per move, {statistics.median(b for _, b in reference):,.0f} B")
        for app_port, (size, url) in enumerate(urls.items(), start=port + 1):
            page = chromium.new_page(viewport={"width": 1400, "height": 1000})
            frames = Frames(page)
            with streamlit("app.py", app_port, url) as base:
                results = slider_moves(page, frames, f"{base}/ranking", "Flood hazard", moves)
            seconds = statistics.median(t for t, _ in results)
            sent = statistics.median(b for _, b in results)
            print(
                f"ranking page, {size or 'illustrative'} facilities: {seconds * 1000:.0f} ms per move "
                f"({seconds / ref:.1f}x the one-slider app), {sent:,.0f} B sent per rerun"
            )
        chromium.close()


def apptest(urls: dict[int, str]) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    def reruns(at, change) -> float:
        at.run()
        assert not at.exception, at.exception
        times = []
        for i in range(5):
            change(at, i)
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    empty = reruns(
        AppTest.from_string("import streamlit as st\nst.slider('x', 0, 9, 1)"),
        lambda at, i: at.slider[0].set_value(i % 9),
    )
    print(f"AppTest, empty app with one slider: {empty * 1000:.1f} ms per rerun")
    for size, url in urls.items():
        os.environ["TMF_DATABASE_URL"] = url
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()
        at.switch_page(page_file("ranking"))

        def slider(at, i):
            flood = next(s for s in at.select_slider if s.label.startswith("Flood"))
            flood.set_value(float(i % 3))

        seconds = reruns(at, slider)
        print(
            f"AppTest, ranking page, {size or 'illustrative'} facilities: {seconds * 1000:.0f} ms per rerun "
            f"({seconds / empty:.0f}x the empty app)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 30_000])
    parser.add_argument("--moves", type=int, default=8)
    parser.add_argument("--port", type=int, default=8544, help="first of the ports the apps use")
    parser.add_argument("--skip", choices=("browser", "apptest"), action="append", default=[])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        start = time.perf_counter()
        urls = {size: database(size, Path(directory)) for size in options.sizes}
        print(f"databases created in {time.perf_counter() - start:.1f} s")
        if "browser" not in options.skip:
            browser(urls, options.moves, options.port)
        if "apptest" not in options.skip:
            apptest(urls)


if __name__ == "__main__":
    main()
