"""Text drawn inside a deck: the legend, country and city names (placed by
components.country_names and components.city_names), facility ranks.

All text is drawn by deck.gl's TextLayer, never as HTML. ``character_set="auto"`` makes
deck.gl build its font atlas from the characters actually shown (the default atlas is
ASCII only, so Cyrillic and Kazakh letters would be blank); the font is a system font
drawn on a canvas in the browser, so no web font is fetched.

The legend is part of the deck (so it shows when the map is shown alone or full screen):
texts anchored at the top-left corner of the initial view, laid out in pixels with
``get_pixel_offset``, so it keeps its size when the map is zoomed.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pydeck as pdk
from pydeck.types import String

from components import map_view
from components.country_names import place_country_names
from components.label_boxes import FACILITY_BOXES, boxes_around, overlap

FONT = "DejaVu Sans, Noto Sans, Arial, Helvetica, sans-serif"


LEGEND_TEXT_SIZE = map_view.LEGEND_TEXT_SIZE


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


def place_layers(
    geo: Mapping[str, object],
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
    # The names are placed once per map by the function the caller passes (cache.basemap's
    # "country_names"), else here on every call.
    place = geo.get("country_names") or functools.partial(place_country_names, geo.get("countries"))
    countries = place(lang, cities, zoom, points, window, legend)
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
        obstacles = np.vstack([boxes_around(near, DOT_BOX), np.asarray(placed).reshape(-1, 4), fixed])
        own = boxes_around(np.asarray([[x, y]]), DOT_BOX)
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
