"""Streamlit's English widget texts replaced by the catalogue's words, as CSS strings that cannot escape."""

from components.widget_texts import _css_string
from tmf.i18n import t


def test_kazakh_button_text_stays_readable_letters_in_the_css():
    text = t("widgets.upload_button", "kk")
    assert _css_string(text) == f'"{text}"'
    assert "\\u" not in _css_string(text)


def test_quotes_and_a_closing_tag_cannot_leave_the_css_string():
    css = _css_string('a"b</style><script>')
    assert css == '"a\\"b\\3C /style>\\3C script>"'
    assert "</" not in css
