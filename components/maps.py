"""pydeck maps over the offline basemap (no tiles, no token, no request leaves the host).

Builders (``*_deck``, ``*_layers``) are pure and tested without Streamlit; renderers draw
them. The initial view fits the facilities shown (or a named region), so a slider move,
which recolours the points without moving them, keeps the map where it is. Each deck
carries its own legend, country and city names (components.map_labels, country_names,
city_names).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from components.city_names import city_boxes, city_labels
from components.map_facilities import (  # noqa: F401 - the map's facility layers, named here for callers
    ALL_FACILITIES_LAYER,
    FACILITIES_LAYER,
    POINTS_BY_ADDRESS_FROM,
    facility_layers,
    selected_facility,
    spread_array,
    spread_coincident,
    steady_spread,
)
from components.map_labels import LegendEntry, legend_layers, place_layers, rank_labels
from components.map_points import PublishedPoints, RankedPoints, fixed_texts
from components.map_view import (
    ASSUMED_WIDTH,
    MAP_HEIGHT,
    legend_anchor,
    legend_box,
    legend_pixels,
    region_view,
    views,
    window_pixels,
)
from tmf import basemap_image
from tmf.i18n import format_number, t
from tmf.rank_classes import CLASS_COLORS, class_labels, rank_classes

LABELLED_RANKS = 10  # facilities ranked 1-10 (ties included) carry their rank number
POINT_ALPHA = 235
# Streamlit's deck.gl element fetches a Carto basemap style when a deck has no map style;
# this value (its frontend's "no style" marker, streamlit 1.67) turns that off, so the map
# makes no outside request. The browser test fails if a request leaves the machine.
NO_MAP_STYLE = "__MAP_STYLE__"
# The app's static files (`[server] enableStaticServing`, the `static/` folder beside app.py)
# are served at app/static/; the basemap's GeoJSON is there, relative to the page's URL.
STATIC_GEO = "app/static/geo"


class CompactDeck(pdk.Deck):
    """A deck whose JSON is compact: pydeck's ``to_json`` indents and escapes every
    non-ASCII letter, which st.pydeck_chart sends as it is on every rerun. orjson writes
    the same text as ``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)``
    (compared on 30,000 points) about six times faster: 0.09 s to 0.016 s at 30,000 points,
    the largest part of a slider move's run there. A missing number becomes null, which the
    browser can read (``json.dumps`` wrote NaN, which it cannot). Facility records held as
    columns (``ranked_points``) write their own JSON (components.map_points)."""

    def to_json(self) -> str:
        options = orjson.OPT_SORT_KEYS | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS
        return orjson.dumps(self, default=_serialize, option=options).decode()


def _serialize(value: object) -> object:
    """pydeck's serialisation, facility records held as columns as their own JSON, and
    records loaded by address as their address (written then, ``PublishedPoints``)."""
    if isinstance(value, RankedPoints):
        return value.fragment()
    if isinstance(value, PublishedPoints):
        return value.address_or_records()
    return default_serialize(value)


def deck_text(value: object) -> str:
    """User text made inert for deck.gl's JSON converter (a leading ``@@`` would be code)."""
    text = "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)
    return "\u200b" + text if text.startswith("@@") else text


def rank_legend(ranks: Sequence[int] | np.ndarray, lang: str) -> list[LegendEntry]:
    """One legend row per rank class present among ``ranks``, in the points' colours."""
    return [LegendEntry(label, CLASS_COLORS[klass]) for klass, label in class_labels(ranks, lang)]


# Beyond the mapped box (longitude 44-100 E, latitude 30-60 N; data/geo/PROVENANCE.md) a
# wide screen would show blank page: a ground in the colour of the sea fills it, and the
# surrounding countries' land (muted, "surroundings") lies on it, in the colours of the
# countries in the box other than the mapped ones, so no band marks where the box ends.
GROUND = [[[0.0, 10.0], [140.0, 10.0], [140.0, 80.0], [0.0, 80.0]]]
GROUND_COLOR = list(basemap_image.GROUND_COLOR)
LAND_COLOR = list(basemap_image.LAND_COLOR)
SURROUNDINGS_COLOR = list(basemap_image.SURROUNDINGS_COLOR)


