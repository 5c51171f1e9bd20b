"""The methodology profile and the scoring engine: sub-scores, THI, TRI, weights, ranks.

The profile (``data/methodology/*.toml``) holds the criteria; this module only interprets
it. With default weights (1.0) THI is the plain sum of its sub-scores and TRI is THI plus
the exposure sub-scores, as the UNECE TMF Methodology defines them (UBA Dokumentationen
01/2016; UBA Texte 185/2020). Weights are multipliers per criterion, 0 to 3; re-weighting
is an extension of the method and the official ranking is always the equal-weight one.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tmf.i18n import FALLBACKS, normalise_language
from tmf.problems import Problem, ProblemError

DEFAULT_PROFILE = Path(__file__).parents[1] / "data" / "methodology" / "unece_tmf_2020.toml"
INDEXES = ("thi", "tri")
CRITERION_GROUPS = ("thi", "exposure")
KINDS = ("log10", "categories", "bins")
PROVENANCES = ("confirmed", "provisional")
CONFIDENCE_LEVELS = ("high", "medium", "low")  # the inventory's record confidence
MIN_WEIGHT, MAX_WEIGHT = 0.0, 3.0
DEFAULT_DRY_DENSITY_T_M3 = 1.4
# Scores are sums of a few rounded terms; equal up to this many decimals means a tie.
TIE_DECIMALS = 9


@dataclass(frozen=True)
class ScoreEntry:
    """One row of a score table: a category (``value``) or a bin [``low``, ``high``)."""

    score: float
    provenance: str
    value: str | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Criterion:
    """A criterion of the profile: which inventory field it reads and how it scores it."""

    key: str
    group: str  # "thi" (hazard) or "exposure" (added by the TRI)
    input: str
    kind: str
    default_weight: float
    missing: float
    missing_provenance: str
    provenance: str
    source: str
    entries: tuple[ScoreEntry, ...] = ()
    floor: float = 0.0
    note: str = ""
    missing_source: str = ""
    source_texts: Mapping[str, str] = field(default_factory=dict)  # source_ru, source_kk

    def source_text(self, lang: str) -> str:
        """The source in ``lang`` (``source_kk`` -> ``source_ru`` -> ``source``)."""
        return localised({**self.source_texts, "source_en": self.source}, "source", lang)

    @property
    def provisional(self) -> bool:
        """True when the criterion or any of its values is not confirmed by a source."""
        values = [self.provenance, self.missing_provenance, *(e.provenance for e in self.entries)]
        return "provisional" in values

    @property
    def max_score(self) -> float | None:
        """The highest sub-score the table can give (None for the open log10 scale)."""
        return max(e.score for e in self.entries) if self.entries else None


@dataclass(frozen=True)
class UncertaintyRules:
    """How far a stored input may be from the truth: the profile's ``[uncertainty]`` section.

    ``numeric[c]``: a known number of a record of confidence c lies log-uniformly within
    [x / f, x * f] (f >= 1). ``categories[c]``: the probability (0 to 1) that a known
    category is one score level off. ``estimate_as``: the confidence of a value marked as
    an estimate. ``unknown_values``: category values that mean "not known". ``sources``:
    (provenance, source) of each range, keyed numeric, categories, unknown.
    """

    numeric: Mapping[str, float]
    categories: Mapping[str, float]
    estimate_as: str
    unknown_values: tuple[str, ...]
    sources: Mapping[str, tuple[str, str]]


@dataclass(frozen=True)
class Profile:
    """A methodology profile: criteria in order, plus texts and sources."""

    id: str
    version: str
    status: str
    texts: Mapping[str, str]
    sources: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    uncertainty: UncertaintyRules | None = None  # the [uncertainty] section, if any

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.criteria)

    def keys_of(self, index: str) -> tuple[str, ...]:
        """Criteria that make up ``index``: THI uses the hazard group, TRI uses all."""
        return tuple(c.key for c in self.criteria if index == "tri" or c.group == "thi")

    @property
    def default_weights(self) -> dict[str, float]:
        return {c.key: c.default_weight for c in self.criteria}

    def criterion(self, key: str) -> Criterion:
        return next(c for c in self.criteria if c.key == key)

    def text(self, name: str, lang: str) -> str:
        """A profile text (``title``, ``summary``, ``missing_policy``) in ``lang`` (kk -> ru -> en)."""
        return localised(self.texts, name, lang)


def localised(texts: Mapping[str, str], name: str, lang: str) -> str:
    """``texts["<name>_<lang>"]``, else the next language of the catalogue's chain (kk -> ru -> en)."""
    for candidate in FALLBACKS[normalise_language(lang)]:
        if texts.get(f"{name}_{candidate}"):
            return texts[f"{name}_{candidate}"]
    return texts.get(f"{name}_en", "")


