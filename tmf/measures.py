"""What a measure buys: the new sub-scores, score and rank of a facility that takes it.

A measure of the Measure Catalogue (``data/checklist/measures.toml``) may declare
``effects``: inventory fields set to a category of the criterion that reads them (for
example ``dam_condition = "adequate"``), with a cost class and provenance (all
provisional). A measure never makes a facility look worse: the sub-score becomes the
lower of the stored one and the target's (an unknown value takes the target's).
Measures without effects change nothing in the ranking; they still close checklist gaps
(``safety_after``). Vectorised: ``measure_table`` costs one pass per measure over the
facilities (O(measures x facilities log facilities)); ``apply_measures`` returns a new
ScoredInventory (same memory as the input).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from tmf.checklist import DATA_DIR, Checklist, SafetyLevel, safety_level
from tmf.methodology import INDEXES, TIE_DECIMALS, Profile
from tmf.problems import Problem, ProblemError
from tmf.ranking import ScoredInventory, rank_positions, weight_vector

COST_CLASSES = ("low", "medium", "high")


@dataclass(frozen=True)
class MeasureEffect:
    """The declared effect of one measure: inventory field -> target category, its cost class."""

    key: str
    effects: Mapping[str, str]
    cost: str
    provenance: str
    source: str


def parse_effects(data: Mapping[str, object], profile: Profile) -> dict[str, MeasureEffect]:
    """Effects of the measures that declare any; ProblemError names a field or value the
    profile cannot score (only categorical criteria can be targets)."""
    categories = {c.input: {e.value for e in c.entries} for c in profile.criteria if c.kind == "categories"}
    found = {}
    for raw in data.get("measures", []):
        effects = {str(k): str(v) for k, v in raw.get("effects", {}).items()}
        for field, value in effects.items():
            if value not in categories.get(field, ()):
                raise ProblemError(
                    Problem("measure_bad_effect", {"measure": raw["key"], "field": field, "value": value})
                )
        cost = str(raw.get("effects_cost", "medium"))
        if effects and cost not in COST_CLASSES:
            raise ProblemError(Problem("not_allowed", {"value": cost, "allowed": ", ".join(COST_CLASSES)}))
        if effects:
            provenance, source = str(raw.get("effects_provenance", "provisional")), str(raw.get("effects_source", ""))
            found[str(raw["key"])] = MeasureEffect(str(raw["key"]), effects, cost, provenance, source)
    return found


def load_effects(profile: Profile, directory: Path | str = DATA_DIR) -> dict[str, MeasureEffect]:
    """The effects declared in ``measures.toml`` of ``directory`` (parse_effects)."""
    with (Path(directory) / "measures.toml").open("rb") as handle:
        return parse_effects(tomllib.load(handle), profile)


def _targets(profile: Profile, effect: MeasureEffect) -> dict[int, float]:
    """Criterion position -> the sub-score the measure brings it to."""
    targets = {}
    for j, criterion in enumerate(profile.criteria):
        if criterion.input in effect.effects:
            target = effect.effects[criterion.input]
            targets[j] = next(e.score for e in criterion.entries if e.value == target)
    return targets


def measured_sub_scores(sub_scores: np.ndarray, profile: Profile, effect: MeasureEffect) -> np.ndarray:
    """Sub-scores (facilities, criteria) if every facility took the measure."""
    changed = sub_scores.copy()
    for j, target in _targets(profile, effect).items():
        changed[:, j] = np.minimum(changed[:, j], target)
    return changed


def apply_measures(
    scored: ScoredInventory, programme: Mapping[str, Iterable[str]], effects: Mapping[str, MeasureEffect]
) -> ScoredInventory:
    """The inventory after a programme ({facility_id: measure keys}): sub-scores, the edited
    fields and official ranks (of the edited inventory) recomputed. Rank it with tmf.ranking.rank."""
    ids = scored.facilities["facility_id"].astype(str)
    sub_scores, unknown, frame = scored.sub_scores.copy(), scored.unknown.copy(), scored.facilities.copy()
    for facility_id, keys in programme.items():
        rows = np.flatnonzero(ids.to_numpy() == str(facility_id))
        if not len(rows):
            raise ProblemError(Problem("facility_unknown", {"value": facility_id}))
        for key in keys:
            if key not in effects:
                continue  # a measure without declared effects changes no ranking input
            for j, target in _targets(scored.profile, effects[key]).items():
                better = rows[sub_scores[rows, j] > target]
                sub_scores[better, j], unknown[better, j] = target, False
                criterion = scored.profile.criteria[j]
                frame.loc[better, [criterion.input, f"s_{criterion.key}"]] = [
                    effects[key].effects[criterion.input],
                    target,
                ]
    official = {
        index: rank_positions(sub_scores @ weight_vector(scored.profile, None, index), scored.tie_order)[1]
        for index in INDEXES
    }
    return replace(scored, facilities=frame, sub_scores=sub_scores, unknown=unknown, official_ranks=official)


def measure_table(
    scored: ScoredInventory,
    weights: Mapping[str, float] | None,
    index: str,
    effects: Mapping[str, MeasureEffect],
    measures: Iterable[str] | None = None,
    facility_ids: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Each facility and measure: the score and rank if that facility alone took it.

    Columns: facility_id, name, measure, cost (class; blank without effects), score,
    new_score, score_reduction, rank, new_rank, places_gained (new_rank - rank: how many
    places the facility moves down the list of concern, rank 1 being the highest).
    ``measures``: keys to list (default: those with effects; a key without effects lists
    no change); ``facility_ids``: default all. Rows by score_reduction, then
    places_gained, highest first.
    """
    base = weight_vector(scored.profile, weights, index)
    scores = np.round(scored.sub_scores @ base, TIE_DECIMALS)
    _, ranks = rank_positions(scores, scored.tie_order)
    descending = np.sort(scores)[::-1]
    frame = scored.facilities
    keep = np.ones(len(frame), dtype=bool)
    if facility_ids is not None:
        wanted = {str(f) for f in facility_ids}
        keep = frame["facility_id"].astype(str).isin(wanted).to_numpy()
        missing = wanted - set(frame["facility_id"].astype(str))
        if missing:
            raise ProblemError(Problem("facility_unknown", {"value": sorted(missing)[0]}))
    parts = []
    for key in measures if measures is not None else effects:
        effect = effects.get(key, MeasureEffect(key, {}, "", "", ""))
        new = np.round(measured_sub_scores(scored.sub_scores, scored.profile, effect) @ base, TIE_DECIMALS)
        # Only this facility moves: its new rank counts the others strictly above its new score.
        above = len(descending) - np.searchsorted(descending[::-1], new, side="right")
        new_ranks = 1 + above - (scores > new)
        part = {"facility_id": frame["facility_id"], "name": frame["name"], "measure": key, "cost": effect.cost}
        part |= {"score": scores, "new_score": new, "score_reduction": scores - new, "rank": ranks}
        part |= {"new_rank": new_ranks, "places_gained": new_ranks - ranks}
        parts.append(pd.DataFrame(part)[keep])
    table = pd.concat(parts, ignore_index=True)
    return table.sort_values(["score_reduction", "places_gained"], ascending=False, kind="stable").reset_index(
        drop=True
    )


