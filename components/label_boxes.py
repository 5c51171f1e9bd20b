"""Boxes in pixels that labels take on a map: how much of one lies under others, and a box
moved to a point. Rows of x0, y0, x1, y1 in Web Mercator px (y down, components.map_view);
the label modules (country_names, city_names, map_labels) place names and numbers with them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# Around a facility at (0, 0), in px (y down; x0, y0, x1, y1): its dot (6 px and its outline)
# and its rank number (14 px bold at offset [9, -9], two digits).
FACILITY_BOXES = ((-7.0, -7.0, 7.0, 7.0), (6.0, -17.0, 28.0, -1.0))


def covered_areas(obstacles: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Px² of each of ``boxes`` (rows) lying under ``obstacles`` (rows of x0, y0, x1, y1)."""
    wide = np.minimum(obstacles[:, 2], boxes[:, 2, None]) - np.maximum(obstacles[:, 0], boxes[:, 0, None])
    tall = np.minimum(obstacles[:, 3], boxes[:, 3, None]) - np.maximum(obstacles[:, 1], boxes[:, 1, None])
    return (np.clip(wide, 0, None) * np.clip(tall, 0, None)).sum(axis=1)


def overlap(obstacles: np.ndarray, box: Sequence[float]) -> float:
    """Px² of ``box`` (x0, y0, x1, y1) lying under ``obstacles`` (rows of x0, y0, x1, y1)."""
    return float(covered_areas(obstacles, np.asarray(box, dtype=float).reshape(1, 4))[0])


def boxes_around(points: np.ndarray, box: Sequence[float]) -> np.ndarray:
    """``box`` (x0, y0, x1, y1 around (0, 0)) moved to each of ``points`` (px rows)."""
    return np.column_stack([points[:, 0] + box[0], points[:, 1] + box[1], points[:, 0] + box[2], points[:, 1] + box[3]])


def moved(box: Sequence[float], x: float, y: float) -> tuple[float, float, float, float]:
    """``box`` (x0, y0, x1, y1 around (0, 0)) around (``x``, ``y``)."""
    return (x + box[0], y + box[1], x + box[2], y + box[3])
