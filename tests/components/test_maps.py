"""The map a room reads: colour by rank value, a legend in the points' colours, names,
and a view that fits what is shown."""

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd

from components import city_names, hotspot_view, map_view, maps
from components.hotspot_view import PATH_COLOR, facility_deck, hotspot_deck
from tmf import basemap_image
from tmf.hotspots import annotate_transboundary
from tmf.i18n import format_number
from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.ranking import rank_facilities
from tmf.transboundary import load_geodata

GEO_DIR = Path(__file__).resolve().parents[2] / "data" / "geo"
GEO = {n: json.loads((GEO_DIR / f"{n}.geojson").read_text(encoding="utf-8")) for n in ("countries", "cities")}


def frame_with_ranks(ranks: list[int]) -> pd.DataFrame:
    n = len(ranks)
    return pd.DataFrame(
        {
            "facility_id": [f"F{i}" for i in range(n)],
            "name": [f"Facility {i}" for i in range(n)],
            "rank": ranks,
            "score": np.linspace(1, 0, n),
            "latitude": np.linspace(40, 50, n),
            "longitude": np.linspace(60, 80, n),
        }
    )


def layers(deck) -> dict:
    return {layer.id: layer for layer in deck.layers}


def legend_colours(deck) -> dict[str, tuple[int, int, int]]:
    """Legend label -> the RGB of the symbol on its row."""
    by_id = layers(deck)
    symbols = {row["offset"][1]: tuple(row["color"][:3]) for row in by_id["legend_symbols"].data}
    return {row["text"]: symbols[row["offset"][1]] for row in by_id["legend_labels"].data if row["offset"][1]}


# Ranks as tmf.ranking gives them: ties share the lowest rank, the next rank skips.
TIED = [1, 2, 3, 4, 5, 5, 5, 5, 5, 10, 11, 12, 13, 21, 22]


def test_five_facilities_tied_at_rank_five_share_the_colour_of_ranks_one_to_five():
    points = maps.facility_points(frame_with_ranks(TIED), "en")
    colours = [tuple(p["color"][:3]) for p in points]
    assert set(colours[4:9]) == {maps.CLASS_COLORS[0]}
    assert colours[9] == maps.CLASS_COLORS[1]  # rank 10
    assert colours[10] == maps.CLASS_COLORS[2]  # rank 11
    assert colours[-1] == maps.CLASS_COLORS[3]  # rank 22


def test_each_point_has_the_colour_of_its_rank_class():
    ranks = [1, 5, 6, 10, 11, 20, 21, 40]
    expected = [0, 0, 1, 1, 2, 2, 3, 3]
    points = maps.facility_points(frame_with_ranks(ranks), "en")
    assert [tuple(p["color"][:3]) for p in points] == [maps.CLASS_COLORS[k] for k in expected]


def test_the_best_ranked_facilities_are_drawn_last_on_top_of_the_others():
    """deck.gl draws a layer's records one over the other: where points overlap (the
    Fergana Valley) the rank-1 facility lay under a rank-21 one. The worst go first."""
    ranks = [1, 2, 2, 4, 21, 22]
    deck = maps.ranking_deck(frame_with_ranks(ranks), GEO, "en", selected="F4")
    drawn = [point["facility_id"] for point in layers(deck)[maps.FACILITIES_LAYER].data]
    assert drawn == ["F5", "F3", "F1", "F2", "F0", "F4"]  # worst first, ties as ranked; the selected one last
    hotspots = frame_with_ranks(ranks).assign(
        transboundary=[False, True, True, False, True, False], path=[None] * 6, affected_countries=[""] * 6
    )
    deck = hotspot_deck(hotspots, GEO, "en")
    drawn = [point["facility_id"] for point in layers(deck)[maps.FACILITIES_LAYER].data]
    assert drawn == ["F5", "F3", "F0", "F4", "F2", "F1"]  # grey others under the hotspots, best last


