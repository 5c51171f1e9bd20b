"""Where each facility's water goes, by array: its point in the region's projection, the
nearest land border, its receiving water (named, else the nearest within reach), the point
it is snapped to, and the downstream facts of every facility on a mapped river.

Facilities on the same river are traced together: which border crossings lie downstream is
one comparison per facility and crossing, and the facts the facilities of one stretch share
(the countries entered, the rivers to the first crossing, where the water ends) are worked
out once per stretch. ``tmf.transboundary.downstream_paths`` turns these into its verdicts;
tests/tmf/test_tracing.py checks them against the plain per-facility tracer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from tmf.geodata import GeoData, _pieces, geodesic_km, match_receiving_water, position_km


def region_points(geo: GeoData, lonlat: np.ndarray) -> np.ndarray:
    x, y = geo.to_region.transform(lonlat[:, 0], lonlat[:, 1])
    return shapely.points(np.column_stack([x, y]))


def to_lonlat(geo: GeoData, region_points: np.ndarray) -> np.ndarray:
    xy = shapely.get_coordinates(region_points)
    lon, lat = geo.from_region.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


def border_distances(
    geo: GeoData, own: np.ndarray, lonlat: np.ndarray, points: np.ndarray, within_m: float | None = None
):
    """Geodesic km to the nearest land border of each facility's own country, and the neighbour.
    With ``within_m``, only for facilities within that many projected metres of it (NaN and
    None farther): the search stops early for the others."""
    km = np.full(len(own), np.nan)
    neighbour = np.full(len(own), None, dtype=object)
    for iso2 in pd.unique(own):
        country = geo.countries.get(iso2)
        rows = np.flatnonzero(own == iso2)
        if within_m is not None:  # GEOS refuses a bounded search from a point without coordinates
            rows = rows[~np.isnan(lonlat[rows]).any(axis=1)]
        if country is None or country.border_tree is None or not len(rows):
            continue
        found, pieces = _nearest_pieces(country.border_tree, country.border_parts, points[rows], within_m)
        rows = rows[found]
        parts = np.array(country.border_parts, dtype=object)[pieces]
        on_border = shapely.get_coordinates(shapely.shortest_line(parts, points[rows])).reshape(-1, 2, 2)[:, 0]
        km[rows] = geodesic_km(lonlat[rows], to_lonlat(geo, shapely.points(on_border)))
        neighbour[rows] = np.array(country.border_neighbours, dtype=object)[pieces]
    return km, neighbour


def _nearest_pieces(
    tree: shapely.STRtree, parts: Sequence, points: np.ndarray, within_m: float | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """What ``tree.query_nearest(points, all_matches=False)`` returns for the tree of
    ``parts``, searched among the parts cut into 4 vertices (fewer segments per candidate);
    a point equally near two parts is asked of ``tree`` itself, as before. With ``within_m``
    only the points within that distance are found (the same answer for them)."""
    cut, owner = [], []
    for position, part in enumerate(parts):
        pieces = _pieces(part, 4)
        cut += pieces
        owner += [position] * len(pieces)
    hits = shapely.STRtree(cut).query_nearest(points, max_distance=within_m, all_matches=True)
    again = lambda tied: tree.query_nearest(tied, all_matches=False)  # noqa: E731
    return _untied(hits[0], np.asarray(owner)[hits[1]], points, again)


def _untied(found: np.ndarray, owner: np.ndarray, points: np.ndarray, again) -> tuple[np.ndarray, np.ndarray]:
    """One (point, feature) per point found; points with several nearest features are
    answered by ``again(their points)`` (positions within them, features)."""
    # The distinct (point, feature) pairs in order, as one sorted key each (np.unique of the
    # pairs as rows gives the same, several times slower).
    width = int(owner.max()) + 1 if len(owner) else 1
    pairs = np.unique(found.astype(np.int64) * width + owner)
    found, owner = pairs // width, pairs % width
    tied = np.bincount(found, minlength=len(points)) > 1
    keep = ~tied[found]
    found, owner = found[keep], owner[keep]
    if tied.any():
        rows = np.flatnonzero(tied)
        answer = again(points[rows])
        found, owner = np.concatenate([found, rows[answer[0]]]), np.concatenate([owner, answer[1]])
    return found, owner


def receiving_waters(geo: GeoData, names: pd.Series, points: np.ndarray, max_snap_km: float):
    """Receiving-water id and its source ("inventory" | "nearest" | "none") per facility."""
    texts = [text if isinstance(text, str) else "" for text in names.astype(object)]
    matched = {text: match_receiving_water(text, geo) for text in set(texts)}
    target = np.array([matched[text] for text in texts], dtype=object)
    source = np.where(pd.isna(target), "none", "inventory").astype(object)
    located = ~np.isnan(shapely.get_coordinates(points)).any(axis=1)
    target[~located] = None
    source[~located] = "none"
    blank = np.flatnonzero(pd.isna(target) & located)
    if len(blank):
        # Search a little wider in projected metres: the geodesic test follows in snap_to_water.
        found, feature = nearest_water(geo, points[blank], 1.05 * max_snap_km * 1000.0)
        rows = blank[found]
        target[rows] = np.array([*geo.rivers, *geo.water_bodies], dtype=object)[feature]
        source[rows] = "nearest"
    return target, source


def nearest_water(geo: GeoData, points: np.ndarray, max_m: float) -> tuple[np.ndarray, np.ndarray]:
    """For each point within ``max_m`` metres of a river, lake or sea: its position in
    ``points`` and the nearest feature's position among the rivers, then the water bodies.

    Rivers are searched cut into pieces of 4 vertices (a candidate costs a few segments, not
    hundreds: about 8x faster at 100,000 facilities); the distance to a river is the least
    distance to its pieces, so the nearest river is the same. A lake or sea is 0 away from
    a point it covers (one test against the prepared shape) and otherwise as far as its
    shore, which is searched cut into pieces the same way (the Caspian's 800-vertex outline
    was most of the search). A point equally near two features (beside a confluence) takes
    the one the tree of whole features returns, as before.
    """
    shapes = [*(r.region for r in geo.rivers.values()), *(w.region for w in geo.water_bodies.values())]
    river_pieces, river_owner = [], []
    for position, river in enumerate(geo.rivers.values()):
        cut = _pieces(river.region, 4)
        river_pieces += cut
        river_owner += [position] * len(cut)
    shore_pieces, shore_owner, covered = [], [], []
    for position, water in enumerate(geo.water_bodies.values(), start=len(geo.rivers)):
        cut = _pieces(water.region.boundary, 4)
        shore_pieces += cut
        shore_owner += [position] * len(cut)
        inside = np.flatnonzero(shapely.intersects(water.region, points))  # prepared (tmf.geodata)
        covered.append((inside, np.full(len(inside), position)))
    within = np.zeros(len(points), dtype=bool)
    for inside, _ in covered:
        within[inside] = True
    # A covered point is 0 away from its water, and from a river only if that is 0 away too.
    on = np.flatnonzero(within)
    near, gap = shapely.STRtree(river_pieces).query_nearest(
        points[on], max_distance=max_m, all_matches=True, return_distance=True
    )
    touching = near[:, gap == 0]
    # Any other point: the nearest rivers and shores, as far as the whole shapes are.
    away = np.flatnonzero(~within)
    tree = shapely.STRtree(river_pieces + shore_pieces)
    hits = tree.query_nearest(points[away], max_distance=max_m, all_matches=True)
    owner = np.asarray(river_owner + shore_owner, dtype=np.int64)
    found = [away[hits[0]], on[touching[0]], *(inside for inside, _ in covered)]
    feature = [owner[hits[1]], owner[touching[1]], *(position for _, position in covered)]
    whole = shapely.STRtree(shapes)
    again = lambda tied: whole.query_nearest(tied, max_distance=max_m, all_matches=False)  # noqa: E731
    return _untied(np.concatenate(found).astype(np.int64), np.concatenate(feature), points, again)


def snap_to_water(geo: GeoData, target: np.ndarray, points: np.ndarray, lonlat: np.ndarray):
    """Nearest point on each facility's receiving water: (lon, lat), km away, km along the river."""
    snapped = np.full((len(target), 2), np.nan)
    along = np.full(len(target), np.nan)
    for feature_id in pd.unique(target[pd.notna(target)]):
        rows = np.flatnonzero(target == feature_id)
        if feature_id in geo.rivers:
            river = geo.rivers[feature_id]
            on = shapely.line_interpolate_point(river.region, shapely.line_locate_point(river.region, points[rows]))
            along[rows] = position_km(river, on)
        else:
            water = geo.water_bodies[feature_id].region
            inside = shapely.contains(water, points[rows])
            shore = shapely.get_coordinates(shapely.shortest_line(water.boundary, points[rows])).reshape(-1, 2, 2)[:, 0]
            on = np.where(inside, points[rows], shapely.points(shore))
        snapped[rows] = to_lonlat(geo, on)
    distance = np.full(len(target), np.nan)
    known = ~np.isnan(snapped[:, 0])
    distance[known] = geodesic_km(lonlat[known], snapped[known])
    return snapped, distance, along


