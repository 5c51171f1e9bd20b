"""AppTest: the Ranking and Scenarios pages offer the briefing of the current view, and
tables as CSV/XLSX; the files are what the page would hand to the browser."""

import io
import re
import subprocess

import pytest
from pptx import Presentation

from session.pages import page_file
from tests.conftest import require
from tests.views.conftest import run_app
from tmf.i18n import t


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
    notice = t("app.illustrative_notice", "ru")
    assert " ".join(notice.split()) in " ".join(text.split()), "the demo data are said to be illustrative"
    slides = Presentation(io.BytesIO(by_suffix(served, ".pptx")))
    shapes = " ".join(s.text_frame.text for slide in slides.slides for s in slide.shapes if s.has_text_frame)
    assert "Кошкар-Ата" in shapes
    assert by_suffix(served, "_map.png").startswith(b"\x89PNG")
    assert any(name.startswith("briefing_ru_") and "methodology-" in name for name in served)


def test_a_new_weight_brings_the_prepare_button_back(demo_db, served):
    at = run_app(page_file("ranking"))
    at.button(key="ranking_briefing_prepare").click().run()
    assert at.get("download_button")[0].proto.label == "Briefing (PDF)"
    at.select_slider(key="w_flood").set_value(0.0).run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Briefing (PDF)" not in labels and "Table (CSV)" in labels


def test_the_scenarios_page_offers_the_briefing(demo_db, served):
    at = run_app(page_file("scenarios"))
    at.button(key="scenarios_briefing_prepare").click().run()
    assert not at.exception
    assert by_suffix(served, ".pdf").startswith(b"%PDF")


def test_the_briefing_link_of_a_filtered_view_opens_the_same_ranked_list(demo_db, served):
    """Kazakhstan only, flood hazard off, top 8: the link in the PDF gives that view back."""
    from urllib.parse import parse_qsl, urlsplit

    require(subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0, "pdftotext (poppler-utils)")
    at = run_app(page_file("ranking"), v="2", w="flood:0", country="KZ", top="8", lang="ru")
    shown = at.dataframe[0].value["facility_id"].tolist()
    assert shown and all(fid.startswith("KZ-") for fid in shown)
    at.button(key="ranking_briefing_prepare").click().run()
    (link,) = set(re.findall(r"http://localhost:8501/ranking\?\S+", pdf_text(by_suffix(served, ".pdf"))))
    query = dict(parse_qsl(urlsplit(link).query))
    assert query == {"v": "2", "w": "flood:0", "country": "KZ", "top": "8", "lang": "ru"}
    again = run_app(page_file("ranking"), **query)
    assert again.dataframe[0].value["facility_id"].tolist() == shown
    assert again.slider(key="top_n").value == 8


def test_both_charts_of_the_ranking_page_offer_png_and_svg_in_kazakh(demo_db):
    at = run_app(page_file("ranking"), lang="kk")
    labels = [b.proto.label for b in at.get("download_button")]
    assert not at.exception
    assert labels.count("График (PNG)") == labels.count("График (SVG)") == 2
    assert labels.count("График деректері (CSV)") == 2


def test_the_printed_ranking_holds_the_whole_top_n_with_every_column(demo_db):
    """The static copy for paper: the top N rows, the last column (confidence) included."""
    at = run_app(page_file("ranking"), v="2", top="12", lang="ru")
    (frame,) = [table.value for table in at.table if "Достоверность данных" in table.value.columns]
    assert len(frame) == 12
    assert list(frame.columns)[-1] == "Достоверность данных"
    assert len(frame.columns) == len(at.dataframe[0].value.columns)  # every column of the grid
    assert frame["Наименование"].iloc[0] == "Хвостохранилище Дигмай"
