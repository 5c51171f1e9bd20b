"""The briefing's map, drawn on the server with matplotlib from the offline geodata.

No tiles and no network: country borders, lakes and seas, rivers and the main cities come
from ``data/geo/*.geojson``; facilities are coloured by rank class like the dashboard's map
(components/maps.py) and the top N carry their rank. Text uses DejaVu Sans, which ships
with matplotlib and covers Cyrillic and the Kazakh letters (ә ғ қ ң ө ұ ү һ і).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from pathlib import Path

import matplotlib
import shapely
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from tmf.briefing.content import Briefing
from tmf.geo_layers import DEFAULT_DIRECTORY, border_lines, layer_bounds, layer_features, lines_of, polygons_of
from tmf.i18n import t
from tmf.rank_classes import CLASS_COLORS

FONT_PATH = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
BOLD_FONT_PATH = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"
FONT = "DejaVu Sans"
# The dashboard's rank-class colours (tmf.rank_classes), as 0..1 RGB.
CLASS_COLOURS = tuple(tuple(channel / 255 for channel in color) for color in CLASS_COLORS)
LAND, BORDER, WATER, RIVER = "#f2efe6", "#787878", "#aacdeb", "#468cd2"
MARGIN_DEG = 2.0


def _rings(geometry: dict) -> Iterable[list]:
    """Outer rings of a Polygon or MultiPolygon (holes are small lakes: drawn over)."""
    return (polygon[0] for polygon in polygons_of(geometry))


def _extent(briefing: Briefing) -> tuple[float, float, float, float]:
    """Longitude and latitude limits around the facilities, with a margin."""
    lons = [p.lon for p in briefing.points] or [70.0]
    lats = [p.lat for p in briefing.points] or [44.0]
    return (min(lons) - MARGIN_DEG, max(lons) + MARGIN_DEG, min(lats) - MARGIN_DEG, max(lats) + MARGIN_DEG)


def _draw_basemap(axes, directory: Path, lang: str, extent: tuple[float, float, float, float]) -> None:
    # Collections, not one patch per ring: the axes then skip per-vertex limit updates,
    # which made the map several times slower to draw.
    box = shapely.box(extent[0], extent[2], extent[1], extent[3])
    countries = layer_features("countries", directory)
    land = [ring for feature in countries for ring in _rings(feature["geometry"])]
    axes.add_collection(PolyCollection(land, facecolors=LAND, edgecolors="none", zorder=1), autolim=False)
    borders = border_lines(countries, [layer_bounds(countries)])  # not where data/geo clipped them
    axes.add_collection(LineCollection(borders, colors=BORDER, linewidths=0.6, zorder=1), autolim=False)
    water = [ring for feature in layer_features("water_bodies", directory) for ring in _rings(feature["geometry"])]
    axes.add_collection(PolyCollection(water, facecolors=WATER, edgecolors="none", zorder=2), autolim=False)
    rivers = [line for feature in layer_features("rivers", directory) for line in lines_of(feature["geometry"])]
    axes.add_collection(LineCollection(rivers, colors=RIVER, linewidths=0.8, zorder=3), autolim=False)
    for feature in countries:
        _country_label(axes, feature, box, lang)


def _cities(directory: Path, lang: str, extent: tuple[float, float, float, float]) -> list[tuple[list, str]]:
    """(position, name in ``lang``) of the main cities (tier 1 of cities.geojson) inside
    the map, as on the dashboard's map."""
    return [
        (
            feature["geometry"]["coordinates"],
            feature["properties"].get(f"name_{lang}") or feature["properties"]["name_en"],
        )
        for feature in layer_features("cities", directory)
        if feature["properties"].get("tier", 1) == 1
        and extent[0] < feature["geometry"]["coordinates"][0] < extent[1]
        and extent[2] < feature["geometry"]["coordinates"][1] < extent[3]
    ]


def _country_label(axes, feature: dict, box: shapely.Geometry, lang: str) -> None:
    """The country's name in ``lang`` at a point inside the part of it that is shown."""
    shape = shapely.geometry.shape(feature["geometry"]).intersection(box)
    if shape.is_empty or shape.area < 4.0:  # too little of it shown to hold a label
        return
    point = shape.representative_point()
    name = feature["properties"].get(f"name_{lang}") or feature["properties"].get("name_en", "")
    axes.text(point.x, point.y, name, fontsize=7, color="#606060", ha="center", va="center", family=FONT, zorder=4)


def _draw_points(axes, briefing: Briefing) -> None:
    # Lowest classes first, so the facilities of most concern are drawn on top.
    for point in sorted(briefing.points, key=lambda p: -p.rank_class):
        colour = CLASS_COLOURS[point.rank_class]
        axes.scatter([point.lon], [point.lat], s=POINT_SIZE, color=colour, edgecolors="white", linewidths=0.8, zorder=5)


