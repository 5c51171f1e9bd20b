"""The participant's side of a workshop: a random token kept in the session (never a
name), the language switch of a phone page, and the answer form (one slider per criterion
with its short explanation, and a send button)."""

from __future__ import annotations

import streamlit as st

from session import keys
from tmf.i18n import LANGUAGE_NAMES, LANGUAGES, normalise_language, t
from tmf.methodology import MAX_WEIGHT, MIN_WEIGHT, Profile
from tmf.store import workshops
from tmf.store.engine import Engine

STEP = 0.25  # thirteen positions from 0 to 3: easy to hit with a thumb
ANSWERED = "_workshop_answered"  # (code, round) of the participant's last recorded answer


def participant_token() -> str:
    """This participant's random id, made once per session."""
    if keys.PARTICIPANT not in st.session_state:
        st.session_state[keys.PARTICIPANT] = workshops.new_participant_token()
    return st.session_state[keys.PARTICIPANT]


def language_switch() -> str:
    """English, Russian, Kazakh as one row of buttons; the link keeps the choice."""
    st.radio(
        t("workshop.language", normalise_language(st.session_state.get(keys.LANG))),
        LANGUAGES,
        key=keys.LANG,
        horizontal=True,
        format_func=LANGUAGE_NAMES.get,
        label_visibility="collapsed",
    )
    lang = normalise_language(st.session_state.get(keys.LANG))
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def _sliders(profile: Profile, lang: str) -> dict[str, float]:
    weights = {}
    for group in ("thi", "exposure"):
        st.subheader(t(f"controls.group_{group}", lang))
        for criterion in (c for c in profile.criteria if c.group == group):
            weights[criterion.key] = st.slider(
                t(f"criteria.{criterion.key}.label", lang),
                MIN_WEIGHT,
                MAX_WEIGHT,
                value=criterion.default_weight,
                step=STEP,
                key=f"join_w_{criterion.key}",
            )
            st.caption(t(f"criteria.{criterion.key}.help", lang))
    return weights


def answer_form(engine: Engine, workshop: workshops.Workshop, profile: Profile, lang: str) -> None:
    """The sliders and the send button; the answer is stored (or refused with a sentence)."""
    with st.form("join_form", border=False):
        weights = _sliders(profile, lang)
        sent = st.form_submit_button(t("workshop.submit", lang), key="join_submit", type="primary", width="stretch")
    if sent:
        try:
            workshops.submit_answer(engine, workshop.code, participant_token(), weights, profile)
        except workshops.WorkshopRefused as refusal:
            st.error(refusal.message(lang))
            return
        st.session_state[ANSWERED] = (workshop.code, workshop.round)
        st.success(t("workshop.submitted", lang))
    elif st.session_state.get(ANSWERED) == (workshop.code, workshop.round):
        st.info(t("workshop.answered_note", lang))
