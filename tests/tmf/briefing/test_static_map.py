"""tmf.briefing.static_map: the briefing's map places ranks and city names apart."""

from __future__ import annotations

from tests.tmf.briefing.helpers import (
    briefing_of,
)
from tmf.hotspots import annotate_transboundary
from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.ranking import score_inventory


def test_the_briefing_maps_ranks_and_city_names_are_placed_apart_every_rank_shown(geo):
    """The Fergana Valley crowds ranks and cities: no label may cover another ("1" on
    Худжанд) or a facility other than its own; every rank of the top N is on the map."""
    from matplotlib.text import Annotation

    from tmf.briefing.static_map import map_figure

    scored = score_inventory(annotate_transboundary(load_inventory(), geo), load_profile())
    briefing = briefing_of(scored, None, "thi", 10, "ru", None, geo)
    figure = map_figure(briefing)
    axes = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    annotations = [text for text in axes.texts if isinstance(text, Annotation)]  # not the countries' names
    labels = [(text.get_text(), text.get_window_extent(renderer)) for text in annotations]
    assert sorted(text for text, _ in labels if text.isdigit()) == sorted(p.label for p in briefing.points if p.label)
    assert any(text == "Бишкек" for text, _ in labels), "cities are named where there is room"
    for i, (first, box) in enumerate(labels):
        for second, other in labels[i + 1 :]:
            assert not box.overlaps(other), f"{first!r} covers {second!r}"
