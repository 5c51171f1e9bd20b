"""The tracer that works by array over the facilities of each river gives, facility by
facility, exactly what the plain per-facility tracer gave (tests/tmf/transboundary_reference.py):
the same values of the same types, on the illustrative inventory and on synthetic ones with
every kind of facility (named, nearest and unknown rivers, lakes and seas, blank countries,
no coordinates, points beside the ends of rivers where two rivers are equally near)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from bench.synthetic import synthetic_inventory
from tests.tmf.transboundary_reference import reference_downstream_paths
from tmf.inventory import load_inventory
from tmf.tracing import nearest_water, region_points, unique_codes
from tmf.transboundary import HotspotRule, downstream_paths, load_geodata

RULES = (HotspotRule(), HotspotRule(max_river_km=300, max_border_km=60, max_snap_km=80))


@pytest.fixture(scope="module")
def geo():
    return load_geodata()


def differences(new: pd.DataFrame, old: pd.DataFrame) -> list[tuple]:
    """(column, row, new value, old value) wherever the two results differ in value or type."""
    assert list(new.columns) == list(old.columns) and new.index.equals(old.index)
    found = []
    for column in new.columns:
        if new[column].dtype != old[column].dtype:
            found.append((column, None, new[column].dtype, old[column].dtype))
        for row, (a, b) in enumerate(zip(new[column], old[column], strict=True)):
            if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
                continue
            if type(a) is not type(b) or a != b or _types(a) != _types(b):
                found.append((column, row, a, b))
    return found


def _types(value: object) -> object:
    if isinstance(value, dict):
        return [(key, _types(item)) for key, item in value.items()]
    return type(value)


def beside_river_ends(geo) -> np.ndarray:
    """(lon, lat) of points at 0 to 5 km around both ends of every river: near a confluence
    two rivers are equally near and the first one found must stay the one chosen."""
    points = []
    for river in geo.rivers.values():
        for end in shapely.get_coordinates(river.region)[[0, -1]]:
            points.append(end)
            for radius in (10.0, 1000.0, 5000.0):
                for angle in np.linspace(0, 2 * np.pi, 12, endpoint=False):
                    points.append(end + radius * np.array([np.cos(angle), np.sin(angle)]))
    xy = np.array(points)
    return np.column_stack(geo.from_region.transform(xy[:, 0], xy[:, 1]))


def every_kind(geo, count: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(11)
    frame = synthetic_inventory(count, seed=11)
    names = [*geo.rivers, "Syr Darya", "Сырдарья", "Issyk-Kul", "Caspian Sea", "Filippovka -> Ulba", "unknown creek"]
    named = rng.random(count) < 0.4
    frame["receiving_river"] = frame["receiving_river"].astype(object)
    frame.loc[named, "receiving_river"] = rng.choice(names, named.sum())
    frame.loc[rng.random(count) < 0.1, "country"] = ""
    frame.loc[rng.random(count) < 0.02, ["latitude", "longitude"]] = np.nan
    ends = beside_river_ends(geo)
    beside = pd.DataFrame({"facility_id": [f"END-{i}" for i in range(len(ends))], "country": ""})
    beside["longitude"], beside["latitude"] = ends[:, 0], ends[:, 1]
    return pd.concat([frame, beside.reindex(columns=frame.columns)], ignore_index=True)


@pytest.mark.parametrize("rule", RULES, ids=["default rule", "wider rule"])
def test_the_illustrative_inventory_is_traced_exactly_as_facility_by_facility(geo, rule):
    inventory = load_inventory()
    new, old = downstream_paths(inventory, geo, rule), reference_downstream_paths(inventory, geo, rule)
    assert differences(new, old) == []
    assert new.set_index("facility_id").loc["KZ-RID-001", "affected_countries"] == ("RU",)


@pytest.mark.parametrize("rule", RULES, ids=["default rule", "wider rule"])
def test_synthetic_facilities_of_every_kind_are_traced_exactly_as_facility_by_facility(geo, rule):
    frame = every_kind(geo)
    new, old = downstream_paths(frame, geo, rule), reference_downstream_paths(frame, geo, rule)
    assert differences(new, old) == []
    kinds = set(new["reason_code"]) | set(new["river_source"])
    assert {"river_crosses_border", "near_border", "shared_sea", "no_river", "no_location"} <= kinds
    assert {"inventory", "nearest", "none"} <= kinds


@pytest.mark.parametrize("rule", RULES, ids=["default rule", "wider rule"])
def test_without_details_the_same_verdicts_and_a_few_facilities_traced_again_give_their_reasons(geo, rule):
    """What `tmf rank --top` relies on: tracing without details leaves only path and
    reason_params out, and tracing a few facilities again gives theirs exactly (a facility's
    tracing does not depend on the others); the exposed neighbour needs no details."""
    from tmf.hotspots import annotate_transboundary

    frame = every_kind(geo)
    full, lean = downstream_paths(frame, geo, rule), downstream_paths(frame, geo, rule, details=False)
    others = [c for c in full.columns if c not in ("path", "reason_params", "border_km")]
    assert differences(lean[others], full[others]) == []
    assert lean["path"].isna().all() and lean["reason_params"].isna().all()
    # The border distance where the rule could need it (and farther where found), exactly.
    measured = lean["border_km"].notna()
    assert (lean["border_km"][measured] == full["border_km"][measured]).all()
    assert measured[full["border_km"] <= 3 * rule.max_border_km].all() and not measured.all()
    few = frame.sample(40, random_state=3)
    again = downstream_paths(few, geo, rule)
    assert differences(again, full.loc[few.index]) == []
    near = annotate_transboundary(frame, geo, rule, details=False)
    assert near["exposed_countries"].tolist() == annotate_transboundary(frame, geo, rule)["exposed_countries"].tolist()
    assert (full["reason_code"] == "near_border").any()


def test_the_lean_border_search_reaches_past_every_distance_the_projection_could_stretch(geo):
    """Without details the border is searched within LEAN_BORDER_SEARCH's projected reach:
    within its farthest rule of every country, no distance is stretched by the projection
    anywhere near the search's factor."""
    from tmf.geodata import geodesic_km
    from tmf.transboundary import LEAN_BORDER_SEARCH

    factor, _, farthest_km = LEAN_BORDER_SEARCH
    bounds = np.array([shapely.bounds(country.geometry) for country in geo.countries.values()])
    margin = farthest_km / 100  # degrees of latitude, generously
    lat = np.arange(bounds[:, 1].min() - margin, bounds[:, 3].max() + margin, 0.25)
    lon = np.full(len(lat), 70.0)
    stretch = []
    for step_lon, step_lat in ((0.01, 0.0), (0.0, 0.01)):
        xa, ya = geo.to_region.transform(lon, lat)
        xb, yb = geo.to_region.transform(lon + step_lon, lat + step_lat)
        ground = geodesic_km(np.column_stack([lon, lat]), np.column_stack([lon + step_lon, lat + step_lat])) * 1000
        stretch.append(np.hypot(xb - xa, yb - ya) / ground)
    assert np.max(stretch) < factor / 2