def listed_measures(
    checklist: Checklist, effects: Mapping[str, MeasureEffect], open_gaps: Iterable[str] | None
) -> list[str]:
    """The measures to list for one facility: those with effects on the inventory fields,
    then, in catalogue order, those that declare none but answer one of the facility's
    checklist gaps (``open_gaps``; None while its checklist is not filled in). A measure of
    the second kind changes no score, only the checklist safety level."""
    gaps = set(open_gaps or ())
    closing = [m.key for m in checklist.measures if m.key not in effects and gaps.intersection(m.questions)]
    return [*effects, *closing]


def safety_after(checklist: Checklist, answers: Mapping[str, Mapping[str, object]], keys: Iterable[str]) -> SafetyLevel:
    """The checklist safety level once the measures ``keys`` are done: their questions
    answered "yes", with the evidence already recorded, else "stated" (the lowest
    credibility: a measure counts as done on the operator's word until documented)."""
    known = {m.key: m for m in checklist.measures}
    updated = {q: dict(a) for q, a in answers.items()}
    for key in keys:
        if key not in known:
            raise ProblemError(Problem("measure_unknown", {"value": key}))
        for question in known[key].questions:
            evidence = updated.get(question, {}).get("evidence") or min(
                checklist.credibility, key=checklist.credibility.get
            )
            updated[question] = {"answer": "yes", "evidence": evidence}
    return safety_level(checklist, updated)


