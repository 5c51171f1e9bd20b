"""The Ranking map's decision layers: rank band rings, transboundary paths, rank change labels."""

import pandas as pd

from components.decision_map import band_layers, change_layers, combined, path_layers
from components.maps import facility_points

RANKED = pd.DataFrame(
    {
        "facility_id": ["A", "B", "C"],
        "name": ["Alpha", "Beta", "Gamma"],
        "rank": [1, 2, 3],
        "score": [9.0, 8.0, 7.0],
        "latitude": [43.0, 42.0, 41.0],
        "longitude": [77.0, 76.0, 75.0],
        "transboundary": [True, False, True],
        "path": [[[77.0, 43.0], [78.0, 44.0]], [], [[75.0, 41.0], [74.0, 40.0], [73.0, 40.0]]],
    }
)
POINTS = facility_points(RANKED, "en")


def test_the_band_ring_grows_with_the_band_and_the_band_is_written_beside_the_facility():
    bands = pd.DataFrame(
        {"facility_id": ["A", "B", "C"], "rank": [1, 2, 3], "rank_p05_both": [1, 1, 3], "rank_p95_both": [1, 3, 3]}
    )
    underlays, overlays, legend = band_layers(POINTS, RANKED, bands, "both", "ru")
    radii = [r["radius"] for r in underlays[0].data]
    assert radii == [9.0, 12.0, 9.0]  # B's band 1–3 is two ranks wide; A and C are sure
    assert [label["text"] for label in overlays[0].data] == ["1–1", "1–3", "3–3"]
    assert legend[0].label.startswith("диапазон места")


def test_only_transboundary_facilities_get_a_path():
    underlays, _, legend = path_layers(RANKED, "en")
    assert [p["facility_id"] for p in underlays[0].data] == ["A", "C"]
    assert legend[0].label == "path down the rivers"


def test_the_change_label_says_how_many_places_each_facility_moved_against_the_saved_weighting():
    saved = pd.Series([3, 2, 1], index=["A", "B", "C"])  # the saved weighting ranks C first
    _, overlays, legend = change_layers(POINTS, RANKED, saved, "en")
    labels = {tuple(label["position"]): label["text"] for label in overlays[0].data}
    assert labels == {(77.0, 43.0): "+2", (75.0, 41.0): "−2"}  # A two places higher now, C two lower, B unmoved
    assert len(legend) == 2
    both = combined([path_layers(RANKED, "en"), change_layers(POINTS, RANKED, saved, "en")])
    assert [layer.id for layer in both[0] + both[1]] == ["downstream_paths", "rank_change_labels"]
    assert len(both[2]) == 3
