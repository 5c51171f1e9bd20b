"""tmf.briefing.pdf: the PDF embeds its fonts and renders every Kazakh letter, breaks no word
of a table, keeps a heading with its lines, and keeps the body above the footer that carries
the command. PDF text is read back with pdftotext (Debian poppler-utils)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import require
from tests.tmf.briefing.helpers import (
    KAZAKH_LETTERS,
    briefing_of,
    one_line,
    pages_of,
    pdf_text,
)
from tmf.briefing import to_pdf
from tmf.hotspots import annotate_transboundary
from tmf.i18n import t
from tmf.methodology import load_profile
from tmf.ranking import score_inventory


@pytest.fixture(scope="module")
def kazakh_pdf(small_inventory, geo) -> bytes:
    """The Kazakh briefing's PDF, Degmay's Kazakh name carrying every Kazakh letter (this
    proves the font and that name_kk, not name_ru, names a facility in Kazakh)."""
    renamed = small_inventory.copy()
    renamed.loc[renamed["facility_id"] == "TJ-DEG-001", "name_kk"] = f"Дигмай {KAZAKH_LETTERS}"
    scored = score_inventory(annotate_transboundary(renamed, geo), load_profile())
    return to_pdf(briefing_of(scored, None, "thi", 3, "kk", None, geo))


def test_the_kazakh_pdf_has_the_kazakh_title_and_renders_every_kazakh_letter(kazakh_pdf):
    text = one_line(pdf_text(kazakh_pdf))
    assert one_line(t("briefing.title", "kk")) in text
    assert "Анықтама" in text
    assert f"Дигмай {KAZAKH_LETTERS}" in text
    assert "Хвостохранилище Дигмай" not in text, "the Russian name is only the fallback"
    assert "Тәжікстан" in text  # Degmay's country, its full name in Kazakh


def test_every_font_of_the_pdf_is_embedded(kazakh_pdf, tmp_path):
    require(shutil.which("pdffonts") is not None, "pdffonts (Debian package poppler-utils)")
    path = tmp_path / "briefing.pdf"
    path.write_bytes(kazakh_pdf)
    listing = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    fonts = listing.splitlines()[2:]
    assert fonts, listing
    assert all(line.split()[-5] == "yes" for line in fonts), listing  # the "emb" column


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_no_word_of_the_pdfs_tri_table_is_broken_across_lines(lang, full_scored, geo):
    """15 columns (TRI, top 10): "Сыйымдылық" and every other header word and cell word
    comes out whole, wrapped only between words."""
    briefing = briefing_of(full_scored, None, "tri", 10, lang, None, geo)
    text = pdf_text(to_pdf(briefing), layout=True)
    region = text[text.index(briefing.top_title) : text.index(t("briefing.moved", lang))]
    printed = set(region.split())
    words = {word for row in (briefing.top.columns, *briefing.top.rows) for cell in row for word in cell.split()}
    assert "Сыйымдылық" in words or lang != "kk"
    assert words <= printed, f"broken: {sorted(words - printed)}"


def test_what_moved_and_who_entered_or_left_the_top_stay_together_on_one_page(kazakh_reweighted_pdf):
    briefing, data = kazakh_reweighted_pdf
    (page,) = [p for p in pages_of(data) if one_line(t("briefing.moved", "kk")) in p]
    assert len(briefing.entered) == 5 and len(briefing.left) == 3

    def dashless(text: str) -> str:  # pdftotext drops a dash that ends a line
        return one_line(text.replace("-", " "))

    for name in (*briefing.moved, *briefing.entered, *briefing.left):
        assert dashless(name) in dashless(page), f"{name} is not on the page of its heading"


def test_body_text_ends_above_the_footer_on_every_page(kazakh_reweighted_pdf):
    """pdftotext -bbox: the footer starts 15 mm from the foot of the page; no word of the
    body comes within 5 mm of it (the reviewer saw 3.8 mm: a paragraph running into it)."""
    _, data = kazakh_reweighted_pdf
    boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=data, check=True, capture_output=True).stdout
    footer_top = (210 - 15) * 72 / 25.4
    bottoms = [float(y) for y in re.findall(rb'yMax="([\d.]+)"', boxes) if float(y) < footer_top + 3]
    assert max(bottoms) <= footer_top - 5 * 72 / 25.4


def test_the_command_and_link_are_in_every_footer_and_not_repeated_on_a_page_of_their_own(kazakh_reweighted_pdf):
    briefing, data = kazakh_reweighted_pdf
    pages = pages_of(data)
    command = one_line(t("briefing.command", "kk", command=briefing.command))
    assert [page.count(command) for page in pages] == [1] * len(pages)
    assert t("briefing.method", "kk") in pages[-1], "the last page has the method, not only the footer"
