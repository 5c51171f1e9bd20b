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


def test_a_map_prints_the_width_of_the_page_under_the_title_on_the_first_sheet_its_picture_whole():
    rules = print_rules()
    deck = rules['[data-testid="stDeckGlJsonChart"]']
    assert "width: 100% !important" in deck
    height = float(re.search(r"height: (\d+)mm !important", deck).group(1))
    assert 100 <= height <= 150  # with the title and the data notice, within 190 mm of A4 landscape
    assert "object-fit: contain" in rules['[data-testid="stDeckGlJsonChart"] canvas']  # not stretched
