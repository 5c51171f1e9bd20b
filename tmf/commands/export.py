"""``export``: the inventory of TMF_DATABASE_URL (or one country's part) as CSV, XLSX or
GeoJSON, in the template's columns with each record's provenance (source, confidence)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tmf.export import FORMATS, export, one_country
from tmf.store.engine import make_engine, prepare, read_facilities


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("export", help="export the inventory (re-importable with `import`)")
    command.add_argument("--format", choices=FORMATS, required=True)
    command.add_argument("--out", type=Path, required=True, help="file to write")
    command.add_argument("--country", help="only this country's facilities (ISO code, e.g. KG)")
    command.set_defaults(handler=export_command)


def export_command(args: argparse.Namespace) -> int:
    engine = make_engine()
    prepare(engine)
    facilities = read_facilities(engine)
    if args.country:
        facilities = one_country(facilities, args.country)
    args.out.write_bytes(export(facilities, args.format))
    print(f"exported {len(facilities)} facilities to {args.out}")
    return 0
