"""A facility named like an HTML injection is shown as text and runs no script."""

from tests.e2e.conftest import HOSTILE_ID, HOSTILE_NAME


def test_an_html_name_is_shown_as_text_and_runs_nothing(page_and_watch, server):
    page, watch = page_and_watch
    page.goto(f"{server}/facility?facility={HOSTILE_ID}")
    page.get_by_role("heading", name=HOSTILE_NAME).wait_for(timeout=60_000)
    cells = page.locator("[data-testid=stDataFrame] [role=gridcell]")
    cells.filter(has_text=HOSTILE_NAME).first.wait_for(state="attached", timeout=30_000)
    page.goto(f"{server}/ranking?country=KZ")
    page.locator("[data-testid=stDeckGlJsonChart]").first.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(1500)
    assert page.locator('img[src="x"]').count() == 0
    assert watch.dialogs == []
    assert watch.outside_requests == []
    assert watch.console_errors == []
