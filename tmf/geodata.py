"""Offline borders, rivers and water bodies of Central Asia, loaded for downstream tracing.

Reads the GeoJSON files that ``data/geo/build_geodata.py`` writes (sources and accuracy
in ``data/geo/PROVENANCE.md``) and prepares what the tracing needs: land borders between
countries (coasts are not borders), each river's downstream polyline to its final water
body with cumulative geodesic kilometres, and the points where that polyline enters
another country. Nearest-point searches run in a Lambert conformal conic projection of
the region (conformal, so the nearest point found is the true one to within the scale
variation, under 3 % between 30 and 60 N); reported distances are then measured on the
WGS84 ellipsoid with ``pyproj.Geod``. The layers as the server-drawn maps read them
(features, bounds, outlines) are in tmf.geo_layers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pyproj
import shapely
from shapely.geometry import shape

from tmf.geo_layers import DEFAULT_DIRECTORY, read_features

GEOD = pyproj.Geod(ellps="WGS84")
# Lambert conformal conic for Central Asia (standard parallels 35 and 55 N, metres).
REGION_CRS = "+proj=lcc +lat_1=35 +lat_2=55 +lat_0=45 +lon_0=70 +datum=WGS84 +units=m +no_defs"
LANGUAGES = ("en", "ru", "kk")
# Separators between the names of a receiving-water chain such as "Filippovka / Ulba -> Irtysh".
CHAIN_SEPARATORS = re.compile(r"->|→|/|;|,|\(|\)|\|")


@dataclass(frozen=True, eq=False)
class Country:
    """A country clipped to the mapped box; ``borders`` maps a neighbour's ISO2 to the shared line."""

    iso2: str
    iso3: str
    names: Mapping[str, str]
    geometry: shapely.Geometry  # lon/lat
    border_parts: tuple[shapely.Geometry, ...]  # short pieces of land border, region metres
    border_neighbours: tuple[str, ...]  # the neighbour across each piece
    border_tree: shapely.STRtree | None  # over border_parts; None for an island country


@dataclass(frozen=True, eq=False)
class WaterBody:
    """A lake or sea; ``countries`` are the shore countries (ISO2)."""

    water_id: str
    names: Mapping[str, str]
    endorheic: bool
    countries: tuple[str, ...]
    shared: bool
    geometry: shapely.Geometry  # lon/lat
    region: shapely.Geometry  # region metres


@dataclass(frozen=True, eq=False)
class Downstream:
    """One river's path from its source to the final water body, through its parents.

    ``km`` is the geodesic distance from the river's source along the path at each vertex;
    ``country`` the ISO2 code at each vertex ('' where no country, e.g. on a lake).
    Entries are the vertices where the path enters a new country (index into the arrays,
    km and lon/lat of the border point, the country entered).
    """

    chain: tuple[str, ...]  # river ids, this river first
    lonlat: np.ndarray  # (n, 2)
    km: np.ndarray  # (n,)
    country: tuple[str, ...]  # per vertex
    entry_km: np.ndarray  # (m,) km of each border crossing
    entry_point: np.ndarray  # (m, 2) lon/lat of each crossing
    entry_country: tuple[str, ...]  # country entered at each crossing
    entry_river: tuple[str, ...]  # river on which each crossing lies
    endpoint: str  # water body, sink or exit id where the path ends


@dataclass(frozen=True, eq=False)
class River:
    """A mapped river line (source to mouth) and what it flows into."""

    river_id: str
    names: Mapping[str, str]
    aliases: tuple[str, ...]
    flows_into: str
    mouth: str  # "river" | "water_body" | "sink" | "exit"
    geometry: shapely.LineString  # lon/lat
    region: shapely.LineString  # region metres
    region_m: np.ndarray  # cumulative planar metres along ``region`` at each vertex
    km: np.ndarray  # cumulative geodesic km along the river at each vertex
    endpoint_names: Mapping[str, str]  # names of a sink or exit it ends in (else empty)


@dataclass(frozen=True, eq=False)
class GeoData:
    """Countries, rivers (with their downstream paths) and water bodies, read-only."""

    countries: Mapping[str, Country]
    rivers: Mapping[str, River]
    water_bodies: Mapping[str, WaterBody]
    downstream: Mapping[str, Downstream]
    to_region: pyproj.Transformer
    from_region: pyproj.Transformer

    def names_of(self, feature_id: str) -> Mapping[str, str]:
        """Names (en/ru/kk) of a river, water body or country id; the id itself if unknown."""
        for table in (self.rivers, self.water_bodies, self.countries):
            if feature_id in table:
                return table[feature_id].names
        for river in self.rivers.values():
            if river.flows_into == feature_id and river.endpoint_names:
                return river.endpoint_names
        return MappingProxyType(dict.fromkeys(LANGUAGES, feature_id))


