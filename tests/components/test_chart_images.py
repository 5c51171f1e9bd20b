"""Charts taken away as PNG and SVG: drawn on the server from the page's own figure, with
its title, the weights, the data date and the methodology version, Kazakh letters whole."""

import html
import io
import re
import warnings

import pandas as pd
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from PIL import Image

from components import charts, scenario_charts
from components.chart_images import draw_figure, figure_image
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


def svg_texts(data: bytes) -> list[str]:
    """The texts of a matplotlib SVG (drawn as outlines, each preceded by a comment)."""
    return [html.unescape(text) for text in re.findall(r"<!-- (.*?) -->", data.decode())]


def test_the_svg_holds_the_title_weights_data_date_and_every_kazakh_label():
    figure = charts.contributions_figure(ranked(("Қоймасы ә ғ қ ң ө ұ ү һ і", "Beta", "Gamma")), PROFILE, "tri", "kk")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of a glyph missing from the font
        texts = svg_texts(figure_image(figure, LINES, "svg"))
    assert "Өлшемдердің баллға қосқан үлесі: TRI (тәуекел)" in texts
    assert LINES[0] in texts and LINES[1] in texts
    assert any("Қоймасы ә ғ қ ң ө ұ ү һ і" in text for text in texts)
    assert "Сейсмикалық қауіптілік" in texts  # the legend
    assert "<text" not in figure_image(figure, LINES, "svg").decode()  # glyphs embedded as outlines


def test_the_stacked_bars_of_the_picture_add_up_to_each_facilitys_score_in_rank_order():
    table = ranked()
    drawn = draw_figure(charts.contributions_figure(table, PROFILE, "thi", "en"), LINES)
    axes = drawn.axes[0]
    labels = [label.get_text() for label in axes.get_yticklabels()]
    assert labels == [f"{r}. {n}" for r, n in zip(table["rank"], table["name"], strict=True)]
    ends = {}
    for bar in axes.patches:
        row = round(bar.get_y() + bar.get_height() / 2)
        ends[row] = max(ends.get(row, 0.0), bar.get_x() + bar.get_width())
    assert [round(ends[i], 6) for i in range(3)] == [round(s, 6) for s in table["score"]]
    assert axes.yaxis_inverted()  # rank 1 on top, as on the page


def test_a_name_with_dollar_signs_and_markup_is_drawn_as_typed():
    table = ranked(("$x$ <b>pond</b>", "Beta", "Gamma"))
    svg = figure_image(charts.rank_shift_figure(table, "en"), LINES, "svg")
    rank = int(table.loc[table["name"] == "$x$ <b>pond</b>", "rank"].iloc[0])
    assert f"{rank}. $x$ <b>pond</b>" in svg_texts(svg)  # markup shown as typed
    dollar = FT2Font(font_manager.findfont("DejaVu Sans")).get_char_index(ord("$"))
    assert f'id="DejaVuSans-{dollar:x}"'.encode() in svg  # the dollar glyph drawn: not read as mathtext


def test_the_png_is_a_picture_as_tall_as_the_chart_plus_its_header():
    figure = scenario_charts.interval_figure(
        pd.DataFrame({"rank": [1, 2], "name": ["A", "B"], "rank_p05": [1, 1], "rank_p50": [1, 2], "rank_p95": [2, 2]}),
        "ru",
    )
    picture = Image.open(io.BytesIO(figure_image(figure, LINES, "png", dpi=100)))
    assert picture.width == 1000
    assert picture.height > figure.layout.height  # the title lines sit above the chart


def test_a_box_of_answers_has_its_median_line_and_the_named_marker_its_legend_entry():
    import plotly.graph_objects as go

    figure = go.Figure()
    figure.add_box(y=[0.0, 1.0, 2.0, 3.0, 3.0], name="Seismic", showlegend=False, boxpoints="all")
    figure.add_box(y=[1.0, 1.0, 1.0], name="Flood", showlegend=False, boxpoints="all")
    figure.add_scatter(x=["Seismic", "Flood"], y=[2.0, 1.0], mode="markers", name="Room's weight")
    axes = draw_figure(figure, LINES).axes[0]
    flat = {
        (round(line.get_xdata()[0], 2), line.get_ydata()[0]) for line in axes.lines if len(set(line.get_ydata())) == 1
    }
    assert (-0.25, 2.0) in flat and (0.75, 1.0) in flat  # each box's median at its own position
    assert [label.get_text() for label in axes.get_xticklabels()] == ["Seismic", "Flood"]
    assert "Room's weight" in svg_texts(figure_image(figure, LINES, "svg"))


def test_the_picture_of_an_unmoved_ranking_says_no_facility_moved():
    figure = charts.rank_shift_figure(ranked().assign(rank_shift=[0, 0, 0]), "kk")
    texts = "".join("".join(svg_texts(figure_image(figure, LINES, "svg"))).split())  # lines joined
    assert "бірде-бірнысанорнынауыстырмады" in texts
