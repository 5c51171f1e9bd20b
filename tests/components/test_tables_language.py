"""Tables and charts in the language's number marks, with — for empty cells."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import tables
from components.charts import TEXT_COLOR, TICK_SIZE
from components.figures import figure_data, localised
from components.scenario_charts import tornado_figure
from components.tables import SIGNED_WHOLE, _unchanged_as_dash, numbers_as_text


def test_decimal_and_large_numbers_get_the_russian_marks_and_small_ranks_stay_numbers():
    table = pd.DataFrame({"rank": [1, 2], "score": [14.7, None], "volume": [1234567.0, 50.0]})
    number = st.column_config.NumberColumn
    config = {
        "rank": number("Ранг", format="%d"),
        "score": number("Балл", format="%.2f"),
        "volume": number("V", format="%.0f"),
    }
    shown, shown_config = numbers_as_text(table, config, "ru")
    assert shown["score"].tolist() == ["14,70", "—"]
    assert [v.replace("\u00a0", " ") for v in shown["volume"]] == ["1 234 567", "50"]
    assert shown["rank"].tolist() == [1, 2] and shown_config["rank"]["type_config"]["type"] == "number"
    assert shown_config["score"]["label"] == "Балл" and shown_config["score"]["type_config"]["type"] == "text"


def test_a_change_in_places_reads_plus_three_minus_two_and_a_dash_for_none_and_still_sorts_as_a_number():
    table = pd.DataFrame({"rank": [1, 2, 3], "rank_shift": [0, 3, -2], "score": [17.41, 3.5, 2.0]})
    number = st.column_config.NumberColumn
    config = {
        "rank": number("Ранг", format="%d"),
        "rank_shift": number("Сдвиг мест", format=SIGNED_WHOLE),
        "score": number("Балл", format="%.2f"),
    }
    shown = _unchanged_as_dash(table, config)
    assert shown["rank_shift"].dtype.kind == "f", "the grid sorts the numbers"
    assert shown["rank_shift"].isna().tolist() == [True, False, False], "no change: the empty cell, —"
    assert shown["rank_shift"].tolist()[1:] == [3, -2] and table["rank_shift"].tolist() == [0, 3, -2]
    assert shown["score"].tolist() == table["score"].tolist()


def test_a_chart_in_kazakh_uses_a_decimal_comma_and_its_data_can_be_downloaded():
    figure = go.Figure(go.Bar(x=["a", "b"], y=[1.5, 2.25], name="THI"))
    assert localised(figure, "kk").layout.separators == ",\u00a0"
    assert localised(figure, "en").layout.separators == ".,"
    assert figure.layout.separators is None, "the builder's figure is not changed"
    assert figure_data(figure).to_dict("records") == [
        {"series": "THI", "x": "a", "y": 1.5},
        {"series": "THI", "x": "b", "y": 2.25},
    ]


class Capture:
    """Stands in for a Streamlit container: keeps the frame given to ``table``."""

    def table(self, frame: pd.DataFrame, hide_index: bool = False) -> None:
        self.frame = frame


def test_the_printed_table_has_the_page_headers_russian_numbers_and_names_as_typed():
    from components.tables import print_table
    from components.user_text import markdown_literal

    hostile = "<img src=x onerror=alert(1)> *pond*"
    table = pd.DataFrame({"rank": [1, 2], "name": [hostile, "Kara-Balta"], "volume": [1234567.5, None]})
    config = {
        "rank": st.column_config.NumberColumn("Ранг", format="%d"),
        "name": "Наименование",
        "volume": st.column_config.NumberColumn("Объём, м³", format="%.1f"),
    }
    shown = Capture()
    print_table(table, config, "ru", shown)
    assert list(shown.frame.columns) == ["Ранг", "Наименование", "Объём, м³"]
    assert shown.frame["Наименование"].tolist() == [markdown_literal(hostile), "Kara\\-Balta"]
    assert shown.frame["Объём, м³"].tolist() == ["1\u00a0234\u00a0567,5", "—"]


class Offers:
    """Stands in for a Streamlit container: keeps what each download button would give."""

    def __init__(self) -> None:
        self.data: dict[str, object] = {}

    def plotly_chart(self, figure, **kwargs) -> None:
        pass

    def container(self, **kwargs) -> "Offers":
        return self

    def download_button(self, label: str, data: object, file_name: str, **kwargs) -> None:
        self.data[file_name] = data


def test_a_charts_csv_is_its_plotted_values_written_when_the_button_is_pressed():
    from components import figures
    from tmf.table_export import table_csv

    figure = go.Figure(go.Bar(x=["a", "b"], y=[1.5, 2.25], name="THI"))
    offers = Offers()
    figures.show(figure, "chart", "en", offers, stamp=("Weights: all 1",), stem="_x")
    csv = offers.data["chart_x.csv"]
    assert callable(csv) and csv() == table_csv(figure_data(figure), ("Weights: all 1",))
    empty = Offers()
    figures.show(go.Figure(go.Bar(x=[], y=[])), "none", "en", empty)
    assert not empty.data and not len(figure_data(go.Figure(go.Bar(x=[], y=[]))))  # nothing to download


def test_every_shown_chart_gets_projector_sized_dark_text_unless_its_builder_chose_its_own():
    sensitivity = pd.DataFrame(
        {"criterion": ["seismic", "flood"], "rank": [3, 3], "rank_at_min": [5, 3], "rank_at_max": [1, 4]}
    )
    shown = localised(tornado_figure(sensitivity, "Alpha", "ru"), "ru")  # a builder that sets no fonts
    for axis in (shown.layout.xaxis, shown.layout.yaxis):
        assert axis.tickfont.size == TICK_SIZE and axis.tickfont.color == TEXT_COLOR
    assert shown.layout.xaxis.title.font.size == 16 and shown.layout.font.size == 15
    assert shown.layout.title.font.size == 18 and shown.layout.legend.font.size == 14
    own = go.Figure(go.Bar(x=[1], y=["a"]), layout={"xaxis": {"tickfont": {"size": 9}}})
    assert localised(own, "en").layout.xaxis.tickfont.size == 9


def collation_key(text: str) -> list[tuple[int, str]]:
    """The order of the browser's String.localeCompare (ICU's root collation, which the grid's
    column menu uses for text): spaces, then punctuation ("," and "—"), then digits."""
    return [(0, "") if ch.isspace() else (2, ch) if ch.isdigit() else (1, ch) for ch in text]


def test_the_grids_number_texts_sort_by_value_when_sorted_as_text():
    # "9,00" sorted as text came after "17,41"; padded to one length with figure spaces it does not.
    values = [17.41, 9.0, 1234.5, None, 0.5, 999.0, 10.0]
    table = pd.DataFrame({"score": values})
    config = {"score": st.column_config.NumberColumn("Балл", format="%.2f")}
    shown, _ = numbers_as_text(table, config, "ru", sortable=True)
    texts = shown["score"].tolist()
    assert len(set(map(len, texts))) == 1
    assert [text.strip("\u2007") for text in texts][:2] == ["17,41", "9,00"]  # what the cell shows
    by_text = sorted(range(len(values)), key=lambda i: collation_key(texts[i]))
    assert [values[i] for i in by_text] == [None, 0.5, 9.0, 10.0, 17.41, 999.0, 1234.5]
    unpadded, _ = numbers_as_text(table, config, "ru")
    assert unpadded["score"].tolist()[1] == "9,00"  # paper and downloads get no padding


def test_a_short_table_of_sentences_is_shown_whole_and_a_long_one_eight_rows_at_a_time(monkeypatch):
    drawn = []
    monkeypatch.setattr(tables.st, "dataframe", lambda frame, **options: drawn.append(options["height"]))
    sentences = pd.DataFrame({"sentence": ["Stays in the top 10 at any weight."] * 6})
    tables.show(sentences, {}, key="six", lang="en", wrap=True)  # Streamlit's own height scrolled the sixth
    tables.show(pd.concat([sentences] * 5), {}, key="thirty", lang="en", wrap=True)
    tables.show(sentences, {}, key="plain", lang="en")
    assert drawn == [
        tables.whole_height(6, wrap=True),
        tables.whole_height(tables.WRAPPED_ROWS_SHOWN, wrap=True),
        "auto",
    ]


def test_a_table_of_sentences_gives_its_rows_the_height_in_which_the_longest_wraps_whole():
    short = pd.DataFrame({"row": [3], "problem": ["«VI» не является числом."]})
    assert tables.sentence_row_height(short) == tables.SENTENCE_ROW_HEIGHT  # four lines at least
    long = pd.DataFrame({"row": [3, 4], "problem": ["short", "x" * 330]})
    height = tables.sentence_row_height(long)
    lines = height // tables.SENTENCE_LINE
    assert lines * tables.SENTENCE_CHARS >= 330 and (lines - 1) * tables.SENTENCE_CHARS < 330


def test_long_names_in_a_narrow_name_column_get_rows_tall_enough_to_wrap_whole():
    names = pd.DataFrame({"name": ["Хвостохранилище Карабалтинского горнорудного комбината", "Дигмай"]})
    assert len(names["name"][0]) == 54
    # two lines, in a row tall enough that Streamlit's grid wraps (it does above 4rem only)
    assert tables.name_row_height(names, {"name": 36}) == tables.WRAPPING_ROW_HEIGHT > 64
    assert tables.name_row_height(names, {"name": 15}) == 4 * tables.SENTENCE_LINE + 8  # four lines
    measures = names.assign(measure=["x" * 120, "y"])  # the tallest column sets the rows' height
    assert tables.name_row_height(measures, {"name": 60, "measure": 50}) == tables.WRAPPING_ROW_HEIGHT
    assert tables.name_row_height(measures, {"name": 60, "measure": 30}) == 4 * tables.SENTENCE_LINE + 8
    assert tables.name_row_height(names, {"name": 60}) is None  # one line holds it: the grid's own height
