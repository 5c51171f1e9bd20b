"""``backup`` and ``restore``: the whole database of TMF_DATABASE_URL in one portable file."""

from __future__ import annotations

import argparse
from pathlib import Path

from tmf.problems import Problem, ProblemError
from tmf.store.backup import backup, restore
from tmf.store.engine import database_url, make_engine, prepare


def register(subparsers: argparse._SubParsersAction) -> None:
    save = subparsers.add_parser("backup", help="write every table to one portable file (.jsonl.gz)")
    save.add_argument("--out", type=Path, required=True)
    save.set_defaults(handler=backup_command)
    load = subparsers.add_parser("restore", help="restore a backup into the database (created if missing)")
    load.add_argument("path", type=Path)
    load.add_argument("--force", action="store_true", help="replace a database that already holds data")
    load.set_defaults(handler=restore_command)


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.items() if count)


def backup_command(args: argparse.Namespace) -> int:
    engine = make_engine()
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    # A mistyped path (its folder there, no file in it): not a new, empty database backed up.
    if database and database != ":memory:" and Path(database).parent.is_dir() and not Path(database).exists():
        engine.dispose()
        raise ProblemError(Problem("ops.backup_no_database", {"path": database}))
    try:
        prepare(engine)
        counts = backup(engine, args.out)
    finally:
        engine.dispose()
    print(f"backup written to {args.out}: {_summary(counts)}")
    return 0


def restore_command(args: argparse.Namespace) -> int:
    counts = restore(database_url(), args.path, force=args.force)
    print(f"restored from {args.path}: {_summary(counts)}")
    return 0
