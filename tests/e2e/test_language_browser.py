"""Russian and Kazakh in a real browser: every page (the editors' and administrators' pages
too, logged in) without English headings or Streamlit's own English words, facility names in
Russian and Kazakh, the language kept across the navigation and a reload, and an editor's login
kept across a reload without a password or token in the link."""

from __future__ import annotations

import re

import pytest

from components.widget_texts import MAP
from session.pages import BY_NAME, PAGES, visible
from session.remember import COOKIE
from tests.e2e.conftest import PASSWORDS, SESSION_SECRET
from tmf import tokens
from tmf.geodata import load_geodata
from tmf.i18n import t
from tmf.inventory import ILLUSTRATIVE_INVENTORY, load_inventory, read_table, validate
from tmf.methodology import load_profile
from tmf.ranking import rank
from tmf.screening import screen

MAIN = "[data-testid=stMain]"
PUBLIC_PAGES = (
    "overview",
    "ranking",
    "present",
    "scenarios",
    "transboundary",
    "facility",
    "methodology",
    "checklist",
    "workshop",
)
LOGGED_IN_PAGES = tuple(p.name for p in PAGES if p.role != "viewer")
PATHS = {"overview": "", "profile_admin": "profile-admin"}


def settled(page) -> None:
    """Wait until the run has finished and the page's first heading (a slide's: h2) is drawn."""
    page.locator(f"{MAIN} h1, {MAIN} h2").first.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(1500)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    page.wait_for_timeout(1000)


def open_page(page, server: str, name: str, lang: str) -> str:
    page.goto(f"{server}/{PATHS.get(name, name)}?lang={lang}")
    settled(page)
    return page.inner_text(MAIN)


def headings(page) -> set[str]:
    """The page's headings (title, headers, subheaders) as drawn."""
    texts = page.locator(f"{MAIN} h1, {MAIN} h2, {MAIN} h3").all_inner_texts()
    return {text.strip() for text in texts if re.search(r"[A-Za-z]{3}", text)}


def log_in(page, server: str, name: str) -> None:
    """Log in through the sidebar's form, as a user does, and wait for the logged-in sidebar."""
    open_page(page, server, "overview", "en")
    page.locator("[data-testid=stSidebar] [data-testid=stExpander] summary").first.click(timeout=60_000)
    page.get_by_label(t("auth.name", "en"), exact=True).fill(name, timeout=60_000)
    password = page.get_by_label(t("auth.password", "en"), exact=True)
    password.fill(PASSWORDS[name])
    password.press("Enter")  # submits the form, as the button does
    page.locator("[data-testid=stSidebar] button", has_text=t("auth.logout", "en")).wait_for(timeout=60_000)
    settled(page)


def logged_in_by_cookie(page, server: str, name: str) -> None:
    """The browser holds the login cookie the app writes after a login (signed with the test
    server's secret); the reload test logs in through the form itself."""
    token = tokens.sign(name, SESSION_SECRET.encode())
    page.context.add_cookies([{"name": COOKIE, "value": token, "url": server}])


def assert_no_english(page, server: str, name: str) -> None:
    """The page in Russian and in Kazakh shows none of its English headings, no "Choose
    options" and no None/nan."""
    open_page(page, server, name, "en")
    english = headings(page)
    assert english, "the English page has headings to compare with"
    for lang in ("ru", "kk"):
        text = open_page(page, server, name, lang)
        navigation = page.inner_text("[data-testid=stSidebarNav]")
        assert t(BY_NAME[name].title_key, lang) in navigation
        assert not re.search(r"View \d+ more|View less", navigation), "Streamlit's English in the navigation"
        shown = [heading for heading in english if heading in text]
        assert shown == [], f"English headings on the {lang} {name} page"
        assert "Choose options" not in text and "Choose an option" not in text
        assert not re.search(r"\bNone\b|\bnan\b", text), f"an empty value shown as None/nan ({lang} {name})"


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_a_page_in_russian_and_kazakh_shows_no_english_heading_and_no_streamlit_english(page_and_watch, server, name):
    page, _ = page_and_watch
    assert_no_english(page, server, name)


