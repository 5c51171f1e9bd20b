"""Text drawn inside a deck: the legend, country and city names, facility ranks.

All text is drawn by deck.gl's TextLayer, never as HTML. ``character_set="auto"`` makes
deck.gl build its font atlas from the characters actually shown (the default atlas is
ASCII only, so Cyrillic and Kazakh letters would be blank); the font is a system font
drawn on a canvas in the browser, so no web font is fetched.

The legend is part of the deck (so it shows when the map is shown alone or full screen):
texts anchored at the top-left corner of the initial view, laid out in pixels with
``get_pixel_offset``, so it keeps its size when the map is zoomed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pydeck as pdk
import shapely
from pydeck.types import String
from shapely.geometry import shape
from shapely.ops import polylabel

from components import map_view

FONT = "DejaVu Sans, Noto Sans, Arial, Helvetica, sans-serif"
LEGEND_TEXT_SIZE = map_view.LEGEND_TEXT_SIZE
CITY_DETAIL_ZOOM = 5.5  # from this zoom the second tier of towns is named too
HALO = {"background": True, "get_background_color": [255, 255, 255, 170], "background_padding": [2, 1]}


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a symbol in ``color`` (the same RGB as the map's) and its meaning."""

    label: str
    color: tuple[int, int, int]
    symbol: str = "●"


def text_layer(layer_id: str, records: list[dict], size: int, **props: object) -> pdk.Layer:
    """A non-pickable TextLayer over ``records`` (position, text, optional offset and color)."""
    settings = {
        "get_position": "position",
        "get_text": "text",
        "get_size": size,
        "size_units": String("pixels"),
        "get_color": "color",
        "get_pixel_offset": "offset",
        "get_text_anchor": String("start"),
        "get_alignment_baseline": String("center"),
        "character_set": String("auto"),
        "font_family": String(FONT),
        "pickable": False,
    }
    return pdk.Layer("TextLayer", records, id=layer_id, **{**settings, **props})


def legend_layers(title: str, entries: Sequence[LegendEntry], anchor: list[float]) -> list[pdk.Layer]:
    """The legend at ``anchor`` ([lon, lat]): a title, then one row per entry."""
    labels = [{"position": anchor, "text": title, "offset": [0, 0], "color": [20, 20, 20]}]
    symbols = []
    for row, entry in enumerate(entries, start=1):
        offset = [0, row * map_view.LEGEND_ROW]
        symbols.append({"position": anchor, "text": entry.symbol, "offset": offset, "color": [*entry.color, 255]})
        labels.append(
            {
                "position": anchor,
                "text": entry.label,
                "offset": [map_view.LEGEND_SYMBOL_WIDTH, row * map_view.LEGEND_ROW],
                "color": [20, 20, 20],
            }
        )
    # No box behind each word: the legend's view is cleared to one white panel (map_view.views).
    return [
        text_layer("legend_labels", labels, LEGEND_TEXT_SIZE, font_weight=600),
        text_layer("legend_symbols", symbols, 22),
    ]


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