# deck.gl expressions (per GeoJSON feature) that colour the countries as the basemap
# pictures do: the mapped countries (``basemap_image.FOCUS_COUNTRIES``) in the land colour
# with dark borders, every other country muted like the land around the box; the outlines
# file holds the other countries' outlines and the mapped ones' (property ``focus``).
_FOCUS = " || ".join(f"properties.iso2 == '{iso}'" for iso in sorted(basemap_image.FOCUS_COUNTRIES))
_COUNTRY_FILLS = f"{_FOCUS} ? {LAND_COLOR} : {SURROUNDINGS_COLOR}"
_BORDER_COLORS = (
    f"properties.focus ? {list(basemap_image.BORDER_COLOR)} : {list(basemap_image.SURROUNDINGS_LINE_COLOR)}"
)
# The fills have no outline: their outlines are lines of their own, without the stretches
# along the box data/geo clipped them to (tmf.basemap_image.outline_files).
_FILLED = {"stroked": False, "filled": True}
_LINES = {"stroked": True, "filled": False, "line_width_min_pixels": 1}
_OUTLINES = basemap_image.outline_file
# (the geodata layer that must exist, file, layer id, deck.gl style), drawn in this order.
BASEMAP_FILES = (
    ("surroundings", "surroundings.geojson", "surroundings", {**_FILLED, "get_fill_color": SURROUNDINGS_COLOR}),
    (
        "surroundings",
        _OUTLINES("surroundings"),
        "surroundings_outlines",
        {**_LINES, "get_line_color": list(basemap_image.SURROUNDINGS_LINE_COLOR)},
    ),
    ("countries", "countries.geojson", "countries", {**_FILLED, "get_fill_color": _COUNTRY_FILLS}),
    ("countries", _OUTLINES("countries"), "borders", {**_LINES, "get_line_color": _BORDER_COLORS}),
    ("water_bodies", "water_bodies.geojson", "water", {**_FILLED, "get_fill_color": list(basemap_image.WATER_COLOR)}),
    (
        "rivers",
        "rivers.geojson",
        "rivers",
        {**_LINES, "get_line_color": list(basemap_image.RIVER_COLOR), "line_width_min_pixels": 1.5},
    ),
)


def basemap_url(name: str) -> str:
    """Where the browser loads basemap file ``name`` (a GeoJSON layer's name, or a picture's
    file name): the app's own static files (``static/geo``; the GeoJSON are copies of
    ``data/geo`` and the outlines drawn from it), relative to the page, so a deck carries
    only this address and the browser fetches (and caches) the file once."""
    return f"{STATIC_GEO}/{name}" if "." in name else f"{STATIC_GEO}/{name}.geojson"


def basemap_layers(geo: Mapping[str, object], zoom: float | None = None) -> list[pdk.Layer]:
    """A ground, then the basemap: as pictures (tmf.basemap_image) when the map opens at
    ``zoom`` at most ``PICTURE_MAX_ZOOM`` and ``geo["pictures"]`` holds them, else as
    vector layers: the muted land around the mapped box, the countries, each with its
    outlines, then lakes/seas and rivers, each when it exists (``geo`` says which; loaded by URL, ``basemap_url``)."""
    layers = [
        pdk.Layer(
            "PolygonLayer",
            [{"polygon": GROUND}],
            id="ground",
            get_polygon="polygon",
            get_fill_color=GROUND_COLOR,
            stroked=False,
            pickable=False,
        )
    ]
    pictures = geo.get("pictures") or ()
    if pictures and zoom is not None and zoom <= basemap_image.PICTURE_MAX_ZOOM:
        return layers + [picture_layer(picture) for picture in pictures]
    for name, file, layer_id, style in BASEMAP_FILES:
        if geo.get(name):
            layers.append(pdk.Layer("GeoJsonLayer", basemap_url(file), id=layer_id, **style))
    return layers


def picture_layer(picture: basemap_image.Picture) -> pdk.Layer:
    """A basemap picture laid on the map at its bounds (it is in Web Mercator, as the map)."""
    layer = pdk.Layer("BitmapLayer", id=f"basemap_{picture.name}", bounds=list(picture.bounds), pickable=False)
    # Set after construction: pydeck reads an ``image`` argument that is not an http URL
    # as a local file and sends it inline (base64) in every rerun's deck.
    layer.image = basemap_url(picture.file)
    return layer


@functools.lru_cache(maxsize=8)
def number_marks(lang: str) -> tuple[str, str]:
    """(grouping mark, decimal mark) of ``lang``, as ``format_number`` writes them."""
    sample = format_number(1234.5, lang, 1)
    return sample[1], sample[-2]


def plain_numbers(values: Sequence[float] | np.ndarray, lang: str, digits: int = 0) -> list[str]:
    """``format_number`` of many values with Python's formatting and the language's marks
    (one Babel call per language, not per value; NaN gives an em dash)."""
    group, decimal = number_marks(lang)
    values = np.asarray(values, dtype=float).tolist()
    if (group, decimal) == (",", "."):  # Python's own marks: nothing to translate
        return [f"{v:,.{digits}f}" if v == v else "—" for v in values]
    marks = str.maketrans({",": group, ".": decimal})
    return [f"{v:,.{digits}f}".translate(marks) if v == v else "—" for v in values]


