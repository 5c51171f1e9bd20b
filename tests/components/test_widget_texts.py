"""Streamlit's English widget texts replaced by the catalogue's words, as CSS strings that cannot escape."""

import json

from components.widget_texts import ARIA_LABELS, _css_string, _script_json
from tmf.i18n import LANGUAGES, t


def test_kazakh_button_text_stays_readable_letters_in_the_css():
    text = t("widgets.upload_button", "kk")
    assert _css_string(text) == f'"{text}"'
    assert "\\u" not in _css_string(text)


def test_quotes_and_a_closing_tag_cannot_leave_the_css_string():
    css = _css_string('a"b</style><script>')
    assert css == '"a\\"b\\3C /style>\\3C script>"'
    assert "</" not in css


def test_words_in_the_script_are_json_that_cannot_close_the_script_element():
    words = {"labels": {"Fullscreen": 'Толық "экран" </script><img src=x onerror=alert(1)> & ...'}}
    text = _script_json(words)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == words  # the script reads back exactly the catalogue's words


def test_every_label_the_script_translates_has_words_in_each_language():
    for lang in LANGUAGES:
        said = {english: t(key, lang) for english, key in ARIA_LABELS.items()}
        assert all(said.values())
        assert lang == "en" or not [e for e, w in said.items() if e.lower() == w.lower()], lang
