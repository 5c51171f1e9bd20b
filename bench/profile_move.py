"""Where the browser's time goes in one slider move on the Ranking page: the JavaScript
functions that took the most of it, sampled by Chromium's profiler (CDP ``Profiler``).

    .venv/bin/python bench/profile_move.py [--size 30000] [--top 25]

Size 0 is the illustrative inventory; other sizes are synthetic (bench/synthetic.py), as in
bench_interactive.py, whose helpers (server, Chromium, the "script finished" watch) this uses.
"(program)" is time in the browser's own native code (drawing, decoding), not in a script.
Streamlit 1.67's map element reads the deck's JSON with the JSON5 library (dist.*.js, a
character-by-character parser written in JavaScript), not with the browser's JSON.parse.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from bench.bench_interactive import ARGS, CHROMIUM, Frames, database, streamlit  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=30000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--port", type=int, default=8595)
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    url = database(options.size, Path(tempfile.mkdtemp()))
    with sync_playwright() as playwright, streamlit("app.py", options.port, url) as base:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        frames = Frames(page)
        page.goto(f"{base}/ranking")
        slider = page.get_by_role("slider", name="Flood hazard")
        slider.wait_for(timeout=120_000)
        page.wait_for_timeout(8000)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 1000})
        slider.focus()
        frames.start()
        cdp.send("Profiler.start")
        start = time.perf_counter()
        page.keyboard.press("ArrowLeft")
        while frames.finished is None and time.perf_counter() - start < 120:
            page.wait_for_timeout(5)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        drawn = time.perf_counter() - start
        profile = cdp.send("Profiler.stop")["profile"]
        chromium.close()
    nodes = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    spent = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = nodes[sample]
        spent[(frame["functionName"] or "(anonymous)", frame["url"].rsplit("/", 1)[-1])] += delta / 1000
    print(
        f"{options.size or 'illustrative'} facilities: drawn {drawn * 1000:.0f} ms after the key press, "
        f"{frames.bytes:,} B received"
    )
    by_script = collections.Counter()
    for (_, script), ms in spent.items():
        by_script[script or "(native)"] += ms
    print("by script: " + ", ".join(f"{script} {ms:.0f} ms" for script, ms in by_script.most_common(6)))
    for (function, script), ms in spent.most_common(options.top):
        print(f"{ms:8.1f} ms  {function}  {script}")


if __name__ == "__main__":
    main()
