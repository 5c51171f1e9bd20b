"""tmf.register_numbers: Excel's 15 significant digits by array (fifteen_digits), the shortest
texts of numbers (number_texts) and the unit columns' scaled texts (scaled_texts) give exactly
what the plain per-value code gives, on random numbers and on the edges: halves at the 15th
digit, powers of ten, nines that round up a decade, the smallest and largest floats, zeros,
infinities and NaN; and known answers for single cells."""

import random

import numpy as np
import pytest

from tmf.readers import cell_text
from tmf.register_numbers import fifteen_digits, number_texts, scaled_text, scaled_texts


def per_value(numbers: np.ndarray) -> np.ndarray:
    return np.array([float(f"{x:.15g}") for x in numbers.tolist()])


def same_floats(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal bit for bit (so -0.0 differs from 0.0), NaN equal to NaN."""
    return bool(np.all((a.view(np.int64) == b.view(np.int64)) | (np.isnan(a) & np.isnan(b))))


def edge_numbers() -> np.ndarray:
    rng = random.Random(15)
    halves = []
    for _ in range(20_000):  # the 16th digit a 5, exactly or one float either side
        digits = f"{rng.randint(10**14, 10**15 - 1)}5{rng.choice(['', '0', '00000001', '4999999'])}"
        tie = float(f"{digits[0]}.{digits[1:]}e{rng.randint(-12, 40)}")
        halves += [tie, np.nextafter(tie, np.inf), np.nextafter(tie, -np.inf)]
    powers = [float(f"1e{e}") for e in range(-330, 309)]
    powers += [np.nextafter(p, q) for p in powers for q in (0.0, np.inf)]
    nines = [float(f"{'9' * n}e{e}") for n in range(14, 19) for e in range(-30, 30)]
    special = [9.9999999999999995, 0.30000000000000004, 5.0000000000000005, 999999999999999.5, 9999999999999999.0]
    special += [0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308]
    special += [1e-8, 1e36, 9.999999999999999e35, 1e-4, 1e10]
    numbers = np.array(halves + powers + nines + special)
    return np.concatenate([numbers, -numbers])


def random_numbers() -> np.ndarray:
    rng = np.random.default_rng(15)
    return np.concatenate(
        [
            rng.uniform(38, 54, 50_000),  # coordinates with 16-17 digits, as the synthetic files
            rng.uniform(-180, 180, 50_000),
            10 ** rng.uniform(-12, 40, 100_000),
            rng.integers(-(2**62), 2**62, 100_000).view(np.float64),  # any float at all
        ]
    )


@pytest.mark.parametrize("numbers", [edge_numbers(), random_numbers()], ids=["edges", "random"])
def test_fifteen_digits_by_array_equal_the_per_value_format(numbers):
    assert same_floats(fifteen_digits(numbers), per_value(numbers))


def test_number_texts_equal_cell_text_of_each_number():
    numbers = np.concatenate([per_value(random_numbers()), edge_numbers(), [123.0, 12500.0, 0.0001, 1e-5]])
    assert number_texts(numbers) == [cell_text(x) for x in numbers.tolist()]


def random_decimal_texts(count: int) -> list[str]:
    rng = random.Random(16)
    texts = []
    for _ in range(count):
        whole = str(rng.randint(0, 10 ** rng.randint(1, 22) - 1))
        fraction = "".join(rng.choice("0123456789") for _ in range(rng.choice([0, 0, rng.randint(1, 25)])))
        texts.append(("-" if rng.random() < 0.3 else "") + whole + (f".{fraction}" if fraction else ""))
    return texts


@pytest.mark.parametrize("factor", [1.0, 1000.0, 0.001, 1e6, 1 / 3, 1e300])
def test_scaled_texts_of_a_column_equal_scaling_each_cell(factor):
    others = ["", "abc", "12,5", "1 000", "1e5", "1,5e3", "2021-03-04", "9" * 400, "-" + "9" * 400, "-0", "0.000"]
    others += ["١٢٣", "1\n2", "12\n", "+5", ".5", "5.", "1_000", "−5", "５"]
    others += ["9.9999999999999995", "999999999999999.5", "0.00009999999999999999"]
    texts = random_decimal_texts(30_000) + others
    assert scaled_texts(texts, factor).tolist() == [scaled_text(text, factor) for text in texts]


def test_fifteen_digits_rounds_as_excel_keeps_a_number():
    numbers = np.array([0.1 + 0.2, 1 / 3, -2 / 3, 0.0])
    assert fifteen_digits(numbers).tolist() == [0.3, 0.333333333333333, -0.666666666666667, 0.0]


def test_number_texts_are_the_shortest_digits_without_a_trailing_point_zero():
    numbers = np.array([12500.0, 0.5, 3.0, 1e-5, 1e12])
    assert number_texts(numbers) == ["12500", "0.5", "3", "0.00001", "1000000000000"]


def test_a_cell_in_thousands_is_scaled_to_the_fields_unit_and_text_that_is_no_number_stays():
    assert scaled_text("12,5", 1000) == "12500"
    assert scaled_text("1 000,5", 1000) == "1000500"
    assert [scaled_text(text, 1000) for text in ("abc", "", "2021-03-04", "inf")] == ["abc", "", "2021-03-04", "inf"]
    assert scaled_texts(["12.5", "", "abc", "0.001"], 1000).tolist() == ["12500", "", "abc", "1"]
