"""Entry point: page configuration, navigation (translated titles) and the shared sidebar."""

from pathlib import Path

import streamlit as st

from components import notices, widget_texts
from session import controls, login, memory, page_style, pages, turns
from tmf.store.engine import database_url
from tmf.store.errors import StoreUnavailable

# A local favicon: without one Streamlit uses the page's Material icon, fetched from a font CDN.
# The browser tab's title is set below, once the language and the page are known.
st.set_page_config(page_icon=str(Path(__file__).parent / "docs" / "favicon.png"), layout="wide")
with turns.turn():  # page runs take turns in this process (session/turns.py)
    page_style.print_stylesheet()
    lang = controls.language()
    widget_texts.widget_hints(lang)  # Streamlit's own English words ("Press Enter to apply", ...) in ours
    widget_texts.widget_script(lang)  # screen-reader labels in ours; the mouse wheel scrolls past maps
    if pages.participant_link():  # a workshop code admits to the participant page only
        participant = pages.participant_navigation(lang)
        st.set_page_config(page_title=pages.window_title(participant.title, lang))
        participant.run()
        st.stop()
    user = login.current_user()
    login.gate(user, lang)
    navigation = pages.navigation(login.role_of(user), lang)
    st.set_page_config(page_title=pages.window_title(navigation.title, lang))
    controls.language_selector()
    login.sidebar(user, lang)
    notices.sidebar_status(database_url(), lang)
    try:
        navigation.run()
    except StoreUnavailable as error:  # a page that did not say it itself still gets the one sentence
        st.error(error.message(lang), icon=":material/cloud_off:")
    # The page's caches are loaded now (session/memory.py); every unknown address counts as one page.
    memory.freeze_once(pages.registry_name(navigation.url_path))
