"""A view of the dashboard (weights, index, filters, facility, language) and its URL.

The URL carries only what differs from the default, so the official view has an empty
query. Parsing never fails: a bad parameter is reported as a Problem and ignored; bad
weights make the whole weighting fall back to the official one (OWID grapher's rule).
Query format: ``v=2&w=seismic:0,flood:2.5&index=tri&country=KG,KZ&status=active&
commodity=U&top=20&facility=KG-MAI-003&lang=ru`` (``top``: how many facilities the Ranking
page's charts and the briefing's table show).

Old links keep working: ``v`` is the link version (absent means 1, the links written
before versions existed) and ``LINK_MIGRATIONS`` rewrites an old query step by step into
the current form before it is parsed. To change the format, raise ``LINK_VERSION`` and
append one migration from the previous version; never edit a published migration.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from urllib.parse import parse_qsl, urlencode

from tmf.i18n import DEFAULT_LANGUAGE, LANGUAGES
from tmf.methodology import INDEXES, Profile, validate_weights
from tmf.problems import Problem, ProblemError

FILTERS = ("country", "status", "commodity")
MAX_TOP = 1000  # the largest top N a link may ask for (as ``tmf briefing --top``)
LINK_VERSION = 2
# Criterion names of version-1 links, before the profile settled its keys.
LEGACY_CRITERION_KEYS: Mapping[str, str] = MappingProxyType(
    {
        "volume": "capacity",
        "seismicity": "seismic",
        "dam_stability": "dam",
        "protected": "protected_area",
        "water": "water_distance",
    }
)


@dataclass(frozen=True)
class View:
    """What a user is looking at. Weights hold only the criteria that differ from 1."""

    weights: tuple[tuple[str, float], ...] = ()
    index: str = "thi"
    country: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    commodity: tuple[str, ...] = ()
    facility: str | None = None
    lang: str = DEFAULT_LANGUAGE
    top: int | None = None  # None: the page's default
    extra: Mapping[str, str] = field(default_factory=dict, compare=False)

    def weight_map(self) -> dict[str, float]:
        return dict(self.weights)

    def with_weights(self, weights: Mapping[str, float], profile: Profile) -> View:
        """The same view with ``weights``, keeping only values that differ from the default."""
        defaults = profile.default_weights
        changed = tuple((k, float(v)) for k, v in weights.items() if k in defaults and float(v) != defaults[k])
        return replace(self, weights=tuple(sorted(changed, key=lambda kv: profile.keys.index(kv[0]))))


def _number_text(value: float) -> str:
    return f"{value:g}"


def to_query(view: View) -> dict[str, str]:
    """Query parameters for ``view``; the default view gives ``{}``."""
    query: dict[str, str] = {}
    if view.weights:
        query["w"] = ",".join(f"{k}:{_number_text(v)}" for k, v in view.weights)
    if view.index != "thi":
        query["index"] = view.index
    for name in FILTERS:
        values = getattr(view, name)
        if values:
            query[name] = ",".join(values)
    if view.top is not None:
        query["top"] = str(view.top)
    if view.facility:
        query["facility"] = view.facility
    if view.lang != DEFAULT_LANGUAGE:
        query["lang"] = view.lang
    return {"v": str(LINK_VERSION), **query} if query else {}


def query_string(view: View) -> str:
    """``view`` as a URL query string (no leading ``?``); ``""`` for the default view."""
    return urlencode(to_query(view), safe=":,")


def parse_query_string(text: str) -> dict[str, str]:
    """A query string (with or without ``?``) as a dict; a repeated key keeps its last value."""
    return dict(parse_qsl(text.strip().removeprefix("?"), keep_blank_values=True))


def weighting(view: View) -> View:
    """Only what a saved scenario keeps of ``view``: the weights and the index (not filters or language)."""
    return View(weights=view.weights, index=view.index)


@dataclass(frozen=True)
class LinkMigration:
    """Rewrites the query of a link of version ``from_version`` into the next version's form."""

    from_version: int
    summary: str
    apply: Callable[[Mapping[str, str]], dict[str, str]]


