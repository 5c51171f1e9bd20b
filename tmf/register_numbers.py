"""Number cells as spreadsheets keep them, by array: Excel's 15 significant digits
(``fifteen_digits``, read by validation) and the numbers' shortest texts; and the cells of a
register's measured columns in the field's unit (tmf.registers): "12,5" in a column headed
"тыс. м3" is 12500; text that is no number stays as written (validation refuses it naming
the cell).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np

from tmf import readers


def fifteen_digits(numbers: np.ndarray) -> np.ndarray:
    """``float(f"{x:.15g}")`` of every number (Excel's 15 significant digits), by array.

    Each number is scaled by an exact power of ten (``10**k``, ``|k| <= 22``) to 15 digits
    before the point and rounded to an integer N, then scaled back: N and ``10**k`` are
    exact, so the division (or multiplication) rounds once, as ``float()`` of the digits
    does. The scaling itself rounds once, by at most half a unit in the last place, so N is
    right unless the scaled value lies that close to a half; such numbers, and those too
    small, too large or not finite for the scaling, are formatted one by one.
    """
    x = np.asarray(numbers, dtype=float)
    result = x.copy()  # 0 and -0 stay as they are, as "%.15g" keeps them
    size = np.abs(x)
    scalable = np.isfinite(size) & (size >= 1e-8) & (size < 1e36)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        k = np.where(scalable, 14 - np.floor(np.log10(np.where(scalable, size, 1.0))), 0).astype(np.int64)
        scaled = _times_power_of_ten(size, k)
        # log10 may be one off beside a power of ten: move to the decade of 15 digits.
        k += (scaled < 1e14).astype(np.int64) - (scaled >= 1e15).astype(np.int64)
        scaled = _times_power_of_ten(size, k)
        half = np.abs(scaled - np.floor(scaled) - 0.5)
    sure = scalable & (np.abs(k) <= 22) & (scaled > 1e14) & (scaled < 1e15) & (half > 0.5 * np.spacing(scaled))
    digits = np.rint(scaled[sure])
    rounded = np.where(k[sure] >= 0, digits / 10.0 ** np.abs(k[sure]), digits * 10.0 ** np.abs(k[sure]))
    result[sure] = np.copysign(rounded, x[sure])
    others = np.flatnonzero(~sure & (x != 0))
    result[others] = [float(f"{value:.15g}") for value in x[others].tolist()]
    return result


def _times_power_of_ten(size: np.ndarray, k: np.ndarray) -> np.ndarray:
    """``size * 10**k`` rounded once (``10**|k|`` is exact up to ``|k| = 22``)."""
    power = 10.0 ** np.minimum(np.abs(k), 22)
    return np.where(k >= 0, size * power, size / power)


def number_texts(numbers: np.ndarray) -> list[str]:
    """``readers.cell_text`` of every float, by array where Arrow writes the same text (its shortest
    digits, without an exponent from 1e-4 up to 1e10); the others one by one."""
    import pyarrow as pa
    import pyarrow.compute as pc

    x = np.asarray(numbers, dtype=float)
    texts = pc.cast(pa.array(x), pa.string()).to_numpy(zero_copy_only=False).astype(object)
    size = np.abs(x)
    for i in np.flatnonzero(~(((size >= 1e-4) & (size < 1e10)) | (size == 0))).tolist():
        texts[i] = readers.cell_text(float(x[i]))
    return texts.tolist()


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
    significant digits (fifteen_digits) written as ``scaled_text`` writes them, as the
    number's shortest text (number_texts: with 15 digits at most, "%.15g" without an
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
    scaled[finite] = number_texts(fifteen_digits(products))
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
