"""cache.py's keeping of what is costly to redo on a rerun: a map's country names are placed
once per map."""

import numpy as np
import pandas as pd

import cache
from components import country_names, map_view
from tmf.methodology import load_profile
from tmf.ranking import rank_facilities

PROFILE = load_profile()
LINES = ("Weights for TRI: Flood hazard 0", "Data as of: 2026-03-01 · Methodology: version 2026.11")


def ranked(names=("Alpha", "Beta", "Gamma")) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "facility_id": ["A", "B", "C"],
            "name": list(names),
            "latitude": [40.0, 41.0, 42.0],
            "longitude": [70.0, 71.0, 72.0],
            "volume_m3": [1e5, 1e6, 1e7],
        }
    )
    return rank_facilities(frame, PROFILE)


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
