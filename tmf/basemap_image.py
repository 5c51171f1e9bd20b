"""The offline basemap drawn once as pictures, for maps that show the whole region.

A slider move redraws the whole map. In the browser's software WebGL (SwiftShader: a
machine without a usable GPU, or one whose GPU driver Chromium blocks) drawing the
country outlines, lakes and rivers as vector layers took most of each move on the
illustrative inventory; with the basemap as pictures a move takes less than half as long
(bench/README.md, "The basemap as a picture"). Maps that fit the whole region (zoom at
most ``PICTURE_MAX_ZOOM``) therefore draw these pictures; maps zoomed to a region or a
facility keep the vector layers, which stay sharp at any zoom.

The pictures are in Web Mercator, the map's own projection, so deck.gl's BitmapLayer
lays them on the map without distortion: ``detail`` covers the mapped countries at
``DETAIL_ZOOM`` resolution with lines two pixels wide (one pixel on a map of the whole
region, zoom about 4; a user who zooms in by hand past zoom 5 sees them enlarged, softer),
``around`` the land around them at a quarter of that. Built from ``data/geo`` with the
same colours as the vector layers:

    .venv/bin/python -m tmf.basemap_image        # writes static/geo/basemap_*.png and *_outlines.geojson

The same command writes the outlines of the countries and of the land around as lines
(``outline_files``) for the vector layers, without the stretches along the box that
``data/geo`` clipped them to: a cut is not a border, and a user zooming out of a zoomed map
saw it drawn as one. A test checks that the pictures and outlines in ``static/geo`` are the
ones this module draws.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath
from shapely.geometry import shape
from shapely.geometry.polygon import orient

from tmf.geo_layers import DEFAULT_DIRECTORY, border_lines, layer_bounds, layer_features, lines_of, mercator_y

STATIC_DIRECTORY = Path(__file__).resolve().parent.parent / "static" / "geo"
# Colours (RGB 0-255) of the basemap, shared with the vector layers (components.maps).
GROUND_COLOR = (214, 226, 234)
LAND_COLOR = (242, 239, 230)
SURROUNDINGS_COLOR = (226, 224, 218)
BORDER_COLOR = (120, 120, 120)
SURROUNDINGS_LINE_COLOR = (185, 185, 185)
WATER_COLOR = (170, 205, 235)
RIVER_COLOR = (70, 140, 210)
TILE = 512  # deck.gl's world is 512 px wide at zoom 0
DETAIL_ZOOM = 5
PICTURE_MAX_ZOOM = 5.0  # a map opening closer than this draws the vector layers
# The countries of the inventories (Central Asia), drawn in the land colour; every other
# country, inside the mapped box or around it, in the muted colours of the land around, so
# a wide screen shows no band where the box ends (it cut Russia, China and Iran in two).
FOCUS_COUNTRIES = frozenset({"KZ", "KG", "TJ", "UZ", "TM"})


@dataclass(frozen=True)
class Picture:
    """A basemap picture: its file name, (west, south, east, north) in degrees, the zoom
    at which one of its pixels is one screen pixel, and its lines' width in pixels."""

    name: str
    bounds: tuple[float, float, float, float]
    zoom: float
    line_px: float

    @property
    def file(self) -> str:
        return f"basemap_{self.name}.png"

    def size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        _, south, east, _ = self.bounds
        width, height = self._offset(east, south)
        return round(width), round(height)

    def pixel(self, lon: float, lat: float) -> tuple[int, int]:
        """(column, row) of the pixel at ``lon``, ``lat`` (row 0 at the north edge)."""
        column, row = self._offset(lon, lat)
        return int(column), int(row)

    def _offset(self, lon: float, lat: float) -> tuple[float, float]:
        """Pixels east and south of the picture's north-west corner to ``lon``, ``lat``."""
        west, _, _, north = self.bounds
        scale = TILE * 2**self.zoom / (2 * math.pi)
        return scale * math.radians(lon - west), scale * float(mercator_y(north) - mercator_y(lat))


# Drawn in this order: the land around first, the mapped countries over it.
PICTURES = (
    Picture("around", (0.0, 10.0, 140.0, 80.0), DETAIL_ZOOM - 2, 0.5),
    Picture("detail", (40.0, 27.0, 104.0, 62.0), DETAIL_ZOOM, 2.0),
)


def _rgb(color: tuple[int, int, int]) -> tuple[float, float, float]:
    return tuple(channel / 255 for channel in color)


def _projected(coordinates: Iterable[Iterable[float]]) -> np.ndarray:
    xy = np.asarray(coordinates, dtype=float)
    return np.column_stack([np.radians(xy[:, 0]), mercator_y(xy[:, 1])])


def _lines(features: list[dict]) -> list[np.ndarray]:
    return [_projected(line) for feature in features for line in lines_of(feature["geometry"])]


