"""``measures``: what each measure of the catalogue would change in one facility's score and rank."""

from __future__ import annotations

import argparse

from tmf.commands.ranking import add_scoring_arguments, parse_weights, screened, write_table
from tmf.measures import apply_measures, load_effects, measure_table
from tmf.problems import Problem, ProblemError

COLUMNS = ("measure", "new_score", "new_rank", "score", "rank", "score_reduction", "places_gained", "cost")


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser("measures", help="new score and rank of a facility for each measure")
    add_scoring_arguments(command)
    command.add_argument("--facility", required=True, help="facility_id")
    command.add_argument("--apply", default="", help="measures already taken, KEY,KEY (applied first)")
    command.add_argument("--format", choices=("csv", "json"), default="csv")
    command.set_defaults(handler=measures_command)


def measures_command(args: argparse.Namespace) -> int:
    """Print measure, new_score, new_rank, score, rank, score_reduction, places_gained and
    cost for every measure with declared effects, after the ``--apply`` ones."""
    scored = screened(args)
    effects = load_effects(scored.profile)
    taken = [key.strip() for key in args.apply.split(",") if key.strip()]
    for key in taken:
        if key not in effects:
            raise ProblemError(Problem("measure_unknown", {"value": key}))
    scored = apply_measures(scored, {args.facility: taken}, effects) if taken else scored
    table = measure_table(scored, parse_weights(args.weights), args.index, effects, facility_ids=[args.facility])
    write_table(table[list(COLUMNS)], args.format)
    return 0
