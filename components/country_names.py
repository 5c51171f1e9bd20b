"""Country names on a map: each placed whole inside the narrowest map expected, off the
legend, at its country's pole of inaccessibility or, where that would hide facilities, their
rank numbers or cities, the nearest place in the heart of the country where it hides least.
``place_country_names`` is what a deck draws; cache.country_names keeps its result per map,
so a slider move (which moves no facility) does not place them again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.ops import polylabel

from components import map_view
from components.city_names import city_boxes
from components.label_boxes import FACILITY_BOXES, boxes_around, covered_areas, overlap


def largest_part(geometry: shapely.Geometry) -> shapely.Polygon:
    """The largest polygon of a (multi)polygon: where a country's name goes."""
    return max(getattr(geometry, "geoms", [geometry]), key=lambda part: part.area)


def country_labels(
    countries: Mapping | None,
    lang: str,
    zoom: float,
    window: Sequence[float],
    obstacles: np.ndarray,
    keep_out: np.ndarray,
) -> list[dict]:
    """Country names (``name_<lang>`` of countries.geojson) on a map showing ``window`` (x0,
    y0, x1, y1 px at ``zoom``: what the narrowest map shows): only the part of each country
    inside it is named, whole inside it ("РОССИЯ", not "РОССИ" cut by the edge) and never
    under the ``keep_out`` boxes (px: the legend), at its pole of inaccessibility or, where
    that would put the name over ``obstacles`` (px boxes: facilities, their rank numbers,
    cities), the nearest place where the name covers least of them (``clear_place``). The
    country with most of itself in view is named first and each name placed is kept clear by
    the names after it; a country with too little of itself in view, or only a crowded corner
    of it, gets no name."""
    x0, y0, x1, y1 = window
    frame = shapely.box(x0 + EDGE, y0 + EDGE, x1 - EDGE, y1 - EDGE)
    shown = []
    for feature in (countries or {}).get("features", []):
        name = (feature["properties"].get(f"name_{lang}") or feature["properties"]["name_en"]).upper()
        part = _polygons(shapely.make_valid(_to_pixels(shape(feature["geometry"]), zoom)).intersection(frame))
        if part is not None:
            shown.append((part.area, name, part))
    around = [np.asarray(obstacles, dtype=float).reshape(-1, 4)]
    records = []
    for _, name, part in sorted(shown, key=lambda item: -item[0]):
        placed = np.vstack(around)
        point = visible_place(part, name, zoom, frame.bounds, placed, keep_out)
        if point is None:
            continue
        [[x, y]] = map_view.mercator_pixels(np.array([point]), zoom)
        box = _name_box(x, y, name)
        if overlap(placed, box[0]) > HIDDEN_SHARE * (box[0, 2] - box[0, 0]) * (box[0, 3] - box[0, 1]):
            continue  # only a crowded corner of the country in view: "ӨЗБЕКС" under dots helps no one
        records.append({"position": list(point), "text": name, "offset": [0, 0], "color": [105, 100, 90]})
        around.append(box)
    return records


HIDDEN_SHARE = 0.15  # a name with more of its box under facilities, numbers or cities is left out


EDGE = 8.0  # px kept between a country's name and the map's edge (wide letters: Ж, М, Ш)


def _to_pixels(geometry: shapely.Geometry, zoom: float) -> shapely.Geometry:
    return shapely.transform(geometry, lambda xy: map_view.mercator_pixels(np.asarray(xy, dtype=float), zoom))


def visible_place(
    shown: shapely.Geometry,
    text: str,
    zoom: float,
    window: Sequence[float],
    obstacles: np.ndarray,
    keep_out: np.ndarray,
) -> tuple[float, float] | None:
    """Where a country's name goes on a map showing ``window`` (px at ``zoom``), ``shown``
    being the country's part inside it (px): in its largest piece, at a place from which the
    whole name stays inside the window and off the ``keep_out`` boxes (the legend), off
    ``obstacles`` where it can be (``clear_place``); None when that part is smaller than
    the name's own box or lies wholly under ``keep_out``."""
    half_w, half_h = COUNTRY_CHAR_WIDTH * len(text) / 2, COUNTRY_TEXT_HEIGHT / 2
    x0, y0, x1, y1 = window
    if shown.area < 4 * half_w * half_h:
        return None
    room = shapely.box(x0 + half_w, y0 + half_h, x1 - half_w, y1 - half_h)
    for bx0, by0, bx1, by1 in keep_out:
        room = room.difference(shapely.box(bx0 - half_w, by0 - half_h, bx1 + half_w, by1 + half_h))
    places = _polygons(shown.intersection(room))
    if places is None:
        return None
    part = largest_part(places)
    pole = polylabel(part, tolerance=1.0)
    [[lon, lat]] = map_view.positions_of_pixels(np.array([[pole.x, pole.y]]), zoom)
    point = round(float(lon), 3), round(float(lat), 3)
    return clear_place(part, text, point, zoom, obstacles) if len(obstacles) else point