def unique_codes(items: Sequence[str], skip: str) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        if item and item != skip and item not in out:
            out.append(item)
    return tuple(out)


@dataclass(frozen=True)
class Stretch:
    """What the facilities on one stretch of a river share: the same crossings still ahead,
    the same country at the snapped point and the same own country."""

    chain: tuple[str, ...]  # river ids down to the end of the path
    rivers: tuple[str, ...]  # down to the first crossing (the whole chain without one)
    affected: tuple[str, ...]  # countries the path enters (the snapped point's first)
    crossing_country: str | None  # the first country entered, None without a crossing
    endpoint: str
    mouth: str


def stretch_facts(geo: GeoData, river_id: str, ahead: np.ndarray, here: str, own: str) -> Stretch:
    """The shared facts of a stretch: ``ahead`` marks the river's crossings downstream of it.

    ``here`` is the country at the snapped point: if it is not the facility's own country
    the river is already across the border (a border river such as the Chu), at 0 km.
    """
    down = geo.downstream[river_id]
    later = np.flatnonzero(ahead)
    affected = unique_codes([here, *(down.entry_country[j] for j in later)], own)
    crossing = None
    if here and here != own:
        crossing = (here, river_id)
    else:
        first = next((j for j in later if down.entry_country[j] != own), None)
        if first is not None:
            crossing = (down.entry_country[first], down.entry_river[first])
    rivers = down.chain[: down.chain.index(crossing[1]) + 1] if crossing else down.chain
    mouth = geo.rivers[down.chain[-1]].mouth
    return Stretch(down.chain, rivers, affected, crossing and crossing[0], down.endpoint, mouth)


