"""tmf.briefing.layout: column widths that never break a word, and line counts, measured with a
font where every letter is 1 wide (2 in bold) so the widths can be worked out by hand."""

import pytest

from tmf.briefing.layout import fitted_widths, least_widths, line_count, longest_word
from tmf.briefing.sections import Table


def measure(text: str, bold: bool) -> float:
    return len(text) * (2.0 if bold else 1.0)


def table(widths=(1.0, 1.0)) -> Table:
    # least widths: "Name" in bold 8 (wider than "Koshkar", 7) + 2 x padding 1 = 10;
    # "Score" in bold 10 + 2 = 12
    return Table(columns=("Name", "Score"), rows=(("Koshkar Ata", "12"),), widths=widths)


def test_the_longest_word_is_measured_between_spaces_and_line_breaks():
    assert longest_word(["a bc", "def\ngh"], measure, True) == 6.0
    assert longest_word([], measure, False) == 0.0


def test_each_column_needs_its_longest_word_header_in_bold_plus_padding():
    assert least_widths(table(), measure, 1.0) == [10.0, 12.0]


def test_the_widths_follow_the_tables_proportions_where_every_word_fits():
    assert fitted_widths(table(), 100.0, measure, 1.0) == (50.0, 50.0)


def test_a_column_too_narrow_for_its_longest_word_keeps_that_width_and_the_others_share_the_rest():
    assert fitted_widths(table(widths=(1.0, 9.0)), 60.0, measure, 1.0) == (10.0, 50.0)


def test_where_even_the_least_widths_do_not_fit_they_are_scaled_down_to_the_total():
    assert fitted_widths(table(), 11.0, measure, 1.0) == pytest.approx((5.0, 6.0))


@pytest.mark.parametrize(("width", "lines"), [(8.0, 1), (5.0, 2), (4.0, 3), (1.0, 3)])
def test_text_wraps_between_words_within_the_width(width, lines):
    assert line_count("aa bb cc", measure, width) == lines
