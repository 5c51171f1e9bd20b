"""Where a map looks: a view state that fits what is shown, and named regions to zoom to.

Pure functions on Web Mercator arithmetic (deck.gl's: the world is 512 px wide at zoom 0).
The map's pixel size is not known on the server (it fills the page width), so views are
fitted to the narrowest map expected, ``ASSUMED_WIDTH``; a wider map shows more around the
same centre. The legend has a view of its own, fixed in the top-left corner (``views``);
the first view keeps that corner free, as wide and tall as the legend measures
(``legend_box``): the points are fitted to the whole map when none of them would lie under
it, else to the map below a strip or right of a band kept free for it, whichever shows them
larger.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib
import numpy as np
import pydeck as pdk
from PIL import ImageFont

from tmf.geo_layers import mercator_y

TILE = 512
MAP_HEIGHT = 640  # px; passed to st.pydeck_chart
ASSUMED_WIDTH = 880  # px: main area of a 1366 px screen with the sidebar open (about 900)
LEGEND_WIDTH = 250  # px: a legend's width where none is measured
LEGEND_ROW = 24  # px between legend rows (components.map_labels draws them)
LEGEND_ROWS = 6  # rows a legend may have (rank classes and the layers switched on)


def legend_height(rows: int = LEGEND_ROWS) -> int:
    """px from the map's top to below a legend of ``rows`` rows under its title."""
    return 32 + LEGEND_ROW * rows


LEGEND_HEIGHT = legend_height()  # px: the tallest legend
PADDING = 40  # px around the fitted points
LABEL_ROOM = 50  # px more on the right: rank numbers and city names are written right of their dot
MIN_SPAN = 1.0  # degrees: a single facility is shown with its surroundings
MAX_ZOOM = 9.0
# Named regions (west, south, east, north in degrees) a room zooms to; "all" fits the points.
REGIONS: dict[str, tuple[float, float, float, float] | None] = {
    "all": None,
    "fergana": (69.3, 39.7, 73.4, 41.9),
    "chu_issyk_kul": (73.3, 41.5, 78.6, 43.3),
    "east_kazakhstan": (74.5, 46.5, 85.5, 52.6),
}
Bounds = tuple[float, float, float, float]


def latitude_of(y: float | np.ndarray) -> float | np.ndarray:
    """The latitude (degrees) of Web Mercator northing ``y`` (the inverse of ``mercator_y``)."""
    return np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2)


def mercator_pixels(positions: np.ndarray, zoom: float) -> np.ndarray:
    """[lon, lat] rows as Web Mercator pixels at ``zoom`` (x east, y down; any origin)."""
    scale = TILE * 2**zoom / (2 * np.pi)
    return np.column_stack(
        [scale * np.radians(positions[:, 0]), -scale * mercator_y(np.clip(positions[:, 1], -85, 85))]
    )


def positions_of_pixels(pixels: np.ndarray, zoom: float) -> np.ndarray:
    """The [lon, lat] rows of ``mercator_pixels`` rows (its inverse)."""
    scale = TILE * 2**zoom / (2 * np.pi)
    return np.column_stack([np.degrees(pixels[:, 0] / scale), latitude_of(-pixels[:, 1] / scale)])