def _polygons(geometry: shapely.Geometry) -> shapely.Geometry | None:
    """The polygons of an intersection (its lines and points dropped), None if there are none."""
    parts = [g for g in getattr(geometry, "geoms", [geometry]) if isinstance(g, shapely.Polygon) and not g.is_empty]
    return shapely.MultiPolygon(parts) if len(parts) > 1 else (parts[0] if parts else None)


COUNTRY_CHAR_WIDTH = 11.0  # px: an upper-case letter of the 15 px bold country names, on average


COUNTRY_TEXT_HEIGHT = 18.0  # px: a line of them


PLACE_STEP = 8.0  # px between the places tried for a country's name


PLACE_REACH = 240.0  # px: the farthest a name moves from its pole (it stays in the heart of the country)


MAX_OBSTACLES = 600  # more boxes than this around one country: no place is clear, keep the pole


CHUNK = 400  # places compared with the obstacles at once, nearest first


def _name_box(x: float | np.ndarray, y: float | np.ndarray, text: str) -> np.ndarray:
    """x0, y0, x1, y1 (px) of a country name centred on (x, y): rows when x, y are arrays."""
    half_w, half_h = COUNTRY_CHAR_WIDTH * len(text) / 2, COUNTRY_TEXT_HEIGHT / 2
    return np.column_stack([x - half_w, y - half_h, x + half_w, y + half_h])


def clear_place(
    outline: shapely.Polygon, text: str, point: tuple[float, float], zoom: float, obstacles: np.ndarray
) -> tuple[float, float]:
    """Where ``text`` goes in a country (``outline``: the piece of it where its name may go on
    a map, in px at ``zoom``): ``point`` when its box there covers none of ``obstacles``; else,
    among places every ``PLACE_STEP`` px within ``PLACE_REACH`` of it whose middle lies inside
    the outline (half a line from its border: a long name may reach over a small country's
    border, as it does at its pole), the nearest that covers none, or failing that the one
    covering least (px²) if it covers less than ``point``."""
    [[x, y]] = map_view.mercator_pixels(np.asarray([point], dtype=float), zoom)
    here = overlap(obstacles, _name_box(x, y, text)[0])
    if here == 0:
        return point
    x0, y0, x1, y1 = outline.bounds
    x0, x1 = max(x0, x - PLACE_REACH), min(x1, x + PLACE_REACH)
    y0, y1 = max(y0, y - PLACE_REACH), min(y1, y + PLACE_REACH)
    wide, tall = COUNTRY_CHAR_WIDTH * len(text), COUNTRY_TEXT_HEIGHT  # a name reaches this far from its place
    inside = obstacles[
        (obstacles[:, 2] > x0 - wide)
        & (obstacles[:, 0] < x1 + wide)
        & (obstacles[:, 3] > y0 - tall)
        & (obstacles[:, 1] < y1 + tall)
    ]
    if len(inside) > MAX_OBSTACLES:
        return point
    xs, ys = np.meshgrid(np.arange(x0, x1, PLACE_STEP), np.arange(y0, y1, PLACE_STEP))
    order = np.argsort(np.hypot(xs.ravel() - x, ys.ravel() - y), kind="stable")
    boxes = _name_box(xs.ravel()[order], ys.ravel()[order], text)
    core = outline.buffer(-COUNTRY_TEXT_HEIGHT / 2)  # a name's middle keeps clear of the border
    core = core if not core.is_empty else outline
    shapely.prepare(core)
    middles = shapely.points((boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2)
    boxes = boxes[shapely.contains(core, middles)]
    best, least = None, here
    for i in range(0, len(boxes), CHUNK):  # nearest first: the first clear place ends the search
        covered = covered_areas(inside, boxes[i : i + CHUNK])
        k = int(np.argmin(covered))  # the nearest among equals
        if covered[k] < least:
            best, least = boxes[i + k], covered[k]
        if least == 0:
            break
    if best is None:
        return point
    centre = np.array([[(best[0] + best[2]) / 2, (best[1] + best[3]) / 2]])
    [[lon, lat]] = map_view.positions_of_pixels(centre, zoom)
    return round(float(lon), 3), round(float(lat), 3)


def place_country_names(
    countries: Mapping | None,
    lang: str,
    cities: list[dict],
    zoom: float,
    facilities: np.ndarray,
    window: Sequence[float],
    legend: np.ndarray,
) -> list[dict]:
    """``country_labels`` kept off the ``facilities`` ([lon, lat] rows), their rank numbers and
    the ``cities`` (``city_labels`` records) at ``zoom``, and off the ``legend`` (px boxes)."""
    dots = map_view.mercator_pixels(facilities, zoom)
    obstacles = np.vstack([*(boxes_around(dots, box) for box in FACILITY_BOXES), city_boxes(cities, zoom)])
    return country_labels(countries, lang, zoom, window, obstacles, legend)