@pytest.mark.parametrize("name", LOGGED_IN_PAGES)
def test_an_editor_or_admin_page_in_russian_and_kazakh_shows_no_english(page_and_watch, server, name):
    page, _ = page_and_watch
    logged_in_by_cookie(page, server, "ada")
    assert_no_english(page, server, name)


def test_a_reload_keeps_an_editor_logged_in_with_no_password_or_token_in_the_link(page_and_watch, server):
    page, _ = page_and_watch
    log_in(page, server, "eva")
    inventory = t("inventory.page_title", "ru")
    open_page(page, server, "ranking", "ru")
    assert inventory in page.inner_text("[data-testid=stSidebarNav]")
    page.reload()
    settled(page)
    assert inventory in page.inner_text("[data-testid=stSidebarNav]"), "the editor's page is still listed"
    assert page.locator("[data-testid=stSidebar] button", has_text=t("auth.logout", "ru")).count() == 1
    [cookie] = [c for c in page.context.cookies() if c["name"] == "tmf_session"]
    assert cookie["expires"] == -1, "a session cookie: it ends with the browser"
    for secret in (PASSWORDS["eva"], cookie["value"], "token", "password"):
        assert secret not in page.url
    open_page(page, server, "inventory", "ru")
    assert page.locator(f"{MAIN} h1").first.inner_text() == t("inventory.title", "ru")


def stored_names(lang: str) -> dict[str, str]:
    frame, problems = validate(read_table(ILLUSTRATIVE_INVENTORY.read_bytes(), ILLUSTRATIVE_INVENTORY.name))
    assert not problems
    return dict(zip(frame["facility_id"], frame[f"name_{lang}"], strict=True))


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_ranking_page_names_its_top_facility_in_the_language_of_the_room(page_and_watch, server, lang):
    page, _ = page_and_watch
    # The facility the pure pipeline ranks first in the bundled inventory (the server's data).
    top = rank(screen(load_inventory(), load_profile(), load_geodata()))["facility_id"].iloc[0]
    name = stored_names(lang)[top]
    assert name and name != stored_names("ru" if lang == "kk" else "kk")[top]
    open_page(page, server, "ranking", lang)
    settled(page)
    page.wait_for_function(
        """name => [...document.querySelectorAll('[data-testid=stDataFrame] [role=gridcell]')]
            .some(cell => cell.textContent === name)""",
        arg=name,
        timeout=90_000,
    )


