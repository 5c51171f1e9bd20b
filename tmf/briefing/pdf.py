"""The briefing as a PDF report: A4 landscape, DejaVu Sans embedded (Cyrillic, Kazakh).

Tables wrap their cells instead of cutting columns, and repeat their header on every
page. Every text is written as plain text (no markdown, no HTML), so user data stays
literal. The footer of each page names the command and (given the dashboard's address)
the link that reproduce the view.
A heading and the short paragraphs under it stay on one page.
"""

from __future__ import annotations

from collections.abc import Callable

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from tmf.briefing.content import Briefing
from tmf.briefing.layout import Measure, fitted_widths
from tmf.briefing.sections import Table
from tmf.briefing.static_map import BOLD_FONT_PATH, FONT_PATH, map_png
from tmf.i18n import t

FAMILY = "DejaVu"
TEXT_SIZE, SMALL_SIZE, TABLE_SIZE = 9.5, 7.5, 7.5
NOTICE_FILL = (255, 244, 214)
HEADER_FILL = (232, 236, 242)
CELL_PADDING = 0.8  # mm, on every side of a table cell


class BriefingPDF(FPDF):
    """An FPDF whose footer reproduces the view and numbers the page."""

    def __init__(self, briefing: Briefing):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.briefing = briefing
        self.add_font(FAMILY, "", str(FONT_PATH))
        self.add_font(FAMILY, "B", str(BOLD_FONT_PATH))
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(True, margin=21)  # the footer's lines start 15 mm from the foot
        self.set_title(briefing.title)
        self.set_creator("TMF safety dashboard")

    def footer(self) -> None:
        lang = self.briefing.lang
        self.set_y(-15)
        self.set_font(FAMILY, "", 6.5)
        self.set_text_color(90, 90, 90)
        lines = [t("briefing.command", lang, command=self.briefing.command)]
        if self.briefing.link:
            lines.append(t("briefing.link", lang, link=self.briefing.link))
        lines[-1] += "    " + t("briefing.page", lang, page=self.page_no())
        for line in lines:
            self.multi_cell(0, 3.2, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)


KEEP_WITH_NEXT_MM = 25  # a heading lower on the page than this goes to the next page


def _heading(pdf: FPDF, text: str, size: float = 13) -> None:
    if pdf.will_page_break(KEEP_WITH_NEXT_MM):  # never a heading alone at the foot of a page
        pdf.add_page()
    pdf.set_font(FAMILY, "B", size)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _paragraph(pdf: FPDF, text: str, size: float = TEXT_SIZE, fill: tuple[int, int, int] | None = None) -> None:
    pdf.set_font(FAMILY, "", size)
    if fill:
        pdf.set_fill_color(*fill)
    pdf.multi_cell(
        0, size * 0.48, text, align="L", fill=fill is not None, padding=1.5 if fill else 0, new_x=XPos.LMARGIN
    )
    pdf.set_fill_color(255, 255, 255)  # tables fill their cells with the current colour
    pdf.ln(1.5)


def _height(pdf: FPDF, texts: list[tuple[str, float]], heading: tuple[str, float]) -> float:
    """How tall a heading and its paragraphs ((text, size) each) would be drawn, in mm."""
    pdf.set_font(FAMILY, "B", heading[1])
    total = pdf.multi_cell(0, heading[1] * 0.5, heading[0], dry_run=True, output="HEIGHT") + 1.5
    for text, size in texts:
        pdf.set_font(FAMILY, "", size)
        total += pdf.multi_cell(0, size * 0.48, text, dry_run=True, output="HEIGHT") + 1.5
    return total


def _section(pdf: FPDF, heading: tuple[str, float], texts: list[tuple[str, float]]) -> None:
    """A heading and short paragraphs kept on one page: on the next one if they do not fit
    on this (a list never spills three lines onto a page of its own, nor splits a name)."""
    height = _height(pdf, texts, heading)
    if height < pdf.eph and pdf.will_page_break(height):
        pdf.add_page()
    _heading(pdf, *heading)
    for text, size in texts:
        _paragraph(pdf, text, size)


def _measure(pdf: FPDF, size: float) -> Measure:
    """Text widths in mm as ``_table`` draws them: header bold at size - 0.5, cells regular."""

    def measure(text: str, bold: bool) -> float:
        pdf.set_font(FAMILY, "B" if bold else "", size - 0.5 if bold else size)
        return pdf.get_string_width(text)

    return measure


