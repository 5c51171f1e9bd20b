"""The offline GeoJSON layers of ``data/geo`` as the server-drawn maps read them.

Features of a layer, the polygons and lines of a geometry, the bounds of a layer, the
outlines of countries without the stretches where data/geo cut them to the mapped box, and
Web Mercator's northing: what the basemap pictures (tmf.basemap_image), the briefing's map
(tmf.briefing.static_map), the import's place check (tmf.registers) and the tracing's loader
(tmf.geodata) share. Plain [lon, lat] arithmetic; nothing here is projected for tracing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "data" / "geo"


def layer_features(name: str, directory: Path = DEFAULT_DIRECTORY) -> list[dict]:
    """The features of ``directory/name.geojson`` ([] when the layer is absent): what the
    server-drawn maps (the briefing's, the basemap pictures) read."""
    path = directory / f"{name}.geojson"
    return read_features(path) if path.exists() else []


def polygons_of(geometry: Mapping) -> list[list]:
    """The polygons (lists of rings, outer ring first) of a Polygon or MultiPolygon."""
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def lines_of(geometry: Mapping) -> list[list]:
    """The lines of a LineString or MultiLineString."""
    return geometry["coordinates"] if geometry["type"] == "MultiLineString" else [geometry["coordinates"]]


def layer_bounds(features: Sequence[dict]) -> tuple[float, float, float, float]:
    """(west, south, east, north) of every ring of the polygons of ``features``."""
    points = np.asarray(
        [p for f in features for polygon in polygons_of(f["geometry"]) for ring in polygon for p in ring]
    )
    (west, south), (east, north) = points.min(axis=0), points.max(axis=0)
    return float(west), float(south), float(east), float(north)


def border_lines(features: Sequence[dict], cuts: Iterable[tuple[float, float, float, float]]) -> list[np.ndarray]:
    """The outlines of the polygons of ``features`` (every ring, [lon, lat] rows) without
    their stretches along an edge of a ``cuts`` box: data/geo clipped the countries to the
    mapped box and cut that box out of the land around, and a cut is not a border."""
    meridians = {edge for box in cuts for edge in (box[0], box[2])}
    parallels = {edge for box in cuts for edge in (box[1], box[3])}
    lines = []
    for feature in features:
        for ring in (ring for polygon in polygons_of(feature["geometry"]) for ring in polygon):
            xy = np.asarray(ring, dtype=float)
            start, end = xy[:-1], xy[1:]
            cut = np.zeros(len(start), dtype=bool)
            for x in meridians:
                cut |= (np.abs(start[:, 0] - x) < 1e-9) & (np.abs(end[:, 0] - x) < 1e-9)
            for y in parallels:
                cut |= (np.abs(start[:, 1] - y) < 1e-9) & (np.abs(end[:, 1] - y) < 1e-9)
            lines += _kept_runs(xy, cut)
    return lines


def _kept_runs(xy: np.ndarray, cut: np.ndarray) -> list[np.ndarray]:
    """The runs of the polyline ``xy`` between its ``cut`` segments (segment i joins points i, i+1)."""
    runs, first = [], None
    for i, dropped in enumerate([*cut, True]):
        if not dropped and first is None:
            first = i
        elif dropped and first is not None:
            runs.append(xy[first : i + 1])
            first = None
    return runs


def mercator_y(lat: float | np.ndarray) -> float | np.ndarray:
    """Web Mercator's northing of latitude ``lat`` (degrees), in radians of the equator."""
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def read_features(path: Path) -> list[dict]:
    """The features of the GeoJSON file at ``path``."""
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)["features"]
