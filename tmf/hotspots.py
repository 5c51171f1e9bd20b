"""The inventory annotated with its traced transboundary reach, for scoring and display.

The TRI's transboundary criterion reads ``transboundary_class``: here it comes from the
river tracing (tmf.transboundary), not from the hand-entered ``downstream_countries``.
Where the two disagree both are kept (``downstream_countries`` as entered,
``affected_countries`` as traced) and ``countries_disagree`` says so.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from tmf.i18n import format_number, has_message, t
from tmf.transboundary import GeoData, HotspotRule, traced_facilities, transboundary_class

TRACED_COLUMNS = (
    "transboundary_class",
    "transboundary",
    "affected_countries",
    "exposed_countries",
    "border_km",
    "river_km_to_border",
    "traced_river",
    "river_chain",
    "endpoint",
    "path",
    "reason_code",
    "reason_params",
    "countries_disagree",
)


def _codes(values: object) -> tuple[str, ...]:
    """Country codes of a ``;``-separated text (or a sequence of codes, as traced)."""
    if values is None or (isinstance(values, float) and np.isnan(values)):
        return ()
    if isinstance(values, tuple | list):
        return tuple(str(c).strip().upper() for c in values if str(c).strip())
    return tuple(c.strip().upper() for c in str(values).split(";") if c.strip())


def annotate_transboundary(
    facilities: pd.DataFrame, geo: GeoData, rule: HotspotRule = HotspotRule(), details: bool = True
) -> pd.DataFrame:
    """``facilities`` with the columns of ``TRACED_COLUMNS`` added (same index and order).

    affected_countries: traced downstream countries, ``;``-separated in downstream order.
    exposed_countries: the same, or for a facility flagged only because it lies near a
    border, the neighbour across that border (who would be affected).
    Without ``details``, ``path`` and ``reason_params`` are None (tmf.transboundary.downstream_paths).
    """
    paths, neighbours = traced_facilities(facilities, geo, rule, details)
    frame = facilities.copy(deep=False)  # copy-on-write (pandas 3): the caller's frame stays as it is
    frame["transboundary_class"] = transboundary_class(paths)
    frame["transboundary"] = paths["transboundary"].astype(bool)
    affected = [";".join(codes) for codes in paths["affected_countries"]]
    frame["affected_countries"] = affected
    # A facility flagged only because it lies near a border exposes the neighbour across it.
    exposed = np.array(affected, dtype=object)
    for i in np.flatnonzero(paths["reason_code"].to_numpy() == "near_border").tolist():
        if not exposed[i]:
            exposed[i] = neighbours[i] or ""  # reason_params['border_country']
    frame["exposed_countries"] = exposed
    for column in ("border_km", "river_km_to_border", "traced_river", "river_chain", "endpoint", "path"):
        frame[column] = paths[column]
    frame["reason_code"] = paths["reason_code"]
    frame["reason_params"] = paths["reason_params"]
    entered = facilities.get("downstream_countries", pd.Series(None, index=facilities.index))
    hand = entered.astype(object).where(entered.notna(), None).tolist()
    # Each distinct text is split once: a large inventory repeats a few country lists.
    sets = {value: set(_codes(value)) for value in dict.fromkeys([*hand, *affected])}
    frame["countries_disagree"] = [sets[h] != sets[a] for h, a in zip(hand, affected, strict=True)]
    return frame


def hotspot_reasons(frame: pd.DataFrame, lang: str) -> list[str]:
    """The one-sentence reason of every row of an annotated frame, in ``lang``."""
    columns = ["reason_code", "reason_params", *(["affected_countries"] if "affected_countries" in frame else [])]
    return [hotspot_reason(row, lang) for row in frame[columns].to_dict("records")]


def by_affected_country(frame: pd.DataFrame) -> pd.DataFrame:
    """Hotspots listed once per country they could affect (``affected`` column), keeping
    the input order within each country; countries with the most hotspots first."""
    hotspots = frame[frame["transboundary"]]
    rows = [(code, index) for index, codes in hotspots["exposed_countries"].items() for code in _codes(codes)]
    if not rows:
        return hotspots.assign(affected=pd.Series(dtype=object)).iloc[0:0]
    affected = pd.DataFrame(rows, columns=["affected", "position"])
    exploded = hotspots.loc[affected["position"]].assign(affected=affected["affected"].to_numpy())
    counts = exploded["affected"].value_counts()
    order = exploded["affected"].map(lambda code: (-counts[code], code))
    exploded = exploded.assign(_order=order.to_numpy(), _within=np.arange(len(exploded)))
    return exploded.sort_values(["_order", "_within"]).drop(columns=["_order", "_within"])


def _name(params: Mapping, feature_id: str, lang: str) -> str:
    """A name for running text: the catalogue's [in_sentence] form where there is one
    (English needs an article: "the Aral Sea"), else the geodata's name in ``lang``."""
    key = f"hotspots.in_sentence.{feature_id}"
    if has_message(key):
        return t(key, lang)
    names = params["names"].get(feature_id, {})
    return names.get(lang) or names.get("en") or feature_id