def load_profile(path: Path | str = DEFAULT_PROFILE) -> Profile:
    """Read and validate a profile file; raises ProblemError naming the bad criterion."""
    with Path(path).open("rb") as handle:
        return parse_profile(tomllib.load(handle))


def parse_profile(data: Mapping[str, object]) -> Profile:
    """Build a Profile from parsed TOML, refusing broken tables with the criterion's name."""
    head = data.get("profile")
    raw_criteria = data.get("criteria")
    if not isinstance(head, Mapping) or not isinstance(raw_criteria, list) or not raw_criteria:
        raise ProblemError(Problem("profile_structure"))
    criteria = tuple(_parse_criterion(raw) for raw in raw_criteria)
    keys = [c.key for c in criteria]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ProblemError(Problem("criterion_duplicate", {"criterion": duplicates[0]}))
    texts = {k: str(v) for k, v in head.items() if k.startswith(("title_", "summary_", "missing_policy_"))}
    for name in ("title_en", "summary_en", "missing_policy_en"):
        if name not in texts:
            raise ProblemError(Problem("profile_field_missing", {"field": name}))
    return Profile(
        id=str(head.get("id", "")),
        version=str(head.get("version", "")),
        status=str(head.get("status", "provisional")),
        texts=texts,
        sources=tuple(str(s) for s in head.get("sources", [])),
        criteria=criteria,
        uncertainty=_parse_uncertainty(data["uncertainty"]) if "uncertainty" in data else None,
    )


def _refuse(key: str, code: str, **params: object) -> ProblemError:
    return ProblemError(Problem(code, {"criterion": key, **params}))


def _number(raw: Mapping[str, object], name: str, key: str) -> float:
    value = raw.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise _refuse(key, "criterion_not_a_number", field=name)
    return float(value)


def _provenance(raw: Mapping[str, object], name: str, key: str) -> str:
    value = raw.get(name, "provisional")
    if value not in PROVENANCES:
        raise _refuse(key, "criterion_bad_provenance", field=name, value=value)
    return str(value)


def _parse_criterion(raw: Mapping[str, object]) -> Criterion:
    key = str(raw.get("key", "")).strip()
    if not key:
        raise ProblemError(Problem("criterion_without_key"))
    # ``group`` names the criterion's group; profiles stored before it was named so said ``index``.
    group, kind = raw.get("group", raw.get("index")), raw.get("kind")
    if group not in CRITERION_GROUPS:
        raise _refuse(key, "criterion_bad_group", value=group)
    if kind not in KINDS:
        raise _refuse(key, "criterion_bad_kind", value=kind)
    weight = _number(raw, "default_weight", key)
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        raise _refuse(key, "criterion_bad_weight", value=weight)
    provenance = _provenance(raw, "provenance", key)
    if provenance == "confirmed" and not raw.get("source"):
        raise _refuse(key, "criterion_confirmed_without_source")
    entries: tuple[ScoreEntry, ...] = ()
    if kind == "categories":
        entries = _parse_categories(raw, key)
    elif kind == "bins":
        entries = _parse_bins(raw, key)
    return Criterion(
        key=key,
        group=str(group),
        input=str(raw.get("input", key)),
        kind=str(kind),
        default_weight=weight,
        missing=_number(raw, "missing", key),
        missing_provenance=_provenance(raw, "missing_provenance", key),
        provenance=provenance,
        source=str(raw.get("source", "")),
        entries=entries,
        floor=float(raw.get("floor", 0.0)),
        note=str(raw.get("note", "")),
        missing_source=str(raw.get("missing_source", "")),
        source_texts={k: str(v) for k, v in raw.items() if k in ("source_ru", "source_kk")},
    )


