"""``import``: read a register (tmf.registers) and write it to the database of
TMF_DATABASE_URL, all or nothing, with its mapping kept beside the original file.

Every note and problem is printed in ``--lang`` (default: the environment's locale), naming
the row as Excel numbers it and the column by its header as written. A column holding data
that matches no field refuses the file (exit 2, nothing written) until it is mapped
(``--map "HEADER=field"``) or ignored (``--ignore "HEADER"``).
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from tmf.i18n import LANGUAGES, has_message, t
from tmf.problems import Problem, ProblemError
from tmf.readers import cell_text
from tmf.register_layout import user_choice
from tmf.register_options import RegisterOptions, load_options, options_to_toml
from tmf.registers import RegisterResult, read_register
from tmf.store.engine import make_engine, prepare
from tmf.store.imports import ImportPreview, ImportSummary, import_facilities, preview_import
from tmf.store.register_mappings import load_mapping, mapping_names, save_mapping


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("import", help="import a register or inventory file (XLSX, CSV, GeoJSON)")
    command.add_argument("path", type=Path)
    command.add_argument("--sheet", help="the sheet to read (default: the one with most recognised columns)")
    command.add_argument("--header-row", type=int, help="Excel number of the header's top row (default: found)")
    command.add_argument("--map", action="append", default=[], metavar="HEADER=field", help="put a column in a field")
    command.add_argument(
        "--ignore", action="append", default=[], metavar="HEADER", help="leave a column out on purpose"
    )
    command.add_argument("--set", action="append", default=[], metavar="field=value", help="a value for every row")
    command.add_argument("--mapping", type=Path, help="a mapping file (TOML) of these choices")
    command.add_argument("--use-mapping", metavar="NAME", help="a mapping saved in the database")
    command.add_argument("--save-mapping", metavar="NAME", help="save these choices in the database under NAME")
    command.add_argument("--hazard-mapping", type=Path, help="derive water hazard classes with this (provisional) file")
    command.add_argument("--country", help="accept only this country; other countries' facilities are never changed")
    command.add_argument("--dry-run", action="store_true", help="validate and report, change nothing")
    command.add_argument("--user", default="command-line", help="name recorded as the author of the change")
    command.add_argument("--lang", choices=LANGUAGES, help="language of the messages (default: from LANG/LC_ALL)")
    command.set_defaults(handler=import_command)


def environment_language(environ: os._Environ | dict[str, str] = os.environ) -> str:
    """The language of the locale (LC_ALL, then LC_MESSAGES, then LANG): ru_* -> ru,
    kk_* -> kk, anything else English."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            prefix = value.split("_")[0].split(".")[0].lower()
            return prefix if prefix in ("ru", "kk") else "en"
    return "en"


def _pairs(entries: list[str], code: str, reverse: bool = False) -> dict[str, str]:
    """``A=B`` entries as a dict; a header may itself contain "=" (split at the last one)."""
    pairs = {}
    for entry in entries:
        left, sep, right = entry.rpartition("=") if reverse else entry.partition("=")
        if not sep or not left.strip() or not right.strip():
            raise ProblemError(Problem(f"importing.{code}", {"value": entry}))
        pairs[left.strip()] = right.strip()
    return pairs


def command_options(args: argparse.Namespace, engine_for_mappings=None) -> RegisterOptions:
    """The mapping file or saved mapping, with the command's choices over it."""
    options = RegisterOptions()
    if args.mapping is not None:
        options = load_options(args.mapping)
    elif args.use_mapping:
        options = load_mapping(engine_for_mappings, args.use_mapping)
    country = (args.country or options.country or "").strip().upper() or None
    return replace(
        options,
        sheet=args.sheet or options.sheet,
        header_row=args.header_row or options.header_row,
        columns={**options.columns, **_pairs(args.map, "map_syntax", reverse=True)},
        ignore=(*options.ignore, *args.ignore),
        set_values={**options.set_values, **_pairs(args.set, "set_syntax")},
        country=country,
        hazard_mapping=str(args.hazard_mapping) if args.hazard_mapping else options.hazard_mapping,
    )


def absent_headers(args: argparse.Namespace, result: RegisterResult) -> list[Problem]:
    """A header named by --map or --ignore that no column of the file has (a typo would
    otherwise change nothing, in silence), with the headers the file has."""
    given = [*_pairs(args.map, "map_syntax", reverse=True), *args.ignore]
    headers = [h for h in result.headers if not h.startswith("(")]
    return [
        Problem("importing.header_not_found", {"header": header, "headers": "; ".join(headers)})
        for header in given
        if not any(user_choice(label, [header]) for label in result.headers)
    ]


