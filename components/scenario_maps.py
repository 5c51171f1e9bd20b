"""pydeck builders (pure) for scenarios: rank change between two weightings, and the
probability of being in the top N. Same offline basemap and view as components.maps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pydeck as pdk

from components.maps import deck_text, points_deck
from tmf.i18n import format_number, t

UP, DOWN, SAME = (26, 152, 80), (215, 48, 39), (150, 150, 150)
# P(top N) classes, from almost certain to unlikely: (lower bound, colour, markdown colour).
PROBABILITY_CLASSES: tuple[tuple[float, tuple[int, int, int], str], ...] = (
    (0.9, (200, 30, 30), "red"),
    (0.5, (240, 120, 30), "orange"),
    (0.1, (235, 190, 40), "yellow"),
    (0.0, (70, 120, 190), "blue"),
)
RADIUS, LARGE_RADIUS = 9_000, 16_000


def _record(row: pd.Series, color: tuple[int, int, int], radius: float, tooltip: str) -> dict:
    return {
        "facility_id": deck_text(row["facility_id"]),
        "position": [float(row["longitude"]), float(row["latitude"])],
        "color": [*color, 235],
        "line": [255, 255, 255],
        "radius": radius,
        "tooltip": deck_text(tooltip),
    }


def rank_change_deck(comparison: pd.DataFrame, base: Sequence[pdk.Layer], lang: str) -> pdk.Deck:
    """Facilities coloured by places moved from A to B (green up, red down, grey same),
    larger the more they moved. comparison: tmf.comparison.compare_rankings."""
    largest = max(int(comparison["moved"].max()), 1) if len(comparison) else 1
    records = []
    for _, row in comparison.iterrows():
        change = int(row["change"])
        color = UP if change > 0 else DOWN if change < 0 else SAME
        radius = RADIUS + (LARGE_RADIUS - RADIUS) * abs(change) / largest
        tooltip = t(
            "scenarios.map_tooltip",
            lang,
            name=row["name"],
            rank_a=int(row["rank_a"]),
            rank_b=int(row["rank_b"]),
            change=f"{change:+d}",
        )
        records.append(_record(row, color, radius, tooltip))
    return points_deck(records, base)


def probability_class(p_top: np.ndarray) -> np.ndarray:
    """Index in PROBABILITY_CLASSES of each probability (0: at least 0.9)."""
    bounds = np.array([low for low, _, _ in PROBABILITY_CLASSES])
    return np.argmax(np.asarray(p_top)[:, None] >= bounds[None, :], axis=1)


def probability_deck(table: pd.DataFrame, facilities: pd.DataFrame, base: Sequence[pdk.Layer], lang: str) -> pdk.Deck:
    """Facilities coloured by their probability of being in the top N.

    table: tmf.robustness.RobustnessResult.table; facilities: the inventory (positions).
    """
    rows = table.merge(facilities[["facility_id", "latitude", "longitude"]], on="facility_id", how="left")
    classes = probability_class(rows["p_top"].to_numpy())
    records = []
    for (_, row), klass in zip(rows.iterrows(), classes, strict=True):
        tooltip = t(
            "robustness.map_tooltip",
            lang,
            name=row["name"],
            p_top=format_number(100 * row["p_top"], lang),
            p05=int(row["rank_p05"]),
            p95=int(row["rank_p95"]),
        )
        records.append(_record(row, PROBABILITY_CLASSES[klass][1], RADIUS, tooltip))
    return points_deck(records, base)


def probability_legend(top: int, lang: str) -> str:
    """The colour legend of probability_deck as Streamlit markdown (our text only)."""
    parts = [f":{color}[●] {t(f'robustness.legend_{i}', lang)}" for i, (_, _, color) in enumerate(PROBABILITY_CLASSES)]
    return t("robustness.legend", lang, top=top) + " " + " · ".join(parts)
