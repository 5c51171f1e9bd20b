"""AppTest of the working group's pages: roles and login, import with preview and commit,
editing with a refused concurrent save, the checklist, the audit log and the priority matrix."""

from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from session import keys
from session.pages import page_file, visible
from tests.conftest import inventory_frame
from tests.views.conftest import run_app
from tmf.checklist import load_checklist
from tmf.i18n import t
from tmf.store import audit, auth, editing
from tmf.store.checklists import facility_answers, save_answers
from tmf.store.engine import make_engine, read_facilities
from tmf.store.imports import import_facilities
from tmf.store.models import UploadRow
from tmf.store.revert import REVERTIBLE

ROOT = Path(__file__).parents[2]
EDITOR_PAGES = [page_file("inventory"), page_file("edit"), page_file("audit")]
ADMIN_PAGES = [page_file("users"), page_file("profile_admin")]
HEADER = "facility_id,name,country,latitude,longitude,status,volume_m3,source,confidence\n"


@pytest.fixture
def accounts(demo_db, monkeypatch):
    """The demo database with a viewer, an editor and an admin account."""
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    engine = make_engine(demo_db)
    for name, role in (("vera", "viewer"), ("eva", "editor"), ("adam", "admin")):
        auth.add_user(engine, name, f"{name}-password", role, by="test")
    yield engine
    engine.dispose()


