"""tmf.briefing.slides: no word of a slide table is wider than its column."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from tests.tmf.briefing.helpers import (
    briefing_of,
)
from tmf.briefing import to_pptx


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_word_of_every_slide_table_fits_its_column(lang, full_scored, geo):
    """Measured with DejaVu Sans (bold in the header row), which is wider than PowerPoint's
    Calibri: each word plus the cell's margins is no wider than its column, so no word breaks."""
    from tmf.briefing.layout import dejavu_points

    briefing = briefing_of(full_scored, None, "tri", 10, lang, None, geo)
    deck = Presentation(io.BytesIO(to_pptx(briefing)))
    tables = [shape.table for slide in deck.slides for shape in slide.shapes if shape.has_table]
    assert len(tables[2].columns) == 15, "the top 10 by TRI"
    for table in tables:
        for i, row in enumerate(table.rows):
            for column, cell in zip(table.columns, row.cells, strict=True):
                if not cell.text:
                    continue
                size = cell.text_frame.paragraphs[0].runs[0].font.size.pt
                room = column.width.pt - cell.margin_left.pt - cell.margin_right.pt
                widest = max(dejavu_points(size)(word, i == 0) for word in cell.text.split())
                assert widest <= room, f"{cell.text!r} at {size} pt in {room:.0f} pt"
