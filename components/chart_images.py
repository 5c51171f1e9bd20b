"""A chart to take away as PNG or SVG, drawn on the server with matplotlib from the same
Plotly figure the page shows: no browser and no network (kaleido would start a Chrome and,
by default, fetch plotly.js and MathJax from a CDN).

The picture carries what a pasted chart must still say: the chart's title, then the lines
the page passes (the weights, the data date and the methodology version). Text is drawn
in DejaVu Sans (matplotlib's own font, with Cyrillic and the Kazakh letters ә ғ қ ң ө ұ ү
һ і); the SVG holds every glyph as an outline, so it shows the same without the font.

A picture takes matplotlib about half a second to a second to draw; cache.chart_picture
keeps the last pictures of the process by what they show (the figure's JSON, the lines, the
kind and the resolution), so a second click on the same chart, in any session, is served at
once; ``figure_image`` itself always draws.

Drawn: bars (horizontal or vertical; stacked, overlaid or with a base; colours, hatching
and text), scatter traces (lines with gaps, markers, text beside them, horizontal error
bars), box traces, and the vertical lines of ``add_vline``.
"""

from __future__ import annotations

import html
import io
import math
import re
import textwrap
from collections.abc import Sequence

import plotly.graph_objects as go
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import MultipleLocator

FONT = "DejaVu Sans"
WIDTH_IN = 10.0
PALETTE = ("#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692", "#b6e880")
HATCHES = {"/": "//", "\\": "\\\\", "x": "xx", "-": "--", "|": "||", "+": "++", ".": ".."}
MARKERS = {"diamond": "D", "diamond-open": "D", "circle": "o", "square": "s", "circle-open": "o"}
KINDS = ("png", "svg")


def plain(value: object) -> str:
    """Plotly label text as plain text: ``<br>`` a new line, tags dropped, entities decoded
    (components.charts.plotly_text escaped user text, so this gives it back as typed)."""
    text = re.sub(r"<br\s*/?>", "\n", "" if value is None else str(value), flags=re.IGNORECASE)
    return literal(html.unescape(re.sub(r"<[^>]*>", "", text)))


def literal(text: str) -> str:
    """``text`` as matplotlib draws it literally: a ``$`` never starts mathtext."""
    return text.replace("$", r"\$")


def _color(value: object, position: int) -> object:
    """A matplotlib colour from a Plotly one (hex, name, ``rgb(...)``/``rgba(...)``)."""
    if value is None:
        return PALETTE[position % len(PALETTE)]
    text = str(value).strip()
    found = re.fullmatch(r"rgba?\(([^)]*)\)", text)
    if not found:
        return text
    parts = [float(p) for p in found.group(1).split(",")]
    return (*(p / 255 for p in parts[:3]), *(parts[3:4] or [1.0]))


def _colors(marker, count: int, position: int) -> list:
    color = getattr(marker, "color", None) if marker is not None else None
    if color is not None and not isinstance(color, str):
        return [_color(c, position) for c in color]
    return [_color(color, position)] * count


def _hatches(marker, count: int) -> list[str | None]:
    shape = marker.pattern.shape if marker is not None and marker.pattern is not None else None
    shapes = _values(shape) if shape is not None and not isinstance(shape, str) else [shape] * count
    return [HATCHES.get(s or "") for s in shapes]


def _values(values: object) -> list:
    """A trace's data as a list (Plotly keeps arrays as tuples or numpy arrays)."""
    return [] if values is None else list(values)


def _number(value: object) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return number


