"""The database on SQLite and PostgreSQL: migrations, imports all or nothing, versions."""

import datetime as dt
import json

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext

from tests.conftest import inventory_frame
from tmf.store import audit, editing
from tmf.store.engine import MIGRATIONS, data_version, facility_count, make_engine, migrate, read_facilities
from tmf.store.errors import StoreUnavailable
from tmf.store.imports import ensure_database, import_facilities
from tmf.store.models import AuditRow, Base, facilities_table
from tmf.store.revert import revert

HEADER = "facility_id,name,country,latitude,longitude,status,volume_m3,hazard_class_wgk,source,confidence\n"
GOOD = HEADER + (
    "KG-MAI-003,Mailuu-Suu No. 3,KG,41.2822,72.4761,closed,110500,3,http://wise-uranium.org/ummai.html,medium\n"
    "KG-KAD-001,Kadamjai,KG,40.13,71.72,active,2592000,,https://docslib.org/download/3442406/solton-sary-mine,medium\n"
)


inventory = inventory_frame


@pytest.fixture
def engine(migrated):
    return migrated


def test_the_migrations_create_exactly_the_models_schema(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_migrating_twice_changes_nothing(engine):
    import_facilities(engine, inventory(GOOD))
    migrate(engine)
    assert facility_count(engine) == 2


def test_an_imported_inventory_reads_back_unchanged(engine):
    import_facilities(engine, inventory(GOOD))
    stored = read_facilities(engine).set_index("facility_id")
    assert stored.loc["KG-MAI-003", "volume_m3"] == 110500
    assert stored.loc["KG-MAI-003", "hazard_class_wgk"] == 3
    assert pd.isna(stored.loc["KG-KAD-001", "hazard_class_wgk"])
    assert stored.loc["KG-KAD-001", "source"] == "https://docslib.org/download/3442406/solton-sary-mine"


def test_reimporting_the_same_file_changes_nothing(engine):
    import_facilities(engine, inventory(GOOD))
    version = data_version(engine)
    summary = import_facilities(engine, inventory(GOOD))
    assert summary.unchanged == ("KG-MAI-003", "KG-KAD-001") and not summary.added and not summary.updated
    assert data_version(engine) == version


def test_a_changed_value_updates_that_facility_and_raises_its_version(engine):
    import_facilities(engine, inventory(GOOD))
    summary = import_facilities(engine, inventory(GOOD.replace("2592000", "2600000")))
    assert summary.updated == ("KG-KAD-001",) and summary.unchanged == ("KG-MAI-003",)
    stored = read_facilities(engine).set_index("facility_id")
    assert stored.loc["KG-KAD-001", "volume_m3"] == 2600000 and stored.loc["KG-KAD-001", "version"] == 2


def test_a_failing_import_leaves_nothing_half_written(engine, monkeypatch):
    import_facilities(engine, inventory(GOOD))
    before = read_facilities(engine)
    text = GOOD.replace("2592000", "2600000") + "TJ-DEG-001,Degmay,TJ,40.22,69.70,closed,,3,https://www.istc.int,low\n"
    real_execute = sa.Connection.execute
    calls = []

    def fail_on_the_audit_entry(self, statement, *args, **kwargs):
        if isinstance(statement, sa.Insert) and statement.table.name == "audit_log":
            calls.append(statement)  # written after the new facility and the changed one
            raise sa.exc.OperationalError("insert", {}, Exception("disk full"))
        return real_execute(self, statement, *args, **kwargs)

    monkeypatch.setattr(sa.Connection, "execute", fail_on_the_audit_entry)
    with pytest.raises(StoreUnavailable):
        import_facilities(engine, inventory(text))
    monkeypatch.undo()
    assert len(calls) == 1
    pd.testing.assert_frame_equal(read_facilities(engine), before)


def test_the_demo_database_is_filled_once_with_the_illustrative_inventory(database_url):
    engine = ensure_database(database_url, demo=True)
    count = facility_count(engine)
    assert count >= 25
    ensure_database(database_url, demo=True)
    assert facility_count(engine) == count


def test_upgrading_keeps_the_per_facility_entries_of_old_imports_readable_and_revertable(database_url):
    engine = make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")  # before one entry per import
    row = inventory(GOOD).iloc[0]
    later = ("notes_ru", "notes_kk")  # fields added by migration 0009
    first = {name: None if pd.isna(row[name]) else row[name] for name in editing.COLUMN_NAMES if name not in later}
    first |= {"version": 1}
    second = first | {"volume_m3": 120000.0, "version": 2}
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as connection:  # what an import and an edit wrote then: a row per facility
        connection.execute(sa.insert(facilities_table).values(**second, updated_at=now, updated_by="bob"))
        for action, before, after in (("import", None, first), ("edit", first, second)):
            values = {"before": before and json.dumps(before), "after": json.dumps(after)}
            connection.execute(
                sa.insert(AuditRow.__table__).values(
                    at=now, user="bob", action=action, subject="facility", facility_id="KG-MAI-003", **values
                )
            )
    migrate(engine)
    edit, imported = audit.entries(engine, "KG-MAI-003")
    assert (edit.action, edit.changed, edit.before["volume_m3"], edit.after["volume_m3"]) == (
        "edit",
        ["volume_m3"],
        110500.0,
        120000.0,
    )
    assert (imported.action, imported.before, imported.after["name"]) == ("import", None, "Mailuu-Suu No. 3")
    revert(engine, edit.id, "root")
    state = editing.facility_state(engine, "KG-MAI-003")
    assert (state["volume_m3"], state["version"]) == (110500.0, 3)
    import_facilities(engine, inventory(GOOD.replace("110500", "130000")), user="eva")  # one entry, new shape
    assert [(e.user, e.action) for e in audit.entries(engine, "KG-MAI-003")] == [
        ("eva", "import"),
        ("root", "revert"),
        ("bob", "edit"),
        ("bob", "import"),
    ]
    newest = audit.entry(engine, audit.entries(engine, "KG-MAI-003")[0].id)
    assert newest.facility_states(["KG-MAI-003"])["KG-MAI-003"][1]["volume_m3"] == 130000.0
    engine.dispose()
