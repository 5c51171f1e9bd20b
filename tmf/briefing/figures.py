"""Charts to take away as images: the briefing's map with its title, the weights and
the data date drawn in, so a picture pasted into a report still says what it shows."""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import imread

from tmf.briefing.content import Briefing
from tmf.briefing.static_map import FONT, map_png
from tmf.i18n import t

WIDTH_IN, MAP_HEIGHT_IN, HEADER_IN = 10.0, 6.0, 1.3


def weights_line(briefing: Briefing) -> str:
    """The weights that differ from the official ones ("Flood hazard 0.00 · ..."), or the
    note that the official weights are used."""
    # the picture has no room for the table's legend, so no provisional mark either
    changed = [f"{row[0].removesuffix(' *')} {row[1]}" for row in briefing.weights.rows if row[3]]
    if not changed:
        return briefing.weights_note
    return t("briefing.weight_used", briefing.lang) + ": " + " · ".join(changed)


def header_lines(briefing: Briefing) -> tuple[str, str, str]:
    """Title; weights; data date, methodology and prepared date (from the briefing's facts)."""
    facts = dict(briefing.facts)
    labels = [t(f"briefing.{key}", briefing.lang) for key in ("data_date", "methodology", "created")]
    dated = " · ".join(f"{label}: {facts[label]}" for label in labels if label in facts)
    return briefing.title, weights_line(briefing), dated


def titled_map_png(briefing: Briefing, dpi: int = 150) -> bytes:
    """The briefing's map (tmf.briefing.static_map) under its title, weights and dates."""
    picture = imread(io.BytesIO(map_png(briefing, size=(WIDTH_IN, MAP_HEIGHT_IN), dpi=dpi)), format="png")
    height = MAP_HEIGHT_IN + HEADER_IN
    figure = Figure(figsize=(WIDTH_IN, height), dpi=dpi)
    FigureCanvasAgg(figure)
    title, weights, dated = header_lines(briefing)
    for y, text, size, weight in ((0.3, title, 11, "bold"), (0.65, weights, 8, "normal"), (1.0, dated, 7, "normal")):
        figure.text(0.01, 1 - y / height, text, fontsize=size, fontweight=weight, family=FONT, va="center", wrap=True)
    axes = figure.add_axes((0, 0, 1, MAP_HEIGHT_IN / height))
    axes.imshow(picture)
    axes.set_axis_off()
    output = io.BytesIO()
    figure.savefig(output, format="png", dpi=dpi)
    return output.getvalue()
