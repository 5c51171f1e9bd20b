"""Browser tests: `streamlit run` on a free local port, driven by Debian Chromium.

Chromium runs headless with every background service off and a resolver that answers
nothing but 127.0.0.1, so a request that tries to leave the machine fails and is seen.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import require
from tests.streamlit_protocol import app_process, free_port
from tmf.inventory import read_table, validate
from tmf.store import auth
from tmf.store.imports import ensure_database, import_facilities

CHROMIUM = os.environ.get("TMF_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


# Accounts of the browser tests' database (name -> role), their passwords made up for the tests.
ACCOUNTS = {"eva": "editor", "ada": "admin"}
PASSWORDS = {"eva": "eva-browser-pw", "ada": "ada-browser-pw"}
SESSION_SECRET = "browser-tests-only"  # signs the login cookie of the test server (tmf.tokens)

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_ID = "ZZ-XSS-001"


def hostile_facility() -> pd.DataFrame:
    """A facility whose name is an HTML injection; low scores so it ranks last."""
    text = (
        "facility_id,name,country,latitude,longitude,status,volume_m3,hazard_class_wgk,management,flood_hazard,"
        "seismic_pga_g,dam_condition,population_downstream,distance_to_water_km,protected_area_downstream,"
        "receiving_river,source,confidence\n"
        f'{HOSTILE_ID},"{HOSTILE_NAME}",KZ,48.5,68.0,remediated,1000,0,managed,none,0.01,adequate,0,50,no,,test,low\n'
    )
    frame, problems = validate(read_table(text.encode(), "hostile.csv"))
    assert not problems, problems
    return frame.drop(columns="row")


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[str]:
    """The dashboard on a demo database; yields its base URL."""
    require(Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM} (Debian package chromium)")
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'tmf.sqlite'}"
    engine = ensure_database(url, demo=True)
    import_facilities(engine, hostile_facility())
    for name, role in ACCOUNTS.items():
        auth.add_user(engine, name, PASSWORDS[name], role, by="test")
    engine.dispose()
    port = int(os.environ.get("TMF_E2E_PORT") or free_port())  # a fixed port where only some are free
    log = tmp_path_factory.mktemp("e2e-log") / "streamlit.log"
    with app_process(url, port, log=log, env={"TMF_SESSION_SECRET": SESSION_SECRET}) as app:
        yield f"http://127.0.0.1:{app.port}"


# Opened on a page path (/ranking), Streamlit's client first asks for its host config
# under that path, gets 404, then asks at the root: these two 404s are expected.
EXPECTED_404 = re.compile(r"/[a-z_]+/_stcore/(host-config|health)$")
GENERIC_404 = "Failed to load resource: the server responded with a status of 404 (Not Found)"


@dataclass
class Watch:
    """What the page did: console errors and requests to anything but the local server."""

    console: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def console_errors(self) -> list[str]:
        """Console errors, less the 404 lines of Streamlit's expected host-config probe."""
        expected = sum(1 for url in self.failed if EXPECTED_404.search(url))
        unexpected = [url for url in self.failed if not EXPECTED_404.search(url)]
        errors = [e for e in self.console if e != GENERIC_404]
        generic = len(self.console) - len(errors)
        return errors + unexpected + ([GENERIC_404] * (generic - expected) if generic > expected else [])


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    require(Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM} (Debian package chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_and_watch(browser, server):
    """A fresh page that records console errors, outside requests and dialogs (alerts)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    watch = Watch()
    page.on("console", lambda msg: watch.console.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: watch.console.append(str(error)))
    page.on("response", lambda response: watch.failed.append(response.url) if response.status >= 400 else None)

    def record(request) -> None:
        if not request.url.startswith((server, "data:", "blob:", "about:")):
            watch.outside_requests.append(request.url)

    page.on("request", record)
    page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
    yield page, watch
    context.close()


def canvas_colour_pixels(page, selector: str) -> dict[str, int]:
    """Count pixels of the element's screenshot: non-white, and strong red (top-ranked points)."""
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(page.locator(selector).first.screenshot())).convert("RGB")
    pixels = list(image.get_flattened_data())
    return {
        "non_white": sum(1 for r, g, b in pixels if r + g + b < 720),
        "red": sum(1 for r, g, b in pixels if r > 170 and g < 70 and b < 70),
        "blue": sum(1 for r, g, b in pixels if b > 180 and r < 120 and 100 < g < 180),
    }


def land_share(image) -> float:
    """The share of a PIL image's pixels in the map's land colour."""
    from components.maps import LAND_COLOR

    image = image.convert("RGB")
    land = sum(
        count
        for count, colour in image.getcolors(1 << 20)
        if all(abs(a - b) <= 6 for a, b in zip(colour, LAND_COLOR, strict=True))
    )
    return land / (image.width * image.height)


def wait_until_map_drawn(page, selector: str = "[data-testid=stDeckGlJsonChart]", timeout_ms: int = 60_000) -> None:
    """Wait until the deck's canvas shows the basemap: a tenth of its pixels in the land colour.

    deck.gl draws some time after its element appears, longer on a loaded machine, so a fixed
    wait is not enough before a screenshot or a print."""
    from io import BytesIO

    from PIL import Image

    deadline = time.monotonic() + timeout_ms / 1000
    share = 0.0
    while time.monotonic() < deadline:
        share = land_share(Image.open(BytesIO(page.locator(selector).first.screenshot())))
        if share > 0.1:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"the map was not drawn within {timeout_ms} ms (land share {share:.3f})")


def drawn_colour_pixels(page, selector: str, enough, timeout_ms: int = 60_000) -> dict[str, int]:
    """``canvas_colour_pixels`` once ``enough(pixels)`` holds, or the last count at the timeout.

    deck.gl draws its layers as their data arrive (the basemap by URL), so the test waits for
    the picture instead of a fixed time and then asserts on what it counted."""
    deadline = time.monotonic() + timeout_ms / 1000
    pixels = canvas_colour_pixels(page, selector)
    while not enough(pixels) and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        pixels = canvas_colour_pixels(page, selector)
    return pixels


def table_cells(page, count: int) -> list[str]:
    """Text of the first ``count`` cells of the first dataframe (its hidden accessible grid)."""
    cells = page.locator("[data-testid=stDataFrame] [role=gridcell]")
    cells.nth(count - 1).wait_for(state="attached", timeout=30_000)
    return [cells.nth(i).text_content() for i in range(count)]


@pytest.fixture(scope="module")
def workshop_code(browser, server) -> str:
    """A workshop opened through the presenter page; its code read from the page's link."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{server}/workshop")
    page.get_by_label("Workshop title").fill("Phone test")
    page.get_by_role("button", name="Open a new workshop").click()
    page.wait_for_url(re.compile(r"workshop=[A-Z0-9]{4}"), timeout=30_000)
    code = re.search(r"workshop=([A-Z0-9]{4})", page.url).group(1)
    context.close()
    return code
