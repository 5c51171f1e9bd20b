"""Presentation: the current view as full-screen slides for a projector (no editing
controls); the arrow keys, Page Up/Down and the buttons move between slides, and the link
(view + ``slide``) reproduces the slide. A link with ``workshop=CODE`` adds the room's live
slide."""

import streamlit as st

import cache
from components import slides, user_text
from session import controls, loaders, page_style, presentation
from tmf.i18n import t
from tmf.screening import current_view

lang = controls.language()
profile = cache.profile()
view, problems = controls.view_from_url(profile)
view, workshop, workshop_problems = presentation.workshop_from_link(view)
names = slides.slide_names(workshop is not None)
number, slide_problems = presentation.slide_number(view, len(names))
page_style.presentation_stylesheet()
presentation.navigation(number, len(names), view, lang, workshop.code if workshop else None)
user_text.show_link_problems(problems + workshop_problems + slide_problems, lang)
rule = presentation.hotspot_rule()
current = current_view(loaders.load_scored(lang, rule), view)
if not len(current.ranked):
    st.info(t("ranking.no_match", lang))
    st.stop()
presentation.show_slide(names[number - 1], current, lang, workshop)
presentation.write_url(view, number, rule)
