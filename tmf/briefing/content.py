"""What a briefing says, computed once and drawn by the PDF and PPTX renderers.

``briefing_content`` turns a scored inventory and a view (weights, index, top N, language)
into a ``Briefing``: every text already in the chosen language and every number already
formatted, so the renderers only lay it out. Facility names are shown in the chosen
language where the inventory has one (``name_kk``, else ``name_ru``, for Kazakh), country names
come from the offline geodata (name_en/ru/kk).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from tmf import i18n
from tmf.briefing.sections import (
    Table,
    hotspot_groups,
    moved_lines,
    source_table,
)
from tmf.i18n import format_date, format_number, t
from tmf.inventory import ILLUSTRATIVE_INVENTORY
from tmf.localise import is_web_address, source_items
from tmf.methodology import Profile, validate_weights
from tmf.rank_classes import class_labels, rank_classes
from tmf.screening import CurrentView
from tmf.transboundary import GeoData
from tmf.view import FILTERS, View, query_string

DEFAULT_BASE_URL = "http://localhost:8501"
MOVED_SHOWN = 8


@dataclass(frozen=True)
class MapPoint:
    """A facility on the static map: position, rank class (tmf.rank_classes), label."""

    lon: float
    lat: float
    rank_class: int
    label: str  # the rank for the top N, else empty


@dataclass(frozen=True)
class Briefing:
    """The current view as a briefing, every text in ``lang`` (see the module docstring)."""

    lang: str
    title: str
    facts: tuple[tuple[str, str], ...]  # (label, value): prepared, data date, methodology...
    notices: tuple[str, ...]  # the illustrative-data and provisional-values warnings
    index_label: str  # THI or TRI
    weights_note: str
    weights: Table
    weights_used: Mapping[str, float]  # complete weights (profile defaults filled in)
    top_title: str
    top_note: str
    top: Table
    top_ids: tuple[str, ...]  # facility_id of the rows of ``top``, in order
    top_n: int  # the N of "the top N" (``top_ids`` may hold more: ties at the last place)
    moved: tuple[str, ...]  # "Degmay: 1 → 14"
    entered: tuple[str, ...]
    left: tuple[str, ...]
    hotspots: tuple[tuple[str, Table], ...]  # (affected country, its hotspots)
    points: tuple[MapPoint, ...]
    legend: tuple[tuple[int, str], ...]  # (rank class, "ranks 6–10"): tmf.rank_classes
    map_caption: str
    source_summary: str
    sources: Table
    citation: tuple[str, ...]
    command: str
    link: str


def facility_names(frame: pd.DataFrame, lang: str) -> list[str]:
    """Each facility's name in ``lang`` (``name_kk``, then ``name_ru``, then ``name`` for
    Kazakh; the app's own fallback, ``tmf.i18n.facility_names``)."""
    return i18n.facility_names(frame, lang).fillna("").astype(str).tolist()


def country_names(codes: pd.Series, geo: GeoData, lang: str) -> list[str]:
    """Full country names in ``lang`` from the geodata; the code where it has none."""
    return [geo.names_of(str(code)).get(lang) or str(code) for code in codes]


NAME_COLUMNS = ("name", "name_ru", "name_kk")


def uses_illustrative_inventory(facilities: pd.DataFrame) -> bool:
    """True when any facility is one of the bundled illustrative inventory (same
    facility_id and one of its names): then the briefing must say the data are illustrative.

    Any name column counts, in any language: the pages show ``name`` already in the
    reader's language (tmf.localise.facilities_in_language), so the decision rests on the
    data, not on the language the briefing is drawn in."""
    bundled = pd.read_csv(ILLUSTRATIVE_INVENTORY, usecols=["facility_id", *NAME_COLUMNS], dtype=str)
    known = {
        (i, n)
        for column in NAME_COLUMNS
        for i, n in zip(bundled["facility_id"], bundled[column], strict=True)
        if isinstance(n, str)
    }
    ids = facilities["facility_id"].astype(str)
    present = [c for c in NAME_COLUMNS if c in facilities]
    pairs = ((i, n) for c in present for i, n in zip(ids, facilities[c].astype(str), strict=True))
    return any(pair in known for pair in pairs)


def _number(value: float, lang: str) -> str:
    return format_number(value, lang, 2)


def weight_table(profile: Profile, used: Mapping[str, float], index: str, lang: str) -> Table:
    """One row per criterion: weight used, official weight, and a mark where they differ;
    a criterion whose sub-scores are provisional (tmf.methodology.Criterion.provisional)
    carries " *" after its name."""
    in_index = set(profile.keys_of(index))
    rows = []
    for criterion in profile.criteria:
        label = t(f"criteria.{criterion.key}.label", lang)
        if criterion.key not in in_index:
            label += " (" + t("briefing.not_in_index", lang, index=index.upper()) + ")"
        label += " *" if criterion.provisional else ""
        differs = used[criterion.key] != criterion.default_weight
        mark = t("briefing.changed", lang) if differs else ""
        rows.append((label, _number(used[criterion.key], lang), _number(criterion.default_weight, lang), mark))
    columns = ("criterion", "weight_used", "weight_official", "changed_column")
    return Table(tuple(t(f"briefing.{c}", lang) for c in columns), tuple(rows), (4.0, 1.4, 1.4, 1.4))


