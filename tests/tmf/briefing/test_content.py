"""tmf.briefing.content: the pure parts of what a briefing says, on hand-made rows: why a top
table is longer than N, the map's points, and the command and link that rebuild it."""

import numpy as np
import pandas as pd

from tmf.briefing.content import MapPoint, map_points, reproduction, tied_note
from tmf.methodology import load_profile
from tmf.view import View


def test_a_top_table_longer_than_n_says_how_many_tie_at_its_last_rank():
    head = pd.DataFrame({"rank": [1, 2, 3, 3, 3]})
    assert tied_note(head, 3, "en") == (
        "The table has 5 rows, not 3: the 3 facilities ranked 3 have equal scores and share that rank,"
        " so all of them are listed."
    )
    assert tied_note(head, 5, "en") == ""


def test_the_map_numbers_the_top_n_ties_included_and_leaves_out_a_facility_without_position():
    ranked = pd.DataFrame(
        {"rank": [1, 2, 2, 7], "longitude": [70.0, 71.0, np.nan, 72.0], "latitude": [40.0, 41.0, 42.0, 43.0]}
    )
    assert map_points(ranked, 2) == (
        MapPoint(70.0, 40.0, 0, "1"),
        MapPoint(71.0, 41.0, 0, "2"),
        MapPoint(72.0, 43.0, 1, ""),
    )


def test_the_command_and_link_rebuild_the_view_without_its_selected_facility():
    weights = (("flood", 2.0), ("seismic", 0.0))
    view = View(weights=weights, index="tri", country=("KG",), lang="ru", top=10, facility="KG-MAI-003")
    command = "python -m tmf briefing --lang ru --weights flood=2,seismic=0 --index tri --top 10 --country KG"
    command += " --out briefing.pdf"
    link = "https://tmf.example/ranking?v=2&w=flood:2,seismic:0&index=tri&country=KG&top=10&lang=ru"
    assert reproduction(view, load_profile(), "https://tmf.example/") == (command, link)
    assert reproduction(view, load_profile(), None) == (command, "")  # no localhost link on paper