def _uncertainty_range(raw: object, name: str, low: float, high: float) -> tuple[dict[str, float], tuple[str, str]]:
    """One range table of ``[uncertainty]``: a number within low..high per confidence level."""
    if not isinstance(raw, Mapping):
        raise ProblemError(Problem("uncertainty_missing_table", {"table": f"uncertainty.{name}"}))
    values = {}
    for level in CONFIDENCE_LEVELS:
        value = _number(raw, level, f"uncertainty.{name}")
        if not low <= value <= high:
            params = {"table": f"uncertainty.{name}", "field": level, "value": value, "low": low, "high": high}
            raise ProblemError(Problem("uncertainty_out_of_range", params))
        values[level] = value
    return values, (_provenance(raw, "provenance", f"uncertainty.{name}"), str(raw.get("source", "")))


def _parse_uncertainty(raw: object) -> UncertaintyRules:
    """The ``[uncertainty]`` section; ProblemError names the broken part (``uncertainty.numeric``)."""
    if not isinstance(raw, Mapping):
        raise ProblemError(Problem("uncertainty_missing_table", {"table": "uncertainty"}))
    numeric, numeric_source = _uncertainty_range(raw.get("numeric"), "numeric", 1.0, math.inf)
    categories, categories_source = _uncertainty_range(raw.get("categories"), "categories", 0.0, 1.0)
    estimate_as = raw.get("estimate_counts_as", "low")
    if estimate_as not in CONFIDENCE_LEVELS:
        raise ProblemError(Problem("not_allowed", {"value": estimate_as, "allowed": ", ".join(CONFIDENCE_LEVELS)}))
    unknown = (_provenance(raw, "unknown_provenance", "uncertainty"), str(raw.get("unknown_source", "")))
    return UncertaintyRules(
        numeric=numeric,
        categories=categories,
        estimate_as=str(estimate_as),
        unknown_values=tuple(str(v).lower() for v in raw.get("unknown_values", [])),
        sources={"numeric": numeric_source, "categories": categories_source, "unknown": unknown},
    )


def _parse_categories(raw: Mapping[str, object], key: str) -> tuple[ScoreEntry, ...]:
    table = raw.get("categories")
    if not isinstance(table, list) or not table:
        raise _refuse(key, "criterion_empty_table")
    entries = []
    for item in table:
        if not isinstance(item, Mapping) or "value" not in item:
            raise _refuse(key, "criterion_category_without_value")
        entries.append(
            ScoreEntry(_number(item, "score", key), _provenance(item, "provenance", key), value=str(item["value"]))
        )
    values = [e.value for e in entries]
    if len(set(values)) != len(values):
        raise _refuse(key, "criterion_category_repeated")
    return tuple(entries)


def _parse_bins(raw: Mapping[str, object], key: str) -> tuple[ScoreEntry, ...]:
    table = raw.get("bins")
    if not isinstance(table, list) or not table:
        raise _refuse(key, "criterion_empty_table")
    entries = []
    for position, item in enumerate(table, start=1):
        if not isinstance(item, Mapping):
            raise _refuse(key, "criterion_bin_broken", bin=position)
        low, high = _number(item, "min", key), _number(item, "max", key)
        if not low < high:
            raise _refuse(key, "criterion_bin_empty", bin=position, low=low, high=high)
        if entries and low != entries[-1].high:
            raise _refuse(key, "criterion_bins_not_contiguous", bin=position, low=low, previous=entries[-1].high)
        entries.append(
            ScoreEntry(_number(item, "score", key), _provenance(item, "provenance", key), low=low, high=high)
        )
    return tuple(entries)


def validate_weights(profile: Profile, weights: Mapping[str, float] | None) -> dict[str, float]:
    """Complete weights: profile defaults overridden by ``weights``, each within 0..3.

    Raises ProblemError for an unknown criterion or a value that is not a number in range.
    """
    result = profile.default_weights
    for key, value in (weights or {}).items():
        if key not in result:
            raise ProblemError(Problem("weight_unknown_criterion", {"criterion": key}))
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ProblemError(Problem("weight_not_a_number", {"criterion": key, "value": value})) from None
        if not (MIN_WEIGHT <= number <= MAX_WEIGHT):
            raise ProblemError(Problem("weight_out_of_range", {"criterion": key, "value": value}))
        result[key] = number
    return result


