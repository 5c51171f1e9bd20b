"""The database on SQLite and PostgreSQL: migrations, imports all or nothing, versions."""

import pandas as pd
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from tests.conftest import inventory_frame
from tmf.store.engine import data_version, facility_count, migrate, read_facilities
from tmf.store.errors import StoreUnavailable
from tmf.store.imports import ensure_database, import_facilities
from tmf.store.models import Base

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

    def fail_on_the_second_write(self, statement, *args, **kwargs):
        if isinstance(statement, sa.Insert | sa.Update) and statement.table.name == "facilities":
            calls.append(statement)
            if len(calls) == 2:
                raise sa.exc.OperationalError("insert", {}, Exception("disk full"))
        return real_execute(self, statement, *args, **kwargs)

    monkeypatch.setattr(sa.Connection, "execute", fail_on_the_second_write)
    with pytest.raises(StoreUnavailable):
        import_facilities(engine, inventory(text))
    monkeypatch.undo()
    pd.testing.assert_frame_equal(read_facilities(engine), before)


def test_the_demo_database_is_filled_once_with_the_illustrative_inventory(database_url):
    engine = ensure_database(database_url, demo=True)
    count = facility_count(engine)
    assert count >= 25
    ensure_database(database_url, demo=True)
    assert facility_count(engine) == count
