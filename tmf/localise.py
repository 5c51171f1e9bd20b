"""Data shown in the chosen language: facility names, countries, regions and rivers.

The inventory stores codes and English words (country ``KZ``, region ``Karaganda Region``,
receiving water ``Syr Darya``); the screen shows them in the user's language: countries
as full names from the ``countries`` catalogue (never the ISO code), regions from the
``regions`` catalogue (a region not listed there is shown as typed), rivers and lakes by
their geodata names. Facility names come from ``name_ru``/``name_kk`` (tmf.i18n).
Commodities are stored as chemical symbols (``Cu-Au``): where the screen says them in words
(the Facility page) each symbol becomes its element from the ``commodities`` catalogue,
followed by the symbols; where it shows symbols (the filter) they stay symbols, and only an
abbreviation that is a word (REE: РЗЭ, СЖЭ) is translated.
"""

from __future__ import annotations

import re

import pandas as pd

from tmf.geodata import match_receiving_water
from tmf.i18n import facility_names, has_message, normalise_language, t
from tmf.transboundary import GeoData

EMPTY = "—"
LIST_SEPARATORS = re.compile(r"\s*[;,]\s*")


def _blank(value: object) -> bool:
    return value is None or value != value or str(value).strip() == ""


def signed_whole(value: object) -> str:
    """A whole change as a room reads it: +3, −2, 0; — when there is none."""
    if _blank(value):
        return EMPTY
    number = int(value)
    return f"+{number}" if number > 0 else (f"\u2212{-number}" if number < 0 else "0")


def country_name(code: object, lang: str) -> str:
    """``KZ`` -> Kazakhstan / Казахстан / Қазақстан; an unknown code as typed; blank -> —."""
    if _blank(code):
        return EMPTY
    key = f"countries.{str(code).strip().upper()}"
    return t(key, lang) if has_message(key) else str(code)


def country_list(codes: object, lang: str) -> str:
    """``UZ;KZ`` -> ``Uzbekistan, Kazakhstan`` in ``lang``; blank -> —."""
    if _blank(codes):
        return EMPTY
    return ", ".join(country_name(code, lang) for code in LIST_SEPARATORS.split(str(codes)) if code)


# The ``source`` of a record named without a source (the illustrative inventory's three
# demonstration rows): shown as the ``values.source.unverified`` sentence in each language.
UNVERIFIED_SOURCE = "unverified"
# What those rows said before the keyword, still in databases filled from the earlier file.
EARLIER_UNVERIFIED = "not verified against a source: named as plausible for the demonstration only"
SOURCE_SEPARATOR = re.compile(r"\s*;\s*")


def source_items(value: object, lang: str) -> list[str]:
    """A record's sources (``a ; b``: URLs or words) each once, in order; the keyword
    ``unverified`` as its sentence in ``lang``; blank -> []."""
    if _blank(value):
        return []
    items: list[str] = []
    for part in SOURCE_SEPARATOR.split(str(value).strip()):
        said = part.lower() in (UNVERIFIED_SOURCE, EARLIER_UNVERIFIED)
        text = t("values.source.unverified", lang) if said else part
        if text and text not in items:
            items.append(text)
    return items


def is_web_address(text: str) -> bool:
    """Whether a source is a link (http or https), not words."""
    return bool(re.match(r"https?://\S+$", text, re.IGNORECASE))


COMMODITY_PARTS = re.compile(r"[A-Za-z]+")


def commodity_symbols(value: object, lang: str) -> str:
    """``U-REE`` -> ``U-РЗЭ`` in Russian: chemical symbols kept, abbreviations that are words
    translated; blank -> —."""
    if _blank(value):
        return EMPTY

    def part(match: re.Match) -> str:
        key = f"commodities.abbreviation.{match.group(0)}"
        return t(key, lang) if has_message(key) else match.group(0)

    return COMMODITY_PARTS.sub(part, str(value))


def commodity_words(value: object, lang: str) -> str:
    """``Cu-Au`` -> ``медь, золото (Cu-Au)``: every symbol as its element in ``lang``, then the
    symbols; a value that is not all known symbols (free text, ``медь``) as typed; blank -> —."""
    if _blank(value):
        return EMPTY
    keys = [f"commodities.word.{symbol}" for symbol in COMMODITY_PARTS.findall(str(value))]
    if not keys or not all(has_message(key) for key in keys):
        return str(value)
    words = dict.fromkeys(t(key, lang) for key in keys)  # once each, in the order written
    return f"{', '.join(words)} ({commodity_symbols(value, lang)})"


def region_name(region: object, lang: str) -> str:
    """An inventory region in ``lang`` where the ``regions`` catalogue has it; blank -> —."""
    if _blank(region):
        return EMPTY
    key = f"regions.{str(region).strip()}"
    return t(key, lang) if "." not in str(region) and has_message(key) else str(region)


def water_name(text: object, geo: GeoData | None, lang: str) -> str:
    """A receiving river or lake by its geodata name in ``lang``; unmatched text as typed."""
    if _blank(text):
        return EMPTY
    found = match_receiving_water(text, geo) if geo is not None else None
    return geo.names_of(found).get(normalise_language(lang), str(text)) if found else str(text)


def facilities_in_language(frame: pd.DataFrame, lang: str, geo: GeoData | None = None) -> pd.DataFrame:
    """A copy of ``frame`` whose display columns (name, region, receiving_river) are in
    ``lang``; codes used for filtering (country, status) stay as they are."""
    shown = frame.assign(name=facility_names(frame, lang)) if "name" in frame else frame.copy()
    if "region" in shown:
        shown["region"] = [region_name(v, lang) if not _blank(v) else v for v in shown["region"]]
    if "receiving_river" in shown:
        shown["receiving_river"] = [water_name(v, geo, lang) if not _blank(v) else v for v in shown["receiving_river"]]
    return shown
