"""Presentation: the current view as full-screen slides for a projector (no editing
controls); the arrow keys, Page Up/Down and the buttons move between slides, and the link
(view + ``slide``) reproduces the slide."""

import streamlit as st

import cache
from components import slides, user_text
from session import controls, loaders, page_style, presentation
from tmf.i18n import t
from tmf.screening import current_view

lang = controls.language()
profile = cache.profile()
view, problems = controls.view_from_url(profile)
number, slide_problems = presentation.slide_number(view, len(slides.SLIDES))
page_style.presentation_stylesheet()
presentation.navigation(number, len(slides.SLIDES), view, lang)
user_text.show_link_problems(problems + slide_problems, lang)
rule = presentation.hotspot_rule()
current = current_view(loaders.load_scored(lang, rule), view)
if not len(current.ranked):
    st.info(t("ranking.no_match", lang))
    st.stop()
presentation.show_slide(slides.SLIDES[number - 1], current, lang)
presentation.write_url(view, number, rule)
