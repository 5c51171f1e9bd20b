"""The presentation in a real browser: the presenter's keys move between slides, and a
slide fits a 1366x768 projector without a scrollbar."""

HEADING = "[data-testid=stMainBlockContainer] h2"
# Elements that scroll vertically because their content is taller than they are.
SCROLLING = """() => [...document.querySelectorAll('*')].filter(e => {
    const style = getComputedStyle(e);
    return ['auto', 'scroll'].includes(style.overflowY) && e.scrollHeight > e.clientHeight + 1
        && !e.closest('[data-testid=stDeckGlJsonChart]');
}).map(e => e.dataset.testid || e.tagName)"""


HEADINGS = {
    1: "Tailings facilities: where the concern is greatest",
    2: "The 10 facilities of most concern (THI)",
    3: "What changed against the official ranking",
}


def wait_for_slide(page, number: int, heading: str | None = None, timeout: int = 30_000) -> None:
    """Until the URL names slide ``number``, its counter shows it and (if given) its heading
    is drawn: Streamlit replaces the elements of the previous run one by one."""
    page.wait_for_url(f"**slide={number}**", timeout=timeout)
    page.wait_for_function(
        """([n, heading]) => {
            const counter = document.querySelector('[data-testid=stMarkdownContainer] strong');
            const title = document.querySelector('[data-testid=stMainBlockContainer] h2');
            return counter?.textContent === String(n) && (!heading || title?.textContent === heading);
        }""",
        arg=[number, heading],
        timeout=timeout,
    )


def settle(page) -> None:
    """Until Streamlit runs no script: a key pressed during a rerun (for example the one that
    writes the language into the link) can be lost with the elements it was meant for."""
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    page.wait_for_timeout(300)


def test_arrow_right_and_page_down_move_to_the_next_slide(page_and_watch, server):
    page, watch = page_and_watch
    page.goto(f"{server}/present?slide=1")
    wait_for_slide(page, 1, HEADINGS[1], timeout=90_000)
    for key, number in (("ArrowRight", 2), ("PageDown", 3), ("PageUp", 2), ("ArrowLeft", 1)):
        settle(page)
        before = page.url
        page.keyboard.press(key)  # PageDown/PageUp: what a presenter's clicker sends
        try:
            page.wait_for_url(f"**slide={number}**", timeout=10_000)
        except Exception:  # the press fell between two runs (it reached no button): press once more
            assert page.url == before, "the slide changed, but not to the expected one"
            settle(page)
            page.keyboard.press(key)
        wait_for_slide(page, number, HEADINGS[number])
        assert page.locator(HEADING).first.text_content() == HEADINGS[number]
    assert watch.outside_requests == []
    assert watch.console_errors == []


def test_every_slide_fits_1366x768_without_a_vertical_scrollbar(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        for number in range(1, 7):
            page.goto(f"{server}/present?slide={number}&lang=ru")
            wait_for_slide(page, number, timeout=60_000)
            page.wait_for_timeout(1500)  # tables and maps settle after the heading
            assert page.evaluate(SCROLLING) == [], f"slide {number} scrolls"
            assert page.evaluate("document.scrollingElement.scrollHeight <= innerHeight")
            assert not page.locator("[data-testid=stSidebar]").is_visible()
    finally:
        context.close()


def test_on_a_1920x1080_screen_the_maps_of_the_slides_use_half_its_height_and_still_fit(browser, server):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        for lang in ("ru", "kk"):
            for number in (2, 4):  # the top facilities and the hotspots, each with its map
                page.goto(f"{server}/present?slide={number}&lang={lang}")
                wait_for_slide(page, number, timeout=60_000)
                page.wait_for_timeout(1500)
                box = page.locator("[data-testid=stDeckGlJsonChart]").first.bounding_box()
                assert box["height"] >= 540, f"slide {number} ({lang}): the map is {box['height']} px high"
                assert box["x"] + box["width"] <= 1920 and box["y"] + box["height"] <= 1080
                assert page.evaluate(SCROLLING) == [], f"slide {number} ({lang}) scrolls"
                assert page.evaluate("document.scrollingElement.scrollHeight <= innerHeight")
    finally:
        context.close()
