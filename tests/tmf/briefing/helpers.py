"""What the briefing tests share: the small inventory's facilities, the briefing of a view
as `tmf briefing` builds it, and the text of a PDF as pdftotext reads it."""

from __future__ import annotations

import re
import shutil
import subprocess

from tests.conftest import require
from tmf.briefing import briefing_content, briefing_view
from tmf.screening import current_view

FACILITIES = ("TJ-DEG-001", "KG-KBA-001", "KG-KHA-001", "KZ-KOS-001", "KZ-STE-001", "KZ-RID-001", "KG-KDS-001")
NO_FLOOD_NO_SEISMIC = {"flood": 0.0, "seismic": 0.0}
KAZAKH_LETTERS = "әғқңөұүһі"


def briefing_of(scored, weights, index, top, lang, data_date, geo, **options):
    """The briefing of a view as ``tmf briefing`` builds it: the view, then its current view."""
    view = briefing_view(weights, index, top, lang, scored.profile)
    return briefing_content(current_view(scored, view), view, data_date, geo, **options)


def pdf_text(data: bytes, layout: bool = False) -> str:
    """The text of a PDF as pdftotext reads it (``-layout`` keeps table rows on one line)."""
    require(shutil.which("pdftotext") is not None, "pdftotext (Debian package poppler-utils)")
    options = ["-layout"] if layout else []
    result = subprocess.run(["pdftotext", *options, "-", "-"], input=data, check=True, capture_output=True)
    return result.stdout.decode("utf-8")


def one_line(text: str) -> str:
    """Text with every run of whitespace as one space (pdftotext breaks wrapped lines)."""
    return re.sub(r"\s+", " ", text)


def pages_of(data: bytes) -> list[str]:
    return [one_line(page) for page in pdf_text(data).split("\f") if page.strip()]
