"""``init-db`` and ``import``: the database of TMF_DATABASE_URL (default var/tmf.sqlite)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tmf.inventory import load_inventory
from tmf.store.engine import facility_count, make_engine, migrate
from tmf.store.imports import ensure_database, import_facilities, plan_import


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init-db", help="create or migrate the database")
    init.add_argument("--demo", action="store_true", help="load the illustrative inventory if the database is empty")
    init.set_defaults(handler=init_db)
    load = subparsers.add_parser("import", help="import an inventory file (CSV or XLSX), all or nothing")
    load.add_argument("path", type=Path)
    load.add_argument("--dry-run", action="store_true", help="validate and report, change nothing")
    load.add_argument("--user", default="command-line", help="name recorded as the author of the change")
    load.set_defaults(handler=import_file)


def init_db(args: argparse.Namespace) -> int:
    engine = ensure_database(demo=args.demo)
    print(f"database ready: {engine.url.render_as_string(hide_password=True)} ({facility_count(engine)} facilities)")
    return 0


def import_file(args: argparse.Namespace) -> int:
    frame = load_inventory(args.path)
    engine = make_engine()
    migrate(engine)
    if args.dry_run:
        summary = plan_import(engine, frame)
        verb = "dry run, nothing written; would add"
    else:
        summary = import_facilities(engine, frame, user=args.user, upload=(args.path.name, args.path.read_bytes()))
        verb = "added"
    print(f"{verb} {len(summary.added)}, updated {len(summary.updated)}, unchanged {len(summary.unchanged)}")
    return 0
