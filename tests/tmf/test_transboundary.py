"""Downstream paths and transboundary hotspots on the committed offline geodata.

Facility rows are written here (coordinates of facilities of the illustrative inventory,
data/inventory/central_asia_illustrative.csv), so the tests do not depend on that file.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely
import shapely.ops

from tmf.hotspots import hotspot_reason
from tmf.transboundary import (
    RESULT_COLUMNS,
    HotspotRule,
    downstream_paths,
    load_geodata,
    match_receiving_water,
    tenths,
    transboundary_class,
)

GEO_DIR = Path(__file__).resolve().parents[2] / "data" / "geo"
GEOD = pyproj.Geod(ellps="WGS84")
COLUMNS = ["facility_id", "latitude", "longitude", "country", "receiving_river"]
FACILITIES = [
    ("KG-AKTUZ", 42.88, 76.12, "KG", "Kichi-Kemin"),
    ("KG-MAILUU-3", 41.2822, 72.4761, "KG", "Mailuu-Suu"),
    ("KZ-RIDDER", 50.35, 83.51, "KZ", "Ulba"),
    ("KG-KADJISAI", 42.154, 77.217, "KG", "Issyk-Kul"),
    ("KZ-KOSHKAR", 43.72, 51.22, "KZ", "Caspian Sea"),
]


@pytest.fixture(scope="module")
def geo():
    return load_geodata(GEO_DIR)


def facilities(rows=FACILITIES) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS)


@pytest.fixture(scope="module")
def traced(geo) -> pd.DataFrame:
    return downstream_paths(facilities(), geo).set_index("facility_id", drop=False)


def hotspots(geo, rule: HotspotRule) -> set[str]:
    result = downstream_paths(facilities(), geo, rule)
    return set(result.loc[result["transboundary"], "facility_id"])


# ------------------------------------------------------------------ the cases of issue 3


def test_ak_tuz_reaches_kazakhstan_by_the_kichi_kemin_and_the_chu(traced):
    row = traced.loc["KG-AKTUZ"]
    assert row["river_chain"][:2] == ("kichi_kemin", "chu")
    assert row["affected_countries"][0] == "KZ"
    assert row["reason_code"] == "river_crosses_border"
    assert row["transboundary"]


def test_mailuu_suu_reaches_uzbekistan_first(traced):
    row = traced.loc["KG-MAILUU-3"]
    assert row["river_chain"] == ("mailuu_suu", "kara_darya", "syr_darya")
    assert row["affected_countries"][0] == "UZ"
    assert row["river_km_to_border"] < 100
    assert row["transboundary"]


def test_ridder_reaches_russia_through_the_ulba_and_the_irtysh(traced):
    row = traced.loc["KZ-RIDDER"]
    assert row["river_chain"] == ("ulba", "irtysh")
    assert row["affected_countries"] == ("RU",)
    assert row["reason_params"]["crossing_country"] == "RU"
    assert row["endpoint"] == "ob"


def test_kadji_sai_drains_to_issyk_kul_and_is_not_transboundary_by_river(traced):
    row = traced.loc["KG-KADJISAI"]
    assert row["traced_river"] == "issyk_kul"
    assert row["endpoint"] == "issyk_kul" and row["endorheic"]
    assert np.isnan(row["river_km_to_border"]) and row["affected_countries"] == ()
    assert not row["transboundary"]
    assert row["reason_code"] == "endorheic_internal"


def test_koshkar_ata_is_flagged_for_the_shared_caspian_sea(traced):
    row = traced.loc["KZ-KOSHKAR"]
    assert row["endpoint"] == "caspian_sea" and row["shared_water"] and row["transboundary"]
    assert row["reason_code"] == "shared_sea"
    assert set(row["affected_countries"]) == {"RU", "AZ", "IR", "TM"}
    assert transboundary_class(traced).loc["KZ-KOSHKAR"] == "shared_water"


def test_classes_for_the_tri_criterion(traced):
    classes = transboundary_class(traced)
    assert classes.to_dict() == {
        "KG-AKTUZ": "river",
        "KG-MAILUU-3": "river",
        "KZ-RIDDER": "river",
        "KG-KADJISAI": "none",
        "KZ-KOSHKAR": "shared_water",
    }


# ------------------------------------------------------------------ distances


def test_border_distance_matches_a_hand_computed_geodesic(geo):
    # The Kazakhstan-Uzbekistan border follows the meridian 56 E across the Ustyurt plateau,
    # so the nearest border point of (43.0 N, 55.5 E) is (43.0 N, 56.0 E): 40.8 km.
    result = downstream_paths(facilities([("UST", 43.0, 55.5, "KZ", "")]), geo)
    _, _, metres = GEOD.inv(55.5, 43.0, 56.0, 43.0)
    assert result.loc[0, "border_km"] == pytest.approx(metres / 1000, rel=0.10)
    assert result.loc[0, "reason_params"]["border_country"] == "UZ"


def test_river_distance_matches_the_geodesic_length_of_the_stretch(traced):
    # The Mailuu-Suu line is hand-digitised through the tailing (41.28, 72.475) and the
    # points below; add the geodesic legs down to the crossing the trace reports.
    row = traced.loc["KG-MAILUU-3"]
    stretch = [(72.475, 41.28), (72.41, 41.21), (72.33, 41.12)]
    stretch = [p for p in stretch if p[1] > row["crossing_lat"]] + [(row["crossing_lon"], row["crossing_lat"])]
    lons, lats = zip(*stretch, strict=True)
    expected_km = GEOD.line_length(lons, lats) / 1000
    assert 10 < expected_km < 100
    assert row["river_km_to_border"] == pytest.approx(expected_km, rel=0.10)


def test_the_path_runs_from_the_facility_to_the_crossing(traced):
    row = traced.loc["KG-MAILUU-3"]
    assert row["path"][0] == [72.4761, 41.2822]
    assert row["path"][-1] == pytest.approx([row["crossing_lon"], row["crossing_lat"]])
    lons, lats = zip(*row["path"][1:], strict=True)
    assert GEOD.line_length(lons, lats) / 1000 == pytest.approx(row["river_km_to_border"], rel=0.01)


# ------------------------------------------------------------------ receiving water


def test_a_blank_receiving_river_is_traced_from_the_nearest_mapped_river(geo):
    rows = [("KB", 42.81, 73.85, "KG", ""), ("KB2", 42.81, 73.85, "KG", None), ("DESERT", 47.80, 67.71, "KZ", " ")]
    result = downstream_paths(facilities(rows), geo)
    assert result["river_source"].tolist() == ["nearest", "nearest", "none"]
    assert result["traced_river"].tolist()[:2] == ["kara_balta", "kara_balta"]
    assert result.loc[0, "affected_countries"] == ("KZ",)
    assert result.loc[2, "traced_river"] is None and result.loc[2, "reason_code"] == "no_river"


def test_a_facility_without_coordinates_gets_a_row_that_says_so(geo):
    result = downstream_paths(facilities([("NOWHERE", np.nan, 72.0, "KG", "Naryn")]), geo)
    row = result.loc[0]
    assert row["reason_code"] == "no_location" and not row["transboundary"] and row["path"] == []
    assert hotspot_reason(row, "en") == "No valid coordinates, so no downstream path."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kichi-Kemin", "kichi_kemin"),
        ("kichi kemin river", "kichi_kemin"),
        ("Ulba", "ulba"),
        ("Syr Darya", "syr_darya"),
        ("Сырдарья", "syr_darya"),
        ("Issyk-Kul", "issyk_kul"),
        ("Caspian Sea", "caspian_sea"),
        ("р. Кичи-Кемин", "kichi_kemin"),
        ("оз. Балхаш", "lake_balkhash"),
        ("Ертіс өзені", "irtysh"),
        ("Filippovka / Tikhaya -> Ulba -> Irtysh", "ulba"),
        ("Dzhilubulak-Sai → Issyk-Kul", "issyk_kul"),
        ("", None),
        (np.nan, None),
        ("Thames", None),
    ],
)
def test_receiving_water_names_match_in_any_usual_form(geo, text, expected):
    assert match_receiving_water(text, geo) == expected


# ------------------------------------------------------------------ the rule (reasons: test_hotspots.py)


def test_the_hotspot_list_changes_with_the_thresholds(geo):
    default = hotspots(geo, HotspotRule())
    assert default == {"KG-AKTUZ", "KG-MAILUU-3", "KZ-KOSHKAR", "KZ-RIDDER"}
    # Ridder's water reaches Russia after about 990 km along the Ulba and the Irtysh.
    shorter_reach = hotspots(geo, HotspotRule(max_river_km=300))
    assert shorter_reach == default - {"KZ-RIDDER"}
    # Ridder lies about 48 km from the Russian border: a wider straight-line rule adds it back.
    assert hotspots(geo, HotspotRule(max_river_km=300, max_border_km=60)) == default
    # Mailuu-Suu's river reaches Uzbekistan after about 37 km and the border is 26 km away.
    assert "KG-MAILUU-3" not in hotspots(geo, HotspotRule(max_river_km=20))
    # Koshkar-Ata is 8-11 km from the Caspian shore.
    assert "KZ-KOSHKAR" not in hotspots(geo, HotspotRule(max_border_km=5))


def test_a_negative_threshold_is_refused_with_a_sentence():
    with pytest.raises(ValueError, match="max_river_km must be a distance"):
        HotspotRule(max_river_km=-1)


# ------------------------------------------------------------------ shape of the result


def test_the_result_has_one_row_per_facility_aligned_with_the_input(geo):
    frame = facilities().set_axis([10, 20, 30, 40, 50])
    result = downstream_paths(frame, geo)
    assert list(result.columns) == list(RESULT_COLUMNS)
    assert result.index.tolist() == [10, 20, 30, 40, 50]
    assert result["facility_id"].tolist() == frame["facility_id"].tolist()
    json.dumps(result["reason_params"].tolist())  # plain values only


def test_an_empty_inventory_traces_to_an_empty_table(geo):
    # A database created without the illustrative inventory has no facility yet.
    result = downstream_paths(facilities([]), geo)
    assert list(result.columns) == list(RESULT_COLUMNS) and result.empty


def test_a_missing_column_is_reported_by_name(geo):
    with pytest.raises(ValueError, match="receiving_river"):
        downstream_paths(facilities().drop(columns="receiving_river"), geo)


def test_synthetic_facilities_of_every_kind_get_one_aligned_row_each(geo):
    # The 10,000-facility timing lives in bench/bench_transboundary.py.
    rng = np.random.default_rng(7)
    count = 300
    frame = pd.DataFrame(
        {
            "facility_id": [f"S{i}" for i in range(count)],
            "latitude": rng.uniform(38, 55, count),
            "longitude": rng.uniform(50, 85, count),
            "country": "",
            "receiving_river": rng.choice(["", "Ulba", "Syr Darya", "Caspian Sea", "unknown creek"], count),
        }
    )
    result = downstream_paths(frame, geo)
    assert len(result) == count
    assert result.index.equals(frame.index)


# ------------------------------------------------------------------ the committed geodata


def test_every_river_ends_on_what_it_flows_into(geo):
    for river in geo.rivers.values():
        mouth = shapely.Point(river.geometry.coords[-1])
        if river.mouth == "river":
            target = geo.rivers[river.flows_into].geometry
        elif river.mouth == "water_body":
            target = geo.water_bodies[river.flows_into].geometry.boundary
        else:
            assert river.endpoint_names, river.river_id
            continue
        nearest = shapely.ops.nearest_points(target, mouth)[0]
        _, _, metres = GEOD.inv(mouth.x, mouth.y, nearest.x, nearest.y)
        assert metres < 1000, river.river_id


@pytest.mark.parametrize(
    ("river_id", "countries"),
    [
        ("irtysh", ["CN", "KZ", "RU"]),
        ("ishim", ["KZ", "RU"]),
        ("tobol", ["KZ", "RU"]),
        ("ili", ["CN", "KZ"]),
        ("chu", ["KG", "KZ"]),
        ("talas", ["KG", "KZ"]),
        ("naryn", ["KG", "UZ", "TJ", "UZ", "KZ"]),
        ("kara_darya", ["KG", "UZ"]),
        ("syr_darya", ["UZ", "TJ", "UZ", "KZ"]),
        ("ulba", ["KZ", "RU"]),
        ("karatal", ["KZ"]),
    ],
)
def test_rivers_cross_the_borders_in_the_right_order(geo, river_id, countries):
    down = geo.downstream[river_id]
    sequence = [down.country[0], *down.entry_country]
    first_seen = list(dict.fromkeys(sequence))
    assert first_seen[: len(dict.fromkeys(countries))] == list(dict.fromkeys(countries))
    assert all(c in sequence for c in countries)


def test_the_ural_runs_from_russia_through_kazakhstan_to_the_caspian(geo):
    down = geo.downstream["ural"]
    assert down.country[0] == "RU" and down.entry_country[-1] == "KZ" and down.endpoint == "caspian_sea"


def test_the_geojson_files_are_small_and_carry_three_languages():
    for name, limit_kib in (("countries", 300), ("rivers", 200), ("water_bodies", 100)):
        path = GEO_DIR / f"{name}.geojson"
        assert path.stat().st_size < limit_kib * 1024
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            assert all(feature["properties"][f"name_{lang}"] for lang in ("en", "ru", "kk"))


# ------------------------------------------------------------------ km in tenths, by array


def same_floats(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal bit for bit (so -0.0 differs from 0.0), NaN equal to NaN."""
    return bool(np.all((a.view(np.int64) == b.view(np.int64)) | (np.isnan(a) & np.isnan(b))))


def test_tenths_by_array_equal_python_round_to_one_decimal():
    rng = np.random.default_rng(10)
    halves = np.array([float(f"{rng.integers(0, 10**7)}.{rng.integers(0, 10)}5") for _ in range(20_000)])
    numbers = np.concatenate(
        [
            rng.uniform(0, 3000, 100_000),  # km, as the tracing rounds them
            10 ** rng.uniform(-20, 20, 50_000),
            rng.integers(-(2**62), 2**62, 50_000).view(np.float64),
            halves,
            np.nextafter(halves, 0.0),
            np.nextafter(halves, np.inf),
            -halves,
            np.arange(-5000, 5000) / 20,
            [0.0, -0.0, np.nan, np.inf, -np.inf, 2.675, 1e-300, -1e-300, 2.0**52, 4503599627370495.5, 5e-324],
        ]
    )
    rounded = tenths(numbers)
    assert all(type(value) is float for value in rounded)
    assert same_floats(np.array(rounded), np.array([round(x, 1) for x in numbers.tolist()]))
