"""tmf.comparison: two weightings side by side, the facility that moved most first."""

import pandas as pd

from tmf.comparison import compare_rankings
from tmf.methodology import load_profile
from tmf.ranking import score_inventory

PROFILE = load_profile()
CAPACITY_ONLY = {k: (1.0 if k == "capacity" else 0.0) for k in PROFILE.keys}


def three_facilities() -> pd.DataFrame:
    """Officially A leads (capacity 5 + toxicity 3 + seismic 2 = 10, C 6 + 1 + 1 = 8, B 7 +
    0 + 0 = 7; the unknown criteria add the same to each); by capacity alone B, C, A."""
    return pd.DataFrame(
        {
            "facility_id": ["A", "B", "C"],
            "name": ["Alpha", "Beta", "Gamma"],
            "country": ["KZ", "KG", "TJ"],
            "latitude": [48.0, 42.5, 39.0],
            "longitude": [68.0, 74.5, 69.0],
            "volume_m3": [1e5, 1e7, 1e6],
            "hazard_class_wgk": [3, 0, 1],
            "seismic_pga_g": [0.5, 0.0, 0.2],
        }
    )


def test_the_facility_that_moves_most_comes_first_ties_by_the_rank_under_b():
    table = compare_rankings(score_inventory(three_facilities(), PROFILE), None, "thi", CAPACITY_ONLY, "thi")
    assert table[["facility_id", "rank_a", "rank_b", "change", "moved"]].values.tolist() == [
        ["B", 3, 1, 2, 2],
        ["A", 1, 3, -2, 2],
        ["C", 2, 2, 0, 0],
    ]
    assert table.loc[0, ["name", "country", "latitude", "longitude"]].tolist() == ["Beta", "KG", 42.5, 74.5]


def test_the_same_weighting_on_both_sides_moves_nothing():
    table = compare_rankings(score_inventory(three_facilities(), PROFILE), CAPACITY_ONLY, "tri", CAPACITY_ONLY, "tri")
    assert table["facility_id"].tolist() == ["B", "C", "A"]
    assert (table["change"] == 0).all() and (table["rank_a"] == table["rank_b"]).all()
