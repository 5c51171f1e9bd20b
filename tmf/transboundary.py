"""Transboundary hotspots: the downstream path of every facility and why it is a hotspot.

For each facility: the receiving water (named in the inventory, else the nearest mapped
river, lake or sea within a set distance), the chain of rivers downstream, the first
point where that chain enters another country, the distance along the rivers to it, the
straight-line distance to the nearest land border of the facility's country, and where
the water ends (an endorheic lake or sea, a desert sink, or the edge of the map).

The hotspot rule follows docs/methodology.md §4.4: a facility is transboundary when
(a) its river path crosses a national border within ``max_river_km``, or (b) it lies
within ``max_border_km`` of a border in a straight line; this project adds (c) its water
ends in a shared sea or lake within reach (the Caspian and Aral seas). The reason is kept
as data (``reason_code``, ``reason_params``) and rendered by ``tmf.hotspots.hotspot_reason``.
Distances are geodesic kilometres on the WGS84 ellipsoid.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from tmf.geodata import GeoData, country_at, geodesic_km, load_geodata, match_receiving_water, position_km

__all__ = [
    "GeoData",
    "HotspotRule",
    "RESULT_COLUMNS",
    "downstream_paths",
    "load_geodata",
    "match_receiving_water",
    "transboundary_class",
]

RESULT_COLUMNS = (
    "facility_id",
    "traced_river",
    "river_source",
    "river_chain",
    "affected_countries",
    "crossing_lon",
    "crossing_lat",
    "river_km_to_border",
    "border_km",
    "endpoint",
    "endorheic",
    "shared_water",
    "path",
    "transboundary",
    "reason_code",
    "reason_params",
)
# Everything else is object, so that "no value" stays None (pandas would infer str and NaN).
COLUMN_DTYPES = dict.fromkeys(
    ("crossing_lon", "crossing_lat", "river_km_to_border", "border_km"), float
) | dict.fromkeys(("endorheic", "shared_water", "transboundary"), bool)
REQUIRED_COLUMNS = ("facility_id", "latitude", "longitude", "country", "receiving_river")


@dataclass(frozen=True)
class HotspotRule:
    """Distances (km) of the hotspot rule. All three are provisional project choices.

    max_river_km: the river path must cross a border within this distance along the rivers
        (methodology 4.4 (a), "estimated impact distance"). 1,000 km keeps Ridder, the
        reference transboundary case (a 2016 spill into the Ulba made towns down to Omsk
        in Russia take precautions, per UNECE), about 990 km from the Russian border.
    max_border_km: straight-line distance to a border (4.4 (b); 25 km echoes the
        Mailuu-Suu case, about 25 km from Uzbekistan). Also the reach of a shared sea or
        lake that is itself the receiving water (Koshkar-Ata, 8 km from the Caspian).
    max_snap_km: how far a facility without a named receiving water may be from a mapped
        river, lake or sea to be traced from it.
    """

    max_river_km: float = 1000.0
    max_border_km: float = 25.0
    max_snap_km: float = 30.0

    def __post_init__(self) -> None:
        for name in ("max_river_km", "max_border_km", "max_snap_km"):
            value = getattr(self, name)
            if not (isinstance(value, (int, float)) and value >= 0 and math.isfinite(value)):
                raise ValueError(f"The hotspot rule's {name} must be a distance of 0 km or more, not {value!r}.")


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


def downstream_paths(facilities: pd.DataFrame, geo: GeoData, rule: HotspotRule = HotspotRule()) -> pd.DataFrame:
    """One row per facility (same index) with its downstream path and hotspot verdict.

    facilities: columns facility_id, latitude, longitude (WGS84 degrees), country (ISO2;
    blank means the country containing the point) and receiving_river (free text; blank
    or unmatched means the nearest mapped water within ``rule.max_snap_km``).
    A named river is traced however far away it is (``reason_params['snap_km']`` says how
    far). Shared sea or lake within reach: reached along the rivers within
    ``max_river_km``, or, when it is the receiving water itself, within ``max_border_km``
    in a straight line (Koshkar-Ata, 8 km from the Caspian). ``affected_countries`` lists
    every country the river path enters down to its end (however far), plus the other
    shore countries of a shared sea or lake within reach. Columns: ``RESULT_COLUMNS``.
    """
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


def transboundary_class(df: pd.DataFrame) -> pd.Series:
    """Class for the TRI transboundary criterion: "river", "near_border", "shared_water" or "none".

    river: the river path crosses a border within reach (scored 2); near_border: only the
    straight-line rule holds (1); shared_water: only a shared sea or lake within reach (1,
    provisional); none (0). Takes the result of ``downstream_paths``.
    """
    classes = np.select(
        [df["reason_code"].eq("river_crosses_border"), df["reason_code"].eq("near_border"), df["shared_water"]],
        ["river", "near_border", "shared_water"],
        default="none",
    )
    return pd.Series(classes, index=df.index, name="transboundary_class")
