"""``robustness`` and ``tipping``: how firmly the ranking of an inventory file holds when
the weights change (tmf.robustness)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from tmf.commands.ranking import add_scoring_arguments, parse_weights, screened, write_table
from tmf.i18n import t
from tmf.information import VOI_CELLS, VOI_SAMPLES, VOI_SEED, measure_next
from tmf.problems import Problem
from tmf.ranking import ScoredInventory
from tmf.robustness import MAX_SAMPLES, MAX_SEED, MAX_UNCERTAINTY, VARY, Settings, robustness
from tmf.sensitivity import tipping_points

ROBUSTNESS_COLUMNS = ("facility_id", "rank", "p_top", "rank_p05", "rank_p50", "rank_p95")
TIPPING_COLUMNS = ("facility_id", "criterion", "threshold_weight", "direction", "rank", "weight")


def bounded(kind: type[int] | type[float], low: float, high: float) -> Callable[[str], int | float]:
    """An argparse type: a number of ``kind`` within low..high; argparse names the option."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            code = "not_an_integer" if kind is int else "not_a_number"
            raise argparse.ArgumentTypeError(Problem(code, {"value": text}).message()) from None
        if value < low:
            raise argparse.ArgumentTypeError(Problem("below_minimum", {"value": text, "low": low}).message())
        if value > high:
            raise argparse.ArgumentTypeError(Problem("above_maximum", {"value": text, "high": high}).message())
        return value

    return parse


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "robustness", help="probability of each facility to be in the top K when the weights are uncertain"
    )
    add_scoring_arguments(command)
    draws = "draws (of the weights, the data or both: --vary)"
    command.add_argument("--samples", type=bounded(int, 1, MAX_SAMPLES), default=1000, help=draws)
    command.add_argument(
        "--uncertainty",
        type=bounded(float, 0.0, MAX_UNCERTAINTY),
        default=0.5,
        help="U: each weight uniform within +-U of its value, clipped to 0..3 (0.5 = +-50 %%)",
    )
    command.add_argument("--top", type=bounded(int, 1, MAX_SAMPLES), default=10, help="K of P(top K)")
    command.add_argument(
        "--seed", type=bounded(int, 0, MAX_SEED), default=None, help="random seed (default: drawn, printed on stderr)"
    )
    command.add_argument(
        "--vary",
        choices=VARY,
        default="weights",
        help="what is uncertain: the weights, the data (ranges of the profile's [uncertainty]) or both",
    )
    command.add_argument("--format", choices=("csv", "json"), default="csv")
    command.set_defaults(handler=robustness_command)

    voi = subparsers.add_parser(
        "voi", help="which unknown or uncertain value, once known, most likely changes the top K (collect these first)"
    )
    add_scoring_arguments(voi)
    voi.add_argument("--top", type=bounded(int, 1, MAX_SAMPLES), required=True, help="K")
    voi.add_argument(
        "--samples",
        type=bounded(int, 1, MAX_SAMPLES),
        default=None,
        help=f"joint draws of the data (default {VOI_SAMPLES}; fewer above {VOI_CELLS // VOI_SAMPLES:,} facilities)",
    )
    voi.add_argument(
        "--seed", type=bounded(int, 0, MAX_SEED), default=VOI_SEED, help=f"random seed (default {VOI_SEED}: the app's)"
    )
    voi.add_argument("--format", choices=("csv", "json"), default="csv")
    voi.set_defaults(handler=voi_command)

    tipping = subparsers.add_parser(
        "tipping", help="for each facility in the top K, the single-weight change that takes it out"
    )
    add_scoring_arguments(tipping)
    tipping.add_argument("--top", type=bounded(int, 1, MAX_SAMPLES), required=True, help="K")
    tipping.add_argument("--format", choices=("csv", "json"), default="csv")
    tipping.set_defaults(handler=tipping_command)


def scored_inventory(args: argparse.Namespace) -> ScoredInventory:
    """The inventory file of ``--inventory`` scored with ``--profile`` (as ``rank`` does)."""
    return screened(args)


def robustness_command(args: argparse.Namespace) -> int:
    """Print facility_id, rank, p_top, rank_p05, rank_p50, rank_p95, the band probabilities
    and the name, by rank; the settings and the seed go to stderr."""
    settings = Settings(
        samples=args.samples, uncertainty=args.uncertainty, top=args.top, seed=args.seed, vary=args.vary
    )
    result = robustness(scored_inventory(args), parse_weights(args.weights), args.index, settings)
    bands = [c for c in result.table.columns if c.startswith("p_rank_")]
    write_table(result.table[[*ROBUSTNESS_COLUMNS, *bands, "name"]], args.format)
    key = "robustness.cli_settings" if args.vary == "weights" else f"robustness.cli_settings_{args.vary}"
    print(t(key, "en", samples=result.samples, uncertainty=result.uncertainty, seed=result.seed), file=sys.stderr)
    if args.vary != "weights":
        print(t("decisions.cli_vary", "en", vary=args.vary), file=sys.stderr)
    return 0


def voi_command(args: argparse.Namespace) -> int:
    """Print facility_id, field, p_change (the probability that the top K changes with that
    value), evpi (its expected value of perfect information on top-K membership, in
    facilities; tmf.information.measure_next), then rank, criterion, unknown and name."""
    weights = parse_weights(args.weights)
    table = measure_next(scored_inventory(args), weights, args.index, args.top, samples=args.samples, seed=args.seed)
    columns = ["facility_id", "field", "p_change", "evpi", "rank", "criterion", "unknown", "name"]
    write_table(table[columns], args.format)
    return 0


def tipping_command(args: argparse.Namespace) -> int:
    """Print facility_id, criterion, threshold_weight (blank: none within 0..3), direction
    (down/up/none), rank and the current weight, for every facility in the top K."""
    points = tipping_points(scored_inventory(args), parse_weights(args.weights), args.index, args.top)
    write_table(points[list(TIPPING_COLUMNS)], args.format)
    return 0
