"""tmf.briefing.sections: the lines saying which facilities moved furthest."""

import pandas as pd

from tmf.briefing.sections import moved_lines


def test_the_furthest_moves_are_listed_first_ties_by_their_new_rank_and_the_unmoved_left_out():
    ranked = pd.DataFrame({"rank": [1, 2, 3, 4], "official_rank": [3, 2, 1, 4], "rank_shift": [2, 0, -2, 0]})
    names = ["Alpha", "Beta", "Gamma", "Delta"]
    assert moved_lines(ranked, names, "en", 8) == ("Alpha: 3 → 1", "Gamma: 1 → 3")
    assert moved_lines(ranked, names, "ru", 1) == ("Alpha: 3 → 1",)