def _table(pdf: FPDF, table: Table, size: float = TABLE_SIZE) -> None:
    widths = fitted_widths(table, pdf.epw, _measure(pdf, size), CELL_PADDING + 0.2)  # 0.2: rounding
    pdf.set_font(FAMILY, "", size)
    with pdf.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=size * 0.5,
        padding=CELL_PADDING,
        headings_style=FontFace(emphasis="BOLD", size_pt=size - 0.5, fill_color=HEADER_FILL),
    ) as drawn:
        for values in (table.columns, *table.rows):
            row = drawn.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)


def _front_page(pdf: BriefingPDF, briefing: Briefing) -> None:
    pdf.add_page()
    _heading(pdf, briefing.title, 17)
    facts = Table(("", ""), briefing.facts, (1.3, 3.0))
    pdf.set_font(FAMILY, "", TEXT_SIZE)
    with pdf.table(
        col_widths=facts.widths, text_align="LEFT", first_row_as_headings=False, borders_layout="NONE"
    ) as drawn:
        for label, value in facts.rows:
            row = drawn.row()
            row.cell(label)
            row.cell(value)
    pdf.ln(3)
    if briefing.notices:
        _heading(pdf, t("briefing.read_first", briefing.lang), 11)
        for notice in briefing.notices:
            _paragraph(pdf, notice, TEXT_SIZE - 0.5, fill=NOTICE_FILL)
    _kept_together(pdf, lambda drawn: _weights(drawn, briefing))


def _weights(pdf: FPDF, briefing: Briefing) -> None:
    _heading(pdf, f"{t('briefing.weights', briefing.lang)} ({briefing.index_label})", 11)
    _paragraph(pdf, briefing.weights_note)
    _table(pdf, briefing.weights, TEXT_SIZE - 1.5)


def _kept_together(pdf: FPDF, draw: Callable[[FPDF], None]) -> None:
    """``draw`` (shorter than a page) on a new page when it would not end on this one: a
    table never leaves its last row alone on the next page."""
    with pdf.offset_rendering() as trial:
        draw(trial)
    if trial.page_break_triggered:
        pdf.add_page()
    draw(pdf)


def _map_page(pdf: BriefingPDF, briefing: Briefing) -> None:
    pdf.add_page()
    _heading(pdf, t("briefing.map", briefing.lang))
    pdf.image(map_png(briefing, dpi=150), x=pdf.l_margin, w=pdf.epw, h=150, keep_aspect_ratio=True)
    _paragraph(pdf, briefing.map_caption, SMALL_SIZE)


def _ranking_pages(pdf: BriefingPDF, briefing: Briefing) -> None:
    lang = briefing.lang
    pdf.add_page()
    _heading(pdf, briefing.top_title)
    _paragraph(pdf, briefing.top_note, SMALL_SIZE)
    _table(pdf, briefing.top, TABLE_SIZE - 0.5)
    if briefing.moved:
        texts = [(t("briefing.moved_note", lang), SMALL_SIZE), ("\n".join(briefing.moved), TEXT_SIZE)]
    else:
        texts = [(t("briefing.moved_none", lang), TEXT_SIZE)]
    for key, names in (("entered", briefing.entered), ("left", briefing.left)):
        listed = "; ".join(names) or t("briefing.nobody", lang)
        texts.append((f"{t(f'briefing.{key}', lang, top=briefing.top_n)}: {listed}", TEXT_SIZE))
    _section(pdf, (t("briefing.moved", lang), 11), texts)


def _hotspot_pages(pdf: BriefingPDF, briefing: Briefing) -> None:
    lang = briefing.lang
    pdf.add_page()
    _heading(pdf, t("briefing.hotspots", lang))
    if not briefing.hotspots:
        _paragraph(pdf, t("briefing.hotspots_none", lang))
    for country, table in briefing.hotspots:
        _heading(pdf, t("briefing.affected", lang, country=country), 10.5)
        _table(pdf, table)


def _closing_pages(pdf: BriefingPDF, briefing: Briefing) -> None:
    lang = briefing.lang
    pdf.add_page()
    _heading(pdf, t("briefing.sources", lang))
    _paragraph(pdf, briefing.source_summary)
    _table(pdf, briefing.sources)
    # no "reproduce" section: the footer of every page names the command and the link
    _section(pdf, (t("briefing.method", lang), 11), [("\n".join(briefing.citation), TEXT_SIZE)])


def to_pdf(briefing: Briefing) -> bytes:
    """The briefing as PDF bytes (fonts embedded as subsets)."""
    pdf = BriefingPDF(briefing)
    for part in (_front_page, _map_page, _ranking_pages, _hotspot_pages, _closing_pages):
        part(pdf, briefing)
    return bytes(pdf.output())
