"""The per-facility downstream tracer as it was before tracing by river (tmf.transboundary
before issue 14), kept as the plain reference the vectorised tracer is compared with: one
facility at a time, every fact computed again for each. Not used by the product."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely

from tmf.geodata import GeoData, country_at, geodesic_km, match_receiving_water, position_km
from tmf.transboundary import COLUMN_DTYPES, REQUIRED_COLUMNS, RESULT_COLUMNS, HotspotRule


def _region_points(geo: GeoData, lonlat: np.ndarray) -> np.ndarray:
    x, y = geo.to_region.transform(lonlat[:, 0], lonlat[:, 1])
    return shapely.points(np.column_stack([x, y]))


def _to_lonlat(geo: GeoData, region_points: np.ndarray) -> np.ndarray:
    xy = shapely.get_coordinates(region_points)
    lon, lat = geo.from_region.transform(xy[:, 0], xy[:, 1])
    return np.column_stack([lon, lat])


def _border_distances(geo: GeoData, own: np.ndarray, lonlat: np.ndarray, points: np.ndarray):
    """Geodesic km to the nearest land border of each facility's own country, and the neighbour."""
    km = np.full(len(own), np.nan)
    neighbour = np.full(len(own), None, dtype=object)
    for iso2 in pd.unique(own):
        country = geo.countries.get(iso2)
        rows = np.flatnonzero(own == iso2)
        if country is None or country.border_tree is None or not len(rows):
            continue
        nearest = country.border_tree.query_nearest(points[rows], all_matches=False)
        rows, pieces = rows[nearest[0]], nearest[1]
        parts = np.array(country.border_parts, dtype=object)[pieces]
        on_border = shapely.get_coordinates(shapely.shortest_line(parts, points[rows])).reshape(-1, 2, 2)[:, 0]
        km[rows] = geodesic_km(lonlat[rows], _to_lonlat(geo, shapely.points(on_border)))
        neighbour[rows] = np.array(country.border_neighbours, dtype=object)[pieces]
    return km, neighbour


def _targets(geo: GeoData, names: pd.Series, points: np.ndarray, rule: HotspotRule):
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
        ids = [*geo.rivers, *geo.water_bodies]
        shapes = [*(r.region for r in geo.rivers.values()), *(w.region for w in geo.water_bodies.values())]
        tree = shapely.STRtree(shapes)
        # Search a little wider in projected metres: the geodesic test follows in _snap.
        hits = tree.query_nearest(points[blank], max_distance=1.05 * rule.max_snap_km * 1000.0, all_matches=False)
        rows = blank[hits[0]]
        target[rows] = np.array(ids, dtype=object)[hits[1]]
        source[rows] = "nearest"
    return target, source


def _snap(geo: GeoData, target: np.ndarray, points: np.ndarray, lonlat: np.ndarray):
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
        snapped[rows] = _to_lonlat(geo, on)
    distance = np.full(len(target), np.nan)
    known = ~np.isnan(snapped[:, 0])
    distance[known] = geodesic_km(lonlat[known], snapped[known])
    return snapped, distance, along


def _unique(items: Sequence[str], skip: str) -> tuple[str, ...]:
    out: list[str] = []
    for item in items:
        if item and item != skip and item not in out:
            out.append(item)
    return tuple(out)


def _trace_river(geo: GeoData, river_id: str, along: float, snapped: np.ndarray, here: str, own: str) -> dict:
    """Downstream facts of one facility snapped to ``river_id`` at ``along`` km from its source.

    ``here`` is the country at the snapped point: if it is not the facility's own country
    the river is already across the border (a border river such as the Chu), at 0 km.
    """
    down = geo.downstream[river_id]
    later = np.flatnonzero(down.entry_km > along)
    entered = [down.entry_country[j] for j in later]
    affected = _unique([here, *entered], own)
    crossing = None
    if here and here != own:
        crossing = (0.0, snapped, here, river_id)
    else:
        first = next((j for j in later if down.entry_country[j] != own), None)
        if first is not None:
            crossing = (
                down.entry_km[first] - along,
                down.entry_point[first],
                down.entry_country[first],
                down.entry_river[first],
            )
    stop = along + (crossing[0] if crossing else down.km[-1] - along)
    inner = (down.km > along) & (down.km < stop)
    tail = [crossing[1]] if crossing else []
    path = np.vstack([snapped[None, :], down.lonlat[inner], *(np.reshape(x, (1, 2)) for x in tail)])
    rivers = down.chain[: down.chain.index(crossing[3]) + 1] if crossing else down.chain
    return {
        "chain": down.chain,
        "rivers": rivers,
        "affected": affected,
        "crossing": crossing,
        "path": path,
        "endpoint": down.endpoint,
        "water_km": float(down.km[-1] - along),
        "mouth": geo.rivers[down.chain[-1]].mouth,
    }


def _trace_water(water_id: str, snapped: np.ndarray, snap_km: float) -> dict:
    return {
        "chain": (),
        "rivers": (),
        "affected": (),
        "crossing": None,
        "path": snapped[None, :],
        "endpoint": water_id,
        "water_km": snap_km,
        "mouth": "water_body",
    }


