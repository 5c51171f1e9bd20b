"""``init-db``: create or upgrade the database of TMF_DATABASE_URL (default var/tmf.sqlite).
``import`` lives in tmf.commands.importing."""

from __future__ import annotations

import argparse

from tmf.store.engine import facility_count
from tmf.store.imports import ensure_database


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init-db", help="create or migrate the database")
    init.add_argument("--demo", action="store_true", help="load the illustrative inventory if the database is empty")
    init.set_defaults(handler=init_db)


def init_db(args: argparse.Namespace) -> int:
    engine = ensure_database(demo=args.demo, upgrade=True)
    print(f"database ready: {engine.url.render_as_string(hide_password=True)} ({facility_count(engine)} facilities)")
    return 0
