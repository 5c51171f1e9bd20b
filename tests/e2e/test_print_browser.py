"""Printing the Ranking page from the browser (Chromium's PDF): the whole top N table with
every column, no sidebar and no widgets, the map kept on one sheet (CSS break-inside, seen in the page images)."""

import subprocess

from tests.conftest import require

DECK = "[data-testid=stDeckGlJsonChart]"


def pdf_pages(data: bytes) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return text.decode().split("\f")


def test_printing_the_ranking_page_in_russian_keeps_every_column_of_the_top_n(page_and_watch, server):
    require(subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0, "pdftotext (poppler-utils)")
    page, watch = page_and_watch
    page.goto(f"{server}/ranking?lang=ru&top=12")
    page.locator(DECK).first.wait_for(state="visible", timeout=60_000)
    page.locator("[data-testid=stPlotlyChart]").first.wait_for(state="visible", timeout=60_000)
    page.wait_for_timeout(2500)  # deck.gl draws after the element appears
    printed = page.locator("[class*=st-key-print_only_ranking_table]")
    assert printed.count() == 1 and not printed.is_visible()  # on screen: the grid only
    pages = pdf_pages(page.pdf(format="A4", landscape=True, print_background=True))
    text = "\n".join(pages)
    table = next(p for p in pages if "Наименование" in p)
    assert "Достоверность" in table and "Неизвестные данные" in table  # the right-hand columns
    assert "Хвостохранилище Дигмай" in table
    rows = [line for line in table.splitlines() if line[:3].strip().isdigit()]
    assert len(rows) == 12  # the top N of the link, each row once
    assert "Выберите" not in text  # no multiselect ("Choose options")
    assert "Язык" not in text and "Войти" not in text  # no sidebar (language, login)
    assert watch.outside_requests == []
