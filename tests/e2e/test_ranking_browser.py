"""The Ranking page in a real browser: WebGL map drawn, keyboard slider re-ranks, offline."""

import re

from tests.e2e.conftest import drawn_colour_pixels, table_cells

DECK = "[data-testid=stDeckGlJsonChart]"


# The first facility id among the table's accessible cells (undefined before the grid has them).
FIRST_ID = (
    "[...document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]')]"
    ".map(e => e.textContent).find(t => /^[A-Z]{2}-[A-Z]{3}-\\d{3}$/.test(t))"
)


def first_facility(page) -> str:
    """The id in the ranking table's first row, once the grid has filled its cells (on a
    loaded machine they are attached a moment before their text)."""
    table_cells(page, 6)
    return page.wait_for_function(f"() => {FIRST_ID}", timeout=30_000).json_value()


def test_ranking_page_draws_the_map_and_re_ranks_from_the_keyboard_offline(page_and_watch, server):
    page, watch = page_and_watch
    basemap = []
    page.on("response", lambda r: basemap.append((r.url, r.status)) if "/app/static/geo/" in r.url else None)
    page.goto(f"{server}/ranking")
    page.locator(DECK).first.wait_for(state="visible", timeout=60_000)
    pixels = drawn_colour_pixels(page, DECK, lambda p: p["non_white"] > 20_000 and p["red"] > 30 and p["blue"] > 200)
    assert pixels["non_white"] > 20_000, "the basemap (land and borders) is drawn"
    assert pixels["red"] > 30, "the top-ranked facilities are drawn in red"
    assert pixels["blue"] > 200, "the rivers are drawn"
    fetched = {url.removeprefix(server) for url, status in basemap if status == 200}
    # The whole region opens over the basemap drawn as pictures (tmf.basemap_image), not as vectors.
    assert fetched == {"/app/static/geo/basemap_around.png", "/app/static/geo/basemap_detail.png"}

    # On the illustrative inventory Degmay leads with the official weights and, with the
    # flood hazard weighted 0, Khaidarkan (`tmf rank --inventory
    # data/inventory/central_asia_illustrative.csv --weights flood=0` says the same).
    before = first_facility(page)
    assert before == "TJ-DEG-001"
    slider = page.get_by_role("slider", name=re.compile("Flood hazard"))
    slider.focus()
    page.keyboard.press("Home")
    moved = f"before => {{ const c = {FIRST_ID}; return c && c !== before; }}"
    page.wait_for_function(moved, arg=before, timeout=30_000)
    assert first_facility(page) == "KG-KHA-001"
    assert "w=flood%3A0" in page.url or "w=flood:0" in page.url

    assert watch.outside_requests == []
    assert watch.console_errors == []


def test_a_map_zoomed_to_a_region_draws_the_vector_basemap(page_and_watch, server):
    """Closer than the pictures' resolution (the Fergana Valley) the borders and rivers are
    vector layers again, sharp at any zoom."""
    page, watch = page_and_watch
    basemap = []
    page.on("response", lambda r: basemap.append((r.url, r.status)) if "/app/static/geo/" in r.url else None)
    page.goto(f"{server}/ranking")
    page.locator(DECK).first.wait_for(state="visible", timeout=60_000)
    page.get_by_role("combobox", name=re.compile("Zoom to")).click()
    page.get_by_role("option", name=re.compile("Fergana")).click()
    pixels = drawn_colour_pixels(page, DECK, lambda p: p["non_white"] > 20_000 and p["blue"] > 200)
    assert pixels["non_white"] > 20_000 and pixels["blue"] > 200, "land, borders and rivers are drawn"
    fetched = {url.removeprefix(server) for url, status in basemap if status == 200}
    assert {"/app/static/geo/countries.geojson", "/app/static/geo/rivers.geojson"} <= fetched
    assert watch.outside_requests == []
    assert watch.console_errors == []
