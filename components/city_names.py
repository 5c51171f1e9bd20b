"""City names on a map: the first tier always, the second zoomed in; each name on the side
of its dot where it hides no facility, rank number, other city or legend and stays inside
the map, and the boxes the placed names take (what rank numbers keep off).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from components import map_view
from components.label_boxes import FACILITY_BOXES, boxes_around, moved, overlap

CITY_DETAIL_ZOOM = 5.5  # from this zoom the second tier of towns is named too


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
                *(boxes_around(near, box) for box in FACILITY_BOXES),
                boxes_around(here - [x, y], CITY_DOT_BOX),
                np.asarray(placed).reshape(-1, 4) - shift,
            ]
        )
        own = np.asarray([CITY_DOT_BOX])
        boxes = _name_boxes(name)
        areas = {place: overlap(obstacles, box) - overlap(own, box) for place, box in boxes.items()}
        if window is not None:  # a name cut by the map's edge is worse than one over a dot
            areas = {place: areas[place] + OUTSIDE * _outside(moved(boxes[place], x, y), window) for place in areas}
        if legend is not None:  # as is one under the legend's panel
            panel = np.asarray([legend], dtype=float)
            areas = {place: areas[place] + OUTSIDE * overlap(panel, moved(boxes[place], x, y)) for place in areas}
        place = min(areas, key=areas.__getitem__)  # the first place among equals
        placed.append(moved(boxes[place], x, y))
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
        boxes += [moved(name, x, y), moved(CITY_DOT_BOX, x, y)]
    return np.asarray(boxes, dtype=float)
