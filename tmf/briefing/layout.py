"""Column widths that never break a word, for the PDF and the PPTX tables.

A table's relative widths (``Table.widths``) say how to share the page; a narrow column
would still cut a long header such as "Сыйымдылық" in two. ``fitted_widths`` makes each
column at least as wide as its longest word (header in bold, cells in regular, plus the
cell's padding on both sides) and shares what is left in the table's proportions, so
lines wrap only between words. Widths are measured with DejaVu Sans, the font the PDF
embeds; for the slides it is a safe bound (it is wider than PowerPoint's Calibri).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

from fpdf import FPDF

from tmf.briefing.sections import Table
from tmf.briefing.static_map import BOLD_FONT_PATH, FONT_PATH

Measure = Callable[[str, bool], float]  # (text, bold) -> width
FAMILY = "DejaVu"


def longest_word(texts: Sequence[str], measure: Measure, bold: bool) -> float:
    """The width of the widest word (text between spaces or line breaks) of ``texts``."""
    return max((measure(word, bold) for text in texts for word in text.split()), default=0.0)


def least_widths(table: Table, measure: Measure, padding: float) -> list[float]:
    """Each column's narrowest width that holds its longest word, header and cells."""
    columns = list(zip(*table.rows, strict=True)) if table.rows else [() for _ in table.columns]
    return [
        max(longest_word([header], measure, True), longest_word(cells, measure, False)) + 2 * padding
        for header, cells in zip(table.columns, columns, strict=True)
    ]


def fitted_widths(table: Table, total: float, measure: Measure, padding: float) -> tuple[float, ...]:
    """Widths adding up to ``total``: the table's proportions, but none below the width of
    its longest word (``least_widths``). Where even the least widths do not fit, they are
    scaled down to ``total`` (words then break: no better is possible at that size)."""
    need = least_widths(table, measure, padding)
    if sum(need) >= total:
        return tuple(n * total / sum(need) for n in need)
    fixed: set[int] = set()
    while True:  # a column held at its least width leaves less room for the others
        room = total - sum(need[i] for i in fixed)
        share = sum(w for i, w in enumerate(table.widths) if i not in fixed)
        widths = [need[i] if i in fixed else w * room / share for i, w in enumerate(table.widths)]
        short = {i for i, w in enumerate(widths) if i not in fixed and w < need[i]}
        if not short:
            return tuple(widths)
        fixed |= short


def line_count(text: str, measure: Measure, width: float) -> int:
    """How many lines ``text`` takes when wrapped between words within ``width``."""
    lines, used = 1, 0.0
    space = measure(" ", False)
    for word in text.split():
        needed = measure(word, False) + (space if used else 0.0)
        if used and used + needed > width:
            lines, used = lines + 1, measure(word, False)
        else:
            used += needed
    return lines


@cache  # reading the fonts takes longer than measuring a table
def dejavu_points(size: float) -> Measure:
    """Text widths in points in DejaVu Sans (regular or bold) at ``size`` points."""
    fonts = {}
    for bold, (style, path) in ((False, ("", FONT_PATH)), (True, ("B", BOLD_FONT_PATH))):
        fonts[bold] = FPDF(unit="pt")
        fonts[bold].add_font(FAMILY, style, str(path))
        fonts[bold].set_font(FAMILY, style, size)  # once: measuring changes nothing, threads may share it

    def measure(text: str, bold: bool) -> float:
        return fonts[bold].get_string_width(text)

    return measure
