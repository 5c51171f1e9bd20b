"""AppTest: repeated wrong passwords in the sidebar lock the account with a sentence saying
until when; the admin sees the failures on the Users page and lifts the lock."""

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from session import keys
from session.pages import page_file
from tmf.store import auth, logins
from tmf.store.engine import make_engine

ROOT = Path(__file__).parents[2]


@pytest.fixture
def accounts(demo_db, monkeypatch):
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    engine = make_engine(demo_db)
    auth.add_user(engine, "eva", "eva-password", "editor", by="test")
    auth.add_user(engine, "adam", "adam-password", "admin", by="test")
    yield engine
    engine.dispose()


def sidebar_login(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return at.button(key="login_submit").click().run()


def test_five_wrong_passwords_lock_the_account_and_the_admin_lifts_the_lock(accounts):
    visitor = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    for _ in range(logins.MAX_FAILURES):
        sidebar_login(visitor, "eva", "not-her-password")
        assert [e.value for e in visitor.error] == ["Wrong user name or password."]
    sidebar_login(visitor, "eva", "eva-password")
    assert keys.AUTH_USER not in visitor.session_state
    assert visitor.error[0].value.startswith("Too many wrong passwords for this account: logins are paused for 1 min")

    admin = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    admin.session_state[keys.AUTH_USER] = "adam"
    admin.run().switch_page(page_file("users")).run()
    assert not admin.exception, admin.exception
    table = admin.dataframe[-1].value.set_index("name")
    assert table.loc["eva", "failures"] == 5 and table.loc["eva", "locked_until"] is not None
    admin.button(key="lift_lock").click().run()
    assert not admin.exception and admin.get("dataframe")

    sidebar_login(visitor, "eva", "eva-password")
    assert visitor.session_state[keys.AUTH_USER] == "eva"


def test_the_lock_is_on_the_audit_page_in_russian_without_the_password(accounts):
    visitor = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    for _ in range(logins.MAX_FAILURES):
        sidebar_login(visitor, "eva", "not-her-password")
    admin = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    admin.query_params["lang"] = "ru"
    admin.session_state[keys.AUTH_USER] = "adam"
    admin.run().switch_page(page_file("audit")).run()
    assert not admin.exception, admin.exception
    log = admin.dataframe[0].value
    assert "учётная запись заблокирована после неверных паролей" in log.to_string()
    states = admin.dataframe[1].value.set_index(admin.dataframe[1].value.columns[0])
    assert "Неудачные входы (UTC)" in states.index and "Заблокирована до (UTC)" in states.index
    assert "not-her-password" not in log.to_string() + states.to_string()


def test_a_failed_login_without_a_name_and_without_a_lock_show_dashes_not_none(accounts):
    visitor = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    sidebar_login(visitor, "", "a-guess")
    admin = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    admin.session_state[keys.AUTH_USER] = "adam"
    admin.query_params["lang"] = "kk"
    admin.run().switch_page(page_file("users")).run()
    failed = admin.dataframe[-1]
    assert failed.proto.placeholder == "—", "an empty cell is drawn as —, not None"
    row = failed.value.iloc[0]
    assert pd.isna(row["name"]) and row["failures"] == 1 and pd.isna(row["locked_until"])
