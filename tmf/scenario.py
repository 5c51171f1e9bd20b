"""A view of the dashboard (weights, index, filters, facility, language) and its URL.

The URL carries only what differs from the default, so the official view has an empty
query. Parsing never fails: a bad parameter is reported as a Problem and ignored; bad
weights make the whole weighting fall back to the official one (OWID grapher's rule).
Query format: ``w=seismic:0,flood:2.5&index=tri&country=KG,KZ&status=active&
commodity=U&facility=KG-MAI-003&lang=ru``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from tmf.i18n import DEFAULT_LANGUAGE, LANGUAGES
from tmf.methodology import INDEXES, Profile, validate_weights
from tmf.problems import Problem, ProblemError

FILTERS = ("country", "status", "commodity")


@dataclass(frozen=True)
class Scenario:
    """What a user is looking at. Weights hold only the criteria that differ from 1."""

    weights: tuple[tuple[str, float], ...] = ()
    index: str = "thi"
    country: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    commodity: tuple[str, ...] = ()
    facility: str | None = None
    lang: str = DEFAULT_LANGUAGE
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)

    def weight_map(self) -> dict[str, float]:
        return dict(self.weights)

    def with_weights(self, weights: Mapping[str, float], profile: Profile) -> Scenario:
        """The same view with ``weights``, keeping only values that differ from the default."""
        defaults = profile.default_weights
        changed = tuple((k, float(v)) for k, v in weights.items() if k in defaults and float(v) != defaults[k])
        return replace(self, weights=tuple(sorted(changed, key=lambda kv: profile.keys.index(kv[0]))))


def _number_text(value: float) -> str:
    return f"{value:g}"


def to_query(scenario: Scenario) -> dict[str, str]:
    """Query parameters for ``scenario``; the default scenario gives ``{}``."""
    query: dict[str, str] = {}
    if scenario.weights:
        query["w"] = ",".join(f"{k}:{_number_text(v)}" for k, v in scenario.weights)
    if scenario.index != "thi":
        query["index"] = scenario.index
    for name in FILTERS:
        values = getattr(scenario, name)
        if values:
            query[name] = ",".join(values)
    if scenario.facility:
        query["facility"] = scenario.facility
    if scenario.lang != DEFAULT_LANGUAGE:
        query["lang"] = scenario.lang
    return query


def _parse_weights(text: str, profile: Profile) -> tuple[tuple[tuple[str, float], ...], list[Problem]]:
    pairs: dict[str, object] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition(":")
        if not sep:
            detail = Problem("weight_not_a_number", {"criterion": key.strip(), "value": ""})
            return (), [Problem("link_bad_weights", {"value": text, "detail": detail})]
        pairs[key.strip()] = value.strip()
    try:
        complete = validate_weights(profile, pairs)
    except ProblemError as error:
        return (), [Problem("link_bad_weights", {"value": text, "detail": error.problems[0]})]
    scenario = Scenario().with_weights(complete, profile)
    return scenario.weights, []


def from_query(query: Mapping[str, str], profile: Profile) -> tuple[Scenario, list[Problem]]:
    """The scenario a link describes, and the problems of the parameters that were ignored."""
    problems: list[Problem] = []
    values: dict[str, object] = {}
    if query.get("w"):
        weights, weight_problems = _parse_weights(str(query["w"]), profile)
        values["weights"] = weights
        problems += weight_problems
    index = query.get("index")
    if index is not None:
        if index in INDEXES:
            values["index"] = index
        else:
            problems.append(Problem("link_bad_value", {"name": "index", "value": index}))
    for name in FILTERS:
        if query.get(name):
            values[name] = tuple(v.strip() for v in str(query[name]).split(",") if v.strip())
    if query.get("facility"):
        values["facility"] = str(query["facility"])
    lang = query.get("lang")
    if lang is not None:
        if lang in LANGUAGES:
            values["lang"] = lang
        else:
            problems.append(Problem("link_bad_value", {"name": "lang", "value": lang}))
    known = {"w", "index", "facility", "lang", *FILTERS}
    extra = {k: str(v) for k, v in query.items() if k not in known}
    return Scenario(**values, extra=extra), problems