def normalise_name(text: str) -> str:
    """A river or lake name reduced for matching: lower case, no generic words or punctuation.

    "Kichi-Kemin" and "kichi kemin river" give "kichikemin"; "р. Кичи-Кемин" and
    "река Кичи-Кемин" give "кичикемин".
    """
    text = text.lower().replace("ё", "е")
    text = re.sub(r"(^|\s)(р|оз)\.", " ", text)
    text = re.sub(r"\b(river|lake|sea|reservoir|река|озеро|море|өзені|көлі|теңізі)\b", " ", text)
    return re.sub(r"[\W_]+", "", text)


def geodesic_km(lonlat_a: np.ndarray, lonlat_b: np.ndarray) -> np.ndarray:
    """Geodesic distances in km between matching (lon, lat) rows (WGS84 ellipsoid)."""
    a, b = np.atleast_2d(lonlat_a), np.atleast_2d(lonlat_b)
    if len(a) == 0:
        return np.zeros(0)
    _, _, metres = GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    return np.asarray(metres) / 1000.0


def cumulative_km(lonlat: np.ndarray) -> np.ndarray:
    """Cumulative geodesic km along a polyline, starting at 0."""
    steps = geodesic_km(lonlat[:-1], lonlat[1:])
    return np.concatenate([[0.0], np.cumsum(steps)])


def _names(properties: Mapping[str, object]) -> Mapping[str, str]:
    return MappingProxyType({lang: str(properties[f"name_{lang}"]) for lang in LANGUAGES})


def _to_region(geometry: shapely.Geometry, transformer: pyproj.Transformer) -> shapely.Geometry:
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _countries(features: Sequence[dict], to_region: pyproj.Transformer) -> dict[str, Country]:
    """Countries with their land borders (boundary lines shared with a neighbour)."""
    shapes = {f["properties"]["iso2"]: shape(f["geometry"]) for f in features}
    borders: dict[str, list[tuple[str, shapely.Geometry]]] = {iso2: [] for iso2 in shapes}
    codes = sorted(shapes)
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            if not shapely.intersects(shapely.envelope(shapes[a]), shapely.envelope(shapes[b])):
                continue
            shared = shapely.intersection(shapes[a].boundary, shapes[b].boundary)
            if shared.is_empty or shared.length == 0:
                continue
            for piece in _pieces(_to_region(shared, to_region)):
                borders[a].append((b, piece))
                borders[b].append((a, piece))
    out = {}
    for feature in features:
        props = feature["properties"]
        iso2 = props["iso2"]
        geometry = shapes[iso2]
        shapely.prepare(geometry)
        parts = tuple(piece for _, piece in borders[iso2])
        out[iso2] = Country(
            iso2,
            props["iso3"],
            _names(props),
            geometry,
            parts,
            tuple(neighbour for neighbour, _ in borders[iso2]),
            shapely.STRtree(parts) if parts else None,
        )
    return out


def _pieces(lines: shapely.Geometry, size: int = 16) -> list[shapely.LineString]:
    """Lines cut into pieces of at most ``size`` vertices, so nearest queries stay local."""
    pieces = []
    for line in shapely.get_parts(shapely.line_merge(lines)):
        coords = shapely.get_coordinates(line)
        for start in range(0, len(coords) - 1, size - 1):
            chunk = coords[start : start + size]
            if len(chunk) > 1:
                pieces.append(shapely.LineString(chunk))
    return pieces


def _water_bodies(features: Sequence[dict], to_region: pyproj.Transformer) -> dict[str, WaterBody]:
    out = {}
    for feature in features:
        props = feature["properties"]
        geometry = shape(feature["geometry"])
        region = _to_region(geometry, to_region)
        shapely.prepare(region)  # which facilities it covers: tmf.tracing.nearest_water
        out[props["water_id"]] = WaterBody(
            props["water_id"],
            _names(props),
            bool(props["endorheic"]),
            tuple(props["countries"]),
            bool(props["shared"]),
            geometry,
            region,
        )
    return out


def _rivers(features: Sequence[dict], to_region: pyproj.Transformer) -> dict[str, River]:
    out = {}
    for feature in features:
        props = feature["properties"]
        geometry = shape(feature["geometry"])
        region = _to_region(geometry, to_region)
        xy = shapely.get_coordinates(region)
        region_m = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))])
        lonlat = shapely.get_coordinates(geometry)
        endpoint = {lang: props[f"flows_into_name_{lang}"] for lang in LANGUAGES if f"flows_into_name_{lang}" in props}
        out[props["river_id"]] = River(
            props["river_id"],
            _names(props),
            tuple(props.get("aliases", ())),
            props["flows_into"],
            props["mouth"],
            geometry,
            region,
            region_m,
            cumulative_km(lonlat),
            MappingProxyType(endpoint),
        )
    return out


