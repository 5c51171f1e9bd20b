"""AppTest: the Ranking and Scenarios pages offer the briefing of the current view, and
tables as CSV/XLSX; the files are what the page would hand to the browser."""

import io
import subprocess

import pytest
from pptx import Presentation

from session.pages import page_file
from tests.conftest import require
from tests.views.conftest import run_app


@pytest.fixture
def served(monkeypatch) -> dict[str, bytes]:
    """Every file the page hands to Streamlit's media store, by file name."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def record(self, path_or_data, mimetype, kind, filename=None):
        if filename and isinstance(path_or_data, bytes):
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", record)
    return files


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def by_suffix(files: dict[str, bytes], suffix: str) -> bytes:
    (name,) = [n for n in files if n.endswith(suffix)]
    return files[name]


def test_the_ranking_page_prepares_the_briefing_of_its_weights(demo_db, served):
    """Without flood and seismic hazard, Koshkar-Ata comes first (19th officially)."""
    require(subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0, "pdftotext (poppler-utils)")
    at = run_app(page_file("ranking"), v="2", w="flood:0,seismic:0", lang="ru")
    assert not [b for b in at.get("download_button") if "briefing" in b.proto.id]
    at.button(key="ranking_briefing_prepare").click().run()
    assert not at.exception
    pdf = by_suffix(served, ".pdf")
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    first_row = next(line for line in text.splitlines() if line.startswith("1 "))  # the top table's rank 1
    assert "Хвостохранилище Кошкар-Ата" in first_row
    slides = Presentation(io.BytesIO(by_suffix(served, ".pptx")))
    shapes = " ".join(s.text_frame.text for slide in slides.slides for s in slide.shapes if s.has_text_frame)
    assert "Кошкар-Ата" in shapes
    assert by_suffix(served, "_map.png").startswith(b"\x89PNG")
    assert any(name.startswith("briefing_ru_") and "methodology-" in name for name in served)


def test_a_new_weight_brings_the_prepare_button_back(demo_db, served):
    at = run_app(page_file("ranking"))
    at.button(key="ranking_briefing_prepare").click().run()
    assert at.get("download_button")[0].proto.label == "Briefing (PDF)"
    at.slider(key="w_flood").set_value(0.0).run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Briefing (PDF)" not in labels and "Table (CSV)" in labels


def test_the_scenarios_page_offers_the_briefing(demo_db, served):
    at = run_app(page_file("scenarios"))
    at.button(key="scenarios_briefing_prepare").click().run()
    assert not at.exception
    assert by_suffix(served, ".pdf").startswith(b"%PDF")
