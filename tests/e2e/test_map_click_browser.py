"""Clicking a hotspot on the Transboundary map opens its facility page."""

import math

import pandas as pd
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components.hotspot_view import hotspot_deck
from tests.e2e.conftest import hostile_facility, wait_until_map_drawn
from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.ranking import rank
from tmf.screening import screen
from tmf.transboundary import load_geodata

DECK_CANVAS = "[data-testid=stDeckGlJsonChart] canvas"


def hotspot_view():
    """The initial view of the Transboundary map: the page's deck of the test database's
    hotspots (the view depends on them and on the legend's rows)."""
    facilities = pd.concat([load_inventory(), hostile_facility()], ignore_index=True)
    ranked = rank(screen(facilities, load_profile(), load_geodata()))
    return hotspot_deck(ranked, {}, "en").initial_view_state


def screen_position(box: dict, latitude: float, longitude: float) -> tuple[float, float]:
    """Where deck.gl's Web Mercator view (512-pixel world at zoom 0) draws a point."""
    view = hotspot_view()
    scale = 512 * 2**view.zoom / (2 * math.pi)

    def mercator(lat: float, lon: float) -> tuple[float, float]:
        return math.radians(lon) * scale, -math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) * scale

    x, y = mercator(latitude, longitude)
    cx, cy = mercator(view.latitude, view.longitude)
    return box["x"] + box["width"] / 2 + (x - cx), box["y"] + box["height"] / 2 + (y - cy)


def test_clicking_ak_tuz_on_the_map_opens_its_facility_page(page_and_watch, server):
    page, watch = page_and_watch
    page.goto(f"{server}/transboundary")
    canvas = page.locator(DECK_CANVAS).first
    canvas.wait_for(state="visible", timeout=60_000)
    page.get_by_text("What could reach each country").wait_for(timeout=60_000)  # the page has finished
    wait_until_map_drawn(page)  # deck.gl draws and becomes pickable after the element appears
    x, y = screen_position(canvas.bounding_box(), 42.88, 76.12)  # Ak-Tuz, a hotspot
    for _ in range(3):  # a click during deck.gl's first frames can go unpicked
        page.mouse.click(x, y)
        try:
            page.wait_for_url("**/facility?*facility=KG-AKT-001*", timeout=15_000)
            break
        except PlaywrightTimeout:
            continue
    assert "facility=KG-AKT-001" in page.url
    page.get_by_role("heading", name="Ak-Tuz", exact=False).first.wait_for(timeout=30_000)
    assert watch.outside_requests == []


def steady(page, clip: dict, agreeing: int = 3) -> bytes:
    """A picture of ``clip`` once ``agreeing`` pictures taken 300 ms apart agree (the map has
    finished drawing: its words appear once their letters are made, later on a loaded machine)."""
    shots = [page.screenshot(clip=clip)]
    for _ in range(60):
        page.wait_for_timeout(300)
        shots.append(page.screenshot(clip=clip))
        if len(shots) >= agreeing and len(set(shots[-agreeing:])) == 1:
            break
    return shots[-1]


def legend_and_middle(page, canvas) -> tuple[dict, bytes, bytes]:
    """The canvas's box and steady pictures of the legend's title on its background and of
    a square in the middle of the map, taken where the canvas is and stays: a run after the
    first (the page restoring its state) can still move the map down the page."""
    for _ in range(20):
        box = canvas.bounding_box()
        legend = {"x": box["x"] + 4, "y": box["y"] + 3, "width": 200, "height": 18}
        middle = {"x": box["x"] + box["width"] / 2 - 100, "y": box["y"] + box["height"] / 2 - 100}
        middle |= {"width": 200, "height": 200}
        pictures = steady(page, legend), steady(page, middle)
        if canvas.bounding_box() == box:
            break
    return box, *pictures


def test_the_legend_stays_in_its_corner_when_the_map_is_dragged_and_zoomed(page_and_watch, server):
    """A presenter drags the Ranking map and zooms into a valley: the map moves under the
    legend, which stays whole in the top-left corner (it went off screen with the map)."""
    page, _ = page_and_watch
    page.goto(f"{server}/ranking?lang=ru")
    canvas = page.locator(DECK_CANVAS).first
    canvas.wait_for(state="visible", timeout=60_000)
    wait_until_map_drawn(page)
    box, *before = legend_and_middle(page, canvas)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 150, y + 100, steps=8)
    page.mouse.up()
    page.keyboard.down("Control")
    page.mouse.wheel(0, -300)
    page.keyboard.up("Control")
    page.mouse.move(box["x"] + box["width"] - 5, box["y"] + box["height"] - 5)  # no tooltip over either
    _, *after = legend_and_middle(page, canvas)
    assert after[1] != before[1], "the map moved"
    assert after[0] == before[0], "the legend did not"