def window_pixels(view: pdk.ViewState, width: int = ASSUMED_WIDTH, height: int = MAP_HEIGHT) -> tuple[float, ...]:
    """x0, y0, x1, y1 (``mercator_pixels`` at the view's zoom) of what a ``width`` x ``height``
    px map of ``view`` shows."""
    [[x, y]] = mercator_pixels(np.array([[float(view.longitude), float(view.latitude)]]), float(view.zoom))
    return (x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def bounds(positions: Iterable[Sequence[float]], min_span: float = MIN_SPAN) -> Bounds | None:
    """(west, south, east, north) of [lon, lat] positions, at least ``min_span`` degrees
    wide and high; None when no position is finite."""
    points = _xy(positions)
    points = points[np.isfinite(points).all(axis=1)]
    if not len(points):
        return None
    (west, south), (east, north) = points.min(axis=0), points.max(axis=0)
    grow_x, grow_y = max(min_span - (east - west), 0) / 2, max(min_span - (north - south), 0) / 2
    return west - grow_x, south - grow_y, east + grow_x, north + grow_y


def fit_view(
    box: Bounds, width: int = ASSUMED_WIDTH, height: int = MAP_HEIGHT, band: int = LEGEND_WIDTH, top: int = 0
) -> pdk.ViewState:
    """The view that shows ``box`` in a ``width`` x ``height`` px map, right of a ``band`` px
    wide kept for the legend (0: none), below a ``top`` px strip kept for it (0: none), and
    left of a margin for the labels of the easternmost points."""
    west, south, east, north = box
    y_south, y_north = mercator_y(south), mercator_y(north)
    room_x, room_y = width - band - LABEL_ROOM - 2 * PADDING, height - top - 2 * PADDING
    zoom_x = math.log2(room_x * 360 / (TILE * max(east - west, 1e-6)))
    zoom_y = math.log2(room_y * 2 * math.pi / (TILE * max(y_north - y_south, 1e-9)))
    zoom = min(zoom_x, zoom_y, MAX_ZOOM)
    degrees_per_px = 360 / (TILE * 2**zoom)
    longitude = (west + east) / 2 - (band - LABEL_ROOM) / 2 * degrees_per_px
    latitude = float(latitude_of((y_south + y_north) / 2 + top / 2 * 2 * math.pi / (TILE * 2**zoom)))
    return pdk.ViewState(
        longitude=round(longitude, 4), latitude=round(latitude, 4), zoom=round(zoom, 3), min_zoom=2, max_zoom=12
    )


DRAWN_ZOOM_GIVEN = 0.5  # zoom levels a view may lose to keep the other facilities off the legend


def region_view(
    region: str,
    positions: Iterable[Sequence[float]],
    width: int = ASSUMED_WIDTH,
    height: int = MAP_HEIGHT,
    legend: tuple[int, int] = (LEGEND_WIDTH, LEGEND_HEIGHT),
    drawn: Iterable[Sequence[float]] | None = None,
) -> pdk.ViewState:
    """The view of a named region of ``REGIONS``; "all" (or an unknown name) fits the positions.
    Of the whole map (when no position would lie under the ``legend`` box, (width, height)
    px: ``legend_box``), the map below a strip for the legend and the map right of a band
    for it, the closest view is taken; the closest of those that hide none of the ``drawn``
    positions (the other facilities shown with the fitted ones) when one is at most
    ``DRAWN_ZOOM_GIVEN`` farther (a band beside a wide legend leaves a narrow map little room)."""
    positions = _xy(positions)
    box = REGIONS.get(region) or bounds(positions) or (46.0, 36.0, 88.0, 55.0)
    band, top = legend

    def hides(view: pdk.ViewState, points: np.ndarray) -> bool:
        return bool(under_legend_all(view, points, width, height, legend).any())

    views = [fit_view(box, width, height, band=0, top=top), fit_view(box, width, height, band=band)]
    whole = fit_view(box, width, height, band=0)
    if not hides(whole, positions):
        views.append(whole)
    best = max(views, key=lambda view: view.zoom)
    shown = _xy([] if drawn is None else drawn)
    clear = [v for v in views if not hides(v, shown) and v.zoom >= best.zoom - DRAWN_ZOOM_GIVEN]
    return max(clear, key=lambda view: view.zoom) if clear else best


def _xy(positions: Iterable[Sequence[float]]) -> np.ndarray:
    """[lon, lat] positions as an (n, 2) array (pairs only)."""
    if isinstance(positions, np.ndarray):
        return positions.astype(float).reshape(-1, 2)
    return np.asarray([p for p in positions if len(p) == 2], dtype=float).reshape(-1, 2)


def under_legend_all(
    view: pdk.ViewState,
    xy: np.ndarray,
    width: int,
    height: int,
    legend: tuple[int, int] = (LEGEND_WIDTH, LEGEND_HEIGHT),
) -> np.ndarray:
    """``under_legend`` of every row of ``xy`` ([lon, lat]) at once (a map of 30,000
    facilities checks them all on every page run)."""
    world = TILE * 2**view.zoom
    with np.errstate(invalid="ignore", divide="ignore"):
        x = width / 2 + (xy[:, 0] - view.longitude) * world / 360
        y = height / 2 - (mercator_y(xy[:, 1]) - mercator_y(view.latitude)) * world / (2 * math.pi)
    inside = (x < legend[0] + PADDING - 1) & (y < legend[1] + PADDING - 1)  # 1 px: views are rounded
    return np.isfinite(x) & np.isfinite(y) & inside


def under_legend(
    view: pdk.ViewState,
    position: Sequence[float],
    width: int,
    height: int,
    legend: tuple[int, int] = (LEGEND_WIDTH, LEGEND_HEIGHT),
) -> bool:
    """Whether ``position`` ([lon, lat]) lies in the corner of ``view`` taken by the ``legend``
    box ((width, height) px, ``PADDING`` px around it), as a ``width`` x ``height`` px map draws it."""
    return bool(under_legend_all(view, np.asarray([position], dtype=float), width, height, legend)[0])


def top_left(
    view: pdk.ViewState, margin: int = 12, width: int = ASSUMED_WIDTH, height: int = MAP_HEIGHT
) -> list[float]:
    """[lon, lat] of the top-left corner of ``view`` (``margin`` px inside), where the legend goes."""
    world = TILE * 2**view.zoom
    longitude = view.longitude - (width / 2 - margin) * 360 / world
    y = mercator_y(view.latitude) + (height / 2 - margin) * 2 * math.pi / world
    return [round(longitude, 4), round(float(latitude_of(y)), 4)]


# The legend has a view of its own (deck.gl draws a deck's layers in each of its views): a
# fixed box in the map's top-left corner that looks at a place no map can show (longitude
# 540: the user's view wraps longitudes into -180..180), so the legend stays in the corner,
# whole, whatever the user zooms, pans or enlarges, and is not drawn on the map itself.
MAP_VIEW = "map"
LEGEND_VIEW = "legend"
LEGEND_PLACE = pdk.ViewState(longitude=540.0, latitude=0.0, zoom=8)
LEGEND_MARGIN = 12  # px between the map's edges and the legend's title
LEGEND_PANEL = [255, 255, 255, 255]  # RGBA of the legend's panel (deck.gl clears its view with it)
LEGEND_SYMBOL_WIDTH = 24  # px from a row's symbol to its label (components.map_labels)
LEGEND_TEXT_SIZE = 15  # px: the legend's semi-bold text (components.map_labels draws it)
# The widest face of the map's font list (map_labels.FONT): DejaVu Sans, drawn bold for the
# legend's weight 600; its metrics ship with matplotlib. Noto Sans and Arial, where a browser
# has no DejaVu, are narrower; LEGEND_TEXT_ROOM covers rounding in the browser's font atlas.
LEGEND_FONT_FILE = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf"
LEGEND_TEXT_ROOM = 1.04


@functools.lru_cache(maxsize=1)
def _legend_font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(LEGEND_FONT_FILE), LEGEND_TEXT_SIZE)


