"""The login kept across reloads: a signed, expiring token (tmf.tokens) in a browser cookie.

Streamlit reads cookies (st.context.cookies, fixed when the browser connects) but cannot set
them, so a tiny inline script writes or deletes the cookie after a login or a logout. The
cookie has no expiry date (the browser drops it when it closes), is SameSite=Strict, Secure
over HTTPS, and holds only the token: no password, nothing in the URL. A reload opens a new
Streamlit session, which restores the user from the cookie once; a logout deletes the cookie
and is not undone by a later run of the same session. ``set_cookie`` is the one writer of
cookies (the workshop's participant token uses it too).
"""

from __future__ import annotations

import re

import streamlit as st

from session import keys
from tmf import tokens

COOKIE = "tmf_session"
INERT = re.compile(r"^[A-Za-z0-9_.-]+$")  # what a cookie name or value may hold here


def restore() -> None:
    """On the first run of a session, log in the user named by a valid cookie token."""
    if st.session_state.get(keys.AUTH_RESTORED):
        return
    st.session_state[keys.AUTH_RESTORED] = True
    if st.session_state.get(keys.AUTH_USER):
        return
    name = tokens.verify(st.context.cookies.get(COOKIE), tokens.installation_secret())
    if name:
        st.session_state[keys.AUTH_USER] = name


def remember(name: str) -> None:
    """Ask for the cookie to be written on this run (called from the login callback)."""
    st.session_state[keys.AUTH_TOKEN] = tokens.sign(name, tokens.installation_secret())


def forget() -> None:
    """Ask for the cookie to be deleted on this run (called from the logout callback)."""
    st.session_state[keys.AUTH_TOKEN] = ""


def write_cookie() -> None:
    """Write (or delete) the cookie asked for by ``remember``/``forget``; nothing otherwise."""
    token = st.session_state.pop(keys.AUTH_TOKEN, None)
    if token is None:
        return
    if token and not tokens.TOKEN_PATTERN.match(token):
        raise ValueError("refusing to write a malformed session token")
    set_cookie(COOKIE, token)


def set_cookie(name: str, value: str, max_age_s: int | None = None) -> None:
    """Write the browser cookie ``name`` on this run (``value`` "" deletes it; without
    ``max_age_s`` it lasts until the browser closes): SameSite=Strict, Secure over HTTPS."""
    if not INERT.match(name) or (value and not INERT.match(value)):
        raise ValueError("refusing to write a cookie that is not [A-Za-z0-9_.-]")
    # Name and value are [A-Za-z0-9_.-] only (checked above), so they are inert inside the script.
    ending = "; path=/; SameSite=Strict"
    if not value:
        ending += "; max-age=0"
    elif max_age_s is not None:
        ending += f"; max-age={int(max_age_s)}"
    st.html(
        "<script>document.cookie = '"
        + f"{name}={value}{ending}'"
        + " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )
