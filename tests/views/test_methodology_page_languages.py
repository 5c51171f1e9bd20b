"""The Kazakh Methodology page shows no English paragraph."""

import re

from session.pages import page_file
from tests.views.conftest import run_app
from tmf.i18n import t

KAZAKH_LETTERS = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def test_the_kazakh_methodology_page_has_kazakh_paragraphs_headings_and_sources(demo_db):
    at = run_app(page_file("methodology"), lang="kk")
    texts = [m.value for m in at.markdown] + [h.value for h in at.subheader] + [w.value for w in at.warning]
    english = [text for text in texts if len(text) > 20 and not KAZAKH_LETTERS.search(text)]
    assert not english, english
    assert at.subheader[0].value.startswith("UNECE қалдық қоймалары әдістемесі")
    sources = at.dataframe[0].value.set_index("criterion")["source"]
    assert sources[t("criteria.transboundary.label", "kk")].startswith("Жобаның ережесі (docs/methodology.md §4.4)")
