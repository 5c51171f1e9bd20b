"""The briefing's tables and lists, each from the ranked frame (``tmf.ranking.rank``)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from tmf.hotspots import by_affected_country, hotspot_reasons
from tmf.i18n import has_message, t
from tmf.localise import is_web_address, source_items
from tmf.transboundary import GeoData


@dataclass(frozen=True)
class Table:
    """A table ready to draw: header, rows of text, and relative column widths."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]


def moved_lines(ranked: pd.DataFrame, names: list[str], lang: str, most: int) -> tuple[str, ...]:
    """ "Name: official rank → rank" for the ``most`` facilities that moved furthest."""
    shift = ranked["rank_shift"].to_numpy()
    moved = np.flatnonzero(shift != 0)
    moved = moved[np.lexsort((ranked["rank"].to_numpy()[moved], -np.abs(shift[moved])))][:most]
    return tuple(
        t(
            "briefing.moved_line",
            lang,
            name=names[i],
            official=int(ranked["official_rank"].iat[i]),
            rank=int(ranked["rank"].iat[i]),
        )
        for i in moved
    )


def hotspot_groups(ranked: pd.DataFrame, names: list[str], geo: GeoData, lang: str) -> tuple[tuple[str, Table], ...]:
    """Hotspots grouped by the country they could affect (most hotspots first), each row
    with rank, facility, its country and the reason sentence."""
    if "transboundary" not in ranked or "exposed_countries" not in ranked:
        return ()
    grouped = by_affected_country(ranked)
    if grouped.empty:
        return ()
    reasons = hotspot_reasons(grouped, lang)
    local = pd.Series(names, index=ranked.index).loc[grouped.index].tolist()
    columns = tuple(t(f"briefing.{c}", lang) for c in ("rank", "facility", "country", "reason"))
    groups: dict[str, list[tuple[str, ...]]] = {}
    for i, row in enumerate(grouped.itertuples(index=False)):
        country = geo.names_of(str(row.country)).get(lang) or str(row.country)
        groups.setdefault(str(row.affected), []).append((str(row.rank), local[i], country, reasons[i]))
    return tuple(
        (geo.names_of(code).get(lang) or code, Table(columns, tuple(rows), (0.8, 4.0, 2.0, 9.0)))
        for code, rows in groups.items()
    )


def _hosts(source: object, lang: str) -> str:
    """The web sites a record cites (``a ; b`` of URLs), each once, in order; words (a
    register's name, the ``unverified`` sentence in ``lang``) as they read."""
    hosts: list[str] = []
    for text in source_items(source, lang):
        host = urlsplit(text).netloc.removeprefix("www.") if is_web_address(text) else text
        if host and host not in hosts:
            hosts.append(host)
    return ", ".join(hosts)


def _confidence(value: object, lang: str) -> str:
    key = f"values.confidence.{value}"
    return t(key, lang) if isinstance(value, str) and has_message(key) else ""


def source_table(top: pd.DataFrame, names: list[str], lang: str) -> Table:
    """Each facility of the top N with the confidence of its record and the sites it cites."""
    rows = tuple(
        (str(row.rank), names[i], _confidence(row.confidence, lang), _hosts(row.source, lang))
        for i, row in enumerate(top.itertuples(index=False))
    )
    columns = tuple(t(f"briefing.{c}", lang) for c in ("rank", "facility", "confidence", "source"))
    return Table(columns, rows, (0.8, 4.5, 1.6, 8.0))