def _is_criterion_parameter(name: str) -> bool:
    return name.startswith("w_") and len(name) > 2


def _v1_weights_in_one_parameter(query: Mapping[str, str]) -> dict[str, str]:
    """Version 1 -> 2: ``w_seismic=0`` parameters and early criterion names -> ``w=seismic:0``.

    A ``w_<criterion>`` parameter overrides the same criterion in ``w``. Parts that are not
    ``key:value`` are kept (first), so the parser still reports them.
    """
    named: dict[str, str] = {}
    malformed: list[str] = []
    for part in filter(None, (p.strip() for p in str(query.get("w", "")).split(","))):
        key, sep, value = part.partition(":")
        if sep:
            named[LEGACY_CRITERION_KEYS.get(key.strip(), key.strip())] = value.strip()
        else:
            malformed.append(part)
    for name, value in query.items():
        if _is_criterion_parameter(name):
            named[LEGACY_CRITERION_KEYS.get(name[2:], name[2:])] = str(value).strip()
    parts = [*malformed, *(f"{key}:{value}" for key, value in named.items())]
    rest = {k: v for k, v in query.items() if k != "w" and not _is_criterion_parameter(k)}
    return rest | ({"w": ",".join(parts)} if parts else {})


LINK_MIGRATIONS: tuple[LinkMigration, ...] = (
    LinkMigration(1, "w_<criterion>=value parameters and early criterion names", _v1_weights_in_one_parameter),
)


def _link_version(raw: object) -> tuple[int, list[Problem]]:
    if raw is None:
        return 1, []
    text = str(raw).strip()
    if not text.isdigit() or int(text) < 1:
        return 1, [Problem("link_bad_value", {"name": "v", "value": text})]
    if int(text) > LINK_VERSION:
        return LINK_VERSION, [Problem("link_newer_version", {"value": text, "current": LINK_VERSION})]
    return int(text), []


def migrate_query(query: Mapping[str, str]) -> tuple[dict[str, str], list[Problem]]:
    """The query of a link of any version in the current form (without ``v``).

    A missing ``v`` means version 1; an unreadable ``v`` is reported and read as 1 (the
    version-1 migration leaves current-form parameters unchanged).
    """
    version, problems = _link_version(query.get("v"))
    current = {str(k): str(v) for k, v in query.items() if k != "v"}
    for migration in LINK_MIGRATIONS:
        if migration.from_version >= version:
            current = migration.apply(current)
    return current, problems


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
    view = View().with_weights(complete, profile)
    return view.weights, []


def _index(text: str) -> str | None:
    return text if text in INDEXES else None


def _top(text: str) -> int | None:
    return int(text) if text.isdigit() and 1 <= int(text) <= MAX_TOP else None


def _language(text: str) -> str | None:
    return text if text in LANGUAGES else None


def from_query(query: Mapping[str, str], profile: Profile) -> tuple[View, list[Problem]]:
    """The view a link describes, and the problems of the parameters that were ignored.

    Links of older versions are migrated first (``migrate_query``).
    """
    query, problems = migrate_query(query)
    values: dict[str, object] = {}
    if query.get("w"):
        weights, weight_problems = _parse_weights(str(query["w"]), profile)
        values["weights"] = weights
        problems += weight_problems
    for name, read in (("index", _index), ("top", _top), ("lang", _language)):
        if query.get(name) is not None:
            value = read(str(query[name]).strip())
            if value is None:
                problems.append(Problem("link_bad_value", {"name": name, "value": str(query[name]).strip()}))
            else:
                values[name] = value
    for name in FILTERS:
        if query.get(name):
            values[name] = tuple(v.strip() for v in str(query[name]).split(",") if v.strip())
    if query.get("facility"):
        values["facility"] = str(query["facility"])
    known = {"w", "index", "facility", "lang", "top", *FILTERS}
    extra = {k: str(v) for k, v in query.items() if k not in known}
    return View(**values, extra=extra), problems
