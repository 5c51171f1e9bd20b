"""The briefing as PowerPoint slides (16:9), every text editable.

Each slide has a real title placeholder (what PowerPoint's outline and screen readers
use); tables are PowerPoint tables, the map is a picture. Long tables continue on the
next slide. Text is set as plain runs, so user data stays literal.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from tmf.briefing.content import Briefing
from tmf.briefing.layout import dejavu_points, fitted_widths, least_widths, line_count
from tmf.briefing.sections import Table
from tmf.briefing.static_map import map_png
from tmf.i18n import t

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
BODY_TOP = Inches(1.25)
TITLE_ONLY_LAYOUT = 5
ROWS_PER_SLIDE = 8  # a wrapped facility name takes two or three lines at 11 pt
CELL_MARGIN = Pt(4)  # left and right of a cell's text (PowerPoint's default is 7.2 pt)
CELL_PADDING = CELL_MARGIN.pt + 0.5  # points: the margin, and room for rounding
HOTSPOTS_PER_SLIDE = 6  # reason sentences are long; more would overflow a 16:9 slide


def _slide(deck, title: str):
    """A slide with ``title`` in its title placeholder, across the top of the 16:9 page."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.85)
    shape.text = title
    for paragraph in shape.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(28)
    return slide


def _text(slide, lines: Sequence[str], top: Emu, height: Emu, size: float = 16) -> None:
    box = slide.shapes.add_textbox(MARGIN, top, WIDTH - 2 * MARGIN, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(size)
        paragraph.space_after = Pt(size * 0.4)


def fitting_size(table: Table, width: float, largest: float) -> float:
    """The largest font size, ``largest`` down to 2 pt less, at which every column of
    ``table`` holds its longest word within ``width`` points (a 15-column TRI table in
    Russian or Kazakh needs 10 pt)."""
    for size in (largest, largest - 1, largest - 2):
        if sum(least_widths(table, dejavu_points(size), CELL_PADDING)) <= width:
            return size
    return largest - 2


def _table(slide, table: Table, rows: Sequence[tuple[str, ...]], top: Emu, size: float = 12) -> None:
    width = WIDTH - 2 * MARGIN
    shape = slide.shapes.add_table(len(rows) + 1, len(table.columns), MARGIN, top, width, Inches(0.3) * (len(rows) + 1))
    drawn = shape.table
    room = Emu(width).pt
    size = fitting_size(table, room, size)
    for j, points in enumerate(fitted_widths(table, room, dejavu_points(size), CELL_PADDING)):
        drawn.columns[j].width = Pt(points)
    for i, values in enumerate((table.columns, *rows)):
        for j, value in enumerate(values):
            cell = drawn.cell(i, j)
            cell.margin_left = cell.margin_right = CELL_MARGIN
            cell.text = value
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(size)


def _note_height(note: str, size: float) -> Emu:
    """The height of a text box holding ``note`` across the slide (0.1 in inset each side)."""
    lines = line_count(note, dejavu_points(size), Emu(WIDTH - 2 * MARGIN - Inches(0.2)).pt)
    return Emu(Pt(lines * size * 1.2 + 7.2))


def _chunks(rows: Sequence[tuple[str, ...]], size: int) -> list[Sequence[tuple[str, ...]]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)] or [rows]


def _table_slides(deck, title: str, table: Table, note: str = "", size: float = 12, per_slide: int = ROWS_PER_SLIDE):
    """``table`` on as many slides as it needs; the title says "(2/3)" on continuations."""
    chunks = _chunks(table.rows, per_slide)
    for n, rows in enumerate(chunks, start=1):
        slide = _slide(deck, title if len(chunks) == 1 else f"{title} ({n}/{len(chunks)})")
        top = BODY_TOP
        if note:
            height = _note_height(note, 12)
            _text(slide, [note], top, height, 12)
            top += height + Inches(0.05)
        _table(slide, table, rows, top, size)


def _title_slide(deck, briefing: Briefing) -> None:
    slide = _slide(deck, briefing.title)
    _text(slide, [f"{label}: {value}" for label, value in briefing.facts], BODY_TOP, Inches(2.4), 16)
    _text(slide, briefing.notices, Inches(3.9), Inches(3.2), 12)


def _map_slide(deck, briefing: Briefing) -> None:
    slide = _slide(deck, t("briefing.map", briefing.lang))
    picture = io.BytesIO(map_png(briefing, size=(10.0, 5.2), dpi=150))
    slide.shapes.add_picture(picture, Inches(1.0), BODY_TOP, height=Inches(5.6))
    _text(slide, [briefing.map_caption], Inches(6.9), Inches(0.5), 11)


def _moved_slide(deck, briefing: Briefing) -> None:
    lang = briefing.lang
    slide = _slide(deck, t("briefing.moved", lang))
    top = briefing.top_n
    lines = [t("briefing.moved_note", lang), *briefing.moved] if briefing.moved else [t("briefing.moved_none", lang)]
    for key, names in (("entered", briefing.entered), ("left", briefing.left)):
        lines.append(f"{t(f'briefing.{key}', lang, top=top)}: {'; '.join(names) or t('briefing.nobody', lang)}")
    _text(slide, lines, BODY_TOP, Inches(5.8), 16)


def _hotspot_slides(deck, briefing: Briefing) -> None:
    """One slide per affected country with its highest-ranked hotspots (the PDF has all)."""
    lang = briefing.lang
    if not briefing.hotspots:
        _text(_slide(deck, t("briefing.hotspots", lang)), [t("briefing.hotspots_none", lang)], BODY_TOP, Inches(1), 16)
    for country, table in briefing.hotspots:
        slide = _slide(deck, t("briefing.affected", lang, country=country))
        more = len(table.rows) - HOTSPOTS_PER_SLIDE
        note = t("briefing.hotspots", lang)
        if more > 0:
            note += ". " + t("briefing.more_hotspots", lang, count=more)
        _text(slide, [note], BODY_TOP, Inches(0.5), 12)
        _table(slide, table, table.rows[:HOTSPOTS_PER_SLIDE], BODY_TOP + Inches(0.55), 11)


def _closing_slides(deck, briefing: Briefing) -> None:
    lang = briefing.lang
    _table_slides(deck, t("briefing.sources", lang), briefing.sources, briefing.source_summary, 11)
    slide = _slide(deck, t("briefing.method", lang))
    _text(slide, briefing.citation, BODY_TOP, Inches(2.8), 14)
    reproduce = [
        t("briefing.reproduce", lang),
        t("briefing.command", lang, command=briefing.command),
    ]
    if briefing.link:
        reproduce.append(t("briefing.link", lang, link=briefing.link))
    _text(slide, reproduce, Inches(4.4), Inches(2.4), 13)


def to_pptx(briefing: Briefing) -> bytes:
    """The briefing as PPTX bytes: title, weights, map, top N, moves, hotspots, sources."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    lang = briefing.lang
    _title_slide(deck, briefing)
    weights_title = f"{t('briefing.weights', lang)} ({briefing.index_label})"
    _table_slides(deck, weights_title, briefing.weights, briefing.weights_note, 13, per_slide=12)
    _map_slide(deck, briefing)
    _table_slides(deck, briefing.top_title, briefing.top, briefing.top_note, 11)
    _moved_slide(deck, briefing)
    _hotspot_slides(deck, briefing)
    _closing_slides(deck, briefing)
    output = io.BytesIO()
    deck.save(output)
    return output.getvalue()
