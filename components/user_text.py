"""User text (names, headers, notes from the inventory) shown as typed, never as markup.

st.dataframe and st.text draw plain text; labels and captions render markdown, so user
text going there passes through ``markdown_literal`` (Plotly text: charts.plotly_text).
"""

from __future__ import annotations

import re

import streamlit as st

MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def markdown_literal(text: object) -> str:
    """User text for a markdown element (label, caption), every markdown sign escaped."""
    return MARKDOWN_SPECIALS.sub(r"\\\1", "" if text is None else str(text))


def show_errors(messages: list[str]) -> None:
    """Refusals as error boxes; their values (cells, names) come from users, so shown literally."""
    for message in messages:
        st.error(markdown_literal(message))


def show_link_problems(problems: list, lang: str) -> None:
    """The parameters of a link that were ignored; their values come from the URL."""
    for problem in problems:
        st.warning(markdown_literal(problem.message(lang)), icon=":material/link_off:")
