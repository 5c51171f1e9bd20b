"""Message catalogues (English, Russian, Kazakh) and locale-aware number formatting.

Catalogues are TOML files in ``tmf/locales/<lang>/<namespace>.toml``; a key ``title`` in
``ranking.toml`` is looked up as ``ranking.title``. Nested tables add dotted parts.
Kazakh falls back to Russian, then English, key by key, so a half-translated catalogue
still shows every string; English is the reference and a key missing there is a bug.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path

from babel.numbers import format_decimal

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES: tuple[str, ...] = ("en", "ru", "kk")
DEFAULT_LANGUAGE = "en"
FALLBACKS: Mapping[str, tuple[str, ...]] = {"en": ("en",), "ru": ("ru", "en"), "kk": ("kk", "ru", "en")}
LANGUAGE_NAMES: Mapping[str, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}


def _flatten(prefix: str, table: Mapping[str, object], out: dict[str, str]) -> None:
    for key, value in table.items():
        dotted = f"{prefix}.{key}"
        if isinstance(value, Mapping):
            _flatten(dotted, value, out)
        else:
            out[dotted] = str(value)


@functools.cache
def catalogue(lang: str) -> Mapping[str, str]:
    """All messages of one language, keyed ``namespace.key`` (no fallback applied)."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with path.open("rb") as handle:
            _flatten(path.stem, tomllib.load(handle), messages)
    return messages


def normalise_language(lang: str | None) -> str:
    """A supported language code; anything else gives the default (English)."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def language_from_tags(*tags: object) -> str:
    """The first supported language among browser language tags (``navigator.language`` such
    as ``ru-RU``, or an Accept-Language header ``kk-KZ,ru;q=0.9,en;q=0.8``), in their order;
    English when none is supported."""
    for text in tags:
        for part in (text if isinstance(text, str) else "").split(","):
            code = part.split(";")[0].strip().split("-")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


def has_message(key: str) -> bool:
    """Whether the English reference catalogue defines ``key``."""
    return key in catalogue(DEFAULT_LANGUAGE)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The message ``key`` in ``lang``, with ``{placeholders}`` filled from ``params``.

    Raises KeyError when English lacks the key: every visible string must be catalogued.
    """
    for candidate in FALLBACKS[normalise_language(lang)]:
        text = catalogue(candidate).get(key)
        if text is not None:
            return text.format(**params) if params else text
    raise KeyError(f"message {key!r} is not in the English catalogue")


def format_number(value: float | int | None, lang: str = DEFAULT_LANGUAGE, digits: int = 0) -> str:
    """A number with the language's grouping and decimal marks; None/NaN gives an em dash.

    ``digits`` is the fixed number of decimals (``1234.5`` -> ``1 234,50`` in Russian).
    """
    if value is None or value != value:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=normalise_language(lang))


# How a date is written in running text: ISO in English, day.month.year in Russian and Kazakh.
DATE_FORMATS = {"en": "%Y-%m-%d", "ru": "%d.%m.%Y", "kk": "%d.%m.%Y"}


def format_date(value: dt.date, lang: str = DEFAULT_LANGUAGE, time: bool = False) -> str:
    """``value`` as the language writes a date (06.12.2026 in Russian), with hours and
    minutes when ``time``."""
    return value.strftime(DATE_FORMATS[normalise_language(lang)] + (" %H:%M" if time else ""))


def _present(value: object) -> bool:
    return value is not None and value == value and str(value).strip() != ""


def record_text(record: Mapping[str, object], field: str, lang: str = DEFAULT_LANGUAGE) -> tuple[str, str] | None:
    """A record's text ``field`` in ``lang`` and the language it is written in:
    ``<field>_<lang>`` where stored, falling back like the catalogues (Kazakh to Russian,
    then the English ``<field>``); None when the record has none."""
    for candidate in FALLBACKS[normalise_language(lang)]:
        value = record.get(field if candidate == "en" else f"{field}_{candidate}")
        if _present(value):
            return str(value), candidate
    return None


def facility_name(record: Mapping[str, object], lang: str = DEFAULT_LANGUAGE) -> str:
    """A facility's name in ``lang`` (``record_text`` of ``name``)."""
    found = record_text(record, "name", lang)
    return found[0] if found else str(record.get("facility_id") or "—")


def facility_names(frame, lang: str = DEFAULT_LANGUAGE):
    """``facility_name`` for every row of a DataFrame, as a Series aligned with it."""
    result = frame["name"].astype(object).where(frame["name"].notna(), frame.get("facility_id"))
    for candidate in reversed(FALLBACKS[normalise_language(lang)][:-1]):
        column = f"name_{candidate}"
        if column in frame:
            values = frame[column]
            present = values.notna() & (values.astype(str).str.strip() != "")
            result = values.where(present, result)
    return result