def test_the_legend_inside_the_deck_shows_the_colours_of_the_points():
    deck = maps.ranking_deck(frame_with_ranks(TIED), GEO, "en")
    legend = legend_colours(deck)
    assert legend == {
        "ranks 1–5": maps.CLASS_COLORS[0],
        "ranks 6–10": maps.CLASS_COLORS[1],
        "ranks 11–20": maps.CLASS_COLORS[2],
        "ranks 21–22": maps.CLASS_COLORS[3],
    }
    by_id = {point["facility_id"]: point for point in layers(deck)[maps.FACILITIES_LAYER].data}
    for i, rank in enumerate(TIED):
        point = by_id[f"F{i}"]
        label = next(
            text
            for text, first, last in (
                ("ranks 1–5", 1, 5),
                ("ranks 6–10", 6, 10),
                ("ranks 11–20", 11, 20),
                ("ranks 21–22", 21, 22),
            )
            if first <= rank <= last
        )
        assert tuple(point["color"][:3]) == legend[label]


def test_the_legend_lists_only_the_classes_present_and_ends_at_the_last_rank_shown():
    entries = maps.rank_legend([1, 2, 3, 7, 8], "ru")
    assert [(e.label, e.color) for e in entries] == [
        ("ранги 1–5", maps.CLASS_COLORS[0]),
        ("ранги 6–8", maps.CLASS_COLORS[1]),
    ]


def test_the_top_ten_carry_their_rank_number_ties_included():
    deck = maps.ranking_deck(frame_with_ranks(TIED), GEO, "en")
    labels = [row["text"] for row in layers(deck)["rank_labels"].data]
    assert labels == ["1", "2", "3", "4", "5", "5", "5", "5", "5", "10"]


def test_countries_and_cities_are_named_in_the_chosen_language_with_a_font_atlas_for_cyrillic():
    deck = maps.ranking_deck(frame_with_ranks(TIED), GEO, "kk")
    by_id = layers(deck)
    assert {"ҚАЗАҚСТАН", "ҚЫРҒЫЗСТАН", "ӨЗБЕКСТАН", "ТӘЖІКСТАН"} <= {r["text"] for r in by_id["country_names"].data}
    assert {"Алматы", "Бішкек", "Хұжанд"} <= {r["text"] for r in by_id["city_names"].data}  # those in view
    spec = json.loads(deck.to_json())
    for layer in spec["layers"]:
        if layer["@@type"] == "TextLayer":
            assert layer["characterSet"] == "auto", layer["id"]


def test_the_initial_view_fits_the_facilities_shown():
    frame = frame_with_ranks([1, 2, 3]).assign(latitude=[40.0, 41.0, 42.0], longitude=[70.0, 71.0, 73.0])
    view = maps.ranking_deck(frame, {}, "en").initial_view_state
    world = map_view.TILE * 2**view.zoom
    half_width_deg = map_view.ASSUMED_WIDTH / 2 * 360 / world
    # all three points inside the assumed map, none under the legend in its top-left corner
    assert view.longitude - half_width_deg < 70.0 and 73.0 < view.longitude + half_width_deg
    size = (map_view.ASSUMED_WIDTH, map_view.MAP_HEIGHT)
    assert not any(map_view.under_legend(view, p, *size) for p in frame[["longitude", "latitude"]].to_numpy())
    assert 6.0 < view.zoom < 8.0  # a 3° box fills a 1000 px map, not the whole of Central Asia at zoom 3.6


def test_the_points_get_the_whole_map_unless_one_would_lie_under_the_legend():
    size = (map_view.ASSUMED_WIDTH, map_view.MAP_HEIGHT)
    south_west = [[51.0, 38.0], [83.6, 50.0], [70.0, 41.0]]  # the far west is low: the corner is free
    whole = map_view.region_view("all", south_west, *size)
    assert whole.zoom == map_view.fit_view(map_view.bounds(south_west), *size, band=0).zoom
    assert whole.zoom > map_view.fit_view(map_view.bounds(south_west), *size).zoom
    north_west = [*south_west, [51.5, 50.0]]  # this one would sit under the legend
    box = map_view.bounds(north_west)
    kept_free = map_view.region_view("all", north_west, *size)
    strip = map_view.fit_view(box, *size, band=0, top=map_view.LEGEND_HEIGHT)
    assert kept_free.zoom == max(strip.zoom, map_view.fit_view(box, *size).zoom) < whole.zoom
    assert not any(map_view.under_legend(kept_free, p, *size) for p in north_west)
    assert not any(map_view.under_legend(strip, p, *size) for p in north_west)  # below the strip