def _river_clauses(row: Mapping, lang: str, name, km) -> list[str]:
    """Where the facility's river goes: across a border (and on to the countries it reaches
    after it), or to the water it ends in."""
    p, code = row["reason_params"], row["reason_code"]
    first, rest = p["rivers"][0], p["rivers"][1:]
    joined = t("hotspots.then", lang).join(name(r) for r in rest)
    if p["crossing_country"] is None:
        key = "river_ends_via" if rest else "river_ends"
        return [t(f"hotspots.{key}", lang, river=name(first), rivers=joined, water=name(p["water"]))]
    key = "river_crossing_via" if rest else "river_crossing"
    crossing = t(
        f"hotspots.{key}",
        lang,
        river=name(first),
        rivers=joined,
        country=name(p["crossing_country"]),
        km=km(p["river_km"]),
    )
    if code != "river_crosses_border":
        crossing += " " + t("hotspots.beyond_reach", lang, limit=km(p["max_river_km"]))
    # The countries the river reaches after the first border: a facility listed under
    # Kazakhstan says why, though its river first crosses into Uzbekistan.
    named = {p["crossing_country"], *p["shared_with"]}
    further = [c for c in _codes(row.get("affected_countries")) if c not in named]
    if not further:
        return [crossing]
    countries = t("hotspots.list_separator", lang).join(name(c) for c in further)
    return [crossing, t("hotspots.further_downstream", lang, countries=countries)]


def _clauses(row: Mapping, lang: str) -> list[str]:
    p, code = row["reason_params"], row["reason_code"]
    km = lambda value: format_number(value, lang)  # noqa: E731
    name = lambda feature_id: _name(p, feature_id, lang)  # noqa: E731
    if code == "no_location":
        return [t("hotspots.no_location", lang)]
    clauses = []
    if p["river"] is not None:
        clauses += _river_clauses(row, lang, name, km)
    elif p["water"] is not None:
        clauses.append(t("hotspots.drains_to", lang, water=name(p["water"]), km=km(p["water_km"])))
    else:
        clauses.append(t("hotspots.no_river", lang, km=km(p["max_snap_km"])))
    if p["shared_with"]:
        countries = t("hotspots.list_separator", lang).join(name(c) for c in p["shared_with"])
        clauses.append(t("hotspots.shared_with", lang, water=name(p["water"]), countries=countries))
    elif p["endorheic"] and p["water"] is not None and p["crossing_country"] is None:
        clauses.append(t("hotspots.closed_basin", lang))
    if p["river"] is not None:
        close = p["snap_km"] < 1
        clauses.append(t(f"hotspots.{'on_river' if close else 'from_river'}", lang, km=km(p["snap_km"])))
    if p["border_km"] is not None and p["border_km"] <= p["max_border_km"]:
        clauses.append(t("hotspots.near_border", lang, km=km(p["border_km"]), country=name(p["border_country"])))
    return clauses


def hotspot_reason(row: Mapping, lang: str = "en") -> str:
    """One sentence saying why a facility is (or is not) a transboundary hotspot.

    row: a row of ``downstream_paths`` (a mapping with reason_code and reason_params, and
    affected_countries to name the countries the river reaches after its first border).
    Names of rivers, countries and water bodies come from the geodata (name_en/ru/kk,
    carried in ``reason_params['names']``); numbers use the language's formatting.
    """
    return t("hotspots.sentence", lang, text=t("hotspots.clause_separator", lang).join(_clauses(row, lang)))
