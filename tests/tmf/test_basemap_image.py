"""The basemap pictures and outlines: drawn in Web Mercator where the map lays them, kept in step with the geodata."""

import io
import json

import numpy as np
from PIL import Image

from tmf import basemap_image
from tmf.basemap_image import PICTURES, STATIC_DIRECTORY, draw

DETAIL = next(picture for picture in PICTURES if picture.name == "detail")
AROUND = next(picture for picture in PICTURES if picture.name == "around")


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def colour_at(image: np.ndarray, picture, lon: float, lat: float) -> tuple[int, ...]:
    column, row = picture.pixel(lon, lat)
    return tuple(int(v) for v in image[row, column])


def test_the_pictures_served_are_the_ones_the_geodata_draws():
    """static/geo holds what ``python -m tmf.basemap_image`` draws from data/geo today: a
    change of the geodata without redrawing fails here."""
    for picture in PICTURES:
        served = pixels((STATIC_DIRECTORY / picture.file).read_bytes())
        assert served.shape[:2] == picture.size()[::-1], picture.name
        assert np.array_equal(served, pixels(draw(picture))), f"run: python -m tmf.basemap_image ({picture.name})"
    assert basemap_image.available() == PICTURES


def test_places_fall_on_their_own_colour_in_web_mercator():
    """Read at the Web Mercator pixel of a place (the map's projection, in which deck.gl
    stretches the picture between its bounds), the picture shows what lies there."""
    detail = pixels((STATIC_DIRECTORY / DETAIL.file).read_bytes())
    assert colour_at(detail, DETAIL, 70.0, 48.0) == basemap_image.LAND_COLOR  # the Kazakh steppe
    assert colour_at(detail, DETAIL, 75.0, 46.5) == basemap_image.WATER_COLOR  # Lake Balkhash
    assert colour_at(detail, DETAIL, 77.08, 42.46) == basemap_image.WATER_COLOR  # Issyk-Kul
    assert colour_at(detail, DETAIL, 41.0, 57.0) == basemap_image.SURROUNDINGS_COLOR  # Russia beyond the box
    around = pixels((STATIC_DIRECTORY / AROUND.file).read_bytes())
    assert colour_at(around, AROUND, 37.62, 55.75) == basemap_image.SURROUNDINGS_COLOR  # Moscow
    assert colour_at(around, AROUND, 60.0, 15.0) == basemap_image.GROUND_COLOR  # the Arabian Sea


def test_only_the_mapped_countries_are_in_the_land_colour_so_the_box_leaves_no_band():
    """At 1920 px the map of the whole region reached past the mapped box (44-100° E): Russia,
    China and Iran were light inside it and muted beyond, a band at each side of the map.
    Every country but the five of Central Asia is now muted on both sides of the box."""
    detail = pixels((STATIC_DIRECTORY / DETAIL.file).read_bytes())
    muted = basemap_image.SURROUNDINGS_COLOR
    assert colour_at(detail, DETAIL, 60.0, 57.0) == colour_at(detail, DETAIL, 41.0, 57.0) == muted  # Russia
    assert colour_at(detail, DETAIL, 86.0, 42.0) == colour_at(detail, DETAIL, 102.0, 35.0) == muted  # China
    assert colour_at(detail, DETAIL, 55.0, 33.0) == muted  # Iran
    for lon, lat in ((70.0, 48.0), (74.5, 41.5), (71.0, 38.8), (64.0, 41.0), (59.0, 39.0)):  # KZ KG TJ UZ TM
        assert colour_at(detail, DETAIL, lon, lat) == basemap_image.LAND_COLOR, (lon, lat)


def test_the_detail_picture_is_sharp_at_the_zoom_the_region_opens_with():
    """One picture pixel per screen pixel at ``DETAIL_ZOOM``: a map of the whole region
    (zoom about 4) shows it at half size, so its two-pixel borders are one pixel wide, and
    no map opens over an enlarged picture."""
    assert DETAIL.zoom == basemap_image.DETAIL_ZOOM and DETAIL.line_px == 2
    assert basemap_image.PICTURE_MAX_ZOOM <= DETAIL.zoom
    west, south, east, north = DETAIL.bounds
    assert west <= 44 and south <= 30 and east >= 100 and north >= 60  # the whole mapped box


def test_no_border_is_drawn_where_the_geodata_was_clipped_to_the_mapped_box():
    """At 1920 px the map of the whole region reaches past 44° E, where data/geo cut the
    countries to the mapped box: a dark line ran down Russia along the cut as if it were a
    border. Along 44° E from 45° to 55° N no country meets another; the picture draws no
    line there, and the real borders are still drawn (Kazakhstan and Russia on 50° N)."""
    detail = pixels((STATIC_DIRECTORY / DETAIL.file).read_bytes())
    column, top = DETAIL.pixel(44.0, 55.0)
    _, bottom = DETAIL.pixel(44.0, 45.0)
    strip = detail[top:bottom, column - 3 : column + 4]
    assert not (strip.max(axis=2) < 170).any(), "a dark line along the cut"
    (west, row), (east, _) = DETAIL.pixel(47.0, 50.0), DETAIL.pixel(47.5, 50.0)
    across = detail[row, west:east]  # across the Kazakh-Russian border, at 47.25° E on 50° N
    assert (across.max(axis=1) < 170).any(), "the real border is still drawn"


def test_the_outlines_served_are_the_ones_the_geodata_draws_and_skip_the_cut_edges():
    """The zoomed (vector) maps draw the countries' outlines from static/geo: a user who
    zoomed out of the Fergana Valley saw a border drawn down Russia along 44° E, where
    data/geo cut the countries to the mapped box. The served files are what
    ``python -m tmf.basemap_image`` draws today; no stretch of them runs along a cut, and
    the Kazakh-Russian border crosses 50° N between 47.0° and 47.5° E."""
    drawn = basemap_image.outline_files()
    for name, data in drawn.items():
        assert (STATIC_DIRECTORY / name).read_bytes() == data, f"run: python -m tmf.basemap_image ({name})"
    lines = [
        np.asarray(line)
        for data in drawn.values()
        for feature in json.loads(data)["features"]
        for line in feature["geometry"]["coordinates"]
    ]
    segments = np.concatenate([np.stack([line[:-1], line[1:]], axis=1) for line in lines])
    start, end = segments[:, 0], segments[:, 1]
    for edge in (44.0, 100.0):
        assert not ((np.abs(start[:, 0] - edge) < 1e-9) & (np.abs(end[:, 0] - edge) < 1e-9)).any(), edge
    for edge in (30.0, 60.0):
        assert not ((np.abs(start[:, 1] - edge) < 1e-9) & (np.abs(end[:, 1] - edge) < 1e-9)).any(), edge
    countries = json.loads(drawn["countries_outlines.geojson"])["features"][0]["geometry"]["coordinates"]
    crossing = [
        (a, b)
        for line in countries
        for a, b in zip(line[:-1], line[1:], strict=True)
        if (a[1] - 50.0) * (b[1] - 50.0) <= 0 and 47.0 <= a[0] <= 47.5
    ]
    assert crossing, "the real border is still drawn"