def test_a_facility_drawn_beside_the_fitted_ones_is_not_hidden_under_the_legend_either():
    size = (map_view.ASSUMED_WIDTH, map_view.MAP_HEIGHT)
    hotspots = [[51.0, 38.0], [83.6, 50.0], [70.0, 41.0]]  # alone they get the whole map
    grey = [51.5, 50.0]  # another facility drawn with them, in the legend's corner of that map
    whole = map_view.region_view("all", hotspots, *size)
    assert map_view.under_legend(whole, grey, *size)
    view = map_view.region_view("all", hotspots, *size, drawn=[*hotspots, grey])
    assert view.zoom < whole.zoom
    assert not any(map_view.under_legend(view, p, *size) for p in [*hotspots, grey])
    # Beyond the hotspots' box a facility can lie under the legend in the whole map and
    # below the strip alike; only the band beside the legend keeps it in view, and that
    # band would shrink the hotspots by more than DRAWN_ZOOM_GIVEN: the whole map stays.
    north = [60.0, 56.0]
    strip = map_view.fit_view(map_view.bounds(hotspots), *size, band=0, top=map_view.LEGEND_HEIGHT)
    band = map_view.fit_view(map_view.bounds(hotspots), *size)
    assert all(map_view.under_legend(view, north, *size) for view in (whole, strip))
    assert not map_view.under_legend(band, north, *size) and band.zoom < whole.zoom - map_view.DRAWN_ZOOM_GIVEN
    kept = map_view.region_view("all", hotspots, *size, drawn=[*hotspots, north])
    assert (kept.zoom, kept.longitude, kept.latitude) == (whole.zoom, whole.longitude, whole.latitude)
    # a view that hides a drawn facility is taken only when every view would hide one
    box = map_view.bounds(hotspots)
    views = [strip, map_view.fit_view(box, *size), map_view.fit_view(box, *size, band=0)]
    corners = [map_view.top_left(view, 20, *size) for view in views]  # one under each view's legend
    assert all(map_view.under_legend(view, corner, *size) for view, corner in zip(views, corners, strict=True))
    fallback = map_view.region_view("all", hotspots, *size, drawn=corners)
    assert (fallback.zoom, fallback.longitude, fallback.latitude) == (whole.zoom, whole.longitude, whole.latitude)


def test_zooming_to_the_fergana_valley_centres_on_it_and_all_fits_the_points():
    positions = [[51.2, 43.7], [83.5, 50.3], [69.7, 40.2]]
    fergana = map_view.region_view("fergana", positions)
    everything = map_view.region_view("all", positions)
    assert fergana.zoom > everything.zoom + 2
    assert 39.7 < fergana.latitude < 41.9
    assert map_view.region_view("no-such-region", positions).zoom == everything.zoom


def test_facilities_at_one_position_are_spread_apart_and_others_stay():
    spread = maps.spread_coincident([[72.45, 41.26], [72.45, 41.26], [72.45, 41.26], [70.0, 40.0]])
    assert len({tuple(p) for p in spread[:3]}) == 3
    assert all(abs(p[0] - 72.45) < 0.05 and abs(p[1] - 41.26) < 0.05 for p in spread[:3])
    assert spread[3] == [70.0, 40.0]


