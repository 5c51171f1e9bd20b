"""Entry point: page configuration, navigation (translated titles) and the shared sidebar."""

from pathlib import Path

import streamlit as st

from components import notices, page_style
from session import controls, login, pages
from tmf.store.engine import database_url

# A local favicon: without one Streamlit uses the page's Material icon, fetched from a font CDN.
st.set_page_config(
    page_title="TMF safety dashboard", page_icon=str(Path(__file__).parent / "docs" / "favicon.png"), layout="wide"
)
lang = controls.language()
page_style.apply()
user = login.current_user()
login.gate(user, lang)
navigation = pages.navigation(login.role_of(user), lang)
controls.language_selector()
login.sidebar(user, lang)
notices.sidebar_status(database_url(), lang)
navigation.run()