def _covered(obstacles: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Px² of each of ``boxes`` (rows) lying under ``obstacles`` (rows of x0, y0, x1, y1)."""
    wide = np.minimum(obstacles[:, 2], boxes[:, 2, None]) - np.maximum(obstacles[:, 0], boxes[:, 0, None])
    tall = np.minimum(obstacles[:, 3], boxes[:, 3, None]) - np.maximum(obstacles[:, 1], boxes[:, 1, None])
    return (np.clip(wide, 0, None) * np.clip(tall, 0, None)).sum(axis=1)


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
        covered = _covered(inside, boxes[i : i + CHUNK])
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


def city_labels(
    cities: Mapping | None,
    lang: str,
    zoom: float,
    facilities: np.ndarray | None = None,
    window: Sequence[float] | None = None,
    legend: Sequence[float] | None = None,
) -> list[dict]:
    """Named cities: the first tier always, the second when zoomed in to ``CITY_DETAIL_ZOOM``.
    A name goes right of its city's dot, or left, above or below it where the right would
    hide a facility or its rank number (``facilities``: their [lon, lat]), another city's
    dot or a name placed before it, or reach past the edge of the ``window`` the map shows
    (px at ``zoom``, ``map_view.window_pixels``; a city outside it is not named) or under the
    ``legend``'s panel (x0, y0, x1, y1 px, as the window; a city under it is not named), at
    the map's first zoom; where every side is covered, the side where it covers least."""
    shown = [
        (
            feature["properties"].get(f"name_{lang}") or feature["properties"]["name_en"],
            feature["geometry"]["coordinates"],
        )
        for feature in (cities or {}).get("features", [])
        if feature["properties"].get("tier", 1) == 1 or zoom >= CITY_DETAIL_ZOOM
    ]
    if not shown:
        return []
    here = map_view.mercator_pixels(np.asarray([position for _, position in shown], dtype=float), zoom)
    if window is not None:  # a city out of view is not named at the map's edge
        inside = (
            (here[:, 0] >= window[0])
            & (here[:, 0] <= window[2])
            & (here[:, 1] >= window[1])
            & (here[:, 1] <= window[3])
        )
        if legend is not None:  # a dot under the legend's panel is hidden: its name alone would puzzle
            inside &= ~(
                (here[:, 0] >= legend[0])
                & (here[:, 0] <= legend[2])
                & (here[:, 1] >= legend[1])
                & (here[:, 1] <= legend[3])
            )
        shown, here = [city for city, keep in zip(shown, inside, strict=True) if keep], here[inside]
        if not shown:
            return []
    points = np.empty((0, 2)) if facilities is None else map_view.mercator_pixels(facilities.reshape(-1, 2), zoom)
    placed: list[tuple[float, float, float, float]] = []
    records = []
    for (name, position), (x, y) in zip(shown, here, strict=True):
        shift = np.array([x, y, x, y])
        reach = 40 + CITY_CHAR_WIDTH * len(name)  # px: beyond this a facility's boxes miss every place
        near = points[(np.abs(points[:, 0] - x) < reach) & (np.abs(points[:, 1] - y) < NEAR_CITY)] - [x, y]
        obstacles = np.vstack(
            [
                *(_boxes_around(near, box) for box in FACILITY_BOXES),
                _boxes_around(here - [x, y], CITY_DOT_BOX),
                np.asarray(placed).reshape(-1, 4) - shift,
            ]
        )
        own = np.asarray([CITY_DOT_BOX])
        boxes = _name_boxes(name)
        areas = {place: overlap(obstacles, box) - overlap(own, box) for place, box in boxes.items()}
        if window is not None:  # a name cut by the map's edge is worse than one over a dot
            areas = {place: areas[place] + OUTSIDE * _outside(_moved(boxes[place], x, y), window) for place in areas}
        if legend is not None:  # as is one under the legend's panel
            panel = np.asarray([legend], dtype=float)
            areas = {place: areas[place] + OUTSIDE * overlap(panel, _moved(boxes[place], x, y)) for place in areas}
        place = min(areas, key=areas.__getitem__)  # the first place among equals
        placed.append(_moved(boxes[place], x, y))
        anchor, baseline, offset = CITY_PLACES[place]
        records.append(
            {
                "position": position,
                "text": name,
                "anchor": anchor,
                "baseline": baseline,
                "offset": offset,
                "color": [40, 40, 40],
            }
        )
    return records


OUTSIDE = 10.0  # weight of a name's px² beyond the map's edge against px² over an obstacle


def _outside(box: Sequence[float], window: Sequence[float]) -> float:
    """Px² of ``box`` (x0, y0, x1, y1) outside ``window``."""
    return (box[2] - box[0]) * (box[3] - box[1]) - overlap(np.asarray([window], dtype=float), box)


# Where a city's name goes around its dot, in order of preference: text anchor, baseline,
# and offset in px from the dot (y down).
CITY_PLACES = {
    "right": ("start", "center", [7, 0]),
    "left": ("end", "center", [-7, 0]),
    "above": ("middle", "bottom", [0, -5]),
    "below": ("middle", "top", [0, 5]),
}
CITY_CHAR_WIDTH = 7.5  # px: a letter of the 13 px city names, on average (wide Cyrillic letters included)
CITY_TEXT_HEIGHT = 14.0  # px: a line of the 13 px city names
# Around a facility at (0, 0), in px (y down; x0, y0, x1, y1): its dot (6 px and its outline)
# and its rank number (14 px bold at offset [9, -9], two digits).
FACILITY_BOXES = ((-7.0, -7.0, 7.0, 7.0), (6.0, -17.0, 28.0, -1.0))


def overlap(obstacles: np.ndarray, box: Sequence[float]) -> float:
    """Px² of ``box`` (x0, y0, x1, y1) lying under ``obstacles`` (rows of x0, y0, x1, y1)."""
    return float(_covered(obstacles, np.asarray(box, dtype=float).reshape(1, 4))[0])


def _boxes_around(points: np.ndarray, box: Sequence[float]) -> np.ndarray:
    """``box`` (x0, y0, x1, y1 around (0, 0)) moved to each of ``points`` (px rows)."""
    return np.column_stack([points[:, 0] + box[0], points[:, 1] + box[1], points[:, 0] + box[2], points[:, 1] + box[3]])


def _name_boxes(name: str) -> dict[str, tuple[float, float, float, float]]:
    """x0, y0, x1, y1 (px from the city's dot, y down) of ``name`` in each of ``CITY_PLACES``."""
    width, half = CITY_CHAR_WIDTH * len(name), CITY_TEXT_HEIGHT / 2
    return {
        "right": (3.5, -half, 7 + width, half),
        "left": (-7 - width, -half, -3.5, half),
        "above": (-width / 2, -5 - CITY_TEXT_HEIGHT, width / 2, -3),
        "below": (-width / 2, 3, width / 2, 5 + CITY_TEXT_HEIGHT),
    }


CITY_DOT_BOX = (-4.0, -4.0, 4.0, 4.0)
NEAR_CITY = 45.0  # px above or below a city: farther facilities cannot lie under its name


def city_boxes(cities: Sequence[Mapping], zoom: float) -> np.ndarray:
    """Rows of x0, y0, x1, y1 (Web Mercator px at ``zoom``, as ``map_view.mercator_pixels``)
    of each city's dot and name (``city_labels`` records): what a rank number should not hide."""
    if not cities:
        return np.empty((0, 4))
    places = {(anchor, baseline): place for place, (anchor, baseline, _) in CITY_PLACES.items()}
    here = map_view.mercator_pixels(np.asarray([c["position"] for c in cities], dtype=float), zoom)
    boxes = []
    for city, (x, y) in zip(cities, here, strict=True):
        name = _name_boxes(city["text"])[places[(city["anchor"], city["baseline"])]]
        boxes += [_moved(name, x, y), _moved(CITY_DOT_BOX, x, y)]
    return np.asarray(boxes, dtype=float)


def _moved(box: Sequence[float], x: float, y: float) -> tuple[float, float, float, float]:
    """``box`` (x0, y0, x1, y1 around (0, 0)) around (``x``, ``y``)."""
    return (x + box[0], y + box[1], x + box[2], y + box[3])


# Country names placed for a map (its countries, language, first zoom and facilities; the
# cities follow from these): a slider move recolours the facilities but moves none of them,
# so the names are placed once per map, not on every rerun.
# Each entry keeps its countries object, so the id in its key is never another object's.
_PLACED: dict[tuple, tuple[Mapping | None, list[dict]]] = {}


def _placed_country_labels(
    countries: Mapping | None,
    lang: str,
    cities: list[dict],
    zoom: float,
    facilities: np.ndarray,
    window: Sequence[float],
    legend: np.ndarray,
) -> list[dict]:
    key = (
        id(countries),
        lang,
        zoom,
        tuple(round(float(v), 1) for v in window),
        hashlib.blake2b(np.ascontiguousarray(facilities).tobytes() + legend.tobytes()).digest(),
    )
    if key not in _PLACED:
        dots = map_view.mercator_pixels(facilities, zoom)
        obstacles = np.vstack([*(_boxes_around(dots, box) for box in FACILITY_BOXES), city_boxes(cities, zoom)])
        if len(_PLACED) >= 64:
            _PLACED.clear()
        _PLACED[key] = (countries, country_labels(countries, lang, zoom, window, obstacles, legend))
    return _PLACED[key][1]


def place_layers(
    geo: Mapping[str, dict | None],
    lang: str,
    cities: list[dict],
    zoom: float,
    facilities: np.ndarray,
    window: Sequence[float],
    legend_size: tuple[int, int] | None = None,
) -> list[pdk.Layer]:
    """Country names, then the dots and names of ``cities`` (``city_labels``), drawn under
    the facilities; at the map's first ``zoom`` a country's name is placed whole inside the
    ``window`` the map shows (``map_view.window_pixels``), off the ``facilities`` ([lon, lat]
    rows), their rank numbers, the cities and the legend's view in the top-left corner (of
    ``legend_size``: width, height px; ``map_view.legend_box``) where it can be."""
    points = np.asarray(facilities, dtype=float).reshape(-1, 2)
    panel = map_view.legend_pixels(window, legend_size)
    legend = np.empty((0, 4)) if panel is None else np.array([panel], dtype=float)
    countries = _placed_country_labels(geo.get("countries"), lang, cities, zoom, points, window, legend)
    layers = (
        [text_layer("country_names", countries, 15, get_text_anchor=String("middle"), font_weight=700)]
        if countries
        else []
    )
    if cities:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                cities,
                id="city_dots",
                get_position="position",
                get_fill_color=[40, 40, 40],
                get_radius=3,
                radius_units=String("pixels"),
                pickable=False,
            )
        )
        layers.append(
            text_layer("city_names", cities, 13, get_text_anchor="anchor", get_alignment_baseline="baseline", **HALO)
        )
    return layers


