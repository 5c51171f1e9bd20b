"""``briefing``: the current view of the inventory of TMF_DATABASE_URL as a PDF report or
PPTX slides, in English, Russian or Kazakh (tmf.briefing)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tmf.commands.ranking import parse_weights
from tmf.commands.robustness import bounded
from tmf.i18n import LANGUAGES, t
from tmf.methodology import INDEXES, Profile
from tmf.screening import current_view, screen
from tmf.store.audit import last_inventory_change
from tmf.store.engine import make_engine, prepare, read_facilities
from tmf.store.profiles import active_profile
from tmf.transboundary import load_geodata
from tmf.view import FILTERS

FORMATS = ("pdf", "pptx")
# Audit subjects that change what the ranking reads (facility fields, checklist safety).


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("briefing", help="the ranking of the database as a PDF report or PPTX slides")
    command.add_argument("--lang", choices=LANGUAGES, default="en")
    command.add_argument("--weights", default="", help="criterion=weight,... (0 to 3; others keep 1)")
    command.add_argument("--index", choices=INDEXES, default="thi")
    command.add_argument("--top", type=bounded(int, 1, 1000), default=10, help="facilities in the table")
    command.add_argument("--format", choices=FORMATS, default=None, help="default: from --out, else pdf")
    command.add_argument("--out", type=Path, required=True, help="file to write")
    for name in FILTERS:
        command.add_argument(f"--{name}", default="", help=f"only these {name} values, comma-separated")
    command.add_argument(
        "--base-url", default=None, help="the dashboard's address, for a link to the view (default: no link)"
    )
    command.set_defaults(handler=briefing_command)


@dataclass(frozen=True)
class StoredInventory:
    """What the briefing reads from the database: facilities, profile, last change."""

    facilities: pd.DataFrame
    profile: Profile
    data_date: dt.datetime | None


def read_store() -> StoredInventory:
    """The inventory, the profile in force and the time of the inventory's last change,
    from the database of TMF_DATABASE_URL (the one place this command touches the store)."""
    engine = make_engine()
    prepare(engine)
    return StoredInventory(read_facilities(engine), active_profile(engine), last_inventory_change(engine))


def output_format(args: argparse.Namespace) -> str:
    """The --format given, else the one the --out suffix names, else pdf."""
    suffix = args.out.suffix.lower().lstrip(".")
    return args.format or (suffix if suffix in FORMATS else "pdf")


def briefing_command(args: argparse.Namespace) -> int:
    # Imported here: matplotlib, fpdf2 and python-pptx would slow every other command's start.
    from tmf.briefing import briefing_content, briefing_view, to_pdf, to_pptx

    weights = parse_weights(args.weights)
    stored = read_store()
    if stored.facilities.empty:
        print(t("importing.error", args.lang, text=t("app.no_facilities", args.lang)), file=sys.stderr)
        return 2
    geo = load_geodata()
    filters = {name: tuple(filter(None, (v.strip() for v in getattr(args, name).split(",")))) for name in FILTERS}
    view = briefing_view(weights, args.index, args.top, args.lang, stored.profile, filters)
    current = current_view(screen(stored.facilities, stored.profile, geo), view)
    if not len(current.shown):
        print(t("importing.error", args.lang, text=t("ranking.no_match", args.lang)), file=sys.stderr)
        return 2
    content = briefing_content(current, view, stored.data_date, geo, base_url=args.base_url)
    fmt = output_format(args)
    args.out.write_bytes(to_pdf(content) if fmt == "pdf" else to_pptx(content))
    print(t("briefing.written", args.lang, format=fmt.upper(), count=len(current.shown), path=args.out))
    return 0
