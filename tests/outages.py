"""Database URLs that cannot be used, one per kind of failure, for page and command tests."""

from __future__ import annotations

from pathlib import Path


def broken_urls(tmp_path: Path) -> dict[str, str]:
    """A file that is not a database, a folder that is a file, and a PostgreSQL port where
    nothing listens; each maps to the ``StoreUnavailable.kind`` it must be reported as."""
    not_a_database = tmp_path / "notes.sqlite"
    not_a_database.write_text("these are meeting notes, not a database\n" * 50)
    a_file = tmp_path / "var"
    a_file.write_text("a file where the database folder should be")
    return {
        "not_a_database": f"sqlite:///{not_a_database}",
        "folder_is_a_file": f"sqlite:///{a_file / 'tmf.sqlite'}",
        "server_down": "postgresql+psycopg://tmf@127.0.0.1:1/tmf?connect_timeout=2",
    }


KIND = {"not_a_database": "missing", "folder_is_a_file": "missing", "server_down": "unreachable"}
