"""A long write does not shut readers out (SQLite in WAL mode), a save that meets it is told
so in a sentence, and concurrent reverts of one deletion refuse all but one."""

import sqlite3
import threading
import time

import pytest

from tests.conftest import inventory_frame
from tmf.commands import main
from tmf.problems import ProblemError
from tmf.store import audit, editing
from tmf.store import engine as store_engine
from tmf.store.engine import make_engine, migrate, read_facilities
from tmf.store.errors import StoreUnavailable
from tmf.store.imports import import_facilities
from tmf.store.revert import revert

GOOD = (
    "facility_id,name,country,latitude,longitude,status,volume_m3,source,confidence\n"
    "KG-MAI-003,Mailuu-Suu No. 3,KG,41.2822,72.4761,closed,110500,http://wise-uranium.org/ummai.html,medium\n"
    "KG-KAD-001,Kadamjai,KG,40.13,71.72,active,2592000,https://docslib.org/download/3442406,medium\n"
)


@pytest.fixture
def sqlite_file(tmp_path, monkeypatch):
    monkeypatch.setattr(store_engine, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.5)
    path = tmp_path / "tmf.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    import_facilities(engine, inventory_frame(GOOD), user="loader")
    yield path, engine
    engine.dispose()


def hold_write_lock(path) -> sqlite3.Connection:
    """Another process's long import: a write transaction left open, holding the lock a
    large import holds when it writes (EXCLUSIVE: without WAL, readers would wait for it)."""
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    writer.execute("UPDATE facilities SET name = 'being imported' WHERE facility_id = 'KG-KAD-001'")
    return writer


def test_the_embedded_database_uses_the_write_ahead_log(sqlite_file):
    path, _ = sqlite_file
    with sqlite3.connect(path) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_reading_while_an_import_holds_the_write_lock_answers_at_once_with_the_committed_data(sqlite_file):
    path, engine = sqlite_file
    writer = hold_write_lock(path)
    try:
        started = time.monotonic()
        names = read_facilities(engine).set_index("facility_id")["name"]
        assert time.monotonic() - started < 0.4, "a reader must not wait for the busy timeout"
        assert names["KG-KAD-001"] == "Kadamjai", "the uncommitted import is not visible"
    finally:
        writer.rollback()
        writer.close()


def test_the_export_command_while_an_import_holds_the_write_lock_finishes_at_once(
    sqlite_file, tmp_path, monkeypatch, capsys
):
    path, _ = sqlite_file
    monkeypatch.setattr(store_engine, "SQLITE_BUSY_TIMEOUT_SECONDS", 60)  # a waiting reader would show
    monkeypatch.setenv("TMF_DATABASE_URL", f"sqlite:///{path}")
    writer = hold_write_lock(path)
    try:
        started = time.monotonic()
        assert main(["export", "--format", "csv", "--out", str(tmp_path / "inventory.csv")]) == 0
        seconds = time.monotonic() - started
    finally:
        writer.rollback()
        writer.close()
    assert seconds < 10, "an export does not wait for the import"
    exported = (tmp_path / "inventory.csv").read_text(encoding="utf-8")
    assert "Kadamjai" in exported and "being imported" not in exported, "the committed data"


def test_a_save_that_meets_a_running_import_gets_the_locked_sentence_and_writes_nothing(sqlite_file):
    path, engine = sqlite_file
    state = editing.facility_state(engine, "KG-MAI-003")
    record = {name: state[name] for name in editing.COLUMN_NAMES} | {"volume_m3": 1.0}
    writer = hold_write_lock(path)
    try:
        with pytest.raises(StoreUnavailable) as refused:
            editing.save_facility(engine, record, state["version"], "alice")
    finally:
        writer.rollback()
        writer.close()
    assert refused.value.kind == "locked"
    assert "busy" in refused.value.message("en")
    assert editing.facility_state(engine, "KG-MAI-003")["volume_m3"] == 110500


def test_an_import_that_meets_a_running_import_gets_the_locked_sentence_and_writes_nothing(sqlite_file):
    path, engine = sqlite_file
    new = GOOD.replace("KG-KAD-001,Kadamjai", "KG-NEW-001,New TMF")
    writer = hold_write_lock(path)
    try:
        with pytest.raises(StoreUnavailable) as refused:
            import_facilities(engine, inventory_frame(new), user="eva")
    finally:
        writer.rollback()
        writer.close()
    assert refused.value.kind == "locked"
    assert "KG-NEW-001" not in read_facilities(engine)["facility_id"].tolist()


def test_of_twenty_simultaneous_reverts_of_one_deletion_one_restores_and_the_rest_are_refused(migrated):
    import_facilities(migrated, inventory_frame(GOOD), user="loader")
    editing.delete_facility(migrated, "KG-KAD-001", 1, "bob")
    deletion = audit.entries(migrated, "KG-KAD-001")[0]
    barrier, outcomes = threading.Barrier(20), []

    def undo(number: int) -> None:
        barrier.wait()
        try:
            revert(migrated, deletion.id, f"user{number}")
            outcomes.append("restored")
        except ProblemError as error:
            outcomes.append(error.problems[0].code)

    threads = [threading.Thread(target=undo, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["restored"] + ["revert_changed_since"] * 19
    assert editing.facility_state(migrated, "KG-KAD-001")["name"] == "Kadamjai"


def reverted_at_once(engine, entry_id: int, count: int = 8) -> list[str]:
    """``count`` reverts of one audit entry started together: each outcome, "reverted" or the
    refusal's code (a crash fails the test)."""
    barrier, outcomes = threading.Barrier(count), []

    def undo(number: int) -> None:
        barrier.wait()
        try:
            revert(engine, entry_id, f"user{number}")
            outcomes.append("reverted")
        except ProblemError as error:
            outcomes.append(error.problems[0].code)
            error.problems[0].message("ru")  # the sentence can be written (it once lacked a value)

    threads = [threading.Thread(target=undo, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_of_simultaneous_reverts_of_one_checklist_entry_one_wins_and_the_rest_get_the_sentence(migrated):
    from tmf.checklist import load_checklist
    from tmf.store.checklists import save_answers

    import_facilities(migrated, inventory_frame(GOOD), user="loader")
    checklist = load_checklist()
    question = checklist.questions[0].key
    save_answers(migrated, checklist, "KG-KAD-001", {question: {"answer": "yes"}}, 1, "eva")
    entry = audit.entries(migrated, "KG-KAD-001")[0]
    assert entry.subject == "checklist"
    assert reverted_at_once(migrated, entry.id) == sorted(["reverted"] + ["revert_changed_since"] * 7)


def test_of_simultaneous_reverts_of_one_profile_entry_one_wins_and_the_rest_get_the_sentence(migrated):
    from tmf.methodology import DEFAULT_PROFILE
    from tmf.store import profiles

    text = DEFAULT_PROFILE.read_text(encoding="utf-8")
    profiles.store_profile(migrated, text, "admin")
    entry_id = profiles.store_profile(migrated, text, "admin")
    assert reverted_at_once(migrated, entry_id) == sorted(["reverted"] + ["revert_profile_changed"] * 7)
    assert len([e for e in audit.entries(migrated) if e.action == "revert"]) == 1
