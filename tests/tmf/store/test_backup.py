"""Backup and restore: one portable file with every table, restorable from SQLite into
PostgreSQL and back with every row equal; a non-empty target is refused unless --force."""

import datetime as dt

import pytest
import sqlalchemy as sa

from tests.conftest import inventory_frame
from tmf.checklist import load_checklist
from tmf.commands import main
from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.store import auth, editing, logins, scenarios, workshops
from tmf.store.backup import TABLES, backup, restore
from tmf.store.checklists import save_answers
from tmf.store.engine import make_engine, migrate, read_facilities
from tmf.store.imports import ILLUSTRATIVE_AUTHOR, import_facilities
from tmf.view import View

UPLOAD = (
    "facility_id,name,country,latitude,longitude,status,volume_m3,source,confidence\n"
    "KG-MAI-003,Mailuu-Suu No. 3,KG,41.2822,72.4761,closed,110500,http://wise-uranium.org/ummai.html,medium\n"
)


def in_use(url: str) -> sa.Engine:
    """A database as a working group leaves it: inventory, an upload, accounts, an edit, a
    deletion, checklist answers, a saved weighting and failed logins."""
    engine = make_engine(url)
    migrate(engine)
    import_facilities(engine, load_inventory(), user=ILLUSTRATIVE_AUTHOR)
    import_facilities(engine, inventory_frame(UPLOAD), user="eva", upload=("mailuu.csv", UPLOAD.encode()))
    auth.add_user(engine, "eva", "eva-password", "editor", by="test")
    state = editing.facility_state(engine, "KZ-KOS-001")
    editing.save_facility(engine, {k: state[k] for k in editing.COLUMN_NAMES} | {"region": "Мангистау"}, 1, "eva")
    editing.delete_facility(engine, "TJ-DEG-001", 1, "eva")
    checklist = load_checklist()
    answers = {q.key: {"answer": "yes", "evidence": "documented"} for q in checklist.questions}
    save_answers(
        engine, checklist, "KG-MAI-003", answers, editing.facility_state(engine, "KG-MAI-003")["version"], "eva"
    )
    scenarios.save_scenario(engine, "Health first", "eva", "", View().with_weights({"population": 3.0}, load_profile()))
    auth.authenticate(engine, "eva", "wrong", now=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    return engine


def tables(engine: sa.Engine) -> dict[str, list[tuple]]:
    """Every row of every table, times in UTC, in primary-key order."""

    def plain(value):
        if isinstance(value, dt.datetime):
            return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
        return bytes(value) if isinstance(value, memoryview) else value

    metadata = sa.MetaData()
    metadata.reflect(engine, only=TABLES)
    with engine.connect() as connection:
        return {
            name: [
                tuple(map(plain, row))
                for row in connection.execute(sa.select(metadata.tables[name]).order_by(sa.text("1")))
            ]
            for name in TABLES
        }


@pytest.fixture
def sqlite_in_use(tmp_path, monkeypatch):
    monkeypatch.setattr(auth, "BCRYPT_ROUNDS", 4)
    engine = in_use(f"sqlite:///{tmp_path / 'source.sqlite'}")
    yield engine
    engine.dispose()


def test_sqlite_to_postgresql_and_back_gives_every_row_of_every_table(sqlite_in_use, postgres_url, tmp_path):
    original = tables(sqlite_in_use)
    assert original["users"] and original["audit_log"] and original["uploads"] and original["login_attempts"]
    backup(sqlite_in_use, tmp_path / "one.jsonl.gz")
    restore(postgres_url, tmp_path / "one.jsonl.gz")
    on_postgres = make_engine(postgres_url)
    assert tables(on_postgres) == original
    backup(on_postgres, tmp_path / "two.jsonl.gz")
    restore(f"sqlite:///{tmp_path / 'back.sqlite'}", tmp_path / "two.jsonl.gz")
    back = make_engine(f"sqlite:///{tmp_path / 'back.sqlite'}")
    assert tables(back) == original
    auth.add_user(on_postgres, "new", "new-password", "viewer", by="test")  # ids continue after the restored ones
    assert auth.authenticate(back, "eva", "eva-password") == auth.User("eva", "editor")
    on_postgres.dispose()
    back.dispose()


def test_the_commands_back_up_and_restore_and_refuse_a_database_with_data(sqlite_in_use, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TMF_DATABASE_URL", str(sqlite_in_use.url))
    assert main(["backup", "--out", str(tmp_path / "b.jsonl.gz")]) == 0
    out = capsys.readouterr().out
    assert "facilities 31," in out and "users 1," in out and "login_attempts 1," in out  # 32 less one deleted
    capsys.readouterr()
    assert main(["restore", str(tmp_path / "b.jsonl.gz")]) == 2
    assert capsys.readouterr().err.startswith("error: The target database already holds data")
    target = f"sqlite:///{tmp_path / 'new' / 'restored.sqlite'}"
    monkeypatch.setenv("TMF_DATABASE_URL", target)
    assert main(["restore", str(tmp_path / "b.jsonl.gz")]) == 0
    restored = make_engine(target)
    assert read_facilities(restored)["facility_id"].tolist() == read_facilities(sqlite_in_use)["facility_id"].tolist()
    assert logins.failed_logins(restored, now=dt.datetime(2026, 3, 2, 9, 1, tzinfo=dt.UTC))["name"].tolist() == ["eva"]
    restored.dispose()


def test_a_database_holding_only_a_workshop_is_not_empty_and_is_never_overwritten(
    sqlite_in_use, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("TMF_DATABASE_URL", str(sqlite_in_use.url))
    assert main(["backup", "--out", str(tmp_path / "b.jsonl.gz")]) == 0
    target = f"sqlite:///{tmp_path / 'room.sqlite'}"
    room = make_engine(target)
    migrate(room)
    workshops.create_workshop(room, "Almaty", "")
    monkeypatch.setenv("TMF_DATABASE_URL", target)
    capsys.readouterr()
    assert main(["restore", str(tmp_path / "b.jsonl.gz")]) == 2
    assert capsys.readouterr().err.startswith("error: The target database already holds data")
    assert [w.title for w in workshops.list_workshops(room)] == ["Almaty"]
    room.dispose()


def test_a_file_that_is_not_a_backup_is_one_sentence(tmp_path, monkeypatch, capsys):
    (tmp_path / "notes.txt").write_text("not a backup")
    monkeypatch.setenv("TMF_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert main(["restore", str(tmp_path / "notes.txt")]) == 2
    assert (
        capsys.readouterr().err
        == f"error: The file {tmp_path / 'notes.txt'} is not a backup made by `python -m tmf backup`.\n"
    )


def test_a_backup_of_a_database_that_is_not_there_is_refused_not_written_empty(tmp_path, monkeypatch, capsys):
    """A mistyped path would otherwise create a database and back it up, empty, with exit 0."""
    monkeypatch.setenv("TMF_DATABASE_URL", f"sqlite:///{tmp_path / 'mistyped.sqlite'}")
    capsys.readouterr()
    assert main(["backup", "--out", str(tmp_path / "b.jsonl.gz")]) == 2
    assert capsys.readouterr().err == (
        f"error: There is no database at {tmp_path / 'mistyped.sqlite'} (TMF_DATABASE_URL): nothing to back up."
        " Check that setting.\n"
    )
    assert not (tmp_path / "b.jsonl.gz").exists() and not (tmp_path / "mistyped.sqlite").exists()


def test_restoring_a_file_that_does_not_exist_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TMF_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert main(["restore", str(tmp_path / "missing.jsonl.gz")]) == 2
    assert capsys.readouterr().err == f"error: The file {tmp_path / 'missing.jsonl.gz'} does not exist.\n"