def top_table(top: pd.DataFrame, profile: Profile, index: str, geo: GeoData, lang: str) -> Table:
    """Rank, name, country, THI, TRI and each criterion's contribution to ``index``."""
    keys = profile.keys_of(index)
    columns = [
        t("briefing.rank", lang),
        t("briefing.facility", lang),
        t("briefing.country", lang),
        "THI",
        "TRI",
        *(t(f"criteria.{k}.short", lang) for k in keys),
    ]
    names = facility_names(top, lang)
    countries = country_names(top["country"], geo, lang)
    rows = []
    for i, row in enumerate(top.itertuples(index=False)):
        cells = [str(row.rank), names[i], countries[i], _number(row.thi, lang), _number(row.tri, lang)]
        cells += [_number(getattr(row, f"c_{k}"), lang) for k in keys]
        rows.append(tuple(cells))
    widths = (0.8, 4.3, 1.8, 1.2, 1.2, *(1.35 for _ in keys))
    return Table(tuple(columns), tuple(rows), widths)


def tied_note(head: pd.DataFrame, top: int, lang: str) -> str:
    """Why the top table has more than ``top`` rows (facilities tied at its last place),
    or "" when it has ``top``."""
    if len(head) <= top:
        return ""
    last = int(head["rank"].iat[-1])
    tied = int((head["rank"].to_numpy() == last).sum())
    return t("briefing.tied_note", lang, rows=len(head), top=top, tied=tied, rank=last)


def map_points(ranked: pd.DataFrame, top: int) -> tuple[MapPoint, ...]:
    """Every facility with a position, coloured by rank class; those ranked ``top`` or
    better numbered (ties included, as on the dashboard's map)."""
    classes = rank_classes(ranked["rank"].to_numpy())
    points = []
    for row, klass in zip(ranked.itertuples(index=False), classes, strict=True):
        if np.isfinite(row.longitude) and np.isfinite(row.latitude):
            label = str(row.rank) if row.rank <= top else ""
            points.append(MapPoint(float(row.longitude), float(row.latitude), int(klass), label))
    return tuple(points)


def reproduction(view: View, profile: Profile, base_url: str | None) -> tuple[str, str]:
    """The command that rebuilds this briefing and the dashboard link to the same view
    (weights, index, filters, top N, language; not the selected facility); no link ("")
    without the dashboard's address (a localhost link is no use on paper)."""
    shown = replace(view, facility=None, extra={})
    parts = ["python -m tmf briefing", f"--lang {shown.lang}"]
    if shown.weights:
        parts.append("--weights " + ",".join(f"{k}={v:g}" for k, v in shown.weights))
    parts += [f"--index {shown.index}", f"--top {shown.top}"]
    parts += [f"--{name} {','.join(getattr(shown, name))}" for name in FILTERS if getattr(shown, name)]
    parts.append("--out briefing.pdf")
    query = query_string(shown)
    if not base_url:
        return " ".join(parts), ""
    link = base_url.rstrip("/") + "/ranking" + (f"?{query}" if query else "")
    return " ".join(parts), link


def facts(profile: Profile, data_date: dt.datetime | None, today: dt.date, count: int, lang: str):
    """The briefing's header lines: prepared, data date, methodology, status, facilities;
    dates as the app writes them in ``lang`` (tmf.i18n.format_date: 07.12.2026 in Russian)."""
    when = f"{format_date(data_date, lang, time=True)} UTC" if data_date else t("briefing.data_date_unknown", lang)
    title = profile.texts.get(f"title_{lang}") or profile.text("title", "ru" if lang == "kk" else lang)
    status = "status_provisional" if profile.status == "provisional" else "status_confirmed"
    return (
        (t("briefing.created", lang), format_date(today, lang)),
        (t("briefing.data_date", lang), when),
        (t("briefing.methodology", lang), t("briefing.methodology_value", lang, title=title, version=profile.version)),
        (t("briefing.status", lang), t(f"briefing.{status}", lang)),
        (t("briefing.facilities", lang), str(count)),
    )


def notices(profile: Profile, illustrative: bool, lang: str) -> tuple[str, ...]:
    """The illustrative-data warning (bundled inventory) and the provisional-values one,
    which names what is marked: the criteria with " *" in the weights table."""
    shown = [t("app.illustrative_notice", lang)] if illustrative else []
    if any(c.provisional for c in profile.criteria):
        shown.append(t("briefing.provisional_notice", lang))
    return tuple(shown)


