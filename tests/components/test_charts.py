"""Charts a projector shows: every criterion its own colour, hazard apart from exposure,
large dark tick labels, axis titles with room."""

import numpy as np
import pandas as pd

from components import charts
from tmf.methodology import load_profile
from tmf.ranking import rank_facilities

PROFILE = load_profile()


def ranked() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "facility_id": ["A", "B", "C"],
            "name": ["Alpha", "Beta", "Gamma"],
            "latitude": [40.0, 41.0, 42.0],
            "longitude": [70.0, 71.0, 72.0],
            "volume_m3": [1e5, 1e6, 1e7],
        }
    )
    return rank_facilities(frame, PROFILE)


def hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


def test_every_criterion_of_the_tri_chart_has_its_own_clearly_different_colour():
    figure = charts.contributions_figure(ranked(), PROFILE, "tri", "en")
    colours = [trace.marker.color for trace in figure.data]
    assert len(set(colours)) == len(PROFILE.keys) == len(colours)
    rgb = [hex_rgb(c) for c in colours]
    closest = min(np.linalg.norm(a - b) for i, a in enumerate(rgb) for b in rgb[i + 1 :])
    assert closest > 40  # the old palette had oranges 20-30 apart


def test_a_criterion_keeps_its_colour_from_chart_to_chart():
    thi = charts.contributions_figure(ranked(), PROFILE, "thi", "en")
    tri = charts.contributions_figure(ranked(), PROFILE, "tri", "ru")
    by_name_thi = {t.name: t.marker.color for t in thi.data}
    seismic_ru = next(t for t in tri.data if t.name == "Сейсмическая опасность").marker.color
    assert by_name_thi["Seismic hazard"] == seismic_ru == charts.CRITERION_COLORS["seismic"]
    breakdown = charts.breakdown_figure(ranked().iloc[0], PROFILE, "en")
    assert list(breakdown.data[0].marker.color) == [charts.CRITERION_COLORS[k] for k in PROFILE.keys]
    assert breakdown.data[0].orientation == "h" and breakdown.data[0].y[0] == "Capacity", "names on level rows"


def test_exposure_bars_are_hatched_and_hazard_bars_plain_so_the_groups_differ_without_colour():
    figure = charts.contributions_figure(ranked(), PROFILE, "tri", "en")
    patterns = {t.name: t.marker.pattern.shape for t in figure.data}
    groups = {t.name: t.legendgroup for t in figure.data}
    assert {patterns[n] for n in patterns if groups[n] == "thi"} == {""}
    assert {patterns[n] for n in patterns if groups[n] == "exposure"} == {"/"}
    assert {t.legendgrouptitle.text for t in figure.data} == {"Hazard (THI)", "Exposure (added by the TRI)"}


def test_the_legend_lists_the_criteria_in_the_order_the_bars_stack_from_left_to_right():
    """Plotly lists the traces of stacked bars in reverse by default: the legend read
    "dam condition ... capacity" under bars that begin with capacity on the left."""
    figure = charts.contributions_figure(ranked(), PROFILE, "tri", "en")
    assert [t.name for t in figure.data][:2] == ["Capacity", "Toxicity"]  # the first bars from the left
    assert "reversed" not in figure.layout.legend.traceorder


def test_tick_labels_are_large_and_dark_and_axis_titles_get_room():
    for figure in (
        charts.contributions_figure(ranked(), PROFILE, "thi", "kk"),
        charts.rank_shift_figure(ranked().assign(rank_shift=[1, 0, -1]), "kk"),
        charts.breakdown_figure(ranked().iloc[0], PROFILE, "kk"),
    ):
        for axis in (figure.layout.xaxis, figure.layout.yaxis):
            assert axis.tickfont.size >= 14 and axis.tickfont.color == charts.TEXT_COLOR
            assert axis.automargin is True


def test_long_names_are_cut_on_the_axis_but_two_cut_alike_stay_apart():
    frame = pd.DataFrame(
        {
            "facility_id": ["KG-MAI-201", "KG-MAI-202", "X"],
            "name": ["Mailuu-Suu Ailampa tailing No. 2a", "Mailuu-Suu Ailampa tailing No. 2b", "Short"],
            "rank": [5, 5, 7],
        }
    )
    labels = charts.short_labels(frame, width=20)
    assert labels[2] == "7. Short"
    assert labels[0] != labels[1] and labels[0].startswith("5. Mailuu-Suu Ailampa…")
    assert "KG-MAI-201" in labels[0]


def test_the_rank_shift_axis_counts_whole_places_around_zero_and_says_when_none_moved():
    still = charts.rank_shift_figure(ranked().assign(rank_shift=[0, 0, 0]), "ru")
    assert list(still.layout.xaxis.range) == [-1.5, 1.5] and still.layout.xaxis.dtick == 1
    assert [note.text for note in still.layout.annotations] == [
        charts.title_lines("Порядок как в официальном рейтинге: ни один объект не сместился.", 16)
    ]
    moved = charts.rank_shift_figure(ranked().assign(rank_shift=[2, 0, -3]), "ru")
    assert list(moved.layout.xaxis.range) == [-3.5, 3.5] and not moved.layout.annotations
    far = charts.rank_shift_figure(ranked().assign(rank_shift=[12, 0, -4]), "en")
    assert far.layout.xaxis.range is None and far.layout.xaxis.dtick is None
    hovers = [text.rsplit(": ", 1)[1] for text in far.data[0].customdata]
    assert hovers == ["+12", "0", "\u22124"], "the hover writes a change as the table does, never +0"
