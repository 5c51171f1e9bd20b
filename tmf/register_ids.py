"""Stable facility identifiers for registers without an identifier column.

An identifier is the country, a dash and the name normalised (case, ё/е, quotes and
punctuation ignored) and transliterated to Latin letters: "Хвостохранилище «Кошкар-Ата»"
in KZ gives ``KZ-KHVOSTOKHRANILISHCHE-KOSHKAR-ATA``. The same register imported again, or
next year's register with the same names, gives the same identifiers, so it updates the
same facilities. A name too long for 40 characters is cut and ends with six characters of
its SHA-1, so two long names sharing a beginning stay apart. Two rows giving the same
identifier are reported, never merged or numbered by guess.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd

from tmf.problems import Problem
from tmf.vocabulary import normalise

MAX_ID = 40
# Russian and Kazakh letters (BGN/PCGN-like, ASCII only).
_LATIN = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        "a b v g d e zh z i y k l m n o p r s t u f kh ts ch sh shch  y  e yu ya a g q n o u u h i".split(" "),
        strict=True,
    )
)


def transliterate(text: str) -> str:
    """Latin letters for Cyrillic ones; other letters and digits kept."""
    return "".join(_LATIN.get(ch, ch) for ch in text)


def facility_id(country: str, name: str) -> str:
    """The identifier a facility gets from its country code and its name."""
    words = normalise(name)
    slug = re.sub(r"[^A-Z0-9]+", "-", transliterate(words).upper()).strip("-")
    prefix = f"{country.strip().upper()}-"
    if len(prefix) + len(slug) <= MAX_ID and slug:
        return prefix + slug
    digest = hashlib.sha1(words.encode("utf-8")).hexdigest()[:6].upper()
    return f"{prefix}{slug[: MAX_ID - len(prefix) - 7].rstrip('-')}-{digest}".replace("--", "-")


def add_identifiers(frame: pd.DataFrame, filled: list[bool], first_row: int, headers: dict[str, str]) -> list[Problem]:
    """Fill ``frame["facility_id"]`` from country and name for every filled row; the
    problems for rows without country or name and for rows giving the same identifier.
    ``headers`` maps fields to the headers as written, to name columns in problems."""
    ids, problems, first_of = [], [], {}
    for position, keep in enumerate(filled):
        row = first_row + position
        country = frame["country"].iat[position] if "country" in frame.columns else ""
        name = frame["name"].iat[position] if "name" in frame.columns else ""
        if not keep or not country.strip() or not name.strip():
            ids.append("")
            if keep:
                problems.append(Problem("registers.id_needs_country_and_name", {}, row=row))
            continue
        identifier = facility_id(country, name)
        if identifier in first_of:
            params = {"value": identifier, "first": first_of[identifier]}
            problems.append(Problem("registers.id_ambiguous", params, row=row, column=headers.get("name", "name")))
        first_of.setdefault(identifier, row)
        ids.append(identifier)
    frame["facility_id"] = ids
    return problems