def load_cost_units(directory: Path | str = DATA_DIR) -> dict[str, float]:
    """Cost units of each cost class (``[effects_costs]`` of ``measures.toml``, provisional)."""
    with (Path(directory) / "measures.toml").open("rb") as handle:
        costs = tomllib.load(handle).get("effects_costs", {})
    missing = [c for c in COST_CLASSES if not isinstance(costs.get(c), int | float) or costs[c] <= 0]
    if missing:
        raise ProblemError(Problem("not_allowed", {"value": missing[0], "allowed": ", ".join(COST_CLASSES)}))
    return {c: float(costs[c]) for c in COST_CLASSES}


def _gains(sub_scores: np.ndarray, base: np.ndarray, targets: list[dict[int, float]]) -> np.ndarray:
    """(facilities, measures): how much each measure would lower each facility's score now."""
    gains = np.zeros((sub_scores.shape[0], len(targets)))
    for m, criteria in enumerate(targets):
        for j, target in criteria.items():
            gains[:, m] += base[j] * np.clip(sub_scores[:, j] - target, 0.0, None)
    return np.round(gains, TIE_DECIMALS)


PROGRAMME_COLUMNS = ("facility_id", "name", "measure", "cost", "cost_units", "score_reduction", "spent")


def greedy_programme(
    scored: ScoredInventory,
    weights: Mapping[str, float] | None,
    index: str,
    effects: Mapping[str, MeasureEffect],
    budget: float,
    cost_units: Mapping[str, float],
) -> pd.DataFrame:
    """A programme of (facility, measure) pairs within ``budget`` cost units, chosen greedily.

    What it optimises: the total score reduction (sum over facilities of the index in
    force) per cost unit. Each step takes the affordable pair with the largest score
    reduction per cost unit, given the measures already chosen (two measures on the same
    field of one facility do not add up: the second lowers only what the first left);
    ties go to the facility ranked higher (rank 1 first), then to the catalogue's order.
    Greedy, so not always the best programme a budget allows (a knapsack problem), but
    each step is the best value for money. Stops when nothing affordable lowers any score.

    Columns: facility_id, name, measure, cost (class), cost_units, score_reduction (of
    that step), spent (cost units so far); rows in the order chosen. Apply it with
    ``apply_measures(scored, programme_of(table), effects)``.
    """
    base = weight_vector(scored.profile, weights, index)
    order, _ = rank_positions(scored.sub_scores @ base, scored.tie_order)
    keys = list(effects)
    targets = [_targets(scored.profile, effects[k]) for k in keys]
    units = np.array([float(cost_units[effects[k].cost]) for k in keys])
    sub_scores = scored.sub_scores[order].copy()  # rows by rank: argmax breaks ties by rank
    gains = _gains(sub_scores, base, targets)
    rows, spent = [], 0.0
    while len(keys):
        ratio = np.where((units <= budget - spent) & (gains > 0), gains / units, -np.inf)
        if not np.isfinite(ratio.max()):
            break
        row, m = np.unravel_index(int(np.argmax(ratio)), ratio.shape)
        spent += units[m]
        rows.append((int(order[row]), keys[m], effects[keys[m]].cost, units[m], float(gains[row, m]), spent))
        for j, target in targets[m].items():
            sub_scores[row, j] = min(sub_scores[row, j], target)
        gains[row] = _gains(sub_scores[row : row + 1], base, targets)[0]
    table = pd.DataFrame(rows, columns=["row", *PROGRAMME_COLUMNS[2:]])
    frame = scored.facilities
    table.insert(0, "name", frame["name"].to_numpy()[table["row"]] if len(table) else [])
    table.insert(0, "facility_id", frame["facility_id"].to_numpy()[table["row"]] if len(table) else [])
    return table[list(PROGRAMME_COLUMNS)]


def programme_of(table: pd.DataFrame) -> dict[str, list[str]]:
    """{facility_id: measure keys} of a programme table (greedy_programme), in its order."""
    programme: dict[str, list[str]] = {}
    for facility_id, measure in zip(table["facility_id"], table["measure"], strict=True):
        programme.setdefault(str(facility_id), []).append(str(measure))
    return programme
