"""AppTest: every kind of database failure is its own sentence in the user's language on
every page of the registry, never a traceback, and an outage never passes for a missing role."""

import sqlite3
import tomllib
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from session import keys
from session.pages import PAGES, page_file
from tests.outages import KIND, SERVER_DOWN, broken_database
from tmf.i18n import t
from tmf.store import editing
from tmf.store import engine as store_engine

ROOT = Path(__file__).parents[2]


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch):
    """A locked database is told after 0.3 s here (15 s in a deployment)."""
    monkeypatch.setattr(store_engine, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.3)


def signed_in(name: str | None, role: str | None, lang: str = "en") -> AppTest:
    """A session that logged in as ``name`` with ``role`` before anything went wrong."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if name:
        at.session_state[keys.AUTH_USER] = name
        at.session_state[keys.AUTH_ROLE] = role
    return at.run()


def opened(page: str) -> AppTest:
    """``page`` as its users reach it: the participant page (never in the navigation) by a
    workshop link with a code, as from the presenter's QR code; every other page by an
    admin who switches to it."""
    if page == "join":
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["code"], at.query_params["lang"] = "AB23", "ru"
        return at.run()
    return signed_in("adam", "admin", "ru").switch_page(page_file(page)).run()


# Every page but the one shown at an unknown address, which only a browser's address can
# open (tests/e2e/test_language_browser.py); it reads no data.
OPENED_BY_NAME = [p.name for p in PAGES if p.name != "not_found"]


@pytest.mark.parametrize("failure", list(KIND))
@pytest.mark.parametrize("page", OPENED_BY_NAME)
def test_every_page_under_each_kind_of_database_failure_shows_its_own_sentence(tmp_path, monkeypatch, failure, page):
    with broken_database(failure, tmp_path) as url:
        monkeypatch.setenv("TMF_DATABASE_URL", url)
        at = opened(page)
    assert not at.exception
    assert [e.value for e in at.error] == [t(f"app.database_{KIND[failure]}", "ru")]


def test_the_methodology_page_still_shows_the_bundled_method_when_the_database_is_down(monkeypatch):
    monkeypatch.setenv("TMF_DATABASE_URL", SERVER_DOWN)
    at = signed_in(None, None).switch_page(page_file("methodology")).run()
    assert not at.exception and at.title[0].value == t("methodology.title")
    assert [e.value for e in at.error] == [t("app.database_unreachable")]
    assert t("methodology.bundled_while_down") in [c.value for c in at.caption]
    assert at.dataframe, "the criteria of the bundled profile"


@pytest.mark.parametrize("page", ["overview", "checklist"])
def test_an_anonymous_visitor_gets_the_sentence_too(monkeypatch, page):
    monkeypatch.setenv("TMF_DATABASE_URL", SERVER_DOWN)
    at = signed_in(None, None, "kk").switch_page(page_file(page)).run()
    assert not at.exception and [e.value for e in at.error] == [t("app.database_unreachable", "kk")]


def test_logging_in_from_the_sidebar_while_the_server_is_down_says_so(monkeypatch):
    monkeypatch.setenv("TMF_DATABASE_URL", SERVER_DOWN)
    at = signed_in(None, None)
    at.text_input(key="login_name").input("eva")
    at.text_input(key="login_password").input("eva-password")
    at.button(key="login_submit").click().run()
    assert not at.exception
    assert t("app.database_unreachable") in [e.value for e in at.error]
    assert keys.AUTH_USER not in at.session_state


@pytest.mark.parametrize("failure", list(KIND))
def test_an_editor_whose_page_reruns_during_a_failure_is_told_what_failed_not_refused(
    editor, tmp_path, monkeypatch, failure
):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[keys.AUTH_USER] = "eva"
    at.run().switch_page(page_file("edit")).run()
    assert at.get("text_input") and not at.error
    (tmp_path / "broken").mkdir()
    with broken_database(failure, tmp_path / "broken") as url:
        monkeypatch.setenv("TMF_DATABASE_URL", url)
        st.cache_resource.clear()
        at.run()
    messages = [e.value for e in at.error]
    assert messages == [t(f"app.database_{KIND[failure]}")], "not the editor-role refusal"


def test_a_save_that_meets_a_running_import_says_so_and_keeps_what_was_typed(editor, demo_db, monkeypatch):
    monkeypatch.setattr(store_engine, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.3)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[keys.AUTH_USER] = "eva"
    at.run().switch_page(page_file("edit")).run()
    at.selectbox(key=keys.FACILITY).set_value("KZ-KOS-001").run()
    at.text_input(key="edit_name").input("Eva's name")
    importer = sqlite3.connect(demo_db.removeprefix("sqlite:///"), isolation_level=None)
    importer.execute("BEGIN IMMEDIATE")
    importer.execute("UPDATE facilities SET region = 'import' WHERE facility_id = 'KZ-KOS-001'")
    try:
        at.button(key="edit_save").click().run()
    finally:
        importer.rollback()
        importer.close()
    assert not at.exception
    assert t("app.database_locked") in [e.value for e in at.error]
    assert at.text_input(key="edit_name").value == "Eva's name"
    assert editing.facility_state(editor, "KZ-KOS-001")["name"] != "Eva's name"
    at.button(key="edit_save").click().run()
    assert editing.facility_state(editor, "KZ-KOS-001")["name"] == "Eva's name", "saving again works"


def test_streamlit_shows_users_no_error_details():
    """A bug that slips past the sentences shows no traceback, host or file name."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
