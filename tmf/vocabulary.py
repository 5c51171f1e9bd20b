"""The words of real registers: which header names which field (with its unit), which cell
means which allowed value, which rows are totals and which columns are bookkeeping.

The words live in ``data/registers/vocabulary.toml`` (Russian, Kazakh and English); this
module only compares. Headers and values are compared normalised (``normalise``): lower
case, ё as е, punctuation and line breaks as spaces. A header's unit is the last one to
three words ("тыс. м3", "млн т"); it names the factor that turns the values into the
field's unit, and a unit of another dimension than the field's is not accepted.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tmf.i18n import LANGUAGES, catalogue, has_message, t
from tmf.inventory import COLUMNS

VOCABULARY_FILE = Path(__file__).parents[1] / "data" / "registers" / "vocabulary.toml"
GROUP_SEPARATOR = " / "
_NOT_A_WORD = re.compile(r"[^\w№#]+")
# Roman numerals as registers write them, with the Cyrillic І that Kazakh keyboards give.
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_CLASS_WORDS = re.compile(r"\b(класс|класса|class|сынып|сыныбы|сыныпты|класы)\b")


# A word hyphenated across a line break in a narrow header ("Недро-\nпользователь"), and
# soft hyphens: one word.
_WRAPPED_WORD = re.compile(r"(?<=\w)-[ \t]*\r?\n\s*(?=[a-zа-яёәғқңөұүһі])")


def unwrap(text: str) -> str:
    """``text`` with words hyphenated across line breaks joined and soft hyphens removed."""
    return _WRAPPED_WORD.sub("", text).replace("\u00ad", "")


def normalise(text: object) -> str:
    """Text as compared: lower case, ё as е, ³ as 3, punctuation and breaks as one space."""
    lowered = unwrap(str(text)).lower().replace("ё", "е").replace("³", "3").replace("_", " ")
    return _NOT_A_WORD.sub(" ", lowered).strip()


@dataclass(frozen=True)
class HeaderMatch:
    """A recognised header: its field, and the factor its unit multiplies the values by."""

    field: str
    factor: float = 1.0
    unit: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    """The words of ``data/registers/vocabulary.toml``, normalised for comparing."""

    headers: Mapping[str, str]  # normalised header -> field
    bookkeeping: frozenset[str]
    totals: tuple[str, ...]
    units: Mapping[str, Mapping[str, float]]  # dimension -> unit (words run together) -> factor
    unit_fields: Mapping[str, str]  # field -> dimension
    exact_values: Mapping[str, Mapping[str, str]]  # field -> normalised word -> value
    stem_values: Mapping[str, tuple[tuple[str, str], ...]]  # field -> (stem, value), longest first
    region_words: frozenset[str]
    countries: Mapping[str, str]  # normalised country name or code -> ISO code


@functools.cache
def vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """The vocabulary file, read once."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    headers = {normalise(c.name): c.name for c in COLUMNS} | {normalise(c.ru): c.name for c in COLUMNS}
    for field, words in raw["headers"].items():
        if field != "bookkeeping":
            headers |= {normalise(word): field for word in words}
    exact, stems = {}, {}
    for field, word_set in raw["value_fields"].items():
        pairs = [(word, value) for value, words in raw["values"][word_set].items() for word in [value, *words]]
        exact[field] = {normalise(w): v for w, v in pairs if not w.endswith("*")}
        stems[field] = tuple(sorted(((normalise(w), v) for w, v in pairs if w.endswith("*")), key=lambda p: -len(p[0])))
    for field, words in _shown_words().items():  # what the app shows is always read back
        exact[field] = words | exact.get(field, {})
    return Vocabulary(
        headers=headers,
        bookkeeping=frozenset(normalise(w) for w in raw["headers"]["bookkeeping"]),
        totals=tuple(normalise(w) for w in raw["totals"]["words"]),
        units={
            dim: {normalise(k).replace(" ", ""): float(v) for k, v in table.items()}
            for dim, table in raw["units"].items()
        },
        unit_fields=dict(raw["unit_fields"]),
        exact_values=exact,
        stem_values=stems,
        region_words=frozenset(normalise(w) for w in raw["sections"]["region_words"]),
        countries=_country_words(raw["countries"]),
    )