@dataclass(frozen=True)
class RiverTraces:
    """Facilities traced down their rivers: ``stretch`` indexes ``stretches`` (-1: not on a
    river); km are NaN where there is nothing to measure; ``inner`` is the slice of the
    downstream vertices between the snapped point and the crossing (or the end)."""

    stretches: list[Stretch]
    stretch: np.ndarray
    crossing_km: np.ndarray
    crossing_point: np.ndarray  # (n, 2) lon/lat
    water_km: np.ndarray  # km along the rivers from the snapped point to the end
    inner: np.ndarray  # (n, 2) first and last (excluded) vertex


def trace_rivers(geo: GeoData, target: np.ndarray, along: np.ndarray, snapped: np.ndarray, here, own):
    """Trace every facility on a mapped river, by array over the facilities of each river."""
    n = len(target)
    traces = RiverTraces(
        [],
        np.full(n, -1),
        np.full(n, np.nan),
        np.full((n, 2), np.nan),
        np.full(n, np.nan),
        np.zeros((n, 2), dtype=np.int64),
    )
    for river_id in pd.unique(target[pd.notna(target)]):
        if river_id in geo.rivers:
            _trace_river(geo, river_id, np.flatnonzero(target == river_id), along, snapped, here, own, traces)
    return traces


def _trace_river(geo: GeoData, river_id: str, rows: np.ndarray, along, snapped, here, own, traces) -> None:
    """Fill ``traces`` for the facilities at ``rows``, all snapped to ``river_id``."""
    down = geo.downstream[river_id]
    at, own, here = along[rows], own[rows], here[rows]
    ahead = down.entry_km[None, :] > at[:, None]  # (facilities, crossings)
    across = (here != "") & (here != own)
    abroad = ahead & (np.array(down.entry_country, dtype=object)[None, :] != own[:, None]) & ~across[:, None]
    first = abroad.argmax(axis=1) if abroad.shape[1] else np.zeros(len(rows), dtype=np.int64)
    onward = abroad.any(axis=1)
    patterns = np.unique(ahead, axis=0, return_inverse=True)[1].reshape(-1) if ahead.shape[1] else np.zeros(len(rows))
    keys: dict[tuple, int] = {}
    for position, key in enumerate(zip(patterns.tolist(), here.tolist(), own.tolist(), strict=True)):
        if key not in keys:
            keys[key] = len(traces.stretches)
            traces.stretches.append(stretch_facts(geo, river_id, ahead[position], key[1], key[2]))
        traces.stretch[rows[position]] = keys[key]
    entry_km = down.entry_km[first] if len(down.entry_km) else np.full(len(rows), np.nan)
    crossing_km = np.where(across, 0.0, np.where(onward, entry_km - at, np.nan))
    traces.crossing_km[rows] = crossing_km
    if len(down.entry_km):
        traces.crossing_point[rows[onward]] = down.entry_point[first[onward]]
    traces.crossing_point[rows[across]] = snapped[rows[across]]
    crossed = across | onward
    stop = at + np.where(crossed, crossing_km, down.km[-1] - at)
    # km is cumulative, so the vertices strictly between the snapped point and the stop are one slice.
    low = np.searchsorted(down.km, at, side="right")
    traces.inner[rows] = np.column_stack([low, np.maximum(low, np.searchsorted(down.km, stop, side="left"))])
    traces.water_km[rows] = down.km[-1] - at