def test_the_facility_map_shows_the_facility_and_its_downstream_path_to_the_border():
    inventory = pd.DataFrame(
        {
            "facility_id": ["KG-MAI-003", "KZ-X"],
            "name": ["Mailuu-Suu tailing No. 3", "Elsewhere"],
            "country": ["KG", "KZ"],
            "latitude": [41.2822, 48.0],
            "longitude": [72.4761, 68.0],
            "receiving_river": ["Mailuu-Suu", None],
            "volume_m3": [1e6, 1e5],
        }
    )
    ranked = rank_facilities(annotate_transboundary(inventory, load_geodata()), load_profile())
    deck = facility_deck(ranked, "KG-MAI-003", GEO, "en")
    by_id = layers(deck)
    path = by_id["downstream_paths"].data
    assert len(path) == 1 and len(path[0]["path"]) > 2  # down the Mailuu-Suu into Uzbekistan
    points = by_id[maps.FACILITIES_LAYER].data
    assert points[-1]["facility_id"] == "KG-MAI-003" and points[-1]["radius"] > points[0]["radius"]
    assert legend_colours(deck)["path down the rivers"] == PATH_COLOR
    title = [row["text"] for row in by_id["legend_labels"].data if not row["offset"][1]]
    # not "number: top 10": this facility's number is shown, whatever its rank
    assert title == ["Rank of this facility"]
    view = deck.initial_view_state
    assert 40.0 < view.latitude < 42.5 and view.zoom > 5


def test_the_facility_map_shows_a_short_path_beyond_its_dot_and_names_the_city_off_it():
    """Degmay's path runs 49 km west from Khujand down the Syr Darya into Uzbekistan: close
    enough in to be seen beyond the facility's dot, and Khujand's name (the river runs
    through the city) placed where it covers the least of the path."""
    ranked = rank_facilities(annotate_transboundary(load_inventory(), load_geodata()), load_profile())
    deck = facility_deck(ranked, "TJ-DEG-001", GEO, "ru")
    by_id = layers(deck)
    (path,) = [row["path"] for row in by_id["downstream_paths"].data]
    zoom = deck.initial_view_state.zoom
    vertices = map_view.mercator_pixels(np.asarray(path, dtype=float), zoom)
    assert np.hypot(*(vertices - vertices[0]).T).max() >= 60  # px from the facility to the border

    def covered(city: dict) -> int:
        x0, y0, x1, y1 = city_names.city_boxes([city], zoom)[0]  # the name's box
        return int(
            ((vertices[:, 0] >= x0) & (vertices[:, 0] <= x1) & (vertices[:, 1] >= y0) & (vertices[:, 1] <= y1)).sum()
        )

    (khujand,) = [city for city in by_id["city_names"].data if city["text"] == "Худжанд"]
    sides = [
        {**khujand, "anchor": anchor, "baseline": baseline} for anchor, baseline, _ in city_names.CITY_PLACES.values()
    ]
    assert covered(khujand) == min(covered(side) for side in sides)


def test_the_map_stays_offline():
    deck = maps.ranking_deck(frame_with_ranks([1, 2]), GEO, "en")
    assert deck.map_provider is None and deck.map_style == maps.NO_MAP_STYLE


def test_the_basemap_is_sent_as_the_address_of_the_apps_own_static_copy_of_the_geodata():
    """The deck names the GeoJSON by a relative URL (the browser loads it from this server
    once and caches it); the copy served (static/geo) is byte for byte data/geo's."""
    static = GEO_DIR.parents[1] / "static" / "geo"
    for name in ("countries", "surroundings", "water_bodies", "rivers", "cities"):
        assert (static / f"{name}.geojson").read_bytes() == (GEO_DIR / f"{name}.geojson").read_bytes(), name
    deck = maps.ranking_deck(frame_with_ranks(TIED), {**GEO, "rivers": {"features": [1]}}, "ru")
    by_id = layers(deck)
    assert by_id["countries"].data == "app/static/geo/countries.geojson"
    assert by_id["rivers"].data == "app/static/geo/rivers.geojson"
    assert "water" not in by_id  # a layer absent from the geodata is not drawn
    spec = deck.to_json()
    assert "\n" not in spec and "ҚАЗАҚСТАН" not in spec and "КАЗАХСТАН" in spec  # compact, UTF-8
    assert '"features"' not in spec and len(spec) < 20_000


