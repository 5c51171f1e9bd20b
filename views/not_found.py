"""An address that names no page of the dashboard (session.pages.unknown_address): said in the
reader's language, with the way to the Overview."""

import streamlit as st

from session import controls, pages
from tmf.i18n import t

lang = controls.language()
st.title(t("pages.not_found_title", lang))
st.info(t("pages.not_found", lang), icon=":material/link_off:")
pages.link("overview", t("pages.overview", lang), lang)