# Where a rank number goes beside its facility, in order of preference: the text's anchor
# and its offset from the facility in px (y down): up right, up left, down right, down left,
# right, left.
RANK_PLACES = (
    ("start", [9, -9]),
    ("end", [-9, -9]),
    ("start", [9, 9]),
    ("end", [-9, 9]),
    ("start", [12, 0]),
    ("end", [-12, 0]),
)
RANK_DIGIT_WIDTH = 9.0  # px: a digit of the 14 px bold rank numbers
RANK_TEXT_HEIGHT = 18.0  # px: a rank number with its white background
DOT_BOX = FACILITY_BOXES[0]
NEAR = 80.0  # px: facilities farther than this from a number cannot lie under it


def rank_places(
    labelled: np.ndarray, texts: Sequence[str], zoom: float, facilities: np.ndarray, avoid: np.ndarray | None = None
) -> list[int]:
    """For each labelled facility ([lon, lat] rows, best rank first), the index in
    ``RANK_PLACES`` of the first place where its number covers no other facility's dot, no
    number placed before it and none of ``avoid`` (px boxes: ``city_boxes``), else of the
    place where it covers least (px²)."""
    here = map_view.mercator_pixels(labelled, zoom)
    dots = map_view.mercator_pixels(facilities[np.isfinite(facilities).all(axis=1)], zoom)
    placed: list[tuple[float, float, float, float]] = []
    fixed = np.empty((0, 4)) if avoid is None else np.asarray(avoid, dtype=float).reshape(-1, 4)
    chosen = []
    for (x, y), text in zip(here, texts, strict=True):
        near = dots[(np.abs(dots[:, 0] - x) < NEAR) & (np.abs(dots[:, 1] - y) < NEAR)]
        obstacles = np.vstack([_boxes_around(near, DOT_BOX), np.asarray(placed).reshape(-1, 4), fixed])
        own = _boxes_around(np.asarray([[x, y]]), DOT_BOX)
        width = RANK_DIGIT_WIDTH * len(text) + 6
        boxes = []
        for anchor, (dx, dy) in RANK_PLACES:
            left = x + dx - 3 if anchor == "start" else x + dx - width + 3
            boxes.append((left, y + dy - RANK_TEXT_HEIGHT / 2, left + width, y + dy + RANK_TEXT_HEIGHT / 2))
        areas = [overlap(obstacles, box) - overlap(own, box) for box in boxes]
        best = int(np.argmin(areas))  # the first place among equals
        chosen.append(best)
        placed.append(boxes[best])
    return chosen


def rank_labels(
    points: Sequence[Mapping],
    ranks: Sequence[int],
    zoom: float,
    facilities: np.ndarray,
    avoid: np.ndarray | None = None,
) -> pdk.Layer:
    """The rank number beside each of ``points`` (best rank first), each on a side of its
    facility where it hides no other facility (``facilities``: every [lon, lat] drawn), no
    other number and no city (``avoid``) at the map's first ``zoom``: ``rank_places``."""
    texts = [str(int(rank)) for rank in ranks]
    positions = np.asarray([point["position"] for point in points], dtype=float).reshape(-1, 2)
    places = rank_places(positions, texts, zoom, facilities, avoid) if len(texts) else []
    records = [
        {
            "position": point["position"],
            "text": text,
            "anchor": RANK_PLACES[place][0],
            "offset": RANK_PLACES[place][1],
            "color": [15, 15, 15],
        }
        for point, text, place in zip(points, texts, places, strict=True)
    ]
    return text_layer(
        "rank_labels",
        records,
        14,
        get_text_anchor="anchor",
        font_weight=700,
        background=True,
        get_background_color=[255, 255, 255, 215],
        background_padding=[3, 1],
    )