def as_user(name: str | None, page: str | None = None) -> AppTest:
    """The app run by a session logged in as ``name`` (None: anonymous), on ``page``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if name:
        at.session_state[keys.AUTH_USER] = name
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def refused(at: AppTest) -> bool:
    return any("This page is for users with the role" in e.value for e in at.error)


@pytest.mark.parametrize("user", [None, "vera"])
def test_a_viewer_has_no_editing_page_in_the_navigation_and_a_link_to_one_is_refused_in_words(accounts, user):
    role = "viewer" if user else None
    assert {p.file for p in visible(role)}.isdisjoint(EDITOR_PAGES + ADMIN_PAGES)
    at = as_user(user)
    for page in EDITOR_PAGES + ADMIN_PAGES:  # a shared link: hidden, refused by the page itself
        at.switch_page(page).run()
        assert refused(at), page
        assert not at.get("file_uploader") and not at.main.button and not at.dataframe
    at.switch_page(page_file("checklist")).run()
    assert not at.exception and at.title[0].value == "TMF Checklist: safety level"


@pytest.mark.parametrize("page", EDITOR_PAGES + ADMIN_PAGES)
@pytest.mark.parametrize("user", [None, "vera"])
def test_an_editing_page_opened_directly_by_a_viewer_is_refused_before_any_action(accounts, page, user):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    if user:
        at.session_state[keys.AUTH_USER] = user
    at.run()
    assert refused(at)
    assert not at.get("file_uploader") and not at.button and not at.dataframe and not at.download_button


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_an_editor_cannot_reach_the_admin_pages(accounts, page):
    assert page not in {p.file for p in visible("editor")}
    through_the_app = as_user("eva", page)
    assert refused(through_the_app) and not through_the_app.main.button
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.session_state[keys.AUTH_USER] = "eva"
    assert refused(at.run())


def test_a_demoted_editor_is_refused_on_the_next_run(accounts):
    at = as_user("eva", page_file("inventory"))
    assert at.get("file_uploader")
    auth.set_role(accounts, "eva", "viewer", by="adam")
    at.run()
    assert not at.get("file_uploader")


@pytest.fixture
def login_required(accounts, monkeypatch):
    monkeypatch.setenv("TMF_REQUIRE_LOGIN", "1")


def log_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="page_login_name").input(name)
    at.text_input(key="page_login_password").input(password)
    return at.button(key="page_login_submit").click().run()


@pytest.mark.parametrize(("name", "password"), [("eva", "wrong-password"), ("nobody", "eva-password")])
def test_with_login_required_a_wrong_password_shows_nothing_but_one_generic_sentence(login_required, name, password):
    at = run_app()
    assert at.title[0].value == "Log in" and not at.metric
    log_in(at, name, password)
    assert [e.value.replace("\\", "") for e in at.error] == ["Wrong user name or password."]
    assert keys.AUTH_USER not in at.session_state and not at.metric


def test_with_login_required_the_right_password_opens_the_dashboard(login_required):
    at = log_in(run_app(), "eva", "eva-password")
    assert at.session_state[keys.AUTH_USER] == "eva"
    at.switch_page(page_file("inventory")).run()
    assert at.title[0].value == "Inventory: import and export"


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    return at.get("file_uploader")[0].set_value((name, content, "text/csv")).run()


def frame_with(at: AppTest, *columns: str, last: bool = False):
    """The (first or last) dataframe shown with all these columns, its cells as they read
    (without the figure spaces that make number texts sort by value: components.tables)."""
    frames = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    return frames[-1 if last else 0].map(lambda v: v.lstrip("\u2007") if isinstance(v, str) else v)


def test_a_bad_file_lists_every_problem_by_row_and_column_and_offers_no_commit(accounts):
    before = read_facilities(accounts)
    text = HEADER + "KG-NEW-001,New,KG,95,72.4,active,lots,http://example.org,low\n"
    at = upload(as_user("eva", page_file("inventory")), "bad.csv", text.encode())
    problems = frame_with(at, "problem")
    assert problems[["row", "column"]].values.tolist() == [[2, "Latitude"], [2, "Volume, m³"]]
    assert not [b for b in at.button if b.key == "commit_import"]
    assert read_facilities(accounts).equals(before)


def test_an_unknown_header_is_mapped_to_a_field_and_the_file_then_passes(accounts):
    text = HEADER.replace("latitude", "Lat (WGS84)") + "KG-NEW-001,New TMF,KG,41.2,72.4,active,1000,http://x.org,low\n"
    at = upload(as_user("eva", page_file("inventory")), "mapped.csv", text.encode())
    assert any(p == "Latitude" for p in frame_with(at, "problem")["column"])
    mapping = next(s for s in at.selectbox if s.key and s.key.startswith("map_"))
    mapping.set_value("latitude").run()
    assert not [d for d in at.dataframe if "problem" in d.value.columns]
    assert frame_with(at, "row", "facility_id", last=True)["facility_id"].tolist() == ["KG-NEW-001"]


def test_a_changed_file_shows_its_differences_and_commits_all_or_nothing_with_the_original_kept(accounts):
    kos = read_facilities(accounts).set_index("facility_id").loc["KZ-KOS-001"]
    row = f"KZ-KOS-001,{kos['name']},KZ,{kos['latitude']},{kos['longitude']},{kos['status']},"
    row += f"123456789,{kos['source']},{kos['confidence']}\n"
    text = HEADER + row + "KG-NEW-001,New TMF,KG,41.2,72.4,active,1000,http://x.org,low\n"
    at = upload(as_user("eva", page_file("inventory")), "kz.csv", text.encode())
    changes = frame_with(at, "before", "after")
    assert changes[["facility_id", "field", "before", "after"]].values.tolist() == [
        ["KZ-KOS-001", "Volume, m³", "—", "123456789"]
    ]
    at.button(key="commit_import").click().run()
    assert at.success[0].value.replace("\\", "").startswith("Imported: 1 added, 1 updated")
    assert any("Nothing to import" in i.value for i in at.info), "importing the same file again changes nothing"
    stored = read_facilities(accounts).set_index("facility_id")
    assert stored.loc["KZ-KOS-001", "volume_m3"] == 123456789 and "KG-NEW-001" in stored.index
    newest = audit.entries(accounts, "KZ-KOS-001")[0]
    assert (newest.user, newest.action) == ("eva", "import")
    with accounts.connect() as connection:
        assert connection.scalar(sa.select(UploadRow.__table__.c.content)) == text.encode()


def test_the_inventory_page_offers_the_three_exports_and_the_template(accounts):
    at = as_user("eva", page_file("inventory"))
    exports = [b.label for b in at.download_button if b.key.startswith("export_")]
    templates = [b.label for b in at.download_button if b.key.startswith("template_")]
    assert exports == ["CSV", "Excel (XLSX)", "GeoJSON"]
    assert templates == ["Template (XLSX)", "Template (CSV, English headers)", "Template (CSV, Russian headers)"]


def test_a_save_over_someone_elses_change_is_refused_with_both_versions_and_nothing_is_lost(accounts):
    at = as_user("eva", page_file("edit"))
    at.selectbox(key=keys.FACILITY).set_value("KZ-KOS-001").run()
    at.text_input(key="edit_name").input("Eva's name")
    other = editing.facility_state(accounts, "KZ-KOS-001")
    record = {k: other[k] for k in editing.COLUMN_NAMES} | {"region": "Bob's region"}
    editing.save_facility(accounts, record, other["version"], "bob")
    at.button(key="edit_save").click().run()
    assert any("was changed by bob" in e.value for e in at.error)
    table = frame_with(at, "mine", "theirs").set_index("field")
    assert table.loc["Name", "mine"] == "Eva's name" and table.loc["Region", "theirs"] == "Bob's region"
    assert editing.facility_state(accounts, "KZ-KOS-001")["region"] == "Bob's region"
    at.button(key="keep_mine").click().run()
    at.button(key="edit_save").click().run()
    state = editing.facility_state(accounts, "KZ-KOS-001")
    assert (state["name"], state["updated_by"]) == ("Eva's name", "eva")


def test_the_checklist_level_shows_rounded_and_a_save_of_another_field_keeps_it_exactly(accounts):
    checklist = load_checklist()  # all yes but one documented "no": 65 of 67 points, 97.0149...%
    answers = {q.key: {"answer": "yes", "evidence": "documented"} for q in checklist.questions}
    answers["doc_permit"] = {"answer": "no", "evidence": "documented"}
    save_answers(accounts, checklist, "KZ-KOS-001", answers, 1, "eva")
    at = as_user("eva", page_file("edit"))
    at.selectbox(key=keys.FACILITY).set_value("KZ-KOS-001").run()
    assert at.text_input(key=keys.edit_field("checklist_safety_pct")).value == "97.0"
    at.text_input(key=keys.edit_field("name")).input("Koshkar-Ata tailings pond (renamed)")
    at.button(key="edit_save").click().run()
    state = editing.facility_state(accounts, "KZ-KOS-001")
    assert state["name"] == "Koshkar-Ata tailings pond (renamed)" and state["version"] == 3
    assert state["checklist_safety_pct"] == pytest.approx(6500 / 67, rel=1e-12)


def test_a_form_value_that_breaks_the_import_rules_is_refused_naming_the_field(accounts):
    at = as_user("eva", page_file("edit"))
    at.text_input(key="edit_latitude").input("95")
    at.button(key="edit_save").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == ["Latitude: 95 is above the maximum 90."]


def test_a_viewer_sees_checklist_results_and_an_editor_saves_answers(accounts):
    at = as_user("vera", page_file("checklist"))
    assert not at.get("form") and at.metric[0].value == "not assessed"
    assert not at.get("plotly_chart"), "no chart of empty bars before the first answer"
    assert any(i.value == t("checklist.no_answers", "en") for i in at.info)
    at = as_user("eva", page_file("checklist"))
    facility = at.selectbox(key=keys.FACILITY).value
    at.selectbox(key="cl_doc_design_answer").set_value("yes")
    at.selectbox(key="cl_doc_design_evidence").set_value("documented")
    at.button(key="checklist_save").click().run()
    assert facility_answers(accounts, facility) == {
        "doc_design": {"answer": "yes", "evidence": "documented", "note": ""}
    }
    assert at.metric[0].value != "not assessed" and not at.exception
    assert len(at.get("plotly_chart")) == 1, "the levels per category, once answered"


PRIORITY_ONE_COLUMNS = ["rank", "facility_id", "name", "checklist_safety_pct"]


def test_the_ranking_page_shows_the_priority_matrix(accounts):
    answers = {"doc_design": {"answer": "yes", "evidence": "documented"}}
    save_answers(accounts, load_checklist(), "KZ-KOS-001", answers, 1, "eva")  # one facility assessed
    at = as_user(None, page_file("ranking"))
    matrix = next(d.value for d in at.dataframe if "top third of the score" in d.value.index)
    assert matrix.shape == (3, 4) and matrix.iloc[0, 0].startswith("priority 1")
    facilities = read_facilities(accounts)
    missing = int(pd.to_numeric(facilities["checklist_safety_pct"], errors="coerce").isna().sum())
    assert missing == len(facilities) - 1
    assert matrix["no checklist"].astype(int).sum() == missing
    assert [c.value for c in at.caption if c.value.startswith("Priority 1:")] == ["Priority 1: 1 facilities"]
    (first,) = [d.value for d in at.dataframe if list(d.value.columns) == PRIORITY_ONE_COLUMNS]
    assert first["facility_id"].tolist() == ["KZ-KOS-001"]
    notice = next(i.value for i in at.info if "have no checklist" in i.value)
    assert notice.startswith(f"{missing} of {len(facilities)} facilities have no checklist")
    links = [link.proto for link in at.get("page_link")]
    checklist_links = [link for link in links if link.page == "checklist"]
    assert len(checklist_links) == 10 and "facility=" in checklist_links[0].query_string
    assert any(c.value == f"… and {missing - 10} more without a checklist." for c in at.caption)


def test_with_no_facility_of_priority_one_the_ranking_page_says_so_without_an_empty_table(accounts):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "ru"
    at.run().switch_page(page_file("ranking")).run()
    assert "Объектов с приоритетом 1: 0" in [c.value for c in at.caption]
    assert not [d for d in at.dataframe if list(d.value.columns) == PRIORITY_ONE_COLUMNS]


def test_an_admin_reverts_an_edit_from_the_audit_log(accounts):
    state = editing.facility_state(accounts, "KZ-KOS-001")
    editing.save_facility(accounts, {k: state[k] for k in editing.COLUMN_NAMES} | {"region": "X"}, 1, "eva")
    at = as_user("eva", page_file("audit"))
    assert not [b for b in at.button if b.key == "revert_entry"], "editors read the log, admins revert"
    at = as_user("adam", page_file("audit"))
    at.button(key="revert_entry").click().run()
    assert editing.facility_state(accounts, "KZ-KOS-001")["region"] == state["region"]
    assert audit.entries(accounts)[0].action == "revert"


def test_an_account_entry_says_it_cannot_be_reverted_instead_of_offering_a_button(accounts):
    at = as_user("adam", page_file("audit"))
    accounts_entry = next(e.id for e in audit.entries(accounts) if e.subject not in REVERTIBLE)
    at.selectbox(key="audit_entry").set_value(accounts_entry).run()
    assert not [b for b in at.button if b.key == "revert_entry"]
    assert any("cannot be reverted; change the account on the Users page" in c.value for c in at.caption)


def import_kos_volume_and_a_new_facility(engine, volume: str = "123456789") -> None:
    kos = read_facilities(engine).set_index("facility_id").loc["KZ-KOS-001"]
    row = f"KZ-KOS-001,{kos['name']},KZ,{kos['latitude']},{kos['longitude']},{kos['status']},"
    row += f"{volume},{kos['source']},{kos['confidence']}\n"
    text = HEADER + row + "KG-NEW-001,New TMF,KG,41.2,72.4,active,1000,http://x.org,low\n"
    import_facilities(engine, inventory_frame(text), user="eva")


def test_the_audit_log_shows_what_one_import_changed_facility_by_facility(accounts):
    import_kos_volume_and_a_new_facility(accounts)
    at = as_user("eva", page_file("audit"))
    log = frame_with(at, "action", "changed")
    listed = log.iloc[0]
    assert (listed["action"], listed["facility_id"]) == ("import", "2 facilities")
    assert log["user"].iloc[-1] == "the illustrative inventory (first start)", "not its identifier"
    changes = frame_with(at, "facility_id", "field", "before", "after")
    rows = changes.values.tolist()
    assert ["KZ-KOS-001", "Volume, m³", "—", "123456789"] in rows
    assert ["KG-NEW-001", "Name", "—", "New TMF"] in rows
    assert "KZ-KOS-001" not in [r[0] for r in rows if r[1] == "Name"], "only what changed"
    at.selectbox(key="audit_facility").set_value("KZ-KOS-001").run()
    states = frame_with(at, "field", "before", "after", "changed").set_index("field")
    assert states.loc["Volume, m³", "after"] == "123456789" and states.loc["Volume, m³", "changed"]
    # a country by its name, never its code, on screen
    assert states.loc["Country", "before"] == states.loc["Country", "after"] == "Kazakhstan"


def test_an_admin_reverts_a_whole_import_from_the_audit_log(accounts):
    import_kos_volume_and_a_new_facility(accounts)
    at = as_user("adam", page_file("audit"))
    at.button(key="revert_entry").click().run()
    stored = read_facilities(accounts).set_index("facility_id")
    assert pd.isna(stored.loc["KZ-KOS-001", "volume_m3"]) and "KG-NEW-001" not in stored.index
    newest = audit.entries(accounts)[0]
    assert (newest.action, sorted(newest.facility_ids)) == ("revert", ["KG-NEW-001", "KZ-KOS-001"])


def test_reverting_an_import_one_of_whose_facilities_changed_since_is_refused_in_a_sentence(accounts):
    import_kos_volume_and_a_new_facility(accounts)
    imported = audit.entries(accounts)[0].id
    state = editing.facility_state(accounts, "KG-NEW-001")
    editing.save_facility(accounts, {k: state[k] for k in editing.COLUMN_NAMES} | {"region": "Osh"}, 1, "eva")
    at = as_user("adam", page_file("audit"))
    at.selectbox(key="audit_entry").set_value(imported).run()
    at.button(key="revert_entry").click().run()
    assert [e.value.replace("\\", "") for e in at.error] == [
        f"Facility KG-NEW-001 changed after audit entry {imported}; reverting it would discard the newer "
        "change, so nothing was reverted. Revert the newer entries first."
    ]
    stored = read_facilities(accounts).set_index("facility_id")
    assert stored.loc["KZ-KOS-001", "volume_m3"] == 123456789 and stored.loc["KG-NEW-001", "region"] == "Osh"


def test_an_admin_adds_a_user_whose_password_is_stored_hashed(accounts):
    at = as_user("adam", page_file("users"))
    at.text_input(key="new_user_name").input("nina")
    at.selectbox(key="new_user_role").set_value("editor")
    at.text_input(key="new_user_password").input("nina-password")
    at.text_input(key="new_user_repeat").input("nina-password")
    at.button(key="add_user_submit").click().run()
    assert auth.authenticate(accounts, "nina", "nina-password") == auth.User("nina", "editor")
    assert "nina" in frame_with(at, "name", "role")["name"].tolist()


@pytest.mark.parametrize("page", [page_file("checklist"), *EDITOR_PAGES, *ADMIN_PAGES])
@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_working_group_page_loads_for_an_admin_in_every_language(accounts, page, lang):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state[keys.AUTH_USER] = "adam"
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    assert not at.exception and at.title and not refused(at)


def test_choosing_a_user_shows_their_role_and_an_admin_changes_it(accounts):
    at = as_user("adam", page_file("users"))
    at.selectbox(key="change_user").set_value("eva").run()
    assert at.selectbox(key="change_role_eva").value == "editor", "the chosen user's role, not viewer"
    at.selectbox(key="change_user").set_value("vera").run()
    assert at.selectbox(key="change_role_vera").value == "viewer"
    at.selectbox(key="change_role_vera").set_value("editor").run()
    at.button(key="set_role").click().run()
    assert not at.exception and auth.find_user(accounts, "vera").role == "editor"
