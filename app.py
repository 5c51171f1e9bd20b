"""Entry point: page configuration, navigation (translated titles) and the shared sidebar."""

from pathlib import Path

import streamlit as st

from components import auth_view, controls, layout
from tmf.i18n import t

# A local favicon: without one Streamlit uses the page's Material icon, fetched from a font CDN.
st.set_page_config(
    page_title="TMF safety dashboard", page_icon=str(Path(__file__).parent / "docs" / "favicon.png"), layout="wide"
)
lang = controls.language()
user = auth_view.current_user()
auth_view.gate(user, lang)
navigation = st.navigation(
    [
        st.Page(
            "views/overview.py",
            title=t("pages.overview", lang),
            icon=":material/dashboard:",
            default=True,  # served at "/"
        ),
        st.Page("views/ranking.py", title=t("pages.ranking", lang), icon=":material/leaderboard:", url_path="ranking"),
        st.Page(
            "views/scenarios.py",
            title=t("pages.scenarios", lang),
            icon=":material/compare:",
            url_path="scenarios",
        ),
        st.Page(
            "views/transboundary.py",
            title=t("pages.transboundary", lang),
            icon=":material/water:",
            url_path="transboundary",
        ),
        st.Page("views/facility.py", title=t("pages.facility", lang), icon=":material/factory:", url_path="facility"),
        st.Page(
            "views/methodology.py",
            title=t("pages.methodology", lang),
            icon=":material/menu_book:",
            url_path="methodology",
        ),
    ]
    + auth_view.role_pages(user, lang)
)
controls.language_selector()
auth_view.sidebar(user, lang)
layout.sidebar_status(lang)
navigation.run()