def test_facility_points_tooltips_use_the_languages_number_marks():
    frame = frame_with_ranks([1, 2]).assign(score=[1234.5, float("nan")])
    tooltips = [p["tooltip"] for p in maps.facility_points(frame, "ru")]
    assert tooltips == ["Facility 0\nРанг 1 · Балл 1\xa0234,50", "Facility 1\nРанг 2 · Балл —"]
    assert tooltips[0].endswith(format_number(1234.5, "ru", 2))


def legend_pixel(deck) -> tuple[float, float]:
    """Where the legend's title is anchored in the legend's own view (Web Mercator, as deck.gl)."""
    import math

    legend = next(v for v in deck.views if v.id == map_view.LEGEND_VIEW)
    place = legend.view_state
    lon, lat = layers(deck)["legend_labels"].data[0]["position"]
    world = map_view.TILE * 2 ** place["zoom"]
    x = (lon - place["longitude"]) * world / 360 + legend.width / 2
    y = (map_view.mercator_y(place["latitude"]) - map_view.mercator_y(lat)) * world / (2 * math.pi)
    return x, y + legend.height / 2


def test_the_legend_stays_in_the_top_left_corner_of_every_map_whatever_the_user_does():
    """A presenter zooms into the Fergana Valley or drags the map: the legend drawn at a place
    of the map went with it (off screen). It has a view of its own now, fixed in the map's
    top-left corner, looking at a place the user's map never shows; on the slides' smaller
    maps and the Workshop page's narrow one it starts 12 px inside the corner too."""
    from components import slides

    ranked = frame_with_ranks(list(range(1, 9))).assign(
        transboundary=[True] * 4 + [False] * 4, path=[None] * 8, affected_countries=[""] * 8
    )
    for size in (slides.HOTSPOT_MAP_SIZE, slides.TOP_MAP_SIZE, (660, map_view.MAP_HEIGHT), None):
        sized = {} if size is None else {"size": size}
        for deck in (hotspot_deck(ranked, GEO, "ru", **sized), maps.ranking_deck(ranked, GEO, "ru", **sized)):
            user, legend = deck.views
            assert (user.id, user.controller) == (map_view.MAP_VIEW, True)
            assert (legend.id, legend.controller, legend.x, legend.y) == (map_view.LEGEND_VIEW, False, 0, 0)
            assert (legend.clear, legend.clearColor) == (True, [255, 255, 255, 255])  # one opaque white panel
            assert [round(v) for v in legend_pixel(deck)] == [12, 12]
            # The user's map shows longitudes -180..180 (deck.gl wraps them): never the legend's place.
            half_span = legend.width / 2 * 360 / (map_view.TILE * 2 ** legend.view_state["zoom"])
            assert legend.view_state["longitude"] - half_span > 180


def test_the_land_around_the_mapped_box_is_drawn_outside_it_only_and_under_the_borders():
    """A wide screen shows Moscow and Delhi on land, not a cut edge; the muted surroundings
    never reach into the box, where the detailed borders (and the tracing) are."""
    from shapely.geometry import Point, box, shape
    from shapely.ops import unary_union

    land = unary_union(
        [shape(f["geometry"]) for f in json.loads((GEO_DIR / "surroundings.geojson").read_text())["features"]]
    )
    assert land.contains(Point(37.62, 55.75)) and land.contains(Point(77.21, 28.61))  # Moscow, Delhi
    assert land.intersection(box(44.0, 30.0, 100.0, 60.0)).area < 1e-6
    ids = [layer.id for layer in maps.basemap_layers({"countries": 1, "surroundings": 1})]
    assert ids == ["ground", "surroundings", "surroundings_outlines", "countries", "borders"]