def test_the_nearest_water_is_the_nearest_whole_river_lake_or_sea(geo):
    """tracing.nearest_water (rivers and shores cut into pieces, covered points by a test of
    the lake or sea) finds, for points anywhere, on river and shore vertices and inside
    lakes and seas, the feature the tree of whole features finds (all nearest, ties asked
    again without all matches), at several reaches."""
    shapes = [*(r.region for r in geo.rivers.values()), *(w.region for w in geo.water_bodies.values())]
    rng = np.random.default_rng(11)
    lonlat = np.column_stack([rng.uniform(44, 90, 20_000), rng.uniform(35, 56, 20_000)])
    vertices = np.vstack([shapely.get_coordinates(shapes)[::7], shapely.get_coordinates(shapes)[::7] + 1.0])
    points = np.concatenate([region_points(geo, lonlat), shapely.points(vertices)])
    whole = shapely.STRtree(shapes)
    for max_m in (100.0, 31_500.0, 500_000.0):
        found, feature = nearest_water(geo, points, max_m)
        hits = whole.query_nearest(points, max_distance=max_m, all_matches=True)
        tied = np.bincount(hits[0], minlength=len(points)) > 1
        expected = dict(zip(hits[0].tolist(), hits[1].tolist(), strict=True))
        again = whole.query_nearest(points[tied], max_distance=max_m, all_matches=False)
        expected |= dict(zip(np.flatnonzero(tied)[again[0]].tolist(), again[1].tolist(), strict=True))
        assert dict(zip(found.tolist(), feature.tolist(), strict=True)) == expected
        assert len(expected) > 1000


def test_the_countries_a_river_enters_are_listed_once_in_order_without_the_facilitys_own():
    assert unique_codes(["KZ", "", "UZ", "KZ", "RU", "UZ"], skip="RU") == ("KZ", "UZ")
