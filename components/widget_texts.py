"""Streamlit's own English words that no parameter sets, replaced with the catalogue's: a
style rule hides Streamlit's text and shows ours as generated content, written as an escaped
CSS string (never as markup). Streamlit 1.67 has no parameter for the file uploader's drop
zone ("Drag and drop file here", "Limit 200MB per file", "Browse files") nor for the hint
under a text or number field ("Press Enter to apply", "Press Enter to submit form",
"Press Ctrl+Enter to apply"; its InputInstructions element, whose first span is that hint
and whose next span, if any, counts the characters), nor for the "No results" of a
selectbox or multiselect whose typed search matches no option, nor for a table's column menu
(the header's "⋮": "Sort ascending", "Sort descending", "Statistics", "Autosize", "Pin
column", "Hide column"), nor for the "Skip to main content" link a keyboard user meets first, nor for the tooltip of a
map's or chart's full-screen button ("Fullscreen", "Close fullscreen"), nor for the dialog the
page shows when the app's server stops answering ("Connection error ... Are you connected to
the internet?": misleading on a laptop that needs no internet).

``widget_script`` does what no style rule can, in a short script of our own (constant code;
its only data are catalogue words, JSON-encoded): the labels a screen reader says for
Streamlit's buttons and fields ("Fullscreen", "Collapse sidebar", "Help for ...") in the
page's language, and a mouse wheel over a map scrolls the page instead of zooming the map
(zoom with Ctrl + wheel, a touchpad pinch, the map's buttons, or in full screen), so a user
scrolling down the page no longer zooms the map by accident."""

from __future__ import annotations

import json

import streamlit as st

from tmf.file_limits import MAX_FILE_BYTES, MB
from tmf.i18n import t

MAX_MB = MAX_FILE_BYTES // MB  # what the readers accept (tmf/file_limits.py)
# The drop zone's "Browse files" button only: once a file is chosen the zone also holds the
# file's remove button and an "add" icon button, which keep their icons.
BROWSE = "[data-testid=stFileUploaderDropzone] button[data-testid=stBaseButton-secondary]"