def test_the_whole_region_opens_over_the_basemap_pictures_and_a_zoomed_map_over_vectors():
    """A map of all facilities (zoom about 4) lays the basemap pictures (tmf.basemap_image)
    by the address of the app's static copy, not the GeoJSON; the Fergana Valley (zoom
    about 6.7) is drawn from the vector layers, sharp at that zoom."""
    geo = {**GEO, "rivers": {"features": [1]}, "pictures": basemap_image.PICTURES}
    region = frame_with_ranks(TIED).assign(
        longitude=np.linspace(51, 85, len(TIED)), latitude=np.linspace(40, 52, len(TIED))
    )
    deck = maps.ranking_deck(region, geo, "ru")
    assert deck.initial_view_state.zoom < 4.5
    whole = layers(deck)
    assert whole["basemap_detail"].image == "app/static/geo/basemap_detail.png"
    assert whole["basemap_detail"].bounds == list(basemap_image.PICTURES[1].bounds)
    assert whole["basemap_around"].image == "app/static/geo/basemap_around.png"
    assert "countries" not in whole and "rivers" not in whole
    spec = deck.to_json()
    assert "base64" not in spec and len(spec) < 20_000  # the address, never the picture itself
    zoomed = layers(maps.ranking_deck(region, geo, "ru", region="fergana"))
    assert zoomed["countries"].data == "app/static/geo/countries.geojson" and "basemap_detail" not in zoomed
    # the fills have no outline; the borders are lines drawn without the box the geodata was cut to
    assert zoomed["countries"].stroked is False
    assert zoomed["borders"].data == "app/static/geo/countries_outlines.geojson"


def test_a_facility_without_a_downstream_path_is_shown_with_its_region_around_it():
    """A coastal facility (no river path) is not zoomed to a blank 100 km square: the view
    spans at least four degrees, so the room sees the nearest cities and the coast."""
    inventory = pd.DataFrame(
        {
            "facility_id": ["KZ-AKT-001", "KZ-X"],
            "name": ["Koshkar-Ata", "Elsewhere"],
            "country": ["KZ", "KZ"],
            "latitude": [43.62, 48.0],
            "longitude": [51.23, 68.0],
            "receiving_river": [None, None],
            "volume_m3": [1e6, 1e5],
        }
    )
    ranked = rank_facilities(annotate_transboundary(inventory, load_geodata()), load_profile())
    view = facility_deck(ranked, "KZ-AKT-001", GEO, "en").initial_view_state
    width_px, height_px = hotspot_view.FACILITY_MAP_SIZE
    degrees_wide = (width_px - map_view.LEGEND_WIDTH) * 360 / (map_view.TILE * 2**view.zoom)
    assert degrees_wide >= 2 * hotspot_view.FACILITY_CONTEXT
    assert abs(view.latitude - 43.62) < 0.5


def test_the_fitted_view_keeps_the_easternmost_points_label_on_the_map():
    """Ust-Kamenogorsk (83.6 E), the easternmost hotspot, with its rank written to the right
    of its dot: the view leaves the label room inside the map, and the legend band on the left."""
    width, height = 580, 430  # a presentation slide's map at 1366x768
    view = map_view.fit_view((51.0, 38.5, 83.6, 50.0), width, height)
    degrees_per_px = 360 / (map_view.TILE * 2**view.zoom)
    east_x = width / 2 + (83.6 - view.longitude) / degrees_per_px
    west_x = width / 2 + (51.0 - view.longitude) / degrees_per_px
    assert east_x <= width - map_view.PADDING - map_view.LABEL_ROOM + 1
    assert west_x >= map_view.LEGEND_WIDTH + map_view.PADDING - 1


def awkward_frame() -> pd.DataFrame:
    """Facilities whose text and numbers are hard to write as JSON: quotes, backslashes,
    control characters, a leading @@, missing names and scores, a missing position, a tie
    of positions, a negative zero and a score that is a rounding tie."""
    frame = frame_with_ranks([1, 2, 3, 3, 5, 6, 7, 8])
    frame["name"] = ['Quote " and \\ back', "tab\there\nnew\x01", "@@code", None, "ТОО «Ёж»", "", "plain", "x"]
    frame["facility_id"] = [*frame["facility_id"][:-1], '@@id"7']
    frame["score"] = [12345.678, 0.125, -0.0, float("nan"), 2.675, 998.999, -1.005, 7.0]
    frame.loc[2:3, ["longitude", "latitude"]] = [70.0, 41.0]
    frame.loc[6, "latitude"] = float("nan")
    return frame


