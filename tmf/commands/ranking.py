"""``rank``: score and rank an inventory file with the methodology profile."""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from tmf.commands.importing import environment_language
from tmf.export import neutralised
from tmf.hotspots import hotspot_reasons
from tmf.i18n import t
from tmf.methodology import DEFAULT_PROFILE, INDEXES, load_profile
from tmf.problems import Problem, ProblemError
from tmf.ranking import ScoredInventory, rank
from tmf.register_options import RegisterOptions
from tmf.registers import read_register
from tmf.screening import screen
from tmf.transboundary import REQUIRED_COLUMNS, GeoData, downstream_paths, load_geodata

LEADING_COLUMNS = ("rank", "facility_id", "name", "country", "thi", "tri", "score")
# A --top up to this many facilities traces them again for their details (a few ms per
# hundred) rather than keeping every facility's.
RETRACED_AT_MOST = 1_000
TRANSBOUNDARY_COLUMNS = ("transboundary", "affected_countries", "border_km", "river_km_to_border", "hotspot_reason")


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("rank", help="rank the facilities of an inventory file")
    add_scoring_arguments(command)
    command.add_argument("--top", type=int, default=None, help="print only the first N facilities")
    command.add_argument("--format", choices=("csv", "json"), default="csv")
    command.set_defaults(handler=rank_command)


def add_scoring_arguments(command: argparse.ArgumentParser) -> None:
    """The inventory, profile, weights and index options shared by the scoring commands."""
    command.add_argument(
        "--inventory", type=Path, required=True, help="inventory file (template or register: XLSX, CSV, GeoJSON)"
    )
    command.add_argument("--profile", type=Path, default=DEFAULT_PROFILE, help="methodology profile (TOML)")
    command.add_argument("--weights", default="", help="criterion=weight,... (0 to 3; others keep 1)")
    command.add_argument("--index", choices=INDEXES, default="thi")


def parse_weights(text: str) -> dict[str, float]:
    """``seismic=0,flood=2`` as a dict; ProblemError for a part without ``=`` or a number."""
    weights: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep:
            raise ProblemError(Problem("weight_not_a_number", {"criterion": key, "value": ""}))
        try:
            weights[key.strip()] = float(value)
        except ValueError:
            raise ProblemError(Problem("weight_not_a_number", {"criterion": key.strip(), "value": value})) from None
    return weights


def ranked_table(args: argparse.Namespace, top: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The ranked inventory (its first ``top`` facilities; all without) and the output
    columns, from the shared scoring arguments. Only the output columns are gathered, and the
    hotspot reason is written only for the facilities returned. With a small ``top``
    (``RETRACED_AT_MOST``) the inventory is screened without details
    (tmf.transboundary.downstream_paths) and those facilities are traced again for their
    reasons' parameters and border distance: a facility's tracing does not depend on the others."""
    geo = load_geodata()
    lean = top is not None and 0 <= top <= RETRACED_AT_MOST
    scored = screened(args, geo, details=not lean)
    columns = [*LEADING_COLUMNS, *(f"s_{key}" for key in scored.profile.keys), *TRANSBOUNDARY_COLUMNS]
    gathered = [c for c in columns if c != "hotspot_reason"] + ["reason_code", "reason_params"]
    gathered += [c for c in REQUIRED_COLUMNS if c not in gathered]
    ranked = rank(scored, parse_weights(args.weights), args.index, columns=gathered)
    if top is not None:
        ranked = ranked.head(top)
    if lean and len(ranked):
        traced = downstream_paths(ranked[list(REQUIRED_COLUMNS)], geo)
        ranked["border_km"], ranked["reason_params"] = traced["border_km"], traced["reason_params"]
    ranked["hotspot_reason"] = hotspot_reasons(ranked, "en")
    return ranked, columns


def inventory_file(path: Path) -> pd.DataFrame:
    """The facilities of an inventory file or a register that reads by itself (tmf.registers).
    Columns matching no field are left out of the scoring, each said on stderr; any other
    problem refuses the file."""
    result = read_register(path)
    if result.unplaced_columns:
        ignored = tuple(c.header for c in result.unplaced_columns)
        result = read_register(path, None, RegisterOptions(ignore=ignored))
        lang = environment_language()
        for header in ignored:
            print(t("importing.not_scored", lang, column=header), file=sys.stderr)
    if not result.accepted:
        raise ProblemError(list(result.problems))
    return result.frame.drop(columns="row")


def screened(args: argparse.Namespace, geo: GeoData | None = None, details: bool = True) -> ScoredInventory:
    """The inventory file of ``--inventory`` (the template or a register that reads by itself,
    tmf.registers) through tmf.screening.screen with ``--profile`` (and ``details``)."""
    with collector_paused():
        facilities, profile = inventory_file(args.inventory), load_profile(args.profile)
        return screen(facilities, profile, geo or load_geodata(), details=details)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block, then as it was. Reading and screening
    make a few Python objects per cell and per facility (rows of cells, paths, reason
    parameters) that form no cycles and live to the end: the collector would walk them for
    nothing (0.25 s of 5 s CPU at 100,000 facilities); reference counting frees as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_table(table: pd.DataFrame, fmt: str) -> None:
    """Print a table as CSV or JSON records, numbers rounded to 3 decimals; CSV text cells a
    spreadsheet would run as a formula are neutralised (tmf.export.neutralised)."""
    table = table.round(3)
    if fmt == "json":
        sys.stdout.write(table.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    else:
        neutralised(table).to_csv(sys.stdout, index=False, lineterminator="\n")


def rank_command(args: argparse.Namespace) -> int:
    ranked, columns = ranked_table(args, args.top)
    write_table(ranked[columns], args.format)
    return 0