def _reason_code(river_hit: bool, near: bool, shared: bool, trace: dict | None, endorheic: bool) -> str:
    """The main reason, first that applies: river_crosses_border, near_border, shared_sea
    (hotspots); no_river, river_crosses_far (beyond max_river_km), endorheic_internal,
    internal. A facility without coordinates gets no_location (set by the caller)."""
    if river_hit:
        return "river_crosses_border"
    if near:
        return "near_border"
    if shared:
        return "shared_sea"
    if trace is None:
        return "no_river"
    if trace["crossing"] is not None:
        return "river_crosses_far"
    return "endorheic_internal" if endorheic else "internal"


def _row(
    geo: GeoData,
    rule: HotspotRule,
    fid,
    lonlat,
    own,
    target,
    source,
    snapped,
    here,
    snap_km,
    along,
    border_km,
    neighbour,
) -> dict:
    """All result columns for one facility."""
    trace = None
    if target in geo.rivers:
        trace = _trace_river(geo, target, along, snapped, here, own)
    elif target in geo.water_bodies:
        trace = _trace_water(target, snapped, snap_km)
    water = geo.water_bodies.get(trace["endpoint"]) if trace else None
    endorheic = bool(water.endorheic) if water else bool(trace and trace["mouth"] == "sink")
    reach = rule.max_river_km if trace and trace["chain"] else rule.max_border_km
    shared = bool(water and water.shared and trace["water_km"] <= reach)
    crossing = trace["crossing"] if trace else None
    river_hit = bool(crossing and crossing[0] <= rule.max_river_km)
    near = bool(border_km <= rule.max_border_km)
    affected = trace["affected"] if trace else ()
    if shared:
        affected = _unique([*affected, *water.countries], own)
    code = _reason_code(river_hit, near, shared, trace, endorheic)
    if np.isnan(lonlat).any():
        code = "no_location"
    path = np.vstack([lonlat[None, :], trace["path"]]).tolist() if trace else []
    ids = [
        *(trace["chain"] if trace else ()),
        *affected,
        *([trace["endpoint"]] if trace else []),
        *([neighbour] if neighbour else []),
        *([target] if target else []),
    ]
    params = {
        "river": target if target in geo.rivers else None,
        "rivers": list(trace["rivers"]) if trace else [],
        "crossing_country": crossing[2] if crossing else None,
        "river_km": round(float(crossing[0]), 1) if crossing else None,
        "snap_km": round(float(snap_km), 1) if trace else None,
        "border_km": None if math.isnan(border_km) else round(float(border_km), 1),
        "border_country": neighbour,
        "water": trace["endpoint"] if trace else None,
        "water_km": round(trace["water_km"], 1) if trace else None,
        "shared_with": [c for c in water.countries if c != own] if shared else [],
        "endorheic": endorheic,
        "max_river_km": rule.max_river_km,
        "max_border_km": rule.max_border_km,
        "max_snap_km": rule.max_snap_km,
        "names": {i: dict(geo.names_of(i)) for i in dict.fromkeys(ids)},
    }
    return {
        "facility_id": fid,
        "traced_river": target,
        "river_source": source,
        "river_chain": tuple(trace["chain"]) if trace else (),
        "affected_countries": tuple(affected),
        "crossing_lon": float(crossing[1][0]) if crossing else np.nan,
        "crossing_lat": float(crossing[1][1]) if crossing else np.nan,
        "river_km_to_border": float(crossing[0]) if crossing else np.nan,
        "border_km": float(border_km),
        "endpoint": trace["endpoint"] if trace else None,
        "endorheic": endorheic,
        "shared_water": shared,
        "path": path,
        "transboundary": river_hit or near or shared,
        "reason_code": code,
        "reason_params": params,
    }


def reference_downstream_paths(
    facilities: pd.DataFrame, geo: GeoData, rule: HotspotRule = HotspotRule()
) -> pd.DataFrame:
    """What tmf.transboundary.downstream_paths returns, computed one facility at a time."""
    missing = [c for c in REQUIRED_COLUMNS if c not in facilities.columns]
    if missing:
        raise ValueError(f"The facilities table lacks the column(s) {', '.join(missing)}.")
    lonlat = facilities[["longitude", "latitude"]].to_numpy(dtype=float)
    points = _region_points(geo, lonlat)
    given = facilities["country"].astype(object).where(facilities["country"].notna(), "")
    own = np.array([str(c).strip().upper() for c in given], dtype=object)
    located = country_at(geo.countries, lonlat)
    own = np.where(own == "", located, own)
    border_km, neighbour = _border_distances(geo, own, lonlat, points)
    target, source = _targets(geo, facilities["receiving_river"], points, rule)
    snapped, snap_km, along = _snap(geo, target, points, lonlat)
    too_far = (source == "nearest") & ~(snap_km <= rule.max_snap_km)
    target[too_far], source[too_far] = None, "none"
    traced = ~np.isnan(snapped[:, 0])
    here = np.full(len(target), "", dtype=object)
    here[traced] = country_at(geo.countries, snapped[traced])
    rows = [
        _row(
            geo,
            rule,
            fid,
            lonlat[i],
            own[i],
            target[i],
            source[i],
            snapped[i],
            here[i],
            snap_km[i],
            along[i],
            border_km[i],
            neighbour[i],
        )
        for i, fid in enumerate(facilities["facility_id"].tolist())
    ]
    return pd.DataFrame(
        {
            c: pd.Series([r[c] for r in rows], index=facilities.index, dtype=COLUMN_DTYPES.get(c, object))
            for c in RESULT_COLUMNS
        }
    )