def test_the_points_json_written_by_arrow_is_what_orjson_writes_for_the_same_records():
    import orjson

    frame = awkward_frame()
    for lang in ("en", "ru", "kk"):
        for selected in (None, "F1"):
            for names in (frame, frame.assign(name=frame["name"].astype(object))):
                points = maps.ranked_points(names, lang, selected)
                records = maps.facility_points(names, lang, selected)  # the dicts, one by one
                written = orjson.dumps(records, option=orjson.OPT_SORT_KEYS)  # as the deck's JSON
                assert orjson.dumps(points.fragment()) == written, (lang, selected)
                one_by_one = [points[i] for i in range(len(points))]
                assert orjson.dumps(one_by_one, option=orjson.OPT_SORT_KEYS) == written


def test_a_point_record_holds_its_position_colour_and_tooltip_as_written():
    import orjson

    points = maps.ranked_points(awkward_frame(), "ru", selected="F1")
    records = orjson.loads(orjson.dumps(points.fragment()))
    assert records[0]["tooltip"] == 'Quote " and \\ back\nРанг 1 · Балл 12\xa0345,68'
    assert records[1] == {
        "color": [*maps.CLASS_COLORS[0], maps.POINT_ALPHA],
        "facility_id": "F1",
        "line": [20, 20, 20],
        "position": [62.85714, 41.42857],
        "radius": 14_000,
        "tooltip": "tab\there\nnew\x01\nРанг 2 · Балл 0,12",  # 0.125 rounds to even, as format_number
    }
    assert records[2]["facility_id"] == "F2" and records[2]["tooltip"].startswith("\u200b@@code")
    assert records[2]["position"] != records[3]["position"]  # one place: spread apart
    assert records[3]["tooltip"].endswith("Балл —") and records[6]["position"][1] is None
    assert records[7]["facility_id"] == '\u200b@@id"7'


def test_scores_written_by_arrow_match_the_number_format_of_the_language():
    values = np.array([0.0, -0.0, -0.004, 0.125, 0.135, 2.675, 1.005, 998.994, 998.995, 999.5, 12345.678, np.nan])
    values = np.concatenate([values, np.random.default_rng(0).uniform(-50, 50, 5000)])
    for lang in ("en", "ru", "kk"):
        for digits in (0, 1, 2, 3):
            written = maps.number_texts(values, lang, digits).to_pylist()  # components.map_points.fixed_texts
            assert written == maps.plain_numbers(values, lang, digits), (lang, digits)
    assert maps.number_texts(np.array([1234.5, 0.125]), "ru", 2).to_pylist() == ["1\xa0234,50", "0,12"]


def test_a_ranking_deck_can_be_copied_and_pickled_after_it_was_drawn():
    import copy
    import pickle

    deck = maps.ranking_deck(awkward_frame(), GEO, "ru")
    spec = deck.to_json()
    assert pickle.loads(pickle.dumps(deck)).to_json() == spec == copy.deepcopy(deck).to_json()


def test_a_shorter_legend_keeps_a_shorter_strip_free_so_the_points_are_drawn_larger():
    size = (map_view.ASSUMED_WIDTH, map_view.MAP_HEIGHT)
    north_west = [[51.0, 38.0], [83.6, 50.0], [70.0, 41.0], [51.5, 50.0]]  # one would sit under the legend
    boxes = {rows: (map_view.LEGEND_WIDTH, map_view.legend_height(rows)) for rows in (4, 6)}
    four, six = (map_view.region_view("all", north_west, *size, legend=boxes[rows]) for rows in (4, 6))
    assert map_view.legend_height(4) == 32 + 4 * 24 < map_view.legend_height(6)
    assert four.zoom > six.zoom
    assert not any(map_view.under_legend(four, p, *size, legend=boxes[4]) for p in north_west)