def _css_string(text: str) -> str:
    """Catalogue text as a CSS string literal: quotes and backslashes escaped the CSS way,
    "<" written as the CSS escape \\3C (so the text can never close the style element);
    letters (Cyrillic, Kazakh) stay as they are."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return f'"{escaped}"'


def uploader_texts(types: list[str], lang: str) -> None:
    """Replace the drop zone's English texts with the catalogue's, for every uploader."""
    button = _css_string(t("widgets.upload_button", lang))
    st.html(
        "<style>"
        "[data-testid=stFileUploaderDropzoneInstructions] {display: none;}"
        f"{BROWSE} {{font-size: 0;}}"
        f"{BROWSE} * {{display: none;}}"  # its icon too: it left a gap before our words
        f"{BROWSE}::after {{content: {button}; font-size: 0.875rem;}}"
        "</style>"
    )
    st.caption(t("widgets.upload_hint", lang, types=", ".join(types).upper(), size=MAX_MB))


# The hint's first span; a field in a form says "send", a text area names Ctrl+Enter.
HINT = "[data-testid=InputInstructions] > span:first-child"
FORM, AREA = "[data-testid=stForm]", "[data-testid=stTextArea]"
SKIP = "[data-testid=stSkipToContent]"
# A dropdown's list when the typed search matches nothing (react-aria marks it data-empty).
NO_MATCH = "[role=listbox][data-empty=true] > [role=option] > span"


# A table's column menu: its header (type icon, column name), "Sort ascending", "Sort
# descending", a divider, submenus (role presentation: "Statistics", "Format"), "Autosize",
# "Pin column" or "Unpin column", "Hide column". The submenus (English inside), "Hide
# column" (its way back is the table toolbar, hidden: page_style.SCREEN_CSS) and the header's
# "Copy column name" button (an English tooltip) are left out;
# the others get our words by their place, each item keeping its icon.
MENU = "[data-testid=stDataFrameColumnMenu] [role=menu]"
MENU_ITEMS = {
    ":nth-child(2)": "widgets.sort_ascending",
    ":nth-child(3)": "widgets.sort_descending",
    ":nth-last-child(3)": "widgets.autosize",
    ":nth-last-child(2)": "widgets.pin_column",
}


# A map's or chart's toolbar button (full screen and back): Streamlit's English tooltip is
# hidden while the pointer is on the button, which shows ours, told apart by its aria-label.
TOOLBAR_BUTTON = "[data-testid=stElementToolbarButton]"
# (button, words, where the tip goes): above the button, or below it in full screen, where
# the button is at the top of the screen.
# ``data-tmf-en`` keeps a label's English once widget_script has said it in the page's language.
TOOLBAR_TIPS = (
    ('button:is([aria-label^="Fullscreen"], [data-tmf-en^="Fullscreen"])', "widgets.fullscreen", "bottom"),
    ('button:is([aria-label^="Close"], [data-tmf-en^="Close"])', "widgets.close_fullscreen", "top"),
    ('button:is([aria-label="Clear selection"], [data-tmf-en="Clear selection"])', "widgets.clear_selection", "bottom"),
)
TIP_STYLE = (
    "position: absolute; right: 0; white-space: nowrap; font-size: 0.875rem; padding: 0.3rem 0.6rem;"
    " border-radius: 0.5rem; background: #fff; color: #31333f; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25);"
    " z-index: 1000;"
)


# The dialog the browser shows while it cannot reach the app's server: our style rules are
# still on the page, and the app root says which state the connection is in.
DOWN = (
    "body:has([data-testid=stApp]:is([data-test-connection-state=PINGING_SERVER],"
    " [data-test-connection-state=DISCONNECTED_FOREVER])) section[role=dialog]"
)


def widget_hints(lang: str) -> None:
    """Streamlit's English words in ``lang`` on every page (app.py): the hint inside text,
    number and text-area fields, the "No results" of dropdowns, the skip link, the table's
    column menu, the full-screen button's tooltip and the dialog of a stopped server."""
    rules = [
        # !important: Streamlit's own rule for the focused link (the only time it shows) sets its size
        f"{SKIP} {{font-size: 0 !important;}}",
        f"{SKIP}::after {{font-size: 1rem; content: {_css_string(t('widgets.skip_to_content', lang))};}}",
        f"{NO_MATCH} {{font-size: 0;}}",
        f"{NO_MATCH}::after {{font-size: 0.875rem; content: {_css_string(t('widgets.no_match', lang))};}}",
        f"{HINT} {{font-size: 0;}}",
        f"{HINT}::after {{font-size: 0.75rem; white-space: nowrap;}}",
        f"{HINT}::after {{content: {_css_string(t('widgets.enter_apply', lang))};}}",
        f"{FORM} {HINT}::after {{content: {_css_string(t('widgets.enter_submit', lang))};}}",
        f"{AREA} {HINT}::after {{content: {_css_string(t('widgets.ctrl_enter_apply', lang))};}}",
        f"{FORM} {AREA} {HINT}::after {{content: {_css_string(t('widgets.ctrl_enter_submit', lang))};}}",
        f"{MENU} > [role=presentation], {MENU} > [role=menuitem]:last-child, {MENU} button {{display: none;}}",
        f"{MENU} > [role=menuitem] {{font-size: 0;}}",
        f"{MENU} > [role=menuitem]::after {{font-size: 0.875rem;}}",
        *(
            f"{MENU} > [role=menuitem]{place}::after {{content: {_css_string(t(key, lang))};}}"
            for place, key in MENU_ITEMS.items()
        ),
        f"body:has({TOOLBAR_BUTTON}:hover) [role=tooltip]:has([data-testid=stTooltipContent]) {{display: none;}}",
        f"{TOOLBAR_BUTTON} {{position: relative;}}",
        f"{DOWN} > h2 {{font-size: 0;}}",
        f"{DOWN} > h2::after {{font-size: 1.5rem; content: {_css_string(t('widgets.server_down_title', lang))};}}",
        f"{DOWN} > div > * {{display: none;}}",
        f"{DOWN} > div::after {{font-size: 1rem; content: {_css_string(t('widgets.server_down', lang))};}}",
        *(
            f"{TOOLBAR_BUTTON}:has({button}):hover::after"
            f" {{{TIP_STYLE} {side}: calc(100% + 0.4rem); content: {_css_string(t(key, lang))};}}"
            for button, key, side in TOOLBAR_TIPS
        ),
    ]
    st.html("<style>" + "".join(rules) + "</style>")


