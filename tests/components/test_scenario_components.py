"""Scenario UI builders: user text stays text in charts, maps and messages; colours mean
what the legends say."""

import numpy as np
import pandas as pd

from components import scenario_charts, scenario_maps
from components.maps import FACILITIES_LAYER, NO_MAP_STYLE
from components.user_text import markdown_literal
from tmf.comparison import compare_rankings
from tmf.i18n import t
from tmf.methodology import load_profile
from tmf.ranking import rank, score_inventory
from tmf.robustness import Settings, robustness
from tmf.sensitivity import one_at_a_time

PROFILE = load_profile()
HOSTILE = "<img src=x onerror=alert(1)>"
SCORED = score_inventory(
    pd.DataFrame(
        {
            "facility_id": ["F0", "F1", "F2", "F3"],
            "name": [HOSTILE, "@@=console.log(1)", "Ak-Tuz", "Sumsar"],
            "country": ["KG"] * 4,
            "latitude": [41.0, 42.0, 43.0, 40.5],
            "longitude": [72.0, 73.0, 74.0, 71.0],
            "volume_m3": [1e4, 1e6, 1e8, 1e5],
            "seismic_pga_g": [0.6, 0.05, 0.3, 0.4],
        }
    ),
    PROFILE,
)
CAPACITY_ONLY = {k: 0.0 for k in PROFILE.keys if k != "capacity"}


def test_the_slope_chart_shows_names_and_scenario_names_as_literal_text():
    comparison = compare_rankings(SCORED, None, "thi", CAPACITY_ONLY, "thi")
    figure = scenario_charts.slope_figure(comparison, "<b>Mine</b>", "Official", "en")
    labels = [text for trace in figure.data if trace.text for text in trace.text]
    assert labels and not any("<img" in label for label in labels)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in label for label in labels)
    assert figure.layout.xaxis.ticktext == ("&lt;b&gt;Mine&lt;/b&gt;", "Official")


def test_the_interval_and_tornado_charts_escape_names():
    result = robustness(SCORED, None, "thi", Settings(samples=100, top=2, seed=1))
    interval = scenario_charts.interval_figure(result.table, "en")
    assert not any("<img" in label for trace in interval.data for label in trace.y)
    rows = one_at_a_time(SCORED, None, "thi").query("facility_id == 'F0'")
    tornado = scenario_charts.tornado_figure(rows, HOSTILE, "ru")
    assert "<img" not in tornado.layout.title.text and len(tornado.data) == 2


def test_the_rank_change_map_colours_rises_and_falls_apart_and_keeps_tooltips_inert():
    comparison = compare_rankings(SCORED, None, "thi", CAPACITY_ONLY, "thi")
    deck = scenario_maps.rank_change_deck(comparison, {}, "en")
    assert deck.map_provider is None and deck.map_style == NO_MAP_STYLE
    layer = next(layer for layer in deck.layers if layer.id == FACILITIES_LAYER)
    colours = {p["facility_id"]: tuple(p["color"][:3]) for p in layer.data}
    changes = comparison.set_index("facility_id")["change"]
    for facility_id, change in changes.items():
        expected = scenario_maps.UP if change > 0 else scenario_maps.DOWN if change < 0 else scenario_maps.SAME
        assert colours[facility_id] == expected
    assert not any(p["tooltip"].startswith("@@") for p in layer.data)


def test_the_probability_map_classes_follow_the_legend():
    classes = scenario_maps.probability_class(np.array([1.0, 0.9, 0.6, 0.5, 0.2, 0.05, 0.0]))
    assert classes.tolist() == [0, 0, 1, 1, 2, 3, 3]
    result = robustness(SCORED, None, "thi", Settings(samples=100, top=2, seed=1))
    deck = scenario_maps.probability_deck(result.table, SCORED.facilities, {}, "en", 2)
    layers = {layer.id: layer for layer in deck.layers}
    assert len(layers[FACILITIES_LAYER].data) == 4
    legend = {row["text"]: row["offset"][1] for row in layers["legend_labels"].data}
    swatches = {row["offset"][1]: tuple(row["color"][:3]) for row in layers["legend_symbols"].data}
    assert swatches[legend["90 % or more"]] == scenario_maps.PROBABILITY_CLASSES[0][1]


def test_user_text_in_a_markdown_message_shows_as_typed():
    escaped = markdown_literal("**bold** [link](http://x) :red[alarm]")
    assert escaped == r"\*\*bold\*\* \[link\]\(http\://x\) \:red\[alarm\]"


def test_the_tornado_bars_end_at_the_ranks_re_ranking_gives_with_each_weight_at_0_and_3():
    rows = one_at_a_time(SCORED, None, "thi").query("facility_id == 'F2'")
    figure = scenario_charts.tornado_figure(rows, "Ak-Tuz", "en")
    at_min, at_max = figure.data
    labels = list(at_min.y)
    for key in PROFILE.keys_of("thi"):
        position = labels.index(t(f"criteria.{key}.label", "en"))
        for trace, weight in ((at_min, 0.0), (at_max, 3.0)):
            ranked = rank(SCORED, {key: weight}, "thi").set_index("facility_id")
            assert trace.base[position] + trace.x[position] == ranked.loc["F2", "rank"], (key, weight)


def test_each_point_of_the_probability_map_has_the_colour_of_its_probability_class():
    result = robustness(SCORED, None, "thi", Settings(samples=200, top=1, seed=3))
    deck = scenario_maps.probability_deck(result.table, SCORED.facilities, {}, "en", 1)
    layer = next(layer for layer in deck.layers if layer.id == FACILITIES_LAYER)
    points = {p["facility_id"]: tuple(p["color"][:3]) for p in layer.data}
    probabilities = result.table.set_index("facility_id")["p_top"]
    for facility_id, p_top in probabilities.items():
        klass = scenario_maps.probability_class(np.array([p_top]))[0]
        assert points[facility_id] == scenario_maps.PROBABILITY_CLASSES[klass][1]
    # The official first facility is the likeliest to stay first under weight uncertainty.
    assert probabilities.idxmax() == rank(SCORED)["facility_id"].iloc[0]
