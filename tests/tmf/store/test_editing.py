"""Editing with optimistic locking, the audit log written with each change, and reverts,
on SQLite and PostgreSQL."""

import threading

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.conftest import inventory_frame
from tmf.problems import ProblemError
from tmf.store import audit, editing, imports
from tmf.store.engine import data_version, read_facilities
from tmf.store.errors import StoreUnavailable
from tmf.store.imports import import_facilities
from tmf.store.models import UploadRow
from tmf.store.revert import revert

HEADER = "facility_id,name,country,latitude,longitude,status,volume_m3,source,confidence\n"
GOOD = HEADER + (
    "KG-MAI-003,Mailuu-Suu No. 3,KG,41.2822,72.4761,closed,110500,http://wise-uranium.org/ummai.html,medium\n"
    "KG-KAD-001,Kadamjai,KG,40.13,71.72,active,2592000,https://docslib.org/download/3442406,medium\n"
)


inventory = inventory_frame


@pytest.fixture
def engine(migrated):
    import_facilities(migrated, inventory(GOOD), user="loader")
    return migrated


def edited(engine, facility_id: str, **changes: object) -> dict:
    state = editing.facility_state(engine, facility_id)
    return {name: state[name] for name in editing.COLUMN_NAMES} | changes


def test_two_editors_start_from_the_same_version_and_the_second_save_is_refused(engine):
    seen = editing.facility_state(engine, "KG-KAD-001")["version"]
    first = edited(engine, "KG-KAD-001", volume_m3=2600000.0)
    second = edited(engine, "KG-KAD-001", name="Kadamjai antimony TMF")
    assert editing.save_facility(engine, first, seen, "alice") == seen + 1
    with pytest.raises(editing.EditConflict) as refused:
        editing.save_facility(engine, second, seen, "bob")
    conflict = refused.value
    assert conflict.mine["name"] == "Kadamjai antimony TMF", "the refused values are handed back"
    assert conflict.theirs["volume_m3"] == 2600000.0 and conflict.theirs["updated_by"] == "alice"
    stored = editing.facility_state(engine, "KG-KAD-001")
    assert (stored["volume_m3"], stored["name"], stored["version"]) == (2600000.0, "Kadamjai", seen + 1)
    assert "alice" in conflict.messages()[0]


