"""The one pipeline (screen) and the current view (filters, weights, index, what moved)."""

import pandas as pd
import pytest

from tmf.geodata import load_geodata
from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.ranking import rank
from tmf.screening import current_view, filter_mask, screen
from tmf.transboundary import HotspotRule
from tmf.view import View

PROFILE = load_profile()


@pytest.fixture(scope="module")
def scored():
    return screen(load_inventory(), PROFILE, load_geodata())


def three(volumes, countries=("KZ", "KG", "KZ")) -> pd.DataFrame:
    """Three facilities that differ only in volume and country (no river: nothing traced)."""
    n = len(volumes)
    return pd.DataFrame(
        {
            "facility_id": ["A", "B", "C"][:n],
            "name": ["Alpha", "Beta", "Gamma"][:n],
            "name_ru": ["Альфа", "Бета", "Гамма"][:n],
            "country": list(countries)[:n],
            "latitude": [48.0, 42.5, 47.0][:n],
            "longitude": [68.0, 74.5, 70.0][:n],
            "status": ["active"] * n,
            "volume_m3": volumes,
            "receiving_river": [None] * n,
        }
    )


def test_screen_traces_ridder_to_russia_before_scoring_the_tri_transboundary_criterion(scored):
    row = scored.facilities.set_index("facility_id").loc["KZ-RID-001"]
    assert row["affected_countries"] == "RU"
    assert row["s_transboundary"] == 2  # the river crosses a border: the highest class


def test_a_shorter_river_reach_leaves_ridder_without_a_transboundary_score():
    near = screen(load_inventory(), PROFILE, load_geodata(), HotspotRule(max_river_km=100, max_border_km=0))
    row = near.facilities.set_index("facility_id").loc["KZ-RID-001"]
    assert row["s_transboundary"] < 2


def test_filter_mask_keeps_only_the_chosen_countries():
    frame = three([1e5, 1e6, 1e7])
    assert filter_mask(frame, {"country": ["KZ"], "status": []}).tolist() == [True, False, True]


def test_current_view_ranks_the_filtered_facilities_among_themselves(scored):
    current = current_view(scored, View(country=("KG",)))
    assert set(current.ranked["country"]) == {"KG"}
    assert current.ranked["rank"].min() == 1
    assert len(current.ranked) == int((scored.facilities["country"] == "KG").sum())


def test_current_view_with_no_filter_is_the_plain_ranking(scored):
    current = current_view(scored, View(weights=(("seismic", 0.0),), index="tri"))
    expected = rank(scored, {"seismic": 0.0}, "tri")
    assert current.ranked["facility_id"].tolist() == expected["facility_id"].tolist()
    assert current.weights["seismic"] == 0.0 and current.weights["flood"] == 1.0
    assert current.reweighted


def test_moves_name_the_facilities_that_entered_and_left_the_top_n():
    # Officially (all weights 1) C leads: log10(1e5) + class 3 = 8 beats A's 7 + 0 and B's
    # 6 + 1 (A and B tie at rank 2). Without toxicity, volume alone decides: A, B, C.
    frame = three([1e7, 1e6, 1e5]).assign(hazard_class_wgk=[0, 1, 3])
    current = current_view(screen(frame, PROFILE, load_geodata()), View(weights=(("toxicity", 0.0),)))
    entered, left = current.moves(1)
    assert entered[["facility_id", "official_rank", "rank"]].values.tolist() == [["A", 2, 1]]
    assert left[["facility_id", "official_rank", "rank"]].values.tolist() == [["C", 1, 3]]
