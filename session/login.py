"""Who is logged in, which pages they see, the login form and the guard of editing pages.

The session holds only the user name (``st.session_state["auth_user"]``); the role is read
from the database on every run, so a changed role or a removed account takes effect at
once. Pages a role may not use are left out of st.navigation, and every such page also
calls ``require`` at its top, so a typed URL is refused too.
"""

from __future__ import annotations

import streamlit as st

import cache
from components.user_text import markdown_literal
from session import controls, keys, remember
from tmf.i18n import t
from tmf.problems import Problem
from tmf.store import auth
from tmf.store.engine import Engine, database_url
from tmf.store.errors import StoreUnavailable
from tmf.store.logins import LoginLocked


def _engine() -> Engine:
    return cache.engine(database_url())


def _stored_user() -> auth.User | None:
    """The logged-in user as stored now (raises StoreUnavailable when it cannot be read)."""
    name = st.session_state.get(keys.AUTH_USER)
    if not name:
        return None
    user = auth.find_user(_engine(), name)
    if user is None:
        st.session_state.pop(keys.AUTH_USER, None)
    else:
        st.session_state[keys.AUTH_ROLE] = user.role
    return user


def current_user() -> auth.User | None:
    """The logged-in user with the role stored now; None when nobody is logged in.

    While the database is down the role last read keeps the user's pages in the navigation,
    so a rerun shows the outage sentence (``require``) rather than a missing page or role.
    """
    remember.restore()  # a new session (a reload) logs in again from the browser's session cookie
    try:
        return _stored_user()
    except StoreUnavailable:
        name, role = st.session_state.get(keys.AUTH_USER), st.session_state.get(keys.AUTH_ROLE)
        return auth.User(name, role) if name and role else None


def role_of(user: auth.User | None) -> str | None:
    return user.role if user is not None else None


def gate(user: auth.User | None, lang: str) -> None:
    """While TMF_REQUIRE_LOGIN is set and nobody is logged in, the login page is the only
    page (and the run ends here)."""
    if user is not None or not auth.login_required():
        return
    navigation = st.navigation([st.Page(login_page, title=t("auth.login_title", lang), url_path="login")])
    controls.language_selector()
    navigation.run()
    st.stop()


def require(needed: str, lang: str) -> auth.User | None:
    """Stop the page with a sentence unless the user has at least the role ``needed``
    (the database's sentence when the role cannot be read now)."""
    try:
        user = _stored_user()
    except StoreUnavailable as error:
        st.error(error.message(lang), icon=":material/cloud_off:")
        st.stop()
    if (needed != "viewer" and user is None) or not auth.allows(role_of(user), needed):
        st.error(t("auth.refused", lang, role=t(f"auth.role_{needed}", lang)), icon=":material/lock:")
        st.stop()
    return user


def _attempt(name: str, password: str) -> tuple[auth.User | None, Problem | None]:
    """The user, or why the login failed (wrong pair, account locked, database down)."""
    try:
        user = auth.authenticate(_engine(), name, password)
    except StoreUnavailable as error:
        return None, Problem(f"app.database_{error.kind}")
    except LoginLocked as locked:
        return None, locked.problems[0]
    return user, None if user is not None else Problem("auth.login_failed")


def _log_in(form_key: str) -> None:
    name = st.session_state.get(keys.login_name(form_key), "")
    password = st.session_state.get(keys.login_password(form_key), "")
    user, failure = _attempt(name, password)
    st.session_state[keys.login_failed(form_key)] = failure
    if user is not None:
        st.session_state[keys.AUTH_USER] = user.name
        remember.remember(user.name)


def login_form(form_key: str, lang: str) -> None:
    """Name and password; a wrong pair gets one generic sentence (no hint which was wrong)."""
    with st.form(form_key, clear_on_submit=True, border=False):
        st.text_input(t("auth.name", lang), key=keys.login_name(form_key), autocomplete="username")
        st.text_input(t("auth.password", lang), type="password", key=keys.login_password(form_key))
        submitted = st.form_submit_button(t("auth.login", lang), key=keys.login_submit(form_key))
    if submitted:
        _log_in(form_key)
        if st.session_state.get(keys.AUTH_USER):
            st.rerun()
    failure = st.session_state.get(keys.login_failed(form_key))
    if isinstance(failure, Problem):
        st.error(failure.message(lang))


def login_page() -> None:
    """The only page while TMF_REQUIRE_LOGIN is set and nobody is logged in."""
    lang = controls.language()
    st.title(t("auth.login_title", lang))
    st.info(t("auth.login_required", lang))
    login_form(keys.PAGE_LOGIN, lang)


def _log_out() -> None:
    st.session_state.pop(keys.AUTH_USER, None)
    remember.forget()
    st.session_state.pop(keys.AUTH_ROLE, None)


def sidebar(user: auth.User | None, lang: str) -> None:
    """Logged in as ... with a logout button, or the login form."""
    with st.sidebar:
        remember.write_cookie()
        if user is not None:
            role = t(f"auth.role_{user.role}", lang)
            st.caption(t("auth.signed_in_as", lang, name=markdown_literal(user.name), role=role))
            st.button(t("auth.logout", lang), key="logout", on_click=_log_out, icon=":material/logout:")
        elif not auth.login_required():
            with st.expander(t("auth.login", lang), icon=":material/login:"):
                login_form(keys.SIDEBAR_LOGIN, lang)
