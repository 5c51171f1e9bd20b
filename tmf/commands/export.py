"""``export``: the whole inventory of TMF_DATABASE_URL as CSV, XLSX or GeoJSON."""

from __future__ import annotations

import argparse
from pathlib import Path

from tmf.export import FORMATS, export
from tmf.store.engine import make_engine, migrate, read_facilities


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("export", help="export the inventory (re-importable with `import`)")
    command.add_argument("--format", choices=FORMATS, required=True)
    command.add_argument("--out", type=Path, required=True, help="file to write")
    command.set_defaults(handler=export_command)


def export_command(args: argparse.Namespace) -> int:
    engine = make_engine()
    migrate(engine)
    facilities = read_facilities(engine)
    args.out.write_bytes(export(facilities, args.format))
    print(f"exported {len(facilities)} facilities to {args.out}")
    return 0
