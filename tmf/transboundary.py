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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tmf.geodata import GeoData, country_at, load_geodata, match_receiving_water
from tmf.tracing import (
    RiverTraces,
    border_distances,
    receiving_waters,
    region_points,
    snap_to_water,
    trace_rivers,
    unique_codes,
)

__all__ = [
    "GeoData",
    "HotspotRule",
    "RESULT_COLUMNS",
    "downstream_paths",
    "load_geodata",
    "match_receiving_water",
    "traced_facilities",
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


@dataclass(frozen=True)
class _Located:
    """Each facility's point, countries, receiving water and distances (one entry each)."""

    lonlat: np.ndarray
    own: np.ndarray
    target: np.ndarray  # receiving-water id or None
    snapped: np.ndarray
    snap_km: np.ndarray
    border_km: np.ndarray
    neighbour: np.ndarray


def _verdicts(geo: GeoData, rule: HotspotRule, traces: RiverTraces, at: _Located) -> dict[str, np.ndarray]:
    """Where each facility's water ends and the hotspot verdict, by array (docs/methodology.md 4.4)."""
    on_river = traces.stretch >= 0
    on_water = ~on_river & np.isin(at.target.astype(str), list(geo.water_bodies))
    ends = [s.endpoint for s in traces.stretches]
    endpoint = np.where(on_water, at.target, None)
    endpoint[on_river] = np.array(ends, dtype=object)[traces.stretch[on_river]]
    water_km = np.where(on_river, traces.water_km, np.where(on_water, at.snap_km, np.nan))
    water = [geo.water_bodies.get(e) if e else None for e in endpoint]
    # A river without a water body at its end is endorheic when it ends in a sink; the last
    # entry (False) is what index -1 (not on a river) picks.
    sink = np.array([s.mouth == "sink" for s in traces.stretches] + [False], dtype=bool)[traces.stretch]
    endorheic = np.array([bool(w.endorheic) if w else sink[i] for i, w in enumerate(water)], dtype=bool)
    reach = np.where(on_river, rule.max_river_km, rule.max_border_km)
    shared = np.array([bool(w and w.shared) for w in water], dtype=bool) & (water_km <= reach)
    river_hit = traces.crossing_km <= rule.max_river_km
    near = at.border_km <= rule.max_border_km
    code = np.select(
        [river_hit, near, shared, ~(on_river | on_water), ~np.isnan(traces.crossing_km)],
        ["river_crosses_border", "near_border", "shared_sea", "no_river", "river_crosses_far"],
        np.where(endorheic, "endorheic_internal", "internal"),
    ).astype(object)
    code[np.isnan(at.lonlat).any(axis=1)] = "no_location"
    return {
        "crossing_lon": traces.crossing_point[:, 0],
        "crossing_lat": traces.crossing_point[:, 1],
        "river_km_to_border": traces.crossing_km,
        "border_km": at.border_km,
        "endpoint": endpoint,
        "endorheic": endorheic,
        "shared_water": shared,
        "transboundary": river_hit | near | shared,
        "reason_code": code,
        "water_km": water_km,
        "water": water,
        "on_water": on_water,
    }


def _per_facility(
    geo: GeoData, rule: HotspotRule, traces: RiverTraces, at: _Located, verdicts: dict, details: bool
) -> dict:
    """The columns that hold a Python object per facility: the river chain, the affected
    countries, the path and the reason's parameters (``tmf.hotspots.hotspot_reason``); the
    last two None without ``details``."""
    water, water_km, on_water = verdicts.pop("water"), verdicts.pop("water_km"), verdicts.pop("on_water")
    names: dict[tuple, dict] = {}  # one names mapping per distinct set of ids, shared (read-only)
    # Most facilities of a large inventory reach no river, lake or sea: their columns are
    # filled at once, and only the others are gone through one by one.
    untraced = ~(traces.stretch >= 0) & ~on_water
    n = len(untraced)
    columns: dict[str, list] = {
        "river_chain": [()] * n,
        "affected_countries": [()] * n,
        "path": [[] for _ in range(n)] if details else [None] * n,
        "reason_params": _untraced_params(geo, rule, at, names, untraced) if details else [None] * n,
    }
    stretches = traces.stretch.tolist()
    rounded = {
        "border": tenths(at.border_km),
        "crossing": tenths(traces.crossing_km),
        "snap": tenths(at.snap_km),
        "water": tenths(water_km),
        "water_numpy": np.round(water_km, 1),  # what round(np.float64(km), 1) gives, as np.float64
    }
    for i in np.flatnonzero(~untraced).tolist():
        k = stretches[i]
        stretch = traces.stretches[k] if k >= 0 else None
        shared = bool(verdicts["shared_water"][i])
        own, target, neighbour = at.own[i], at.target[i], at.neighbour[i]
        affected = stretch.affected if stretch else ()
        if shared:
            affected = unique_codes([*affected, *water[i].countries], own)
        chain = stretch.chain if stretch else ()
        columns["river_chain"][i] = tuple(chain)
        columns["affected_countries"][i] = tuple(affected)
        if not details:
            continue
        traced = stretch is not None or bool(on_water[i])
        if stretch:
            path = [at.lonlat[i].tolist(), at.snapped[i].tolist(), *_inner_path(geo, target, traces.inner[i])]
            path += [traces.crossing_point[i].tolist()] if stretch.crossing_country else []
        else:
            path = [at.lonlat[i].tolist(), at.snapped[i].tolist()] if traced else []
        ids = (*chain, *affected, *([verdicts["endpoint"][i]] if traced else []), *([neighbour] if neighbour else []))
        ids += (target,) if target else ()
        params = _params(rule, stretch, traced, i, at, traces, verdicts, water_km[i], rounded)
        params["shared_with"] = [c for c in water[i].countries if c != own] if shared else []
        params["names"] = _names(geo, names, ids)
        columns["path"][i] = path
        columns["reason_params"][i] = params
    return columns


def _names(geo: GeoData, names: dict[tuple, dict], ids: tuple) -> dict:
    """The names of ``ids`` (en/ru/kk), made once per distinct ids and shared (read-only)."""
    if ids not in names:
        names[ids] = {j: dict(geo.names_of(j)) for j in dict.fromkeys(ids)}
    return names[ids]


def _untraced_params(geo: GeoData, rule: HotspotRule, at: _Located, names: dict, untraced: np.ndarray) -> list:
    """The reason's parameters of each facility traced to no water, at its position (None
    at the others)."""
    rows = np.flatnonzero(untraced)
    border_km = [None if math.isnan(km) else km for km in tenths(at.border_km[rows])]
    params: list = [None] * len(untraced)
    for i, km, neighbour, target in zip(rows.tolist(), border_km, at.neighbour[rows], at.target[rows], strict=True):
        ids = ((neighbour,) if neighbour else ()) + ((target,) if target else ())
        params[i] = {
            "river": None,
            "rivers": [],
            "crossing_country": None,
            "river_km": None,
            "snap_km": None,
            "border_km": km,
            "border_country": neighbour,
            "water": None,
            "water_km": None,
            "shared_with": [],
            "endorheic": False,
            "max_river_km": rule.max_river_km,
            "max_border_km": rule.max_border_km,
            "max_snap_km": rule.max_snap_km,
            "names": _names(geo, names, ids),
        }
    return params


def _inner_path(geo: GeoData, river_id: str, inner: np.ndarray) -> list:
    return geo.downstream[river_id].lonlat[inner[0] : inner[1]].tolist()


def tenths(values: np.ndarray) -> list[float]:
    """``round(value, 1)`` of every value (Python's rounding of the exact decimal value), by
    array: ten times the value is rounded once (10 is exact), so its nearest integer N is
    right unless it lies at a half, and N / 10 rounds once as ``round`` does. Halves and
    huge values are rounded one by one; NaN and infinities stay as they are."""
    x = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore", over="ignore"):
        ten = x * 10.0
        sure = np.isfinite(ten) & (np.abs(ten) < 2.0**52) & (np.abs(ten - np.floor(ten) - 0.5) > 0)
        result = np.where(sure, np.rint(ten) / 10.0, x)
    others = np.flatnonzero(~sure & np.isfinite(x))  # NaN and infinities round to themselves
    result[others] = [round(value, 1) for value in x[others].tolist()]
    return result.tolist()


def _params(rule, stretch, traced, i, at, traces, verdicts, water_km, rounded) -> dict:
    """The reason's parameters of facility ``i`` (without shared_with and names); ``rounded``
    holds each facility's border, crossing, snap and water km in tenths (``tenths``)."""
    crossed = bool(stretch and stretch.crossing_country)
    # The snapped distance is the water's distance for a lake or sea (numpy rounding, as before).
    if traced and not stretch:
        water_km = rounded["water_numpy"][i]
    elif traced:
        water_km = rounded["water"][i]
    border_km = rounded["border"][i]
    return {
        "river": at.target[i] if stretch else None,
        "rivers": list(stretch.rivers) if stretch else [],
        "crossing_country": stretch.crossing_country if crossed else None,
        "river_km": rounded["crossing"][i] if crossed else None,
        "snap_km": rounded["snap"][i] if traced else None,
        "border_km": None if math.isnan(border_km) else border_km,
        "border_country": at.neighbour[i],
        "water": verdicts["endpoint"][i] if traced else None,
        "water_km": water_km if traced else None,
        "shared_with": [],
        "endorheic": bool(verdicts["endorheic"][i]),
        "max_river_km": rule.max_river_km,
        "max_border_km": rule.max_border_km,
        "max_snap_km": rule.max_snap_km,
        "names": {},
    }


def downstream_paths(
    facilities: pd.DataFrame, geo: GeoData, rule: HotspotRule = HotspotRule(), details: bool = True
) -> pd.DataFrame:
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

    Without ``details``, ``path`` and ``reason_params`` are None (the Python objects of every
    facility, most of the cost past the geometry) and ``border_km`` is NaN where the border
    is well beyond ``max_border_km`` (``LEAN_BORDER_SEARCH``): a caller that shows a few
    facilities traces those again, as a facility's tracing does not depend on the others.
    """
    return traced_facilities(facilities, geo, rule, details)[0]


def traced_facilities(
    facilities: pd.DataFrame, geo: GeoData, rule: HotspotRule = HotspotRule(), details: bool = True
) -> tuple[pd.DataFrame, np.ndarray]:
    """``downstream_paths`` and the neighbour across each facility's nearest land border
    (``reason_params['border_country']``: None where there is none), also without details."""
    missing = [c for c in REQUIRED_COLUMNS if c not in facilities.columns]
    if missing:
        raise ValueError(f"The facilities table lacks the column(s) {', '.join(missing)}.")
    lonlat = facilities[["longitude", "latitude"]].to_numpy(dtype=float)
    points = region_points(geo, lonlat)
    given = facilities["country"].astype(object).where(facilities["country"].notna(), "")
    own = _country_codes(given.to_numpy())
    located = country_at(geo.countries, lonlat)
    own = np.where(own == "", located, own)
    border_km, neighbour = border_distances(geo, own, lonlat, points, None if details else _lean_border_m(rule))
    target, source = receiving_waters(geo, facilities["receiving_river"], points, rule.max_snap_km)
    snapped, snap_km, along = snap_to_water(geo, target, points, lonlat)
    too_far = (source == "nearest") & ~(snap_km <= rule.max_snap_km)
    target[too_far], source[too_far] = None, "none"
    traced = ~np.isnan(snapped[:, 0])
    here = np.full(len(target), "", dtype=object)
    here[traced] = country_at(geo.countries, snapped[traced])
    traces = trace_rivers(geo, target, along, snapped, here, own)
    located = _Located(lonlat, own, target, snapped, snap_km, border_km, neighbour)
    columns = _verdicts(geo, rule, traces, located)
    columns |= _per_facility(geo, rule, traces, located, columns, details)
    columns |= {"facility_id": facilities["facility_id"].tolist(), "traced_river": target, "river_source": source}
    frame = pd.DataFrame(
        {c: pd.Series(columns[c], index=facilities.index, dtype=COLUMN_DTYPES.get(c, object)) for c in RESULT_COLUMNS}
    )
    return frame, neighbour


# Without details the nearest border is searched only within max_border_km x 3 + 10 km
# (projected metres): the geodata's countries lie between 30 and 60 N, and within 200 km of
# them the region's conic projection makes a distance at most 1.04 times longer than it is
# (tests/tmf/test_tracing.py checks it), so every facility within max_border_km of
# its border is found and measured exactly as with details. A rule reaching farther than
# 200 km searches everywhere.
LEAN_BORDER_SEARCH = (3.0, 10_000.0, 200.0)


def _lean_border_m(rule: HotspotRule) -> float | None:
    factor, extra_m, farthest_km = LEAN_BORDER_SEARCH
    return None if rule.max_border_km > farthest_km else factor * rule.max_border_km * 1000.0 + extra_m


def _country_codes(given: np.ndarray) -> np.ndarray:
    """``str(c).strip().upper()`` of every cell, once per distinct text (an inventory repeats
    a few countries); cells of other types one by one (hashing would take 1 and True alike)."""
    codes, distinct = pd.factorize(given)
    if len(codes) and all(isinstance(value, str) for value in distinct) and codes.min() >= 0:
        return np.array([str(c).strip().upper() for c in distinct], dtype=object)[codes]
    return np.array([str(c).strip().upper() for c in given], dtype=object)


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
