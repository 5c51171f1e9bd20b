"""The number cells of a register's measured columns in the field's unit (tmf.registers):
"12,5" in a column headed "тыс. м3" is 12500, written as Excel's 15 significant digits give
it; text that is no number stays as written (validation refuses it naming the cell).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from tmf import readers


def scaled_text(text: str, factor: float) -> str:
    """A number cell multiplied by ``factor`` (12,5 тыс. m3 -> 12500); other text unchanged
    (validation refuses it naming the cell)."""
    if _PLAIN_NUMBER.fullmatch(text):  # most cells: read without the checks for dates and commas
        number = float(text)
        if not math.isfinite(number):
            return text
    elif not text or readers.looks_like_date(text):
        return text
    else:
        try:
            number = readers.parse_number(text)
        except ValueError:
            return text
    scaled = f"{number * factor:.15g}"
    # 15 significant digits written without an exponent are already the number's shortest text.
    return scaled if "e" not in scaled and "n" not in scaled else readers.cell_text(float(scaled))


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def scaled_texts(texts: Sequence[str], factor: float) -> np.ndarray:
    """``scaled_text`` of every text, plain decimals (most cells) by array: the product's 15
    significant digits (readers.fifteen_digits) written as ``scaled_text`` writes them, as the
    number's shortest text (readers.number_texts: with 15 digits at most, "%.15g" without an
    exponent writes the same digits); other texts once each."""
    written = np.array(texts, dtype=object)
    if not any(texts):  # an empty column
        return written
    plain = _plain_number_flags(written)
    numbers = written[plain].astype(float)
    finite = np.flatnonzero(plain)[np.isfinite(numbers)]  # 400 digits read as inf: left as written
    with np.errstate(over="ignore"):
        products = numbers[np.isfinite(numbers)] * factor
    scaled = written.copy()
    scaled[finite] = readers.number_texts(readers.fifteen_digits(products))
    others = np.flatnonzero(~plain & (written != ""))
    converted = {text: scaled_text(text, factor) for text in set(written[others].tolist())}
    scaled[others] = [converted[text] for text in written[others].tolist()]
    return scaled


def _plain_number_flags(texts: np.ndarray) -> np.ndarray:
    """``_PLAIN_NUMBER.fullmatch`` of every text, by Arrow's regex (RE2: the same ASCII digits)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    matched = pc.match_substring_regex(pa.array(texts, type=pa.large_string()), rf"^{_PLAIN_NUMBER.pattern}$")
    return matched.to_numpy(zero_copy_only=False).astype(bool)