def scoring_inputs(facilities: pd.DataFrame) -> pd.DataFrame:
    """The inventory with the derived inputs the profile reads.

    - ``volume_m3``: the stored volume, else ``mass_t`` / ``dry_density_t_m3`` (default
      1.4 t/m3, the density implied by 28.4 M m3 = 40 Mt published for an Armenian TMF).
    - ``transboundary_class``: kept if present (computed from the rivers), otherwise
      ``river`` when hand-entered ``downstream_countries`` exist, else ``none``.
    """
    frame = facilities.copy(deep=False)  # copy-on-write (pandas 3): the caller's frame stays as it is
    volume = pd.to_numeric(frame.get("volume_m3"), errors="coerce") if "volume_m3" in frame else None
    if "mass_t" in frame:
        density = pd.to_numeric(frame.get("dry_density_t_m3"), errors="coerce") if "dry_density_t_m3" in frame else None
        density = density.fillna(DEFAULT_DRY_DENSITY_T_M3) if density is not None else DEFAULT_DRY_DENSITY_T_M3
        from_mass = pd.to_numeric(frame["mass_t"], errors="coerce") / density
        volume = from_mass if volume is None else volume.fillna(from_mass)
    frame["volume_m3"] = volume if volume is not None else np.nan
    if "transboundary_class" not in frame:
        downstream = (
            frame["downstream_countries"] if "downstream_countries" in frame else pd.Series("", index=frame.index)
        )
        has_country = downstream.fillna("").astype(str).str.strip().ne("")
        frame["transboundary_class"] = np.where(has_country, "river", "none")
    return frame


def _categorical_key(values: pd.Series) -> pd.Series:
    """Category labels as text; integral numbers become ``"2"`` not ``"2.0"``."""
    numeric = pd.to_numeric(values, errors="coerce")
    integral = numeric.notna() & (numeric == np.floor(numeric))
    text = values.astype("string").str.strip().str.lower()
    return text.mask(integral, numeric[integral].astype("Int64").astype("string"))


def _stands_for_its_cells(values: pd.Series, distinct: pd.Index) -> bool:
    """True when every cell equal to a distinct value has the same label: numbers (0.0 and
    -0.0 label alike) and texts; not objects of other types (hashing takes True and 1 alike).
    Missing cells (None, NaN) all label as missing."""
    if values.dtype.kind == "f" or isinstance(values.dtype, pd.StringDtype):
        return True
    return all(
        isinstance(value, str) or value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))
        for value in distinct
    )


def _category_scores(criterion: Criterion, values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    labels = _categorical_key(values)
    unknown = labels.isna() | labels.eq("")
    table = {e.value: e.score for e in criterion.entries}
    scores = labels.map(table)
    stray = ~unknown & scores.isna()
    if stray.any():  # the first in the order of the cells: distinct values come in that order
        raise _refuse(criterion.key, "criterion_value_not_in_table", value=labels[stray].iloc[0])
    return scores.fillna(criterion.missing).to_numpy(dtype=float), unknown.to_numpy(dtype=bool)


def criterion_scores(criterion: Criterion, values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Sub-scores of one criterion for all facilities, and the mask of unknown inputs.

    Unknown inputs (blank/NaN) take the criterion's ``missing`` score. A value outside the
    criterion's table is a bug of validation upstream and raises ProblemError.
    """
    if criterion.kind == "categories":
        # Categories repeat: each distinct value is scored once and its cells take its score.
        codes, distinct = pd.factorize(values, use_na_sentinel=False)
        if _stands_for_its_cells(values, distinct):
            scores, unknown = _category_scores(criterion, pd.Series(distinct, dtype=values.dtype))
            return scores[codes], unknown[codes]
        return _category_scores(criterion, values)
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    unknown = np.isnan(numbers)
    if criterion.kind == "log10":
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = np.maximum(np.log10(numbers), criterion.floor)
    else:
        highs = np.array([e.high for e in criterion.entries])
        position = np.searchsorted(highs, numbers, side="right")
        bin_scores = np.array([e.score for e in criterion.entries] + [criterion.entries[-1].score])
        scores = bin_scores[np.minimum(position, len(criterion.entries))]
        scores = np.where(numbers < criterion.entries[0].low, criterion.entries[0].score, scores)
    return np.where(unknown, criterion.missing, scores), unknown