# Offsets (points) tried for a label, right of its point first: the first that covers no
# other label, facility or city dot is taken.
OFFSETS = ((4, 3), (5, -1), (4, -8), (-4, 3), (-5, -1), (-4, -8), (0, 6), (0, -11))
POINT_SIZE = 42  # marker area (pt²) of a facility


def _place_labels(axes, briefing: Briefing, cities: list[tuple[list, str]]) -> None:
    """The top facilities' ranks, then the cities' names, each at the first of ``OFFSETS``
    where it covers no label placed before it and no facility or city dot: a rank never
    sits on a city's name ("1" on Худжанд). A city name that fits nowhere is left out (the
    ranks matter more); a rank that fits nowhere goes to its first place."""
    renderer = axes.figure.canvas.get_renderer()
    axes.apply_aspect()
    to_pixels = axes.transData.transform
    radius = math.sqrt(POINT_SIZE) / 2 * axes.figure.dpi / 72
    dots = [(*to_pixels((p.lon, p.lat)), radius) for p in briefing.points]
    dots += [(*to_pixels(position), 2.0) for position, _ in cities]
    taken: list = []
    halo = [patheffects.withStroke(linewidth=2, foreground="white")]  # names stay readable over rivers
    ranked = sorted((p for p in briefing.points if p.label), key=lambda p: int(p.label) if p.label.isdigit() else 0)
    ranks = [(p, p.label) for p in ranked]  # the best first: they get the best places
    labels = [((p.lon, p.lat), text, {"fontsize": 7, "fontweight": "bold", "zorder": 6}, True) for p, text in ranks]
    labels += [
        (position, name, {"fontsize": 6, "color": "#282828", "path_effects": halo, "zorder": 4}, False)
        for position, name in cities
    ]
    for position, text, style, required in labels:
        own = to_pixels(position)
        for offset in OFFSETS:
            artist = axes.annotate(
                text, position, xytext=offset, textcoords="offset points", va="bottom", family=FONT, **style
            )
            box = artist.get_window_extent(renderer)
            clear = not any(box.overlaps(other) for other in taken) and not any(
                _covers(box, x, y, r) for x, y, r in dots if (x, y) != tuple(own)
            )
            if clear:
                break
            artist.remove()
        else:
            if not required:
                continue
            artist = axes.annotate(
                text, position, xytext=OFFSETS[0], textcoords="offset points", va="bottom", family=FONT, **style
            )
            box = artist.get_window_extent(renderer)
        taken.append(box)


def _covers(box, x: float, y: float, radius: float) -> bool:
    """Whether the pixel box ``box`` reaches into the dot of ``radius`` px at (x, y)."""
    nearest_x, nearest_y = min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1)
    return (nearest_x - x) ** 2 + (nearest_y - y) ** 2 < radius**2


def _legend(axes, briefing: Briefing) -> None:
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=7, color=CLASS_COLOURS[klass], label=label)
        for klass, label in briefing.legend
    ]
    axes.legend(
        handles=handles,
        title=t("maps.legend", briefing.lang),
        loc="lower left",
        fontsize=7,
        title_fontsize=7,
        prop={"family": FONT, "size": 7},
        framealpha=0.9,
    )


def map_png(briefing: Briefing, directory: Path = DEFAULT_DIRECTORY, size=(10.0, 6.0), dpi: int = 200) -> bytes:
    """The facilities of ``briefing`` over the offline basemap, as PNG bytes."""
    figure = map_figure(briefing, directory, size, dpi)
    output = io.BytesIO()
    figure.savefig(output, format="png", dpi=dpi)
    return output.getvalue()


def map_figure(briefing: Briefing, directory: Path = DEFAULT_DIRECTORY, size=(10.0, 6.0), dpi: int = 200) -> Figure:
    """The map as a matplotlib figure (``map_png`` draws it): basemap, facilities, legend,
    ranks and city names placed apart."""
    figure = Figure(figsize=size, dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.01, 0.01, 0.98, 0.98))
    extent = _extent(briefing)
    _draw_basemap(axes, directory, briefing.lang, extent)
    cities = _cities(directory, briefing.lang, extent)
    if cities:
        axes.scatter(
            *zip(*(position for position, _ in cities), strict=True), s=5, color="#282828", linewidths=0, zorder=4
        )
    _draw_points(axes, briefing)
    _legend(axes, briefing)
    axes.set_xlim(extent[0], extent[1])
    axes.set_ylim(extent[2], extent[3])
    # Degrees of longitude shrink with latitude; this keeps shapes true at the map's middle.
    axes.set_aspect(1 / math.cos(math.radians((extent[2] + extent[3]) / 2)), adjustable="box")
    axes.set_xticks([])
    axes.set_yticks([])
    _place_labels(axes, briefing, cities)
    axes.set_facecolor("#fbfbfb")  # outside the mapped countries: no data, not water
    return figure