def test_of_many_simultaneous_saves_from_one_version_exactly_one_wins(engine):
    seen = editing.facility_state(engine, "KG-MAI-003")["version"]
    barrier, outcomes = threading.Barrier(6), []

    def save(number: int) -> None:
        barrier.wait()
        try:
            editing.save_facility(engine, edited(engine, "KG-MAI-003", volume_m3=float(number)), seen, f"user{number}")
            outcomes.append(("saved", number))
        except editing.EditConflict:
            outcomes.append(("refused", number))

    threads = [threading.Thread(target=save, args=(n,)) for n in range(1, 7)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [n for outcome, n in outcomes if outcome == "saved"]
    assert len(winners) == 1 and len(outcomes) == 6
    stored = editing.facility_state(engine, "KG-MAI-003")
    assert stored["volume_m3"] == float(winners[0]) and stored["version"] == seen + 1
    assert len([e for e in audit.entries(engine, "KG-MAI-003") if e.action == "edit"]) == 1


def test_a_form_is_checked_with_the_import_rules_and_problems_name_the_field():
    record, problems = editing.record_from_form(
        {"facility_id": "KG-MAI-003", "name": "", "country": "Kyrgyzstan", "latitude": "41°16'56\"N"}
    )
    assert record is None
    found = {(p.code, p.column) for p in problems}
    assert ("required_blank", "name") in found and ("not_a_country", "country") in found
    assert all(p.row is None for p in problems)
    assert not any(p.column == "latitude" for p in problems), "DMS is understood in the form too"


def test_an_edit_and_its_audit_entry_are_one_transaction(engine, monkeypatch):
    before = read_facilities(engine)
    version = data_version(engine)
    real_record = audit.record

    def failing_record(connection, **entry):
        real_record(connection, **entry)
        raise sa.exc.OperationalError("insert audit", {}, Exception("disk full"))

    monkeypatch.setattr(audit, "record", failing_record)
    with pytest.raises(StoreUnavailable):
        editing.save_facility(engine, edited(engine, "KG-MAI-003", volume_m3=1.0), 1, "alice")
    monkeypatch.undo()
    pd.testing.assert_frame_equal(read_facilities(engine), before)
    assert data_version(engine) == version
    assert [e.action for e in audit.entries(engine, "KG-MAI-003")] == ["import"]


def test_every_change_is_logged_with_who_when_before_and_after(engine):
    editing.save_facility(engine, edited(engine, "KG-MAI-003", status="remediated"), 1, "alice")
    editing.delete_facility(engine, "KG-KAD-001", 1, "bob")
    newest = audit.entries(engine)
    delete, edit = newest[0], newest[1]
    assert (edit.user, edit.action, edit.facility_id, edit.changed) == ("alice", "edit", "KG-MAI-003", ["status"])
    assert edit.before["status"] == "closed" and edit.after["status"] == "remediated"
    assert edit.after["version"] == 2 and edit.at is not None
    assert (delete.user, delete.action, delete.after) == ("bob", "delete", None)
    assert delete.before["name"] == "Kadamjai"
    assert {e.action for e in newest[2:]} == {"import"}


def test_saving_unchanged_values_writes_nothing(engine):
    version = data_version(engine)
    assert editing.save_facility(engine, edited(engine, "KG-MAI-003"), 1, "alice") == 1
    assert data_version(engine) == version
    assert [e.action for e in audit.entries(engine)] == ["import"], "only the loader's import of both"


def test_deleting_from_an_old_version_is_refused(engine):
    editing.save_facility(engine, edited(engine, "KG-KAD-001", name="Kadamjai TMF"), 1, "alice")
    with pytest.raises(editing.EditConflict):
        editing.delete_facility(engine, "KG-KAD-001", 1, "bob")
    assert editing.facility_state(engine, "KG-KAD-001")["name"] == "Kadamjai TMF"


def test_an_admin_reverts_an_edit_and_the_revert_is_itself_logged(engine):
    editing.save_facility(engine, edited(engine, "KG-MAI-003", volume_m3=999.0), 1, "alice")
    entry = audit.entries(engine, "KG-MAI-003")[0]
    version = data_version(engine)
    revert_id = revert(engine, entry.id, "root")
    state = editing.facility_state(engine, "KG-MAI-003")
    assert state["volume_m3"] == 110500.0 and state["version"] == 3 and state["updated_by"] == "root"
    logged = audit.entry(engine, revert_id)
    assert (logged.action, logged.reverts, logged.user, logged.changed) == ("revert", entry.id, "root", ["volume_m3"])
    assert data_version(engine) == version + 1


def test_a_revert_is_refused_when_the_facility_changed_since(engine):
    editing.save_facility(engine, edited(engine, "KG-MAI-003", volume_m3=999.0), 1, "alice")
    entry = audit.entries(engine, "KG-MAI-003")[0]
    editing.save_facility(engine, edited(engine, "KG-MAI-003", name="Izolit"), 2, "bob")
    with pytest.raises(ProblemError) as refused:
        revert(engine, entry.id, "root")
    assert refused.value.problems[0].code == "revert_changed_since"
    state = editing.facility_state(engine, "KG-MAI-003")
    assert (state["name"], state["volume_m3"]) == ("Izolit", 999.0), "bob's newer change is kept"


def test_reverting_a_delete_restores_the_facility(engine):
    editing.delete_facility(engine, "KG-KAD-001", 1, "bob")
    revert(engine, audit.entries(engine, "KG-KAD-001")[0].id, "root")
    restored = editing.facility_state(engine, "KG-KAD-001")
    assert restored["name"] == "Kadamjai" and restored["version"] == 2


def test_reverting_an_import_removes_every_facility_it_added(engine):
    added = audit.entries(engine, "KG-MAI-003")[0]
    assert (added.action, added.facility_ids) == ("import", ("KG-MAI-003", "KG-KAD-001"))
    revert(engine, added.id, "root")
    assert editing.facility_state(engine, "KG-MAI-003") is None
    assert editing.facility_state(engine, "KG-KAD-001") is None


def test_reverting_an_import_is_refused_when_one_of_its_facilities_changed_since(engine):
    editing.delete_facility(engine, "KG-KAD-001", 1, "bob")
    revert(engine, audit.entries(engine, "KG-KAD-001")[0].id, "root")  # back, but at version 2
    added = next(e for e in audit.entries(engine, "KG-MAI-003") if e.action == "import")
    with pytest.raises(ProblemError) as refused:
        revert(engine, added.id, "root")
    problem = refused.value.problems[0]
    assert (problem.code, problem.params) == ("revert_changed_since", {"id": "KG-KAD-001", "entry": added.id})
    assert "KG-KAD-001" in refused.value.messages()[0]
    assert editing.facility_state(engine, "KG-MAI-003")["name"] == "Mailuu-Suu No. 3", "nothing was reverted"


def test_an_import_keeps_the_original_file_and_logs_each_change(engine):
    changed = GOOD.replace("2592000", "2600000").encode()
    summary = import_facilities(engine, inventory(changed.decode()), user="eva", upload=("kg.csv", changed))
    assert summary.updated == ("KG-KAD-001",)
    entry = audit.entry(engine, audit.entries(engine)[0].id)
    assert (entry.user, entry.action, entry.changed) == ("eva", "import", ["volume_m3"])
    assert entry.facility_ids == ("KG-KAD-001",), "KG-MAI-003 was identical"
    before, after = entry.facility_states()["KG-KAD-001"]
    assert (before["volume_m3"], after["volume_m3"]) == (2592000.0, 2600000.0)
    assert (before["version"], after["version"], after["name"]) == (1, 2, "Kadamjai")
    with engine.connect() as connection:
        kept = connection.execute(sa.select(UploadRow.__table__)).one()
    assert (kept.id, kept.filename, kept.content, kept.uploaded_by) == (entry.upload_id, "kg.csv", changed, "eva")


def test_an_import_is_refused_when_a_facility_changed_after_its_preview(engine):
    changed = inventory(GOOD.replace("2592000", "2600000"))
    preview = imports.preview_import(engine, changed)
    assert preview.changes[["facility_id", "field", "before", "after"]].values.tolist() == [
        ["KG-KAD-001", "volume_m3", 2592000.0, 2600000.0]
    ]
    editing.save_facility(engine, edited(engine, "KG-KAD-001", name="Kadamjai TMF"), 1, "alice")
    with pytest.raises(ProblemError) as refused:
        import_facilities(engine, changed, user="eva", expected_versions=preview.versions)
    assert refused.value.problems[0].code == "import_changed"
    assert editing.facility_state(engine, "KG-KAD-001")["volume_m3"] == 2592000.0


def test_a_column_the_file_lacks_keeps_its_stored_values_but_a_blank_cell_clears_one(engine):
    with_volume_blank = GOOD.replace(",2592000,", ",,")
    import_facilities(engine, inventory(with_volume_blank))
    without_column = "\n".join(",".join(line.split(",")[:6] + line.split(",")[7:]) for line in GOOD.splitlines())
    summary = import_facilities(engine, inventory(without_column + "\n"))
    assert summary.unchanged == ("KG-MAI-003", "KG-KAD-001")
    stored = read_facilities(engine).set_index("facility_id")["volume_m3"]
    assert stored["KG-MAI-003"] == 110500 and pd.isna(stored["KG-KAD-001"])
