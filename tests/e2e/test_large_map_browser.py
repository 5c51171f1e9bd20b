"""A large inventory's Ranking map in a real browser: every facility is drawn from records
loaded once by address from the app's own server, the better rank classes come with each
rerun, a hover over any dot names its facility, and nothing leaves the machine."""

import os
import re
from io import BytesIO

import pytest

from bench.synthetic import synthetic_inventory
from components import maps
from tests.e2e.conftest import drawn_colour_pixels
from tests.streamlit_protocol import app_process
from tmf.i18n import t
from tmf.rank_classes import CLASS_COLORS
from tmf.store.imports import ensure_database, import_facilities

DECK = "[data-testid=stDeckGlJsonChart]"
SIZE = maps.POINTS_BY_ADDRESS_FROM + 100


@pytest.fixture(scope="module")
def large_server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('large') / 'tmf.sqlite'}"
    engine = ensure_database(url, demo=False)
    import_facilities(engine, synthetic_inventory(SIZE), user="test")
    engine.dispose()
    log = tmp_path_factory.mktemp("large-log") / "streamlit.log"
    port = int(os.environ["TMF_E2E_PORT"]) + 1 if os.environ.get("TMF_E2E_PORT") else None
    with app_process(url, port, log=log) as app:
        yield f"http://127.0.0.1:{app.port}"


def last_class_pixels(page) -> list[tuple[int, int]]:
    """Canvas positions (x, y) of pixels in the last rank class's colour."""
    from PIL import Image

    image = Image.open(BytesIO(page.locator(DECK).first.screenshot())).convert("RGB")
    colour = CLASS_COLORS[-1]
    width, height = image.size
    data = image.load()
    return [
        (x, y)
        for y in range(height // 3, height, 3)
        for x in range(width // 3, width, 3)
        if all(abs(a - b) <= 12 for a, b in zip(data[x, y], colour, strict=True))
    ]


def test_every_facility_is_drawn_from_records_loaded_once_and_a_hover_names_it(browser, large_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    outside, loaded = [], []
    page.on("request", lambda r: None if r.url.startswith((large_server, "data:", "blob:")) else outside.append(r.url))
    page.on("response", lambda r: loaded.append((r.url, r.status)) if "/app/static/points/" in r.url else None)
    page.goto(f"{large_server}/ranking")
    page.locator(DECK).first.wait_for(state="visible", timeout=60_000)
    pixels = drawn_colour_pixels(page, DECK, lambda p: p["red"] > 30 and len(last_class_pixels(page)) > 300)
    assert pixels["red"] > 30, "the top-ranked facilities, sent with the rerun, are drawn in red"
    yellow = last_class_pixels(page)
    assert len(yellow) > 300, "the other facilities, loaded by address, are drawn in the last class's colour"
    assert [status for _, status in loaded] == [200]

    box = page.locator(DECK).first.bounding_box()
    x, y = yellow[len(yellow) // 2]
    page.mouse.move(box["x"] + x, box["y"] + y)
    tooltip = page.locator(".deck-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert re.fullmatch(
        r"Synthetic TMF \d+\n" + re.escape(t("maps.rank_or_below", "en", rank=21)), tooltip.inner_text()
    )

    slider = page.get_by_role("slider", name=re.compile("Flood hazard"))
    slider.focus()
    page.keyboard.press("Home")
    page.wait_for_function("() => location.search.includes('flood')", timeout=30_000)
    page.wait_for_timeout(2_000)
    assert len(last_class_pixels(page)) > 300
    assert len(loaded) == 1, "a slider move does not load the records again"
    assert outside == []
    context.close()