def weights_note(profile: Profile, changed: bool, lang: str) -> str:
    """What the weights table shows, and what its " *" means when a criterion carries it."""
    note = t(f"briefing.weights_note_{'changed' if changed else 'official'}", lang)
    if any(c.provisional for c in profile.criteria):
        note += " " + t("briefing.provisional_mark", lang)
    return note


def citation(profile: Profile, lang: str) -> tuple[str, ...]:
    """The method's citation and its public sources (our docs/methodology.md explains it)."""
    return (t("briefing.citation", lang), *profile.sources)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC)


def _moved_labels(moves: pd.DataFrame, lang: str) -> tuple[str, ...]:
    """Each facility of ``moves`` (CurrentView.moves) as its name in ``lang`` with its
    official rank → rank."""
    names = facility_names(moves, lang)
    official, now = moves["official_rank"].to_numpy(), moves["rank"].to_numpy()
    return tuple(f"{name} ({int(a)} → {int(b)})" for name, a, b in zip(names, official, now, strict=True))


def briefing_view(
    weights: Mapping[str, float] | None,
    index: str,
    top: int,
    lang: str,
    profile: Profile,
    filters: Mapping[str, Sequence[str]] | None = None,
) -> View:
    """The view a briefing shows: ``weights`` (checked), index, top N, language and filters
    (country, status, commodity), as a link or ``tmf briefing``'s options give them.
    Raises ProblemError for weights the profile refuses (unknown criterion, out of range)."""
    chosen = {name: tuple(values) for name, values in (filters or {}).items() if values}
    view = View(index=index, lang=lang, top=top, **chosen)
    return view.with_weights(validate_weights(profile, weights), profile)


def briefing_content(
    current: CurrentView,
    view: View,
    data_date: dt.datetime | None,
    geo: GeoData,
    *,
    base_url: str | None = None,
    today: dt.date | None = None,
) -> Briefing:
    """The briefing of ``view`` (weights, index, filters, top N, language): ``current`` is
    what it shows (tmf.screening.current_view of the view), drawn, not computed again.

    data_date: the last change of the inventory (None when unknown); shown in UTC.
    base_url: the dashboard's address, for the link to the view (None: no link, the
    command alone says how to reproduce the briefing).
    """
    profile, ranked, lang, index = current.shown.profile, current.ranked, view.lang, current.index
    top = view.top or len(ranked)
    used = current.weights
    head = ranked[ranked["rank"].to_numpy() <= top]  # ties at the last place included, as on the map
    top_n = min(top, len(ranked))
    names = facility_names(ranked, lang)
    entered, left = (_moved_labels(frame, lang) for frame in current.moves(top))
    command, link = reproduction(view, profile, base_url)
    changed = current.reweighted
    label = index.upper()
    contributions = t("briefing.contributions_note", lang, index=label)
    return Briefing(
        lang=lang,
        title=t("briefing.title", lang),
        facts=facts(profile, _utc(data_date), today or dt.date.today(), len(ranked), lang),
        notices=notices(profile, uses_illustrative_inventory(ranked), lang),
        index_label=label,
        weights_note=weights_note(profile, changed, lang),
        weights=weight_table(profile, used, index, lang),
        weights_used=used,
        top_title=t("briefing.top", lang, top=top_n, index=label),
        top_note=" ".join(filter(None, (tied_note(head, top_n, lang), contributions))),
        top=top_table(head, profile, index, geo, lang),
        top_ids=tuple(head["facility_id"].astype(str)),
        top_n=top_n,
        moved=moved_lines(ranked, names, lang, MOVED_SHOWN),
        entered=entered,
        left=left,
        hotspots=hotspot_groups(ranked, names, geo, lang),
        points=map_points(ranked, top),
        legend=tuple(class_labels(ranked["rank"].to_numpy(), lang)),
        map_caption=t("briefing.map_caption", lang, count=len(ranked), top=top_n),
        source_summary=source_summary(ranked, lang),
        sources=source_table(head, names[: len(head)], lang),
        citation=citation(profile, lang),
        command=command,
        link=link,
    )


def source_summary(ranked: pd.DataFrame, lang: str) -> str:
    """How many records there are and how confident their sources are, in one sentence."""
    counts = ranked["confidence"].fillna("").astype(str).value_counts()
    items = (item for value in ranked["source"].dropna() for item in source_items(value, "en"))
    hosts = {urlsplit(item).netloc for item in items if is_web_address(item)}
    return t(
        "briefing.source_summary",
        lang,
        count=len(ranked),
        high=int(counts.get("high", 0)),
        medium=int(counts.get("medium", 0)),
        low=int(counts.get("low", 0)),
        sites=len(hosts - {""}),
    )