def test_the_language_survives_the_navigation_and_a_reload(page_and_watch, server):
    page, _ = page_and_watch
    open_page(page, server, "ranking", "kk")
    # Every link of the navigation names the language, so one opened in a new tab or shared
    # opens in Kazakh too.
    # (the page's script writes it once the navigation is drawn: waited for, not read at once)
    links = "[...document.querySelectorAll('[data-testid=stSidebarNav] a')]"
    page.wait_for_function(f"{links}.every(a => a.href.includes('lang=kk'))", timeout=15_000)
    hrefs = page.locator("[data-testid=stSidebarNav] a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == len(visible(None))
    assert all("lang=kk" in href for href in hrefs), hrefs
    link = page.locator("[data-testid=stSidebarNav] a", has_text=t("pages.overview", "kk")).first
    link.click(timeout=60_000)
    page.wait_for_url(re.compile(r"lang=kk"), timeout=30_000)
    settled(page)
    page.reload()
    settled(page)
    assert "lang=kk" in page.url
    assert page.locator(f"{MAIN} h1").first.inner_text() == t("overview.title", "kk")


def test_the_browser_tab_names_the_page_in_the_language_of_the_room(page_and_watch, server):
    page, _ = page_and_watch
    open_page(page, server, "ranking", "kk")
    assert page.title() == t("pages.window_title", "kk", page=t("pages.ranking", "kk"))
    assert page.title() == "Рейтинг · Қалдық қоймаларының қауіпсіздігі"


def test_an_address_that_is_no_page_is_said_in_russian_and_overview_opens_the_overview(page_and_watch, server):
    page, _ = page_and_watch
    open_page(page, server, "no-such-page", "ru")
    assert page.locator(f"{MAIN} h1").first.inner_text() == t("pages.not_found_title", "ru")
    assert "Page not found" not in page.inner_text("body")
    open_page(page, server, "overview", "kk")
    assert page.locator(f"{MAIN} h1").first.inner_text() == t("overview.title", "kk")
    assert "Page not found" not in page.inner_text("body")


def test_without_lang_in_the_link_a_russian_browser_opens_in_russian(browser, server):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(f"{server}/methodology")
    settled(page)
    assert page.locator(f"{MAIN} h1").first.inner_text() == t("methodology.title", "ru")
    assert "lang=ru" in page.url
    context.close()


def join_page_words(page, server: str, code: str, lang: str) -> tuple[set[str], str]:
    """The participant page (opened as participants open it, with ?code=): its headings and
    button labels, and its whole text."""
    page.goto(f"{server}/?code={code}&lang={lang}")
    page.locator("[data-testid=stSlider]").first.wait_for(state="visible", timeout=60_000)
    settled(page)
    labels = page.locator(f"{MAIN} button").all_inner_texts()
    words = headings(page) | {label.strip() for label in labels if re.search(r"[A-Za-z]{3}", label)}
    return words, page.inner_text(MAIN)


def test_the_participant_page_in_russian_and_kazakh_shows_no_english(page_and_watch, server, workshop_code):
    page, _ = page_and_watch
    english, _ = join_page_words(page, server, workshop_code, "en")
    assert t("workshop.join_page_title", "en") in english
    for lang in ("ru", "kk"):
        _, text = join_page_words(page, server, workshop_code, lang)
        assert [word for word in english if word in text] == [], f"English on the {lang} participant page"
        assert "Choose options" not in text and not re.search(r"\bNone\b|\bnan\b", text)
        assert t("workshop.join_page_title", lang) in text


def test_a_chosen_file_keeps_its_remove_button_and_only_the_browse_button_has_our_words(
    page_and_watch, server, tmp_path
):
    page, _ = page_and_watch
    open_page(page, server, "scenarios", "kk")
    words = t("widgets.upload_button", "kk")
    browse = page.locator("[data-testid=stFileUploaderDropzone] button").first
    assert browse.evaluate("b => getComputedStyle(b, '::after').content") == f'"{words}"'
    chosen = tmp_path / "weights.json"
    chosen.write_text("[]", encoding="utf-8")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").first.set_input_files(str(chosen))
    page.locator("[data-testid=stFileChip]").first.wait_for(timeout=30_000)
    chip_buttons = page.locator("[data-testid=stFileUploaderDropzone] button:not([data-testid=stBaseButton-secondary])")
    assert chip_buttons.count() >= 1, "the remove button of the chosen file"
    for number in range(chip_buttons.count()):
        after = chip_buttons.nth(number).evaluate("b => getComputedStyle(b, '::after').content")
        assert after in ("none", "normal"), f"a file's own button shows {after} instead of its icon"


def generated(locator) -> str:
    """The words a style rule shows after the element (its own text is set to size 0)."""
    assert locator.evaluate("e => getComputedStyle(e).fontSize") == "0px", "Streamlit's own words are hidden"
    return locator.evaluate("e => getComputedStyle(e, '::after').content")


def test_the_hints_under_fields_and_an_empty_search_speak_kazakh(page_and_watch, server):
    """Streamlit writes "Press Enter to apply", "Press Enter to submit form", "No results" and
    "Skip to main content" in English whatever the language, with no parameter to change them."""
    page, _ = page_and_watch
    open_page(page, server, "ranking", "kk")
    search = page.get_by_label(t("ranked_table.search", "kk"), exact=True)
    search.fill("Дег")  # typed, not yet applied: Streamlit shows its hint under the field
    hint = page.locator(f"{MAIN} [data-testid=InputInstructions] > span").first
    assert generated(hint) == f'"{t("widgets.enter_apply", "kk")}"'
    region = page.locator(f"{MAIN} [data-testid=stSelectbox] input").first
    region.click()
    region.type("zzz")
    empty = page.locator("[data-testid=stSelectboxVirtualDropdown] [data-empty=true] [role=option] > span")
    assert generated(empty) == f'"{t("widgets.no_match", "kk")}"'
    page.keyboard.press("Escape")
    skip = page.locator("[data-testid=stSkipToContent]")  # the first link a keyboard user meets
    assert generated(skip) == f'"{t("widgets.skip_to_content", "kk")}"'
    skip.focus()  # shown only while focused from the keyboard: Streamlit's English words stay unseen then too
    assert skip.evaluate("e => e.matches(':focus-visible') && getComputedStyle(e).fontSize") == "0px"
    page.locator("[data-testid=stSidebar] [data-testid=stExpander] summary").first.click()
    page.get_by_label(t("auth.password", "kk"), exact=True).fill("x")
    form_hint = page.locator("[data-testid=stSidebar] [data-testid=stForm] [data-testid=InputInstructions] > span")
    assert generated(form_hint.first) == f'"{t("widgets.enter_submit", "kk")}"'


def open_column_menu(page, grid, column: int) -> None:
    """Open the column menu of the table's ``column`` (0 first) as a user does: hover its
    header, click the three dots at its right edge. The header is drawn on a canvas; the
    columns' edges are where the canvas shows the resize cursor."""
    box = grid.bounding_box()
    y, edges, before = box["y"] + 18, [], None
    for dx in range(2, int(box["width"]) - 2, 4):
        page.mouse.move(box["x"] + dx, y)
        cursor = grid.locator("canvas").first.evaluate("c => getComputedStyle(c).cursor")
        if cursor == "col-resize" and before != "col-resize":
            edges.append(box["x"] + dx)
        before = cursor
    page.mouse.move(edges[column] - 60, y)
    page.wait_for_timeout(300)
    page.mouse.click(edges[column] - 14, y)


def test_the_tables_column_menu_speaks_russian_and_offers_nothing_in_english(page_and_watch, server):
    page, _ = page_and_watch
    open_page(page, server, "ranking", "ru")
    grid = page.locator(f"{MAIN} [data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    open_column_menu(page, grid, 3)  # the facility names: wide enough to show the dots
    menu = page.locator("[data-testid=stDataFrameColumnMenu] [role=menu]")
    menu.wait_for(timeout=30_000)
    items = menu.locator(":scope > [role=menuitem]")
    shown = [items.nth(i) for i in range(items.count()) if items.nth(i).is_visible()]
    keys = ["sort_ascending", "sort_descending", "autosize", "pin_column"]
    assert [generated(item) for item in shown] == [f'"{t(f"widgets.{key}", "ru")}"' for key in keys]
    # "Statistics" (English inside) and "Hide column" (no way back without the toolbar) are left out.
    assert menu.locator(":scope > [role=presentation]").evaluate_all("l => l.every(e => !e.offsetParent)")
    assert len(shown) == items.count() - 1
    assert not menu.locator("button").first.is_visible(), "no 'Copy column name' button (English tooltip)"


def test_the_full_screen_button_of_the_map_is_named_in_kazakh(page_and_watch, server):
    page, _ = page_and_watch
    open_page(page, server, "ranking", "kk")
    chart = page.locator(f"{MAIN} [data-testid=stDeckGlJsonChart]").first
    chart.hover()
    button = page.locator(
        "[data-testid=stElementContainer]:has([data-testid=stDeckGlJsonChart]) [data-testid=stElementToolbarButton]"
    ).first
    button.hover()
    page.wait_for_timeout(1500)  # Streamlit opens its tooltip after a second
    assert button.evaluate("b => getComputedStyle(b, '::after').content") == f'"{t("widgets.fullscreen", "kk")}"'
    tips = page.locator("[role=tooltip]").evaluate_all(
        "l => l.filter(e => e.offsetParent && /Fullscreen/.test(e.innerText))"
    )
    assert tips == [], "Streamlit's English tooltip is hidden"
    # What a screen reader says: the button's and the help icons' labels in Kazakh too.
    assert button.locator("button").get_attribute("aria-label") == t("widgets.fullscreen", "kk")
    labels = page.locator("[aria-label]").evaluate_all("l => l.map(e => e.getAttribute('aria-label'))")
    assert not [label for label in labels if re.match(r"(Help for|Fullscreen|Collapse sidebar|Search)\b", label)]
    assert f"Анықтама: {t('ranked_table.search', 'kk')}" in labels


def test_the_mouse_wheel_over_the_map_scrolls_the_page_and_says_how_to_zoom(page_and_watch, server):
    """A user scrolling down the Ranking page with the wheel passes over the map: the page
    scrolls on (the map keeps its view and its legend), a hint says to zoom with Ctrl; with
    Ctrl, or in full screen, the wheel zooms the map and the page stays."""
    page, _ = page_and_watch
    open_page(page, server, "ranking", "ru")
    chart = page.locator(f"{MAIN} [data-testid=stDeckGlJsonChart]").first
    chart.scroll_into_view_if_needed()
    page.wait_for_function("() => window.tmfObserver !== undefined", timeout=30_000)
    page.wait_for_timeout(500)  # the charts above the map drawn: the map stays where it is
    box = chart.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    assert page.evaluate(f"document.elementFromPoint({x}, {y}).closest('{MAP}') !== null")
    page.mouse.move(x, y)
    top = page.locator(MAIN).evaluate("m => m.scrollTop")
    page.mouse.wheel(0, 200)
    # The page scrolls smoothly: on a busy machine the first pixels can take a moment.
    page.wait_for_function(f"document.querySelector('{MAIN}').scrollTop > {top}", timeout=5_000)
    assert chart.evaluate("c => getComputedStyle(c, '::after').content") == f'"{t("widgets.map_wheel", "ru")}"'
    page.wait_for_timeout(2000)
    assert chart.get_attribute("data-tmf-wheel") is None, "the hint goes by itself"
    top = page.locator(MAIN).evaluate("m => m.scrollTop")
    page.keyboard.down("Control")
    page.mouse.wheel(0, 200)
    page.keyboard.up("Control")
    page.wait_for_timeout(300)
    assert page.locator(MAIN).evaluate("m => m.scrollTop") == top, "Ctrl + wheel zooms the map, not the page"
    assert chart.get_attribute("data-tmf-wheel") is None


def test_a_stopped_server_is_said_in_russian_without_asking_for_the_internet(browser, tmp_path):
    """Streamlit's own dialog says "Connection error ... Are you connected to the internet?"
    in English, on a laptop that needs no internet."""
    import os
    import signal

    from tests.streamlit_protocol import app_process
    from tmf.store.imports import ensure_database

    url = f"sqlite:///{tmp_path / 'tmf.sqlite'}"
    ensure_database(url, demo=True).dispose()
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    with app_process(url) as app:
        open_page(page, f"http://127.0.0.1:{app.port}", "methodology", "ru")
        os.kill(app.pid, signal.SIGTERM)
        dialog = page.locator("section[role=dialog]")
        dialog.wait_for(timeout=60_000)
        title = dialog.locator("h2").evaluate("e => getComputedStyle(e, '::after').content")
        body = dialog.locator(":scope > div").evaluate("e => getComputedStyle(e, '::after').content")
    assert title == f'"{t("widgets.server_down_title", "ru")}"'
    assert body == f'"{t("widgets.server_down", "ru")}"'
    assert not dialog.locator(":scope > div > *").first.is_visible(), "Streamlit's English sentence is hidden"
    page.close()