# Streamlit's English labels (aria-label) and the catalogue key that says each; "Help for X"
# and "Shortcut X" carry the field's label or the key.
ARIA_LABELS = {
    "Fullscreen": "widgets.fullscreen",
    "Close fullscreen": "widgets.close_fullscreen",
    "Collapse sidebar": "widgets.collapse_sidebar",
    "Expand sidebar": "widgets.expand_sidebar",
    "Sidebar": "widgets.sidebar",
    "App pages": "widgets.app_pages",
    "Copy to clipboard": "widgets.copy",
    "Decrement": "widgets.decrement",
    "Increment": "widgets.increment",
    "Link to heading": "widgets.heading_link",
    "Open": "widgets.open",
    "Search": "widgets.search",
    "Show password": "widgets.show_password",
    "Hide password": "widgets.hide_password",
    "Clear selection": "widgets.clear_selection",
    "Download as CSV": "widgets.download_csv",
    "Show/hide columns": "widgets.columns",
    "file upload": "widgets.file_upload",
    "info icon": "widgets.info",
}
MAP = "[data-testid=stDeckGlJsonChart]"
# The script: the labels, the wheel, and the language in the navigation's links (Streamlit
# writes them without ``lang``: a link opened in a new tab or copied would open in English;
# a click is Streamlit's own navigation and keeps the language anyway). It runs again on a
# language change (new words) but installs its observer and its wheel listener once per tab.
SCRIPT = """<script>(() => {
const words = WORDS;
window.tmfWords = words;
const say = (el) => {
  const label = el.getAttribute("aria-label");
  if (label === null) return;
  const known = el.getAttribute("data-tmf-en");
  const english = known !== null && label === el.getAttribute("data-tmf-said") ? known : label;
  const w = window.tmfWords;
  let said = w.labels[english];
  if (said === undefined && english.startsWith("Help for ")) said = w.help.replace("{label}", english.slice(9));
  if (said === undefined && english.startsWith("Shortcut ")) said = w.shortcut.replace("{key}", english.slice(9));
  if (said === undefined || said === label) return;
  el.setAttribute("data-tmf-en", english);
  el.setAttribute("data-tmf-said", said);
  el.setAttribute("aria-label", said);
};
const NAV = "a[data-testid=stSidebarNavLink]";
const keepLang = (link) => {
  const url = new URL(link.getAttribute("href") || "", location.href);
  if (url.searchParams.get("lang") === window.tmfWords.lang) return;
  url.searchParams.set("lang", window.tmfWords.lang);
  link.setAttribute("href", url.pathname + url.search);
};
const sayAll = (root) => {
  if (root.nodeType !== 1) return;
  say(root);
  root.querySelectorAll("[aria-label]").forEach(say);
  if (root.matches(NAV)) keepLang(root);
  root.querySelectorAll(NAV).forEach(keepLang);
};
if (!window.tmfObserver) {
  window.tmfObserver = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type !== "attributes") r.addedNodes.forEach(sayAll);
      else if (r.attributeName === "href") { if (r.target.matches(NAV)) keepLang(r.target); }
      else say(r.target);
    }
  });
  const watched = {subtree: true, childList: true, attributes: true, attributeFilter: ["aria-label", "href"]};
  window.tmfObserver.observe(document.body, watched);
  // And again just before a link is used (a right click to copy it, a middle click, a key):
  // whatever rewrote it since, the link opened or copied names the language.
  const keepLangOf = (event) => {
    const link = event.target instanceof Element ? event.target.closest(NAV) : null;
    if (link) keepLang(link);
  };
  for (const type of ["pointerdown", "contextmenu", "focusin"]) document.addEventListener(type, keepLangOf, true);
  window.addEventListener("wheel", (event) => {
    const map = event.target instanceof Element ? event.target.closest("MAP") : null;
    if (!map || event.ctrlKey || event.metaKey) return;
    const frame = map.closest("[data-testid=stFullScreenFrame]");
    if (frame && getComputedStyle(frame).position === "fixed") return;
    event.stopPropagation();
    map.setAttribute("data-tmf-wheel", "");
    clearTimeout(map.tmfWheelTimer);
    map.tmfWheelTimer = setTimeout(() => map.removeAttribute("data-tmf-wheel"), 1500);
  }, {capture: true, passive: true});
}
sayAll(document.body);
})();</script>"""


def _script_json(value: object) -> str:
    """Catalogue words as a JavaScript value: JSON with "<", ">" and "&" escaped, so the words
    can never close the script element."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def widget_script(lang: str) -> None:
    """Streamlit's screen-reader labels in ``lang``, a page-scrolling mouse wheel over maps
    with a hint over the map saying how to zoom, and ``lang`` in the navigation's links
    (app.py, every page)."""
    words = {
        "labels": {english: t(key, lang) for english, key in ARIA_LABELS.items()},
        "help": t("widgets.help_for", lang),
        "shortcut": t("widgets.shortcut", lang),
        "lang": lang,
    }
    if lang == "en":  # Streamlit's own labels are English already (and back after another language)
        words = {
            "labels": {english: english for english in ARIA_LABELS},
            "help": "Help for {label}",
            "shortcut": "Shortcut {key}",
            "lang": lang,
        }
    hint = (
        f"{MAP}[data-tmf-wheel]::after {{content: {_css_string(t('widgets.map_wheel', lang))};"
        " position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;"
        " background: rgba(0, 0, 0, 0.45); color: #fff; font-size: 1.5rem; pointer-events: none; z-index: 5;}"
    )
    script = SCRIPT.replace("WORDS", _script_json(words)).replace('"MAP"', json.dumps(MAP))
    # The element holds no visible content: hidden, so it adds no gap at the top of the page.
    hidden = "[data-testid=stElementContainer]:has(> [data-testid=stHtml] > [data-tmf=script]) {display: none;}"
    st.html(f'<style data-tmf="script">{hint}{hidden}</style>{script}', unsafe_allow_javascript=True)