def _country_words(extra: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """normalised name -> ISO code: the names the app shows in every language, the codes
    themselves and the long forms of the vocabulary."""
    words: dict[str, str] = {}
    for lang in LANGUAGES:
        for key, name in catalogue(lang).items():
            if key.startswith("countries."):
                code = key.removeprefix("countries.")
                words |= {normalise(name): code, normalise(code): code}
    for code, names in extra.items():
        words |= {normalise(name): code for name in names}
    return words


def _shown_words() -> dict[str, dict[str, str]]:
    """field -> {normalised word the app shows for a value, in any language: the value}."""
    words: dict[str, dict[str, str]] = {}
    for column in COLUMNS:
        for choice in column.choices or ():
            key = f"values.{column.name}.{choice}"
            if has_message(key):
                words.setdefault(column.name, {}).update({normalise(t(key, lang)): choice for lang in LANGUAGES})
    return words


def recognise_header(label: str) -> HeaderMatch | None:
    """The field a header names, or None. A joined two-level header ("Координаты / Широта")
    is tried whole, then by its lower part."""
    parts = [label, label.split(GROUP_SEPARATOR)[-1]] if GROUP_SEPARATOR in label else [label]
    for part in parts:
        match = _recognise(normalise(part))
        if match is not None:
            return match
    return None


def _recognise(words: str) -> HeaderMatch | None:
    known = vocabulary()
    if words in known.headers:
        return HeaderMatch(known.headers[words])
    tokens = words.split()
    for count in (3, 2, 1):
        if len(tokens) <= count:
            continue
        base, unit = " ".join(tokens[:-count]), "".join(tokens[-count:])
        field = known.headers.get(base)
        dimension = known.unit_fields.get(field or "")
        if dimension is not None and unit in known.units[dimension]:
            return HeaderMatch(field, known.units[dimension][unit], " ".join(tokens[-count:]))
    return None


def names_unit(label: str, field: str) -> bool:
    """True when the header ends with a unit of ``field``'s dimension ("Объем, тыс. м3",
    "volume_m3"); False for a measured field's header without one ("Объем") and for fields
    that have no unit."""
    known = vocabulary()
    dimension = known.unit_fields.get(field)
    if dimension is None:
        return False
    tokens = normalise(label).split()
    return any("".join(tokens[-count:]) in known.units[dimension] for count in (3, 2, 1) if len(tokens) > count)


def is_bookkeeping(label: str) -> bool:
    """True for a sequence-number column such as "№ п/п"."""
    return normalise(label) in vocabulary().bookkeeping


# Words that name a thing's name rather than the thing ("Наименование недропользователя"
# is the operator): a header matched only by these is a weak hint.
_NAME_WORDS = frozenset({"наименование", "название", "name", "атауы", "атау"})


def closest_field(label: str) -> str | None:
    """The field whose known header is most like ``label`` (a hint, never applied), or None:
    the known header whose every word the label has (Russian and Kazakh endings aside),
    the one with most letters in words other than "name"; else the closest spelling."""
    known = vocabulary().headers
    words = normalise(label.split(GROUP_SEPARATOR)[-1])
    tokens = words.split()
    best, weight = None, 0
    for header, field in known.items():
        parts = header.split()
        if parts and all(any(_same_word(part, token) for token in tokens) for part in parts):
            score = sum(1 if part in _NAME_WORDS else len(part) for part in parts)
            if score > weight:
                best, weight = field, score
    if best is not None:
        return best
    close = difflib.get_close_matches(words, list(known), n=1, cutoff=0.6)
    return known[close[0]] if close else None


def _same_word(known: str, written: str) -> bool:
    """The same word, or the same stem of five letters or more with another ending
    ("недропользователь", "недропользователя")."""
    if known == written:
        return True
    stem = known[: max(5, len(known) - 2)]
    return len(known) >= 5 and len(written) >= 5 and written.startswith(stem)


def is_total_row(cells: Sequence[str]) -> bool:
    """True when the row's first text cell (not a number) starts with a totals word."""
    for first in cells:  # the first text cell (a loop, not a generator: once per row of a register)
        text = first.strip()
        if text and not _NUMBER_CELL.fullmatch(text):
            break
    else:
        return False
    totals = vocabulary().totals
    # Most rows start with a name or an identifier in Latin letters: those letters begin the
    # normalised text as they are, lower-cased, so one that differs from every totals word
    # early on settles it without normalising (one lookup per distinct beginning).
    letters = _LATIN_LETTERS.match(first).group()
    if letters and _never_total(letters.lower(), totals):
        return False
    words = normalise(first)
    return words in totals or words.startswith(_word_starts(totals))


_LATIN_LETTERS = re.compile(r"[A-Za-z]*")


@functools.lru_cache(maxsize=4096)
def _never_total(start: str, totals: tuple[str, ...]) -> bool:
    """True when text beginning with ``start`` can begin with no totals word."""
    return all(start[: len(word)] != word[: len(start)] for word in totals)


_NUMBER_CELL = re.compile(r"[\d\s.,]+")


@functools.cache
def _word_starts(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w + " " for w in words)


def is_column_numbers(cells: Sequence[str]) -> bool:
    """True for the row of column numbers (1, 2, 3, ...) that forms put under the header."""
    filled = [c.strip() for c in cells if c.strip()]
    return len(filled) >= 3 and filled == [str(i) for i in range(1, len(filled) + 1)]


def recognise_value(field: str, text: str) -> str:
    """The allowed value a register's word means for ``field`` ("бесхозное" -> abandoned),
    or the text unchanged when the field has no words or none matches (validation decides)."""
    known = vocabulary()
    words = normalise(text)
    exact = known.exact_values.get(field, {})
    if words in exact:
        return exact[words]
    for stem, value in known.stem_values.get(field, ()):
        if words.startswith(stem):
            return value
    return text


def national_hazard_class(text: str) -> str:
    """A national hazard class as "1" to "5" from "III", "3", "III класс", "класс 3";
    anything else unchanged (validation refuses it)."""
    words = _CLASS_WORDS.sub(" ", normalise(text.replace("І", "I").replace("і", "i"))).strip()
    if words in _ROMAN:
        return str(_ROMAN[words])
    return words if words in {"1", "2", "3", "4", "5"} else text


def country_code(text: str) -> str:
    """The ISO code of a country as registers write it ("Казахстан", "Республика
    Казахстан", "РК", "kz" -> "KZ"), or the text unchanged (validation decides)."""
    return vocabulary().countries.get(normalise(text), text)


def names_region(text: str) -> bool:
    """True for a heading that names a region ("Карагандинская область", "Абай облысы")."""
    return not vocabulary().region_words.isdisjoint(normalise(text).split())


def has_value_words(field: str) -> bool:
    """True when the vocabulary has words for ``field``'s values (``recognise_value`` can
    change its cells); False leaves them as written."""
    known = vocabulary()
    return bool(known.exact_values.get(field) or known.stem_values.get(field))