class _Categories:
    """Text values on an axis as positions 0, 1, 2... in the order they first appear."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def positions(self, values: Sequence[object]) -> list[float]:
        if not any(isinstance(v, str) for v in values):
            return [_number(v) for v in values]
        for value in values:
            if value is not None and str(value) not in self.names:
                self.names.append(str(value))
        return [math.nan if v is None else float(self.names.index(str(v))) for v in values]


def _bar(axes: Axes, trace, position: int, cats: _Categories, stacks: dict, stacked: bool) -> None:
    horizontal = trace.orientation == "h"
    where, length = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
    places = cats.positions(_values(where))
    lengths = [_number(v) for v in _values(length)]
    bases = _values(trace.base) if not isinstance(trace.base, int | float | None) else [trace.base or 0] * len(places)
    if stacked:
        bases = [stacks.get((p, v >= 0), 0.0) for p, v in zip(places, lengths, strict=True)]
        for p, v, b in zip(places, lengths, bases, strict=True):
            stacks[(p, v >= 0)] = b + (0 if math.isnan(v) else v)
    draw = axes.barh if horizontal else axes.bar
    bars = draw(
        places,
        lengths,
        0.8,
        bases,
        color=_colors(trace.marker, len(places), position),
        hatch=_hatches(trace.marker, len(places)),
        edgecolor="white",
        hatchcolor="#333333",
        linewidth=0.6,
        label=plain(trace.name) if trace.name and trace.showlegend is not False else None,
    )
    if trace.text is not None and not isinstance(trace.text, str):
        axes.bar_label(bars, labels=[plain(v) for v in trace.text], fontsize=8, padding=3)


def _scatter(axes: Axes, trace, position: int, along_x: _Categories, along_y: _Categories) -> None:
    """A scatter trace whose x or y may be text (each axis keeps its own categories)."""
    xs, ys = along_x.positions(_values(trace.x)), along_y.positions(_values(trace.y))
    mode = trace.mode or "markers"
    marker = trace.marker
    color = _colors(marker, 1, position)[0] if marker is not None and marker.color is not None else None
    name = plain(trace.name) if trace.name and trace.showlegend is not False else None
    if "lines" in mode:
        line_color = _color(trace.line.color, position) if trace.line.color else color
        axes.plot(xs, ys, color=line_color, linewidth=(trace.line.width or 2) * 0.6, label=name)
        name = None
    if trace.error_x is not None and trace.error_x.array is not None:
        minus = trace.error_x.arrayminus if trace.error_x.arrayminus is not None else trace.error_x.array
        error = [_values(minus), _values(trace.error_x.array)]
        axes.errorbar(xs, ys, xerr=error, fmt="none", ecolor=_color(trace.error_x.color, position), elinewidth=3)
    if "markers" in mode:
        _markers(axes, xs, ys, marker, color, name)
    if "text" in mode and trace.text is not None:
        _texts(axes, xs, ys, trace.text, trace.textposition or "")


def _markers(axes: Axes, xs, ys, marker, color, name) -> None:
    symbol = (marker.symbol if marker is not None else None) or "circle"
    size = (marker.size if marker is not None and marker.size is not None else 6) * 0.8
    hollow = str(symbol).endswith("-open")
    face = "none" if hollow else color
    edge = color if hollow else "none"
    axes.scatter(xs, ys, s=size**2, marker=MARKERS.get(str(symbol), "o"), c=face, edgecolors=edge, label=name, zorder=3)


def _texts(axes: Axes, xs, ys, texts, where: str) -> None:
    align = "right" if "left" in where else "left" if "right" in where else "center"
    shift = {"right": -8, "left": 8, "center": 0}[align]  # text left of the point ends 8 pt before it
    for x, y, text in zip(xs, ys, texts, strict=False):
        axes.annotate(
            plain(text), (x, y), xytext=(shift, 0), textcoords="offset points", ha=align, va="center", fontsize=7
        )


def _box(axes: Axes, trace, position: int, cats: _Categories) -> None:
    values = [v for v in (_number(v) for v in _values(trace.y)) if not math.isnan(v)]
    (place,) = cats.positions([plain(trace.name) or str(position)])
    color = _colors(trace.marker, 1, position)[0]
    axes.boxplot(
        [values], positions=[place], widths=0.5, patch_artist=True, boxprops={"facecolor": "none"}, showfliers=False
    )
    axes.scatter([place] * len(values), values, s=12, color=color, zorder=3)


def _traces(axes: Axes, figure: go.Figure) -> tuple[_Categories, _Categories]:
    """Every trace on ``axes``; the text categories found on the x and y axes."""
    along_x, along_y = _Categories(), _Categories()
    stacks: dict = {}
    stacked = figure.layout.barmode in ("stack", "relative")
    for position, trace in enumerate(figure.data):
        if trace.type == "bar":
            _bar(axes, trace, position, along_y if trace.orientation == "h" else along_x, stacks, stacked)
        elif trace.type == "box":
            _box(axes, trace, position, along_x)
        elif trace.type == "scatter":
            _scatter(axes, trace, position, along_x, along_y)
    return along_x, along_y


def _vlines(axes: Axes, figure: go.Figure) -> None:
    for shape in figure.layout.shapes or ():
        if shape.type == "line" and shape.x0 is not None and shape.x0 == shape.x1 and shape.yref == "y domain":
            color = _color(shape.line.color, 0) if shape.line.color else "#333333"
            axes.axvline(float(shape.x0), color=color, linestyle=":", linewidth=1.2)


def _notes(axes: Axes, figure: go.Figure) -> None:
    """Text annotations placed on the plot area (``xref``/``yref`` "paper"), boxed in white."""
    for note in figure.layout.annotations or ():
        if note.xref == "paper" and note.yref == "paper" and note.text:
            box = {"facecolor": "white", "edgecolor": "none"}
            axes.text(note.x, note.y, plain(note.text), transform=axes.transAxes, ha="center", va="center", bbox=box)


def _axis(axes: Axes, layout_axis, cats: _Categories, which: str) -> None:
    """Ticks, title, range and direction of one axis as the Plotly layout sets them."""
    set_ticks = axes.set_yticks if which == "y" else axes.set_xticks
    if cats.names:
        set_ticks(range(len(cats.names)), [plain(n) for n in cats.names])
    if layout_axis.tickvals is not None:
        set_ticks(list(layout_axis.tickvals), [plain(v) for v in (layout_axis.ticktext or layout_axis.tickvals)])
    title = layout_axis.title.text if layout_axis.title is not None else None
    (axes.set_ylabel if which == "y" else axes.set_xlabel)(plain(title) if title else "")
    if layout_axis.range is not None:
        (axes.set_ylim if which == "y" else axes.set_xlim)(*layout_axis.range)
    if layout_axis.dtick is not None and not cats.names:
        (axes.yaxis if which == "y" else axes.xaxis).set_major_locator(MultipleLocator(float(layout_axis.dtick)))
    if layout_axis.autorange == "reversed":
        (axes.invert_yaxis if which == "y" else axes.invert_xaxis)()
    if layout_axis.showticklabels is False:
        axes.tick_params(axis=which, labelleft=False, labelbottom=False, left=False, bottom=False)
        axes.spines["left" if which == "y" else "bottom"].set_visible(False)
    if which == "x" and layout_axis.side == "top":
        axes.xaxis.tick_top()
    if which == "x" and layout_axis.tickangle:  # Plotly turns clockwise, matplotlib counter-clockwise
        axes.tick_params(axis="x", labelrotation=-float(layout_axis.tickangle))
        for label in axes.get_xticklabels():
            label.set_horizontalalignment("right" if layout_axis.tickangle < 0 else "left")


def _header_lines(title: str, lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """The title and the other lines, wrapped to the picture's width."""
    heading = textwrap.wrap(plain(title).replace("\n", " "), 95) or [""]
    below = [literal(part) for line in lines if line for part in textwrap.wrap(line, 150)]
    return heading, below


