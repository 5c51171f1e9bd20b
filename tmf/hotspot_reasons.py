"""Hotspot reasons as sentences in English, Russian or Kazakh.

``tmf.transboundary.downstream_paths`` keeps each reason as data (``reason_code`` and
``reason_params``, which carries the names of every river, country and water body it
mentions, taken from the geodata's name_en/name_ru/name_kk). This module turns that into
one sentence per facility with the message catalogues ``tmf/locales/<lang>/transboundary.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping

from tmf.i18n import format_number, has_message, t


def _name(params: Mapping, feature_id: str, lang: str) -> str:
    """A name for running text: the catalogue's [in_sentence] form where there is one
    (English needs an article: "the Aral Sea"), else the geodata's name in ``lang``."""
    key = f"transboundary.in_sentence.{feature_id}"
    if has_message(key):
        return t(key, lang)
    names = params["names"].get(feature_id, {})
    return names.get(lang) or names.get("en") or feature_id


def _clauses(row: Mapping, lang: str) -> list[str]:
    p, code = row["reason_params"], row["reason_code"]
    km = lambda value: format_number(value, lang)  # noqa: E731
    name = lambda feature_id: _name(p, feature_id, lang)  # noqa: E731
    if code == "no_location":
        return [t("transboundary.no_location", lang)]
    clauses = []
    if p["river"] is not None:
        first, rest = p["rivers"][0], p["rivers"][1:]
        joined = t("transboundary.then", lang).join(name(r) for r in rest)
        if p["crossing_country"] is not None:
            key = "river_crossing_via" if rest else "river_crossing"
            clauses.append(
                t(
                    f"transboundary.{key}",
                    lang,
                    river=name(first),
                    rivers=joined,
                    country=name(p["crossing_country"]),
                    km=km(p["river_km"]),
                )
            )
            if code != "river_crosses_border":
                clauses[-1] += " " + t("transboundary.beyond_reach", lang, limit=km(p["max_river_km"]))
        else:
            key = "river_ends_via" if rest else "river_ends"
            clauses.append(t(f"transboundary.{key}", lang, river=name(first), rivers=joined, water=name(p["water"])))
    elif p["water"] is not None:
        clauses.append(t("transboundary.drains_to", lang, water=name(p["water"]), km=km(p["water_km"])))
    else:
        clauses.append(t("transboundary.no_river", lang, km=km(p["max_snap_km"])))
    if p["shared_with"]:
        countries = t("transboundary.list_separator", lang).join(name(c) for c in p["shared_with"])
        clauses.append(t("transboundary.shared_with", lang, water=name(p["water"]), countries=countries))
    elif p["endorheic"] and p["water"] is not None and p["crossing_country"] is None:
        clauses.append(t("transboundary.closed_basin", lang))
    if p["river"] is not None:
        close = p["snap_km"] < 1
        clauses.append(t(f"transboundary.{'on_river' if close else 'from_river'}", lang, km=km(p["snap_km"])))
    if p["border_km"] is not None and p["border_km"] <= p["max_border_km"]:
        clauses.append(t("transboundary.near_border", lang, km=km(p["border_km"]), country=name(p["border_country"])))
    return clauses


def hotspot_reason(row: Mapping, lang: str = "en") -> str:
    """One sentence saying why a facility is (or is not) a transboundary hotspot.

    row: a row of ``downstream_paths`` (a mapping with reason_code and reason_params).
    Names of rivers, countries and water bodies come from the geodata (name_en/ru/kk,
    carried in ``reason_params['names']``); numbers use the language's formatting.
    """
    return t("transboundary.sentence", lang, text=t("transboundary.clause_separator", lang).join(_clauses(row, lang)))