def _areas(features: list[dict]) -> list[MplPath]:
    """Each polygon as one path, its holes left open: rings oriented (outer counter-clockwise,
    holes clockwise) so the nonzero fill rule cuts the holes, as the vector layer does."""
    paths = []
    for feature in features:
        geometry = shape(feature["geometry"])
        for polygon in getattr(geometry, "geoms", [geometry]):
            polygon = orient(polygon, 1.0)
            rings = [polygon.exterior, *polygon.interiors]
            paths.append(MplPath.make_compound_path(*(MplPath(_projected(ring.coords), closed=True) for ring in rings)))
    return paths


# Layers whose outlines are drawn as lines of their own, with the box data/geo clipped them to.
OUTLINED_LAYERS = ("surroundings", "countries")


def _cuts(directory: Path) -> list[tuple[float, float, float, float]]:
    """The boxes data/geo clipped the outlined layers to."""
    return [layer_bounds(layer_features(name, directory)) for name in OUTLINED_LAYERS]


def outline_file(name: str) -> str:
    """The file of the outlines of layer ``name`` (one of ``OUTLINED_LAYERS``)."""
    return f"{name}_outlines.geojson"


def outline_files(directory: Path = DEFAULT_DIRECTORY) -> dict[str, bytes]:
    """GeoJSON of each outlined layer's outlines as lines (``border_lines``), by file name."""
    cuts, files = _cuts(directory), {}
    for name in OUTLINED_LAYERS:
        features = layer_features(name, directory)
        # The countries' outlines in two parts, those of the countries around first (drawn
        # under, so a border with a mapped country is drawn in the mapped country's colour).
        parts = zip(focus_split(features), (False, True), strict=True) if name == "countries" else [(features, None)]
        collection = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {} if focus is None else {"focus": focus},
                    "geometry": {
                        "type": "MultiLineString",
                        "coordinates": [line.tolist() for line in border_lines(part, cuts)],
                    },
                }
                for part, focus in parts
            ],
        }
        files[outline_file(name)] = json.dumps(collection, separators=(",", ":")).encode()
    return files


def focus_split(features: Sequence[dict]) -> tuple[list[dict], list[dict]]:
    """(the other countries, the ``FOCUS_COUNTRIES``) of the countries layer's ``features``."""
    focus = [f for f in features if f["properties"].get("iso2") in FOCUS_COUNTRIES]
    return [f for f in features if f not in focus], focus


def _land(directory: Path) -> list[tuple[list[dict], tuple[int, int, int], tuple[int, int, int]]]:
    """(features, fill, outline colour) of the land, in drawing order: the land around the
    box, the other countries in the box in the same muted colours, the mapped countries."""
    around, focus = focus_split(layer_features("countries", directory))
    muted = (SURROUNDINGS_COLOR, SURROUNDINGS_LINE_COLOR)
    return [
        (layer_features("surroundings", directory), *muted),
        (around, *muted),
        (focus, LAND_COLOR, BORDER_COLOR),
    ]


def draw(picture: Picture, directory: Path = DEFAULT_DIRECTORY) -> bytes:
    """``picture`` of the basemap in ``directory`` as PNG bytes (deterministic)."""
    width, height = picture.size()
    figure = Figure(figsize=(width / 72, height / 72), dpi=72)  # 1 point = 1 pixel
    FigureCanvasAgg(figure)
    figure.patch.set_facecolor(_rgb(GROUND_COLOR))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_axis_off()
    west, south, east, north = picture.bounds
    axes.set_xlim(math.radians(west), math.radians(east))
    axes.set_ylim(mercator_y(south), mercator_y(north))
    line = picture.line_px
    cuts = _cuts(directory)
    for features, fill, edge in _land(directory):
        axes.add_collection(PathCollection(_areas(features), facecolors=_rgb(fill), edgecolors="none"), autolim=False)
        outlines = [_projected(line) for line in border_lines(features, cuts)]
        axes.add_collection(LineCollection(outlines, colors=_rgb(edge), linewidths=line), autolim=False)
    water = _areas(layer_features("water_bodies", directory))
    axes.add_collection(PathCollection(water, facecolors=_rgb(WATER_COLOR), edgecolors="none"), autolim=False)
    rivers = _lines(layer_features("rivers", directory))
    axes.add_collection(LineCollection(rivers, colors=_rgb(RIVER_COLOR), linewidths=line * 1.5), autolim=False)
    output = io.BytesIO()
    figure.savefig(output, format="png", dpi=72, metadata={"Software": None})
    return output.getvalue()


def available(directory: Path = STATIC_DIRECTORY) -> tuple[Picture, ...]:
    """The pictures present in ``directory`` (all of them in a checkout)."""
    return tuple(picture for picture in PICTURES if (directory / picture.file).is_file())


def write(directory: Path = STATIC_DIRECTORY, source: Path = DEFAULT_DIRECTORY) -> Mapping[str, int]:
    """Draw every picture and outline file into ``directory``; their sizes in bytes by file name."""
    files = {picture.file: draw(picture, source) for picture in PICTURES} | outline_files(source)
    for name, data in files.items():
        (directory / name).write_bytes(data)
    return {name: len(data) for name, data in files.items()}


if __name__ == "__main__":
    for file, size in write().items():
        print(f"{STATIC_DIRECTORY / file}: {size:,} bytes")
