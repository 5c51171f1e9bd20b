"""Command-line commands. Each module has ``register(subparsers)`` that adds its command
with a ``handler(args) -> int`` default. Bad input, a database that cannot be used and a file
that cannot be read or written exit 2 with one sentence per problem on stderr, never a
traceback (set TMF_DEBUG=1 to see it)."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from tmf.i18n import t
from tmf.problems import ProblemError
from tmf.store.errors import StoreUnavailable

COMMAND_MODULES = (
    "database",
    "importing",
    "ranking",
    "users",
    "export",
    "robustness",
    "measures",
    "briefing",
    "backup",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tmf", description="TMF safety dashboard: data and ranking tools.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(f"tmf.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not os.environ.get("TMF_DEBUG"):  # the store logs details for the server's log; here one line says it
        logging.getLogger("tmf").setLevel(logging.ERROR)
    try:
        return args.handler(args)
    except (ProblemError, StoreUnavailable, OSError) as error:
        if os.environ.get("TMF_DEBUG"):
            raise
        lang, messages = _sentences(error, getattr(args, "lang", None))
        for message in messages:
            print(t("importing.error", lang, text=message), file=sys.stderr)  # "error:", "ошибка:"
        return 2


def _sentences(error: Exception, lang: str | None) -> tuple[str, list[str]]:
    """The language of the sentences and the sentences saying why a command stopped."""
    if isinstance(error, OSError):  # an input or output file that cannot be used
        return "en", [t("ops.file_unusable", path=error.filename or "", reason=error.strerror or str(error))]
    if isinstance(error, StoreUnavailable):  # in the language of --lang, else of the locale
        from tmf.commands.importing import environment_language

        lang = lang or environment_language()
        return lang, error.messages(lang)
    return (lang or "en"), error.messages(lang or "en")
