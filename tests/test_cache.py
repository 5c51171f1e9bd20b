"""cache.py's keeping of what is costly to redo on a rerun: a chart's picture is drawn once
per figure and lines, a map's country names are placed once per map."""

import numpy as np

import cache
from components import charts, country_names, map_view
from tests.components.test_chart_images import LINES, PROFILE, ranked


def test_a_picture_is_drawn_once_per_figure_and_lines_and_then_served_again(monkeypatch):
    from components import chart_images

    cache._chart_picture.clear()
    figure = charts.contributions_figure(ranked(("Cached", "Beta", "Gamma")), PROFILE, "thi", "ru")
    drawn = []
    real = chart_images.draw_figure
    monkeypatch.setattr(chart_images, "draw_figure", lambda *args: drawn.append(args[2]) or real(*args))
    first = cache.chart_picture(figure, LINES, "png")
    assert cache.chart_picture(figure, LINES, "png") == first and drawn == ["png"]  # the second click: no drawing
    assert cache.chart_picture(figure, LINES, "svg").startswith(b"<?xml") and drawn == ["png", "svg"]
    other = cache.chart_picture(figure, (LINES[0], "Data as of: 2026-04-01 · Methodology: version 2026.11"), "png")
    assert other != first and drawn == ["png", "svg", "png"]  # other lines: another picture
    changed = charts.contributions_figure(ranked(("Changed", "Beta", "Gamma")), PROFILE, "thi", "ru")
    assert cache.chart_picture(changed, LINES, "png") != first and len(drawn) == 4  # another figure: drawn


def test_country_names_are_placed_once_per_map_and_again_when_a_facility_moves(monkeypatch):
    cache._country_names.clear()
    placed = []
    real = country_names.place_country_names
    monkeypatch.setattr(cache, "place_country_names", lambda *args: placed.append(args[4].copy()) or real(*args))
    facilities = np.array([[70.0, 45.0], [75.0, 42.0]])
    view = map_view.region_view("all", facilities, 880, 640)
    window, legend, zoom = map_view.window_pixels(view), np.empty((0, 4)), float(view.zoom)
    first = cache.country_names("ru", [], zoom, facilities, window, legend)
    assert cache.country_names("ru", [], zoom, facilities.copy(), window, legend) is first  # a slider move
    assert len(placed) == 1
    assert len(first) == 3 and first == real(cache.geojson("countries"), "ru", [], zoom, facilities, window, legend)
    cache.country_names("ru", [], zoom, facilities + [1.0, 0.0], window, legend)  # a facility moved
    cache.country_names("kk", [], zoom, facilities, window, legend)  # another language
    assert len(placed) == 3
