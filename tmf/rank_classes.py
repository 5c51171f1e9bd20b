"""Colour classes of rank, one source for the dashboard's maps and the briefing's map.

Classes go by rank VALUE (the rank column, where ties share a rank), so tied facilities
always share a colour: ranks 1-5, 6-10, 11-20, 21 and below. The method publishes no THI
class limits (docs/methodology.md); these classes match the "top 5 / top 10 / top 20" a
working group discusses. Colours: ColorBrewer YlOrRd (sequential, colour-blind safe),
darkest for the top ranks.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tmf.i18n import format_number, t

RANK_CLASS_LAST: tuple[int | None, ...] = (5, 10, 20, None)
CLASS_COLORS: tuple[tuple[int, int, int], ...] = (
    (189, 0, 38),
    (240, 59, 32),
    (253, 141, 60),
    (254, 204, 92),
)


def rank_classes(ranks: Sequence[int] | np.ndarray) -> np.ndarray:
    """Class index (0: ranks 1-5 ... 3: rank 21 or below) of each rank value."""
    upper = np.array([last for last in RANK_CLASS_LAST if last is not None])
    return np.searchsorted(upper, np.asarray(ranks, dtype=float), side="left")


def class_range(klass: int, ranks: np.ndarray) -> tuple[int, int]:
    """First and last rank of a class among ``ranks`` (the last class ends at the worst rank)."""
    first = 1 if klass == 0 else RANK_CLASS_LAST[klass - 1] + 1
    last = RANK_CLASS_LAST[klass]
    return first, int(ranks.max()) if last is None else min(last, int(ranks.max()))


def class_labels(ranks: Sequence[int] | np.ndarray, lang: str) -> list[tuple[int, str]]:
    """(class, "ranks 6–10") for each class present among ``ranks``, best class first."""
    ranks = np.asarray(ranks)
    if not len(ranks):
        return []
    labels = []
    for klass in sorted(set(rank_classes(ranks).tolist())):
        first, last = class_range(klass, ranks)
        first_text, last_text = format_number(first, lang), format_number(last, lang)  # 30 000, not 30000
        label = (
            t("maps.rank", lang, rank=first_text)
            if first == last
            else t("maps.ranks", lang, first=first_text, last=last_text)
        )
        labels.append((klass, label))
    return labels