def country_at(countries: Mapping[str, Country], lonlat: np.ndarray) -> np.ndarray:
    """ISO2 code of the country containing each (lon, lat) point ('' outside all)."""
    codes = np.full(len(lonlat), "", dtype=object)
    x, y = lonlat[:, 0], lonlat[:, 1]
    for iso2, country in countries.items():
        # Only points still without a country and within its bounds can be inside it.
        x0, y0, x1, y1 = shapely.bounds(country.geometry)
        rows = np.flatnonzero((codes == "") & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
        codes[rows[shapely.contains_xy(country.geometry, x[rows], y[rows])]] = iso2
    return codes


def position_km(river: River, region_points: np.ndarray) -> np.ndarray:
    """Geodesic km from the river's source to the points of the river nearest each point."""
    along = shapely.line_locate_point(river.region, region_points)
    return np.interp(along, river.region_m, river.km)


def _entries(
    lonlat: np.ndarray, km: np.ndarray, codes: Sequence[str], rivers: Sequence[str], countries: Mapping[str, Country]
) -> tuple[np.ndarray, np.ndarray, tuple, tuple]:
    """Border crossings along a polyline: where the vertex country changes to another country.

    Vertices outside every country (lakes, seas) keep the last country seen. The crossing
    point is where the segment meets the boundary of the country left.
    """
    kms, points, entered, on_river = [], [], [], []
    current = next((code for code in codes if code), "")
    for i in range(1, len(codes)):
        code = codes[i]
        if not code or code == current:
            continue
        segment = shapely.LineString(lonlat[i - 1 : i + 1])
        left = countries[current].geometry.boundary if current else countries[code].geometry.boundary
        hit = shapely.get_coordinates(shapely.intersection(segment, left))
        point = hit[np.argmin(np.hypot(*(hit - lonlat[i - 1]).T))] if len(hit) else lonlat[i]
        kms.append(km[i - 1] + float(geodesic_km(lonlat[i - 1], point)[0]))
        points.append(point)
        entered.append(code)
        on_river.append(rivers[i])
        current = code
    return np.array(kms), np.array(points).reshape(-1, 2), tuple(entered), tuple(on_river)


def _downstream(
    river_id: str, rivers: Mapping[str, River], countries: Mapping[str, Country], to_region: pyproj.Transformer
) -> Downstream:
    """Concatenate a river with the downstream part of each parent, then find crossings."""
    chain, parts, river_of = [river_id], [], []
    river, offset, start_km = rivers[river_id], 0.0, 0.0
    while True:
        keep = river.km > start_km if parts else np.ones(len(river.km), dtype=bool)
        lonlat = shapely.get_coordinates(river.geometry)[keep]
        parts.append((lonlat, river.km[keep] - start_km + offset))
        river_of.extend([river.river_id] * len(lonlat))
        if river.mouth != "river" or river.flows_into not in rivers:
            break
        parent = rivers[river.flows_into]
        mouth = np.array(to_region.transform(*river.geometry.coords[-1]))
        offset += river.km[-1] - start_km
        start_km = float(position_km(parent, shapely.points(mouth[None, :]))[0])
        river = parent
        chain.append(river.river_id)
    lonlat = np.vstack([p[0] for p in parts])
    km = np.concatenate([p[1] for p in parts])
    codes = tuple(country_at(countries, lonlat))
    entry_km, entry_point, entered, on_river = _entries(lonlat, km, codes, river_of, countries)
    return Downstream(tuple(chain), lonlat, km, codes, entry_km, entry_point, entered, on_river, river.flows_into)


def load_geodata(directory: Path = DEFAULT_DIRECTORY) -> GeoData:
    """Read countries, rivers and water bodies from ``directory`` and prepare the tracing.

    Takes well under 0.3 s; callers that trace repeatedly should keep the result (the
    dashboard caches it as a resource).
    """
    directory = Path(directory)
    to_region = pyproj.Transformer.from_crs("EPSG:4326", REGION_CRS, always_xy=True)
    from_region = pyproj.Transformer.from_crs(REGION_CRS, "EPSG:4326", always_xy=True)
    countries = _countries(read_features(directory / "countries.geojson"), to_region)
    waters = _water_bodies(read_features(directory / "water_bodies.geojson"), to_region)
    rivers = _rivers(read_features(directory / "rivers.geojson"), to_region)
    downstream = {rid: _downstream(rid, rivers, countries, to_region) for rid in rivers}
    return GeoData(
        MappingProxyType(countries),
        MappingProxyType(rivers),
        MappingProxyType(waters),
        MappingProxyType(downstream),
        to_region,
        from_region,
    )


def match_receiving_water(text: object, geo: GeoData) -> str | None:
    """The river or water-body id named by an inventory's receiving-water text, or None.

    Matches ids, English/Russian/Kazakh names and aliases, case- and punctuation-blind
    ("Kichi-Kemin", "Syr Darya", "Сырдарья", "Issyk-Kul", "Caspian Sea"). A chain such as
    "Filippovka -> Ulba -> Irtysh" gives its first mapped member (the most upstream).
    """
    if not isinstance(text, str) or not text.strip():
        return None
    index: dict[str, str] = {}
    for table in (geo.water_bodies, geo.rivers):
        for feature_id, feature in table.items():
            aliases = getattr(feature, "aliases", ())
            for name in (feature_id, *feature.names.values(), *aliases):
                index.setdefault(normalise_name(name), feature_id)
    for part in CHAIN_SEPARATORS.split(text):
        found = index.get(normalise_name(part))
        if found:
            return found
    return None