def _header(figure: Figure, heading: list[str], below: list[str], height: float) -> None:
    """Title (bold) and the lines under it, in the top ``HEADER`` inches left free."""
    y = height - 0.12
    for text, size, weight, color in [
        *((h, 12, "bold", "black") for h in heading),
        *((b, 8, "normal", "#444444") for b in below),
    ]:
        y -= size / 72 * 1.35
        figure.text(0.012, y / height, text, fontsize=size, fontweight=weight, color=color, va="bottom")


def _legend(figure: Figure, axes: Axes, plotly_figure: go.Figure) -> None:
    handles, labels = axes.get_legend_handles_labels()
    # Plotly shows a legend when a figure has several traces (those with showlegend=False left out)
    if labels and len(plotly_figure.data) > 1 and plotly_figure.layout.showlegend is not False:
        figure.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 4), fontsize=8, frameon=False)


def draw_figure(plotly_figure: go.Figure, lines: Sequence[str], kind: str = "png", dpi: int = 150) -> Figure:
    """``plotly_figure`` drawn with matplotlib under its title and ``lines`` (weights, data
    date, methodology version); the height follows the figure's own (pixels / 100 inches)."""
    layout = plotly_figure.layout
    heading, below = _header_lines(layout.title.text or "", lines)
    header = 0.3 + len(heading) * 12 / 72 * 1.35 + len(below) * 8 / 72 * 1.35
    height = max(3.0, (layout.height or 450) / 100) + header
    figure = Figure(figsize=(WIDTH_IN, height), dpi=dpi, layout="constrained")
    figure.get_layout_engine().set(rect=(0, 0, 1, 1 - header / height))
    (FigureCanvasSVG if kind == "svg" else FigureCanvasAgg)(figure)
    axes = figure.add_subplot()
    along_x, along_y = _traces(axes, plotly_figure)
    _vlines(axes, plotly_figure)
    _notes(axes, plotly_figure)
    _axis(axes, layout.xaxis, along_x, "x")
    _axis(axes, layout.yaxis, along_y, "y")
    axes.tick_params(labelsize=8)
    grid = layout.xaxis if along_y.names else layout.yaxis
    if grid.showgrid is not False:
        axes.grid(axis="x" if along_y.names else "y", color="#e5e5e5", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    _header(figure, heading, below, height)
    _legend(figure, axes, plotly_figure)
    for text in figure.findobj(Text):  # the font with Cyrillic and Kazakh, whatever matplotlibrc says
        text.set_fontfamily(FONT)
    return figure


def figure_image(plotly_figure: go.Figure, lines: Sequence[str], kind: str, dpi: int = 150) -> bytes:
    """``plotly_figure`` as PNG or SVG bytes (``draw_figure``)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    figure = draw_figure(plotly_figure, lines, kind, dpi)
    output = io.BytesIO()
    figure.savefig(output, format=kind, dpi=dpi, metadata={"Date": None} if kind == "svg" else None)
    return output.getvalue()
