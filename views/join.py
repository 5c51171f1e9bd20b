"""Join (participant, on a phone): the workshop's code admits to this page only; one slider
per criterion, send, resend until the presenter closes the round. No account needed."""

import streamlit as st

import cache
from components.user_text import markdown_literal
from session import participant
from tmf.i18n import t
from tmf.store import workshops
from tmf.store.engine import database_url
from tmf.store.errors import StoreUnavailable

lang = participant.language_switch()
st.title(t("workshop.join_page_title", lang))
code = workshops.normalise_code(st.query_params.get("code"))
if not code:
    st.info(t("workshop.join_code_missing", lang))
    st.stop()
try:
    engine = cache.engine(database_url())
    workshop = workshops.get_workshop(engine, code)
except StoreUnavailable as error:
    st.error(error.message(lang))
    st.stop()
except workshops.WorkshopRefused:
    st.error(workshops.WorkshopRefused("unknown_code", code=markdown_literal(code[:12])).message(lang))
    st.stop()

st.caption(t("workshop.join_workshop", lang, title=markdown_literal(workshop.title)))
if not workshop.is_open:
    st.warning(workshops.WorkshopRefused("closed", round=workshop.round).message(lang))
    st.stop()
participant.participant_token(
    workshop.code
)  # in the cookie and link before the first answer: a reload keeps the participant
st.caption(t("workshop.join_intro", lang))
participant.answer_form(engine, workshop, cache.profile(), lang)
