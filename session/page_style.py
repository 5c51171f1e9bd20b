"""The app's own stylesheets: print on paper, and the presentation's full screen.

The one module that hands HTML to Streamlit. Everything it sends is a constant written
here (CSS only, no script, no user text, no formatting of values into it), so nothing a
user typed can ever reach the page as markup. Selectors are Streamlit 1.67's test ids.
"""

from __future__ import annotations

import streamlit as st

# Browser printing: no sidebar or toolbar on every page, no widgets ("Choose options", the
# map's layer pills, closed "What this means" boxes), landscape pages so wide tables keep
# their right-hand columns, and maps, charts and table rows never split across two sheets.
# A map prints at 72 % of its size on screen (CSS zoom: the map is not redrawn at another
# shape, which would cut its legend and edges), so the title, the data notice and the
# Ranking page's map share the first sheet.
PRINT_CSS = """
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  section[data-testid="stSidebar"], header[data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stExpandSidebarButton"], [data-testid="stElementToolbar"],
  [data-testid="stMultiSelect"], [data-testid="stSlider"], [data-testid="stSelectbox"],
  [data-testid="stRadio"], [data-testid="stTextInput"], [data-testid="stNumberInput"],
  [data-testid="stButton"], [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"],
  [data-testid="stPageLink"], [data-testid="stStatusWidget"], [data-testid="stButtonGroup"],
  [data-testid="stCheckbox"], [data-testid="stToggle"], [data-testid="stDateInput"],
  [data-testid="stTextArea"], [data-testid="stFileUploader"], [data-testid="stColorPicker"],
  [data-testid="stExpander"]:has(details:not([open])) { display: none !important; }
  [data-testid="stWidgetLabel"]:has(+ [data-testid="stButtonGroup"]),
  [data-testid="stElementContainer"]:has(> [data-testid="stButtonGroup"]),
  [data-testid="stElementContainer"]:has(> [data-testid="stExpander"] details:not([open])) { display: none !important; }
  [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { gap: 0.5rem !important; }
  h1 { font-size: 1.8rem !important; padding: 0 0 0.2rem !important; }
  [data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]) { zoom: 0.72; }
  [data-testid="stAppViewContainer"], [data-testid="stMain"], [data-testid="stMainBlockContainer"] {
    position: static !important; overflow: visible !important; height: auto !important;
    max-width: 100% !important; padding: 0 !important; margin: 0 !important;
  }
  [data-testid="stDeckGlJsonChart"], [data-testid="stPlotlyChart"], [data-testid="stImage"],
  [data-testid="stMetric"], [data-testid="stTable"] tr, [data-testid="stAlert"],
  [data-testid="stDataFrame"] { break-inside: avoid; page-break-inside: avoid; }
  [data-testid="stDataFrame"] { max-width: 100% !important; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  /* A table printed whole: the static copy (containers keyed print_only_*) replaces the
     canvas grid (keyed screen_only_*), which printing cuts at the page's right edge. */
  [class*="st-key-screen_only"] { display: none !important; }
  [class*="st-key-print_only"] { display: flex !important; }
  [class*="st-key-print_only"] [data-testid="stTable"], [class*="st-key-print_only"] [data-testid="stTable"] * {
    overflow: visible !important; max-height: none !important;
  }
  [class*="st-key-print_only"] table { width: 100% !important; table-layout: auto; border-collapse: collapse; }
  [class*="st-key-print_only"] th, [class*="st-key-print_only"] td {
    font-size: 7pt !important; padding: 1px 3px !important; line-height: 1.2 !important; white-space: normal !important;
  }
  [class*="st-key-print_only"] tr { break-inside: avoid; page-break-inside: avoid; }
  /* Charts keep the width they were drawn at on screen: side by side they would be cut. */
  [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]) { flex-direction: column !important; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]) > [data-testid="stColumn"] {
    width: 100% !important; flex: 1 1 auto !important;
  }
}
"""

# The presentation: no sidebar, header or toolbar; type that scales with the screen's
# height (17 px at 768, 24 px at 1080), and slides that keep to one screen. A slide's map is
# laid out for 1366x768 (components.slides: its view fits the facilities in that size) and
# grows with the type on a larger screen (zoom 1.4 at 1920x1080), showing the same area.
# A table across the whole slide (present_wide_table) lets its names run wider than
# Streamlit's 26rem before they wrap: one line a row. Captions (a map's key, a table's note)
# in near-black and near the body's size: a projector washes light grey out.
PRESENT_CSS = """
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], [data-testid="stElementToolbar"] { display: none !important; }
html { font-size: clamp(15px, 2.2vh, 26px); }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.8rem 2.2rem 0.4rem !important; }
[data-testid="stMainBlockContainer"] h2 { font-size: 2.1rem; padding: 0.2rem 0 0.5rem; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.15rem; }
[data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.0rem; padding: 0.25rem 0.6rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 2.6rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {
  font-size: 0.95rem !important; color: #3c3c3c !important;
}
.st-key-present_page_up, .st-key-present_page_down { display: none !important; }
.st-key-present_wide_table [data-testid="stTable"] td div { max-width: 44rem !important; }
@media (min-width: 1600px) and (min-height: 940px) {
  [data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]) { zoom: 1.25; }
}
@media (min-width: 1800px) and (min-height: 1040px) {
  [data-testid="stElementContainer"]:has([data-testid="stDeckGlJsonChart"]) { zoom: 1.4; }
}
"""


# Controls whose English texts have no parameter are hidden: the table toolbar (search,
# download, full screen; the pages offer translated downloads instead). Streamlit's 6rem top
# padding pushes a page's key element below the fold at 1366x768.
SCREEN_CSS = """
.stElementContainer:has([data-testid=stDataFrame]) [data-testid=stElementToolbar] {display: none;}
[data-testid=stMainBlockContainer] {padding-top: 2.5rem;}
[class*="st-key-print_only"] {display: none;}
"""


def _style(css: str) -> None:
    # A body of <style> only goes to Streamlit's event container: it takes no room.
    st.html("<style>" + css + "</style>")


def print_stylesheet() -> None:
    """The screen and print stylesheets (app.py adds them to every page)."""
    _style(SCREEN_CSS)
    _style(PRINT_CSS)


def presentation_stylesheet() -> None:
    """The presentation's full-screen style (the presentation page only)."""
    _style(PRESENT_CSS)