@functools.lru_cache(maxsize=512)
def legend_text_width(text: str) -> float:
    """px that ``text`` takes in the legend's type, with room for the browser's rounding."""
    return _legend_font().getlength(text) * LEGEND_TEXT_ROOM


def legend_box(title: str, labels: Sequence[str]) -> tuple[int, int]:
    """(width, height) px of the legend's view: its title and each row whole, measured in
    its type (a Kazakh row of wide letters is wider than a Russian one of as many letters)."""
    longest = max([legend_text_width(title), *(LEGEND_SYMBOL_WIDTH + legend_text_width(x) for x in labels)])
    return math.ceil(2 * LEGEND_MARGIN + longest), legend_height(len(labels)) + LEGEND_MARGIN // 2


def legend_pixels(window: Sequence[float], legend: tuple[int, int] | None) -> tuple[float, ...] | None:
    """(x0, y0, x1, y1) px of the legend's panel of ``legend`` (width, height) px in the
    top-left corner of ``window`` (``window_pixels``); None without a legend."""
    if legend is None:
        return None
    return window[0], window[1], window[0] + legend[0], window[1] + legend[1]


def views(legend: tuple[int, int] | None) -> list[pdk.View]:
    """The map the user moves and, over its top-left corner, the legend's fixed view of
    ``legend`` (width, height) px (None: no legend)."""
    shown = [pdk.View(type="MapView", id=MAP_VIEW, controller=True)]
    if legend is not None:
        place = {"longitude": LEGEND_PLACE.longitude, "latitude": LEGEND_PLACE.latitude, "zoom": LEGEND_PLACE.zoom}
        width, height = legend
        shown.append(
            pdk.View(
                type="MapView",
                id=LEGEND_VIEW,
                controller=False,
                x=0,
                y=0,
                width=width,
                height=height,
                view_state=place,
                clear=True,  # one white panel: the map moving under it never shows between its rows
                clearColor=LEGEND_PANEL,
            )
        )
    return shown


def legend_anchor(legend: tuple[int, int]) -> list[float]:
    """[lon, lat] of the legend's title in its view of ``legend`` (width, height) px."""
    return top_left(LEGEND_PLACE, LEGEND_MARGIN, *legend)
