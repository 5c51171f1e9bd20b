"""UI builders render inventory text as text: maps, charts and tables never run it."""

from pathlib import Path

import numpy as np
import pandas as pd

from components import charts, maps
from tmf.methodology import load_profile
from tmf.ranking import rank_facilities

PROFILE = load_profile()
GEO = Path(__file__).resolve().parents[2] / "data" / "geo"
GEO_LAYERS = ("countries", "water_bodies", "rivers", "cities")
HOSTILE = "<img src=x onerror=alert(1)>"


def ranked(names: list[str]) -> pd.DataFrame:
    return rank_facilities(facilities(names), PROFILE)


def facilities(names: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "facility_id": [f"F{i}" for i in range(len(names))],
            "name": names,
            "latitude": np.linspace(40, 50, len(names)),
            "longitude": np.linspace(60, 80, len(names)),
            "volume_m3": np.logspace(4, 8, len(names)),
        }
    )


def test_map_tooltips_are_text_and_deck_expressions_in_names_are_made_inert():
    deck = maps.ranking_deck(ranked([HOSTILE, "@@=console.log(1)", "Ak-Tuz"]), {}, "en")
    assert deck._tooltip["text"] == "{tooltip}" and "html" not in deck._tooltip  # "text" is shown with innerText
    points = next(layer for layer in deck.layers if layer.id == maps.FACILITIES_LAYER).data
    assert any(HOSTILE in p["tooltip"] for p in points)
    assert not any(text.startswith("@@") for p in points for text in (p["tooltip"], p["facility_id"]))


def test_the_map_makes_no_outside_request():
    deck = maps.ranking_deck(ranked(["A", "B"]), {}, "en")
    assert deck.map_provider is None and deck.map_style == maps.NO_MAP_STYLE


def test_points_are_coloured_by_rank_class_darkest_for_ranks_one_to_five():
    points = maps.facility_points(ranked([f"T{i}" for i in range(25)]), "en")
    assert tuple(points[0]["color"][:3]) == maps.CLASS_COLORS[0]
    assert tuple(points[-1]["color"][:3]) == maps.CLASS_COLORS[-1]


def test_chart_labels_show_html_in_names_as_literal_text():
    figure = charts.contributions_figure(ranked([HOSTILE, "B"]), PROFILE, "thi", "en")
    labels = figure.data[0].y
    assert all("<img" not in label for label in labels)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in label for label in labels)


def test_the_contribution_chart_stacks_one_bar_per_criterion_of_the_index():
    figure = charts.contributions_figure(ranked(["A", "B", "C"]), PROFILE, "tri", "ru")
    assert len(figure.data) == len(PROFILE.keys)
    assert figure.data[0].name == "Ёмкость"


def test_deck_layer_options_are_values_not_expressions():
    """pydeck turns a string option into a JavaScript accessor (``@@=...``): only the
    ``get_*`` accessors may be expressions, or deck.gl silently ignores the option."""
    import json

    from components.hotspot_view import hotspot_deck
    from tmf.hotspots import annotate_transboundary
    from tmf.transboundary import load_geodata

    three = facilities(["A", "B", "C"]).assign(country="KZ", receiving_river=None)
    traced = annotate_transboundary(three, load_geodata())
    frame = rank_facilities(traced, PROFILE)
    geo = {name: json.loads((GEO / f"{name}.geojson").read_text(encoding="utf-8")) for name in GEO_LAYERS}
    for deck in (maps.ranking_deck(frame, geo, "kk"), hotspot_deck(frame, geo, "kk")):
        for layer in json.loads(deck.to_json())["layers"]:
            expressions = {k for k, v in layer.items() if isinstance(v, str) and v.startswith("@@=")}
            assert all(k.startswith("get") for k in expressions), (layer["id"], expressions)


def test_a_click_on_the_map_gives_the_facility_id_even_when_it_was_made_inert():
    class Event:
        selection = {"objects": {maps.FACILITIES_LAYER: [{"facility_id": "\u200b@@=KG-X"}]}, "indices": {}}

    class Nothing:
        selection = {"objects": {}, "indices": {}}

    assert maps.selected_facility(Event()) == "@@=KG-X"
    assert maps.selected_facility(Nothing()) is None