def report_reading(result: RegisterResult, lang: str) -> None:
    """Where the header was found, the unit factors applied and every note."""
    if (result.header_row or 0) >= 1:  # GeoJSON has properties, not a header row
        key = "importing.read_header" if result.sheet is None else "importing.read_from"
        print(t(key, lang, sheet=result.sheet, row=result.header_row))
    # The factors other than 1 are among the notes, naming their columns.
    if all(factor == 1 for factor in result.unit_factors.values()):
        print(t("importing.no_unit_factor", lang))
    for note in result.notes:
        print(t("importing.note", lang, text=note.message(lang)))


def report_summary(summary: ImportSummary, lang: str, dry_run: bool) -> None:
    counts = {"added": len(summary.added), "updated": len(summary.updated), "unchanged": len(summary.unchanged)}
    print(t("importing.would_write" if dry_run else "importing.written", lang, **counts))
    verbs = ("would_add", "would_update") if dry_run else ("added_ids", "updated_ids")
    for verb, ids in zip(verbs, (summary.added, summary.updated), strict=True):
        if ids:
            print(t(f"importing.{verb}", lang, ids=", ".join(ids)))


SHOWN_CHANGES = 50  # facilities whose changed fields a dry run lists


def report_changes(preview: ImportPreview, lang: str) -> None:
    """Each facility the import would change, with every field before and after (the first
    ``SHOWN_CHANGES`` facilities; the count of the others)."""
    changes = preview.changes
    ids = list(dict.fromkeys(changes["facility_id"]))
    for facility_id in ids[:SHOWN_CHANGES]:
        rows = changes[changes["facility_id"] == facility_id]
        fields = "; ".join(
            t(
                "importing.field_change",
                lang,
                field=t(f"fields.{f}", lang),
                before=_said(f, b, lang),
                after=_said(f, a, lang),
            )
            for f, b, a in zip(rows["field"], rows["before"], rows["after"], strict=True)
        )
        print(t("importing.facility_changes", lang, id=facility_id, fields=fields))
    if len(ids) > SHOWN_CHANGES:
        print(t("importing.more_changes", lang, count=len(ids) - SHOWN_CHANGES))


def _said(field: str, value: object, lang: str) -> str:
    """A value as the reader says it: an allowed value in words, blank as —."""
    text = cell_text(value)
    key = f"values.{field}.{text}"
    return t(key, lang) if text and has_message(key) else text or "—"


def refuse_outright(problems: list[Problem], lang: str) -> int:
    """A file that cannot be read at all (or a bad choice): one line per problem, usually
    one, and nothing else; exit status 2."""
    for problem in problems:
        print(t("importing.error", lang, text=problem.message(lang)), file=sys.stderr)
    return 2


def refuse(problems: list[Problem], lang: str, names: list[str] | None = None) -> int:
    """Print every problem of a file that was read and that nothing was written; exit status 2."""
    refuse_outright(problems, lang)
    print(t("importing.nothing_written", lang, count=len(problems)), file=sys.stderr)
    if names:
        print(t("importing.mappings_offered", lang, names=", ".join(names)), file=sys.stderr)
    return 2


def import_command(args: argparse.Namespace) -> int:
    lang = args.lang or environment_language()
    engine = make_engine()
    try:
        prepare(engine)
        return _import(args, engine, lang)
    except ProblemError as error:
        return refuse_outright(error.problems, lang)
    finally:
        engine.dispose()


def _import(args: argparse.Namespace, engine, lang: str) -> int:
    options = command_options(args, engine)
    result = read_register(args.path, None, options)
    report_reading(result, lang)
    problems = [*absent_headers(args, result), *result.problems]
    if problems:
        offered = None if args.use_mapping or args.mapping else mapping_names(engine)
        return refuse(problems, lang, offered)
    frame = result.frame
    if args.dry_run:
        preview = preview_import(engine, frame, options.country)
        report_summary(preview.summary, lang, dry_run=True)
        report_changes(preview, lang)
        return 0
    mapping = options_to_toml(result.mapping)
    upload = (args.path.name, args.path.read_bytes())
    summary = import_facilities(engine, frame, user=args.user, upload=upload, mapping=mapping, country=options.country)
    report_summary(summary, lang, dry_run=False)
    if args.save_mapping:
        save_mapping(engine, args.save_mapping, result.mapping, args.user)
        print(t("importing.mapping_saved", lang, name=args.save_mapping.strip()))
    return 0
