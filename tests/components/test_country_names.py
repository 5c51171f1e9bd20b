"""Country names on a map (components.country_names): inside their country, whole inside the
narrowest map, off the legend, moved off the facilities they would hide."""

import numpy as np
import pytest

from components import country_names, label_boxes, map_labels, map_view, maps
from tests.components.test_maps import GEO, TIED, frame_with_ranks, layers
from tmf.inventory import load_inventory


def test_the_country_name_lies_inside_its_country():
    import shapely
    from shapely.geometry import shape

    deck = maps.ranking_deck(frame_with_ranks(TIED), GEO, "en")
    where = {r["text"]: r["position"] for r in layers(deck)["country_names"].data}
    kyrgyzstan = next(f for f in GEO["countries"]["features"] if f["properties"]["iso2"] == "KG")
    assert shape(kyrgyzstan["geometry"]).contains(shapely.Point(where["KYRGYZSTAN"]))


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_country_name_is_whole_inside_the_narrowest_map_and_off_the_legend(lang):
    # At 1366 px the Ranking map is about ASSUMED_WIDTH wide: "РОССИ" cut by its edge was seen.
    inventory = load_inventory()
    frame = inventory[["facility_id", "name", "latitude", "longitude"]].assign(
        rank=np.arange(1, len(inventory) + 1), score=np.linspace(20, 5, len(inventory))
    )
    deck = maps.ranking_deck(frame, GEO, lang)
    view = deck.initial_view_state
    x0, y0, x1, y1 = map_view.window_pixels(view)
    names = layers(deck)["country_names"].data
    assert {"РОССИЯ", "РЕСЕЙ"} & {r["text"] for r in names}, "Russia, cut by the edge before, is named"
    assert {"КИТАЙ", "ҚЫТАЙ"} & {r["text"] for r in names}
    boxes = []
    for record in names:
        [[x, y]] = map_view.mercator_pixels(np.array([record["position"]], dtype=float), float(view.zoom))
        half = country_names.COUNTRY_CHAR_WIDTH * len(record["text"]) / 2
        assert x0 + half + country_names.EDGE - 1 <= x <= x1 - half - country_names.EDGE + 1, record["text"]
        assert y0 <= y <= y1, record["text"]
        legend_bottom = y0 + map_view.legend_height(len(maps.rank_legend(frame["rank"], lang)))
        assert not (x - half < x0 + map_view.LEGEND_WIDTH and y - 9 < legend_bottom), record["text"]
        legend = deck.views[1]  # the legend's own view, as wide as its longest row
        assert not (x - half < x0 + legend.width and y - 9 < y0 + legend.height), record["text"]
        boxes.append((x - half, y - 9, x + half, y + 9))
    for i, a in enumerate(boxes):  # no two names over each other
        assert all(a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1] for b in boxes[i + 1 :])


def test_a_country_name_moves_off_the_facilities_it_would_hide_and_stays_in_its_country():
    import shapely
    from shapely.geometry import shape

    far = maps.ranking_deck(frame_with_ranks([1, 2]), GEO, "en")  # no facility in Kyrgyzstan
    pole = {r["text"]: r["position"] for r in layers(far)["country_names"].data}["KYRGYZSTAN"]
    crowd = frame_with_ranks(list(range(1, 8))).assign(  # seven facilities along the name's line
        longitude=[60.0, 80.0, pole[0] - 1.0, pole[0] - 0.4, pole[0], pole[0] + 0.4, pole[0] + 1.0],
        latitude=[40.0, 50.0, pole[1], pole[1], pole[1], pole[1], pole[1]],
    )
    deck = maps.ranking_deck(crowd, GEO, "en")
    moved = {r["text"]: r["position"] for r in layers(deck)["country_names"].data}["KYRGYZSTAN"]
    zoom = deck.initial_view_state.zoom
    [[x, y]] = map_view.mercator_pixels(np.asarray([moved]), zoom)
    name = country_names._name_box(x, y, "KYRGYZSTAN")[0]  # 11 px a letter, 18 px high
    dots = map_view.mercator_pixels(crowd[["longitude", "latitude"]].to_numpy(float), zoom)
    boxes = np.vstack([label_boxes.boxes_around(dots, box) for box in label_boxes.FACILITY_BOXES])
    assert label_boxes.overlap(boxes, name) == 0, "the name hides no facility and no rank number"
    kyrgyzstan = next(f for f in GEO["countries"]["features"] if f["properties"]["iso2"] == "KG")
    assert shape(kyrgyzstan["geometry"]).contains(shapely.Point(moved))
    assert moved != pole


def test_country_names_keep_off_the_whole_legend_however_wide_it_is():
    """The legend's view is as wide as its longest row (a Kazakh layer row reaches past the
    250 px kept free for fitting the points): the names keep off all of it."""
    frame = frame_with_ranks(list(range(1, 9)))
    view = maps.ranking_deck(frame, GEO, "kk").initial_view_state
    window = map_view.window_pixels(view)
    x0, y0, x1, y1 = window
    legend = (round(x1 - x0), round((y1 - y0) / 2))  # a legend over the whole top half
    points = frame[["longitude", "latitude"]].to_numpy(dtype=float)
    placed = map_labels.place_layers(GEO, "kk", [], float(view.zoom), points, window, legend)
    names = next(layer.data for layer in placed if layer.id == "country_names")
    assert names, "the countries in the bottom half are still named"
    for record in names:
        [[_, y]] = map_view.mercator_pixels(np.array([record["position"]], dtype=float), float(view.zoom))
        assert y - 9 >= y0 + legend[1], record["text"]
