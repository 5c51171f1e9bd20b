"""The participant's side of a workshop: a random token that names the participant (never
a name), the language switch of a phone page, and the answer form (one slider per criterion
with its short explanation, and a send button).

The token lives in the session and in the link (``?p=``): the link the presenter shows has
none, the first visit adds a fresh one, so a reload of the phone's page (a new Streamlit
session) is still the same participant: a resubmission replaces that participant's answer
and the rate limit still applies. The token is random (tmf.store.workshops), so it cannot be
guessed from the code or from another participant's link.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from session import keys
from tmf.i18n import LANGUAGE_NAMES, LANGUAGES, normalise_language, t
from tmf.methodology import MAX_WEIGHT, MIN_WEIGHT, Profile
from tmf.store import workshops
from tmf.store.engine import Engine

STEP = 0.25  # thirteen positions from 0 to 3: easy to hit with a thumb
TOKEN_PARAM = "p"  # the participant's token in the link


def participant_token() -> str:
    """This participant's random id: the session's, else the link's (a reload), else a new
    one; written into the link so the next reload finds it."""
    token = st.session_state.get(keys.PARTICIPANT)
    if token is None:
        linked = st.query_params.get(TOKEN_PARAM, "")
        token = linked if workshops.TOKEN_PATTERN.match(linked) else workshops.new_participant_token()
        st.session_state[keys.PARTICIPANT] = token
    if st.query_params.get(TOKEN_PARAM) != token:
        st.query_params[TOKEN_PARAM] = token
    return token


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


def _sliders(profile: Profile, start: Mapping[str, float], lang: str) -> dict[str, float]:
    weights = {}
    for group in ("thi", "exposure"):
        st.subheader(t(f"controls.group_{group}", lang))
        for criterion in (c for c in profile.criteria if c.group == group):
            weights[criterion.key] = st.slider(
                t(f"criteria.{criterion.key}.label", lang),
                MIN_WEIGHT,
                MAX_WEIGHT,
                value=float(start.get(criterion.key, criterion.default_weight)),
                step=STEP,
                key=f"join_w_{criterion.key}",
            )
            st.caption(t(f"criteria.{criterion.key}.help", lang))
    return weights


def answer_form(engine: Engine, workshop: workshops.Workshop, profile: Profile, lang: str) -> None:
    """The sliders (at the participant's last answer, if any) and the send button; the
    answer is stored (or refused with a sentence)."""
    token = participant_token()
    previous = workshops.participant_answer(engine, workshop, token)
    with st.form("join_form", border=False):
        weights = _sliders(profile, previous.weights if previous else {}, lang)
        sent = st.form_submit_button(t("workshop.submit", lang), key="join_submit", type="primary", width="stretch")
    if sent:
        try:
            workshops.submit_answer(engine, workshop.code, token, weights, profile)
        except workshops.WorkshopRefused as refusal:
            st.error(refusal.message(lang))
            return
        st.success(t("workshop.submitted", lang))
    elif previous is not None:
        st.info(t("workshop.answered_note", lang))
