"""pydeck builders (pure) for scenarios: rank change between two weightings, and the
probability of being in the top N. Same offline basemap, labels and legend as components.maps."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pydeck as pdk

from components.map_labels import LegendEntry
from components.maps import CLASS_COLORS, deck_text, points_deck
from tmf.i18n import format_number, t

# Okabe-Ito vermillion and blue (colour-blind safe; not red against green).
UP, DOWN, SAME = (213, 94, 0), (0, 114, 178), (150, 150, 150)
# P(top N) classes, from almost certain to unlikely: (lower bound, colour), in the
# sequential palette of the rank classes (darkest: most likely in the top N).
PROBABILITY_CLASSES: tuple[tuple[float, tuple[int, int, int]], ...] = (
    (0.9, CLASS_COLORS[0]),
    (0.5, CLASS_COLORS[1]),
    (0.1, CLASS_COLORS[2]),
    (0.0, CLASS_COLORS[3]),
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


def rank_change_deck(
    comparison: pd.DataFrame, geo: Mapping[str, dict | None], lang: str, region: str = "all"
) -> pdk.Deck:
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
    legend = [
        LegendEntry(t("scenarios.map_up", lang), UP),
        LegendEntry(t("scenarios.map_down", lang), DOWN),
        LegendEntry(t("scenarios.map_same", lang), SAME),
    ]
    return points_deck(records, geo, lang, legend=(t("scenarios.map_title", lang), legend), region=region)


def probability_class(p_top: np.ndarray) -> np.ndarray:
    """Index in PROBABILITY_CLASSES of each probability (0: at least 0.9)."""
    bounds = np.array([low for low, _ in PROBABILITY_CLASSES])
    return np.argmax(np.asarray(p_top)[:, None] >= bounds[None, :], axis=1)


def probability_deck(
    table: pd.DataFrame,
    facilities: pd.DataFrame,
    geo: Mapping[str, dict | None],
    lang: str,
    top: int,
    region: str = "all",
) -> pdk.Deck:
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
    legend = [LegendEntry(t(f"robustness.legend_{i}", lang), color) for i, (_, color) in enumerate(PROBABILITY_CLASSES)]
    return points_deck(records, geo, lang, legend=(t("robustness.map_title", lang, top=top), legend), region=region)
