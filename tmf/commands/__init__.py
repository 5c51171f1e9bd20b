"""Command-line commands. Each module has ``register(subparsers)`` that adds its command
with a ``handler(args) -> int`` default; bad input exits 2 with the problems on stderr."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tmf.problems import ProblemError

COMMAND_MODULES = ("database", "importing", "ranking", "users", "export", "robustness", "briefing")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tmf", description="TMF safety dashboard: data and ranking tools.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"tmf.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ProblemError as error:
        for message in error.messages():
            print(f"error: {message}", file=sys.stderr)
        return 2
