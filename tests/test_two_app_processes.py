"""Two app processes on one PostgreSQL database, as replicas behind a load balancer: an edit
and an import made elsewhere appear in both at their next run (each process caches the
inventory by the data version it reads from the database on every run)."""

import os
import subprocess
import sys
from pathlib import Path

from tests.streamlit_protocol import ROOT, Session, app_process
from tmf.store import editing
from tmf.store.imports import ensure_database

NEW_FACILITY = (
    "facility_id,name,country,latitude,longitude,status,volume_m3,source,confidence\n"
    "KZ-NEW-001,Newly imported tailings pond,KZ,49.9,82.6,active,4500000,https://example.org/register,low\n"
)
RENAMED = "Mailuu-Suu tailing No. 3, renamed on the Edit page"


def test_an_edit_and_an_import_appear_in_both_processes_at_their_next_run(postgres_url, tmp_path):
    engine = ensure_database(postgres_url, demo=True)
    with (
        app_process(postgres_url, log=tmp_path / "a.log") as app_a,
        app_process(postgres_url, log=tmp_path / "b.log") as app_b,
        Session(app_a.port) as tab_a,
        Session(app_b.port) as tab_b,
    ):
        before = [tab.run("ranking", "lang=en") for tab in (tab_a, tab_b)]
        assert all(run.shows("Mailuu-Suu tailing No. 3 (Izolit)") and not run.shows(RENAMED) for run in before)
        assert not any(run.shows("Newly imported tailings pond") for run in before)

        state = editing.facility_state(engine, "KG-MAI-003")
        record = {name: state[name] for name in editing.COLUMN_NAMES} | {"name": RENAMED}
        editing.save_facility(engine, record, state["version"], "eva")
        imported = command_line_import(postgres_url, tmp_path)
        assert imported.returncode == 0, imported.stderr

        after = [tab.run("ranking", "lang=en") for tab in (tab_a, tab_b)]
        for run in after:
            assert run.shows(RENAMED) and run.shows("Newly imported tailings pond")
            assert not run.exceptions
    engine.dispose()


def command_line_import(url: str, folder: Path) -> subprocess.CompletedProcess:
    """``python -m tmf import`` in a third process, as an operator on the server would."""
    path = folder / "new.csv"
    path.write_text(NEW_FACILITY)
    return subprocess.run(
        [sys.executable, "-m", "tmf", "import", str(path)],
        cwd=ROOT,
        env=os.environ | {"TMF_DATABASE_URL": url, "LC_ALL": "C.UTF-8"},
        capture_output=True,
        text=True,
        timeout=120,
    )
