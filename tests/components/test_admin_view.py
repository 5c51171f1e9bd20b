"""The audit log's tables for an import's one entry: what changed, facility by facility."""

import datetime as dt

from components import admin_view
from tmf.store.audit import AuditEntry


def import_entry() -> AuditEntry:
    """An import that raised one facility's volume and added another (tables as stored)."""
    before = {"facility_id": ["KG-MAI-003"], "name": ["Mailuu-Suu"], "volume_m3": [110500.0], "version": [1]}
    after = {
        "facility_id": ["KG-MAI-003", "KG-NEW-001"],
        "name": ["Mailuu-Suu", "New TMF"],
        "volume_m3": [120000.0, None],
        "version": [2, 1],
    }
    return AuditEntry(
        id=7,
        at=dt.datetime(2026, 12, 6, tzinfo=dt.UTC),
        user="eva",
        action="import",
        subject="facilities",
        facility_id=None,
        before=before,
        after=after,
        upload_id=None,
        reverts=None,
        facility_ids=("KG-MAI-003", "KG-NEW-001"),
        changed_fields=("facility_id", "name", "volume_m3"),
    )


def test_an_import_entry_lists_each_facility_with_only_what_changed_for_it():
    table = admin_view.import_changes_table(import_entry(), "en")
    assert table.values.tolist() == [
        ["KG-MAI-003", "Volume, m3", "110500", "120000"],
        ["KG-NEW-001", "Facility ID", "(blank)", "KG-NEW-001"],
        ["KG-NEW-001", "Name", "(blank)", "New TMF"],
    ]


def test_the_list_says_how_many_facilities_an_import_changed_in_the_language():
    frame, _ = admin_view.entries_table([import_entry()], "ru")
    assert frame.loc[0, "facility_id"] == "объектов: 2"
    assert frame.loc[0, "action"] == "импорт"


def test_choosing_a_facility_shows_all_its_fields_before_and_after():
    states = admin_view.states_table(import_entry(), "en", "KG-MAI-003").set_index("field")
    assert states.loc["Volume, m3"].tolist() == ["110500", "120000", True]
    assert states.loc["Name"].tolist() == ["Mailuu-Suu", "Mailuu-Suu", False]