def test_the_legend_is_as_wide_as_its_longest_row_in_its_own_type():
    """The legend's panel was sized at 11.5 px a letter: a Russian title of 34 letters got a
    404 px panel for 324 px of text, hiding a strip of the map. It is measured in its type
    (DejaVu Sans Bold at 15 px: the browser drew the title 324 px wide), with 4 % room."""
    title = "Ранг (цифрой подписаны первые 10)"
    width, height = map_view.legend_box(title, ["ранги 1–5", "ранги 21–32"])
    assert 324 * 1.02 + 24 < width <= math.ceil(324 * 1.04 + 24) + 1
    assert height == map_view.legend_height(2) + map_view.LEGEND_MARGIN // 2
    # A Kazakh row of wide letters, 267 px in that type, stays whole after its symbol's 24 px.
    assert map_view.legend_box("Орын", ["өзендер бойымен төменгі жол"])[0] >= 12 + 24 + 267 + 12


def test_no_facility_is_drawn_under_the_legend_however_wide_it_is():
    """A facility in the map's top-left corner is not hidden by the legend's white panel: the
    view keeps the whole measured panel free. With the fixed 250 px band kept before, a
    facility lay under the 361 px Russian panel in 4 of these 30 layouts."""
    rng = np.random.default_rng(7)
    size = (map_view.ASSUMED_WIDTH, map_view.MAP_HEIGHT)
    for lang in ("ru", "kk"):
        for _ in range(15):
            frame = frame_with_ranks(list(range(1, 13))).assign(
                longitude=rng.uniform(50, 85, 12), latitude=rng.uniform(38, 52, 12)
            )
            deck = maps.ranking_deck(frame, GEO, lang)
            panel = (deck.views[1].width, deck.views[1].height)
            points = frame[["longitude", "latitude"]].to_numpy()
            assert not any(map_view.under_legend(deck.initial_view_state, p, *size, panel) for p in points), lang


def test_rank_numbers_go_where_they_hide_no_other_facility_nor_another_number():
    from components.map_labels import RANK_PLACES, rank_places

    # At zoom 6 a degree of longitude is 91 px: B lies 14 px east of A, under A's usual
    # number (up and right); C is alone; D sits on B's up-right side, so B goes down right.
    a, b, c, d = [70.0, 43.0], [70.154, 43.0], [80.0, 45.0], [70.32, 43.1]
    facilities = np.array([a, b, c, d])
    places = rank_places(np.array([a, b, c]), ["1", "2", "3"], 6.0, facilities)
    assert [RANK_PLACES[p] for p in places] == [("end", [-9, -9]), ("start", [9, 9]), ("start", [9, -9])]
    assert rank_places(np.array([c]), ["12"], 6.0, facilities) == [0], "alone: up and to the right"


def test_a_rank_number_keeps_off_a_city_name():
    from components.city_names import city_boxes, city_labels
    from components.map_labels import RANK_PLACES, rank_places

    # A town 18 px east and 10 px north of the facility, its name right of its dot: the
    # town's dot lies where the number usually goes (up and right), so it goes up and left.
    city = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [70.2, 43.08]},
                "properties": {"name_en": "Town"},
            }
        ],
    }
    facility = np.array([[70.0, 43.0]])
    names = city_labels(city, "en", 6.0, facility)
    assert names[0]["anchor"] == "start", "the town's name is right of its dot"
    assert rank_places(facility, ["1"], 6.0, facility) == [0], "without the town: up and to the right"
    [place] = rank_places(facility, ["1"], 6.0, facility, city_boxes(names, 6.0))
    assert RANK_PLACES[place] == ("end", [-9, -9])


def test_the_positions_of_ranked_points_are_their_records_positions():
    points = maps.ranked_points(frame_with_ranks(TIED), "en", None)
    assert maps.record_positions(points).tolist() == [list(p["position"]) for p in points]


def test_a_map_fitted_to_the_top_ten_is_closer_and_still_draws_every_facility():
    frame = frame_with_ranks(TIED)
    whole = maps.ranking_deck(frame, GEO, "en")
    top = maps.ranking_deck(frame, GEO, "en", fit_top=5)
    assert top.initial_view_state.zoom > whole.initial_view_state.zoom
    assert len(layers(top)["facilities"].data) == len(frame)
