"""The audit log's tables say each field in the user's language, as the entry's subject means it;
an import's one entry shows what changed, facility by facility."""

import datetime as dt

from components import admin_view
from tmf.store.audit import AuditEntry


def entry(subject: str, before: dict | None, after: dict | None, facility_id: str | None = None, **more) -> AuditEntry:
    """An audit entry as the store reads it back; ``more`` overrides the rest (user, action...)."""
    fields = {"id": 7, "at": dt.datetime(2026, 12, 6, 11, 0), "user": "command-line", "action": "user"}
    fields |= {"upload_id": None, "reverts": None} | more
    return AuditEntry(subject=subject, facility_id=facility_id, before=before, after=after, **fields)


def test_a_new_account_lists_user_name_and_role_in_russian_not_a_facility_name_and_an_identifier():
    account = entry("user", None, {"name": "boss", "role": "admin"})
    frame, _ = admin_view.entries_table([account], "ru")
    assert frame.loc[0, "changed"] == "Имя пользователя, Роль"
    assert frame.loc[0, "user"] == "командная строка"


def test_a_facility_entry_keeps_the_facility_field_labels():
    facility = entry("facility", {"name": "A", "status": "active"}, {"name": "B", "status": "active"}, "KZ-1")
    states = admin_view.states_table(facility, "en")
    assert states.loc[0, "field"] == "Name"
    assert bool(states.loc[0, "changed"]) is True


def test_an_account_entry_shows_its_role_in_words_in_kazakh():
    account = entry("user", {"name": "boss", "role": "viewer"}, {"name": "boss", "role": "admin"})
    states = admin_view.states_table(account, "kk")
    role = states[states["field"] == "Рөл"].iloc[0]
    assert (role["before"], role["after"]) == ("оқырман", "әкімші")


def test_a_failed_login_says_its_time_in_words_and_as_a_date_not_iso_text():
    """The log showed "at" and "2026-12-07T23:07:46.329790+00:00" for a failed login."""
    failed = entry("user", None, {"name": "boss", "at": "2026-12-07T23:07:46.329790+00:00"}, action="login_failed")
    frame, _ = admin_view.entries_table([failed], "ru")
    assert frame.loc[0, "changed"] == "Имя пользователя, Время (UTC)"
    states = admin_view.states_table(failed, "kk").set_index("field")
    assert states.loc["Уақыты (UTC)", "after"] == "2026-12-07 23:07:46"
    nameless = entry("user", None, {"name": "", "at": "2026-12-07T23:08:00+00:00"}, action="login_failed", user="")
    assert admin_view.entries_table([nameless], "ru")[0].loc[0, "user"] == "—"  # not a blank cell
    locked = entry("user", None, {"failed_logins": ["2026-12-07T23:00:00+00:00", "2026-12-07T23:01:30+00:00"]})
    assert admin_view.states_table(locked, "en").loc[0, "after"] == "2026-12-07 23:00:00, 2026-12-07 23:01:30"


def test_the_profile_table_names_each_criterion_and_its_field_in_kazakh():
    from tmf.methodology import load_profile

    frame, config = admin_view.profile_table(load_profile(), "kk")
    seismic = frame[frame["key"] == "seismic"].iloc[0]
    assert seismic["criterion"] == "Сейсмикалық қауіптілік"
    assert seismic["index"] == "THI + TRI"
    assert seismic["input"] != "seismic_pga_g"
    assert config["criterion"] == "Өлшем"
    assert config["provisional"]["label"] == "Алдын ала"  # a heading begins with a capital, as the others


def import_entry() -> AuditEntry:
    """An import that raised one facility's volume and added another (tables as stored)."""
    before = {"facility_id": ["KG-MAI-003"], "name": ["Mailuu-Suu"], "volume_m3": [110500.0], "version": [1]}
    after = {
        "facility_id": ["KG-MAI-003", "KG-NEW-001"],
        "name": ["Mailuu-Suu", "New TMF"],
        "volume_m3": [120000.0, None],
        "version": [2, 1],
    }
    return entry(
        "facilities",
        before,
        after,
        at=dt.datetime(2026, 12, 6, tzinfo=dt.UTC),
        user="eva",
        action="import",
        facility_ids=("KG-MAI-003", "KG-NEW-001"),
        changed_fields=("facility_id", "name", "volume_m3"),
    )


def test_an_import_entry_lists_each_facility_with_only_what_changed_for_it():
    table = admin_view.import_changes_table(import_entry(), "en")
    assert table.values.tolist() == [
        ["KG-MAI-003", "Volume, m³", "110500", "120000"],
        ["KG-NEW-001", "Facility ID", "—", "KG-NEW-001"],
        ["KG-NEW-001", "Name", "—", "New TMF"],
    ]


def test_the_list_says_how_many_facilities_an_import_changed_in_the_language():
    frame, _ = admin_view.entries_table([import_entry()], "ru")
    assert frame.loc[0, "facility_id"] == "объектов: 2"
    assert frame.loc[0, "action"] == "импорт"
    english, _ = admin_view.entries_table([import_entry()], "en")
    assert english.loc[0, "changed"] == "Facility ID, Name, Volume, m³", "a facility's name, not a user name"


def test_choosing_a_facility_shows_all_its_fields_before_and_after():
    states = admin_view.states_table(import_entry(), "en", "KG-MAI-003").set_index("field")
    assert states.loc["Volume, m³"].tolist() == ["110500", "120000", True]
    assert states.loc["Name"].tolist() == ["Mailuu-Suu", "Mailuu-Suu", False]
