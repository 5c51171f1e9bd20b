"""The Transboundary page in a real browser: rivers and downstream paths drawn, offline."""

from tests.e2e.conftest import drawn_colour_pixels

DECK = "[data-testid=stDeckGlJsonChart]"


def test_transboundary_page_draws_rivers_and_paths_without_leaving_the_machine(page_and_watch, server):
    page, watch = page_and_watch
    page.goto(f"{server}/transboundary")
    page.locator(DECK).first.wait_for(state="visible", timeout=60_000)
    pixels = drawn_colour_pixels(page, DECK, lambda p: p["blue"] > 300 and p["red"] > 100)
    assert pixels["blue"] > 300, "rivers and lakes are drawn in blue"
    assert pixels["red"] > 100, "downstream paths and top hotspots are drawn in red"
    assert page.get_by_text("What could reach each country").count() == 1
    assert watch.outside_requests == []
    assert watch.console_errors == []
