"""An import written in bulk: one statement for the new facilities, one for the changed
ones (each only if still at the version read), one for their audit entries; all or nothing."""

import pytest

from tmf.inventory import load_inventory
from tmf.problems import ProblemError
from tmf.store import audit
from tmf.store.engine import read_facilities
from tmf.store.imports import _current_records, _write, import_facilities
from tmf.store.revert import revert


def test_a_bulk_import_audits_every_facility_and_one_of_them_can_be_reverted(migrated):
    frame = load_inventory()
    import_facilities(migrated, frame, user="first")
    changed = frame.assign(name=frame["name"] + " (renamed)")
    summary = import_facilities(migrated, changed, user="second")
    assert len(summary.updated) == len(frame)
    entries = [e for e in audit.entries(migrated, limit=10_000) if e.user == "second"]
    assert sorted(e.facility_id for e in entries) == sorted(frame["facility_id"])
    one = next(e for e in entries if e.facility_id == frame["facility_id"].iloc[0])
    assert one.changed == ["name"] and one.after["version"] == 2
    assert one.after["name"] == one.before["name"] + " (renamed)"
    revert(migrated, one.id, "reviewer")
    stored = read_facilities(migrated).set_index("facility_id")
    assert stored.loc[one.facility_id, "name"] == one.before["name"]
    other = frame["facility_id"].iloc[1]
    assert stored.loc[other, "name"] == frame.set_index("facility_id").loc[other, "name"] + " (renamed)"


def test_a_facility_changed_after_it_was_read_refuses_the_whole_bulk_write(migrated):
    frame = load_inventory()
    import_facilities(migrated, frame)
    stale = _current_records(migrated)
    import_facilities(migrated, frame.assign(name=frame["name"] + "!"))  # meanwhile, every version is 2
    records = [{k: v for k, v in r.items() if k != "version"} for r in stale.values()]
    before = read_facilities(migrated)
    with pytest.raises(ProblemError) as refused, migrated.begin() as connection:
        _write(connection, records, stale, "late", None)
    assert refused.value.problems[0].code == "import_changed"
    assert refused.value.problems[0].params["id"] == min(stale)
    assert read_facilities(migrated).equals(before)
    assert not [e for e in audit.entries(migrated, limit=10_000) if e.user == "late"]
