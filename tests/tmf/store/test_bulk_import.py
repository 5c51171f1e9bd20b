"""An import written in bulk with one audit entry that holds every facility's before and
after, all or nothing, and reverted as one; on SQLite and PostgreSQL."""

import pandas as pd
import pytest
import sqlalchemy as sa

from tmf.inventory import load_inventory
from tmf.problems import ProblemError
from tmf.store import audit, editing
from tmf.store.engine import read_facilities
from tmf.store.imports import _current, _plan, _write, import_facilities
from tmf.store.revert import revert

FIRST, SECOND = "KG-MAI-003", "KZ-KOS-001"
MAILUU = "Mailuu-Suu tailing No. 3 (Izolit)"


def names(engine) -> dict[str, str]:
    return read_facilities(engine).set_index("facility_id")["name"].to_dict()


def test_an_import_is_one_audit_entry_with_each_facility_before_and_after(migrated):
    frame = load_inventory()
    import_facilities(migrated, frame, user="first")
    summary = import_facilities(migrated, frame.assign(name=frame["name"] + " (renamed)"), user="second")
    assert len(summary.updated) == len(frame) == 32
    listed = [e for e in audit.entries(migrated) if e.user == "second"]
    assert len(listed) == 1 and listed[0].changed == ["name"] and not listed[0].complete
    entry = audit.entry(migrated, listed[0].id)
    assert (entry.action, entry.subject, entry.facility_id) == ("import", "facilities", None)
    assert sorted(entry.facility_ids) == sorted(frame["facility_id"])
    before, after = entry.facility_states([FIRST])[FIRST]
    assert (before["name"], after["name"]) == (MAILUU, f"{MAILUU} (renamed)")
    assert (before["version"], after["version"], before["volume_m3"], after["volume_m3"]) == (1, 2, 110500.0, 110500.0)
    assert [e.id for e in audit.entries(migrated, SECOND) if e.user == "second"] == [entry.id]


def test_reverting_an_import_restores_every_facility_and_can_itself_be_reverted(migrated):
    frame = load_inventory()
    import_facilities(migrated, frame, user="first")
    added = frame.iloc[:2].assign(facility_id=["XX-NEW-001", "XX-NEW-002"])
    import_facilities(migrated, pd.concat([frame.assign(name=frame["name"] + "!"), added]), user="eva")
    entry = audit.entries(migrated)[0]
    assert names(migrated)[FIRST] == f"{MAILUU}!" and "XX-NEW-001" in names(migrated)
    undo = revert(migrated, entry.id, "root")
    stored = read_facilities(migrated).set_index("facility_id")
    assert stored.loc[FIRST, "name"] == MAILUU and stored.loc[FIRST, "version"] == 3
    assert "XX-NEW-001" not in stored.index and "XX-NEW-002" not in stored.index and len(stored) == 32
    logged = audit.entry(migrated, undo)
    assert (logged.action, logged.subject, logged.reverts, logged.user) == ("revert", "facilities", entry.id, "root")
    assert logged.facility_states(["XX-NEW-001"])["XX-NEW-001"][1] is None, "the new facility is gone after it"
    revert(migrated, undo, "root")  # undo the undo: the import's state is back
    again = read_facilities(migrated).set_index("facility_id")
    assert again.loc[FIRST, "name"] == f"{MAILUU}!" and again.loc["XX-NEW-002", "name"] == frame["name"][1]
    assert again.loc["XX-NEW-001", "version"] == 2 and again.loc[FIRST, "version"] == 4


def test_reverting_an_import_is_refused_whole_when_one_facility_changed_after_it(migrated):
    frame = load_inventory()
    import_facilities(migrated, frame, user="first")
    import_facilities(migrated, frame.assign(name=frame["name"] + "!"), user="eva")
    entry = audit.entries(migrated)[0]
    state = editing.facility_state(migrated, SECOND)
    record = {name: state[name] for name in editing.COLUMN_NAMES} | {"volume_m3": 1.0}
    editing.save_facility(migrated, record, 2, "alice")
    with pytest.raises(ProblemError) as refused:
        revert(migrated, entry.id, "root")
    assert refused.value.problems[0].params == {"id": SECOND, "entry": entry.id}
    assert f"Facility {SECOND} changed after audit entry {entry.id}" in refused.value.messages("en")[0]
    assert names(migrated)[FIRST] == f"{MAILUU}!", "no facility of the import was reverted"


def test_a_facility_changed_after_it_was_read_refuses_the_whole_bulk_write(migrated):
    frame = load_inventory()
    import_facilities(migrated, frame)
    stale = _plan(_current(migrated), frame.assign(name=frame["name"] + "?"))
    import_facilities(migrated, frame.assign(name=frame["name"] + "!"))  # meanwhile, every version is 2
    before = read_facilities(migrated)
    entries = len(audit.entries(migrated))
    with pytest.raises(ProblemError) as refused, migrated.begin() as connection:
        _write(connection, stale, "late", None)
    assert refused.value.problems[0].code == "import_changed"
    assert refused.value.problems[0].params["id"] == min(frame["facility_id"])
    assert read_facilities(migrated).equals(before)
    assert len(audit.entries(migrated)) == entries and not [e for e in audit.entries(migrated) if e.user == "late"]


def test_a_facility_added_by_another_import_meanwhile_refuses_the_whole_bulk_write(migrated):
    frame = load_inventory()
    import_facilities(migrated, frame.iloc[1:])
    stale = _plan(_current(migrated), frame.assign(name=frame["name"] + "?"))  # adds the first, renames all
    import_facilities(migrated, frame.iloc[:1], user="other")  # meanwhile, the first is added
    before = read_facilities(migrated)
    with pytest.raises(sa.exc.IntegrityError), migrated.begin() as connection:  # import_facilities: import_conflict
        _write(connection, stale, "late", None)
    assert read_facilities(migrated).equals(before)
    assert not [e for e in audit.entries(migrated) if e.user == "late"]