def deck_texts(values: pd.Series) -> pd.Series:
    """``deck_text`` of a whole column (missing values become empty text)."""
    if isinstance(values.dtype, pd.StringDtype):  # text stays in Arrow, no Python string per cell
        text = values.fillna("")
    else:
        text = values.astype(object).where(values.notna(), "").astype(str)
    return text.where(~text.str.startswith("@@"), "\u200b" + text)


def point_colors(ranks: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(r, g, b, a) of each rank's class (``CLASS_COLORS``); a tuple: see ``facility_points``."""
    palette = [(*color, POINT_ALPHA) for color in CLASS_COLORS]
    return [palette[k] for k in rank_classes(ranks).tolist()]


# Decimal places of a point's longitude and latitude in the deck (about 1 m): what the map
# can show, and a third of the text of Python's 17 significant digits.
POSITION_DIGITS = 5


def facility_points(ranked: pd.DataFrame, lang: str, selected: str | None = None) -> list[dict]:
    """One record per facility for the scatter layer: position, colour of its rank class,
    tooltip text. Coincident facilities are spread apart (``spread_coincident``). Built
    column by column from arrays; numbers with plain formatting (``plain_numbers``).

    Positions and colours are tuples (the deck's JSON is the same): Python's garbage
    collector stops tracking a tuple of numbers, and then a record of tuples and text, so
    30,000 records do not make every second page run pay a full collection of the whole
    process (about 0.15 s at 30,000 facilities, more than building the records)."""
    return list(ranked_points(ranked, lang, selected))


def ranked_points(ranked: pd.DataFrame, lang: str, selected: str | None = None) -> RankedPoints:
    """``facility_points`` held as columns (components.map_points): the deck writes their
    JSON with Arrow, and no dict is built per facility unless a caller reads one."""
    ranks = ranked["rank"].to_numpy()
    ids = _arrow_text(ranked["facility_id"])
    xy = steady_spread(ranked[["longitude", "latitude"]].to_numpy(dtype=float), ids).round(POSITION_DIGITS)
    is_selected = (ranked["facility_id"] == selected).to_numpy(dtype=bool, na_value=False)
    return RankedPoints(
        ids=ids,
        names=_arrow_text(ranked["name"]),
        ranks=ranks.astype(np.int64),
        scores=number_texts(ranked["score"].to_numpy(dtype=float), lang, 2),
        xy=xy,
        classes=rank_classes(ranks),
        chosen=is_selected,
        palette=[(*color, POINT_ALPHA) for color in CLASS_COLORS],
        head=f"\n{t('ranking.rank', lang)} ",
        middle=f" · {t('ranking.score', lang)} ",
        outline=((60, 60, 60), (20, 20, 20)),
        radius=(9_000, 14_000),
    )


def _arrow_text(values: pd.Series) -> pa.Array:
    """``deck_texts`` of a column as Arrow text (text columns converted without a Python
    string per cell; other columns through ``deck_texts``)."""
    try:
        text = pa.array(values, type=pa.large_string(), from_pandas=True).fill_null("")
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers or other objects: made text by pandas
        return pa.array(deck_texts(values), type=pa.large_string(), from_pandas=True)
    code = pc.starts_with(text, "@@")
    if not pc.any(code).as_py():
        return text
    marked = pc.binary_join_element_wise(pa.scalar("\u200b", type=text.type), text, pa.scalar("", type=text.type))
    return pc.if_else(code, marked, text)


def number_texts(values: np.ndarray, lang: str, digits: int) -> pa.Array:
    """``plain_numbers`` of many values as Arrow text (components.map_points.fixed_texts)."""
    return fixed_texts(values, digits, number_marks(lang)[1], lambda rest: plain_numbers(rest, lang, digits))


def ranking_deck(
    ranked: pd.DataFrame,
    geo: Mapping[str, dict | None],
    lang: str,
    selected: str | None = None,
    region: str = "all",
    layers: Callable[[list[dict]], tuple[list, list, list]] | None = None,
    size: tuple[int, int] = (ASSUMED_WIDTH, MAP_HEIGHT),
    fit_top: int | None = None,
) -> pdk.Deck:
    """The facilities coloured by rank class, the top ones numbered, over the offline
    basemap with country and city names and the legend. ``layers``, given the facility
    points, returns extra (underlays, overlays, legend entries) the user switched on
    (components.decision_map); ``size`` as in ``points_deck`` (a map in a column is
    narrower than the page: the view and the names are fitted to it); with ``fit_top`` the view
    fits the facilities ranked ``fit_top`` or better (the others shown where they fall)."""
    points = ranked_points(ranked, lang, selected)
    ranks = ranked["rank"].to_numpy()
    top = np.flatnonzero(ranks <= LABELLED_RANKS)
    underlays, overlays, entries = layers(points) if layers is not None else ([], [], [])
    fitted = ranked[["longitude", "latitude"]].to_numpy(dtype=float)
    return points_deck(
        points,
        geo,
        lang,
        legend=(t("maps.legend_title", lang), [*rank_legend(ranks, lang), *entries]),
        region=region,
        underlays=underlays,
        numbered=([points[i] for i in top], ranks[top]),
        overlays=overlays,
        fit=fitted if fit_top is None else fitted[ranks <= fit_top],
        size=size,
    )


def record_positions(records: Sequence[dict]) -> np.ndarray:
    """[lon, lat] rows of facility records (``RankedPoints``: its own array, no dict per row)."""
    if isinstance(records, RankedPoints):
        return np.asarray(records.xy, dtype=float).reshape(-1, 2)
    return np.asarray([r["position"] for r in records], dtype=float).reshape(-1, 2)


# A tooltip wraps a long name (its line breaks kept) instead of running past the map's
# right edge, where the map cuts it off.
TOOLTIP_STYLE = {"maxWidth": "280px", "whiteSpace": "pre-wrap", "overflowWrap": "break-word"}


def points_deck(
    records: Sequence[dict],
    geo: Mapping[str, dict | None],
    lang: str,
    legend: tuple[str, Sequence[LegendEntry]] = ("", ()),
    region: str = "all",
    underlays: Sequence[pdk.Layer] = (),
    overlays: Sequence[pdk.Layer] = (),
    fit: Sequence[Sequence[float]] | None = None,
    size: tuple[int, int] = (ASSUMED_WIDTH, MAP_HEIGHT),
    numbered: tuple[Sequence[dict], Sequence[int]] | None = None,
    avoid: Sequence[Sequence[float]] = (),
) -> pdk.Deck:
    """Facility records (facility_id, position, color, line, radius, tooltip; user text
    through ``deck_text``) as a pickable layer over the offline basemap and place names.

    The view fits ``fit`` positions (default: the records') or the named ``region``;
    ``underlays`` go under the place names and points (paths), ``overlays`` over them (labels); ``numbered``
    (points, their ranks; best first) carry their rank numbers, placed apart; the legend
    (title, entries) is drawn in a view of its own in the map's top-left corner, where it
    stays while the user drags and zooms (``map_view.views``). ``size``: the (width, height)
    in px the map is expected to have (draw it with that height). City names are placed
    off the points and off the ``avoid`` positions ([lon, lat]: a path's vertices).
    """
    drawn = record_positions(records)
    positions = drawn if fit is None else np.asarray(fit, dtype=float).reshape(-1, 2)
    title, entries = legend
    legend_size = legend_box(title, [entry.label for entry in entries]) if entries else None
    view = region_view(region, positions, *size, legend=legend_size or (0, 0), drawn=drawn)
    zoom = float(view.zoom)
    finite = drawn[np.isfinite(drawn).all(axis=1)]
    window = window_pixels(view, *size)
    kept_clear = np.vstack([finite, np.asarray(avoid, dtype=float).reshape(-1, 2)])
    cities = city_labels(geo.get("cities"), lang, zoom, kept_clear, window, legend_pixels(window, legend_size))
    numbers = [] if numbered is None else [rank_labels(*numbered, zoom, drawn, city_boxes(cities, zoom))]
    return CompactDeck(
        layers=[
            *basemap_layers(geo, zoom),
            *underlays,
            # over the paths, so a path never hides a name
            *place_layers(geo, lang, cities, zoom, finite, window, legend_size),
            *facility_layers(records, lang),
            *numbers,
            *overlays,
            *(legend_layers(title, entries, legend_anchor(legend_size)) if entries else []),
        ],
        views=views(legend_size),
        initial_view_state=view,
        map_provider=None,
        map_style=NO_MAP_STYLE,
        tooltip={"text": "{tooltip}", "style": TOOLTIP_STYLE},
    )


def ranking_map(deck: pdk.Deck, key: str = "ranking_map", height: int = MAP_HEIGHT) -> str | None:
    """Draw the deck, full width and tall; returns the facility clicked (single selection) or None."""
    event = st.pydeck_chart(
        deck, width="stretch", height=height, on_select="rerun", selection_mode="single-object", key=key
    )
    return selected_facility(event)
