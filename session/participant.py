"""The participant's side of a workshop: a random token that names the participant (never
a name), the language switch of a phone page, and the answer form (one slider per criterion
with its short explanation, and a send button).

The token lives in the session, in a cookie of that workshop (SameSite=Strict, 12 hours)
and in the page's own link (``?p=``): the link the presenter shows has none, the first visit
makes a fresh one. A reload of the phone's page (a new Streamlit session) or a second scan
of the QR code finds it again (the cookie first, the link where cookies are blocked), so it
is the same participant: a resubmission replaces that participant's answer and the rate
limit still applies. The token is random (tmf.store.workshops): it cannot be guessed from
the code or from another participant's link.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from session import controls, keys, remember
from tmf.i18n import LANGUAGE_NAMES, LANGUAGES, normalise_language, t
from tmf.methodology import Profile
from tmf.store import workshops
from tmf.store.engine import Engine

STEP = 0.25  # thirteen positions from 0 to 3: easy to hit with a thumb
TOKEN_PARAM = "p"  # the participant's token in the link
COOKIE_PREFIX = "tmf_participant_"  # + the workshop's code
COOKIE_MAX_AGE_S = 12 * 3600  # a workshop day


def browser_cookie(name: str) -> str:
    """The cookie ``name`` the browser sent when it connected ("" if none, or no browser)."""
    value = st.context.cookies.get(name)
    return value if isinstance(value, str) else ""


def participant_token(code: str) -> str:
    """This participant's random id in workshop ``code``: the session's, else the browser's
    cookie, else the link's (a reload), else a new one; kept in the cookie and the link."""
    tokens = st.session_state.setdefault(keys.PARTICIPANT, {})
    if code not in tokens:
        cookie = COOKIE_PREFIX + code
        remembered, linked = browser_cookie(cookie), st.query_params.get(TOKEN_PARAM, "")
        known = [t for t in (remembered, linked) if workshops.TOKEN_PATTERN.match(t)]
        tokens[code] = known[0] if known else workshops.new_participant_token()
        if tokens[code] != remembered:
            remember.set_cookie(cookie, tokens[code], COOKIE_MAX_AGE_S)
    if st.query_params.get(TOKEN_PARAM) != tokens[code]:
        st.query_params[TOKEN_PARAM] = tokens[code]
    return tokens[code]


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
            key = f"join_w_{criterion.key}"
            st.session_state.setdefault(key, float(start.get(criterion.key, criterion.default_weight)))
            weights[criterion.key] = controls.weight_slider(t(f"criteria.{criterion.key}.label", lang), key, STEP, lang)
            st.caption(t(f"criteria.{criterion.key}.help", lang))
    return weights


def answer_form(engine: Engine, workshop: workshops.Workshop, profile: Profile, lang: str) -> None:
    """The sliders (at the participant's last answer, if any) and the send button; the
    answer is stored (or refused with a sentence)."""
    token = participant_token(workshop.code)
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
