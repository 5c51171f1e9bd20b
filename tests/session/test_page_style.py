"""The print stylesheet: what it hides on paper and how it sizes a map (the rules
themselves; tests/e2e/test_print_browser.py prints the Ranking page in Chromium)."""

import re

from session.page_style import PRINT_CSS


def print_rules() -> dict[str, str]:
    """Each selector of the ``@media print`` block with the declarations of its rule."""
    body = PRINT_CSS.split("@media print {", 1)[1]
    body = re.sub(r"/\*.*?\*/", "", body, flags=re.DOTALL)
    rules: dict[str, str] = {}
    for selectors, declarations in re.findall(r"([^{}]+)\{([^{}]*)\}", body):
        for selector in selectors.split(","):
            rules[" ".join(selector.split())] = rules.get(" ".join(selector.split()), "") + declarations
    return rules


def test_paper_shows_no_sidebar_header_or_widget():
    rules = print_rules()
    for selector in (
        'section[data-testid="stSidebar"]',
        'header[data-testid="stHeader"]',
        '[data-testid="stMultiSelect"]',
        '[data-testid="stSlider"]',
        '[data-testid="stButtonGroup"]',  # the map's layer pills
        '[data-testid="stDownloadButton"]',
        '[data-testid="stExpander"]:has(details:not([open]))',  # a closed "What this means"
    ):
        assert "display: none !important" in rules[selector], selector


def test_a_map_prints_smaller_whole_not_redrawn_at_another_shape():
    """CSS zoom scales the drawn map (legend included); a printed height would make deck.gl
    redraw a shorter view and cut the legend at its top. 640 px x zoom + the title fit the
    190 mm (718 px) of an A4 landscape sheet."""
    rules = print_rules()
    zoom = float(
        re.search(
            r"zoom: ([\d.]+)", rules['[data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"])']
        ).group(1)
    )
    assert 0.5 <= zoom and 640 * zoom + 150 <= 718
    assert not any("stDeckGlJsonChart" in selector and "height" in rule for selector, rule in rules.items())
