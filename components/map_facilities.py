"""The facilities on a map: their pickable scatter layers, and facilities at one place
spread apart so each can be seen and clicked."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pydeck as pdk

from components.map_points import RankedPoints
from tmf.i18n import t
from tmf.rank_classes import CLASS_COLORS, RANK_CLASS_LAST

FACILITIES_LAYER = "facilities"
ALL_FACILITIES_LAYER = "all_facilities"  # loaded by address (``facility_layers``)
# From this many facilities on, the facilities' records that stay the same while the
# weights move reach the browser by address, once (``facility_layers``).
POINTS_BY_ADDRESS_FROM = 2_000
JITTER_DEGREES = 0.03  # facilities at exactly one position are spread on a ~3 km circle


def spread_coincident(positions: Sequence[Sequence[float]] | np.ndarray) -> list[list[float]]:
    """Facilities at exactly the same position moved onto a small circle around it, so
    each can be seen and clicked when zoomed in (tooltips keep the stored values)."""
    return spread_array(np.asarray(positions, dtype=float).reshape(-1, 2)).tolist()


def spread_array(xy: np.ndarray) -> np.ndarray:
    """``spread_coincident`` on an (n, 2) array of [lon, lat], by array (no row loop)."""
    if not _coincident(xy):
        return xy.copy()
    frame = pd.DataFrame(xy, columns=["lon", "lat"])
    groups = frame.groupby(["lon", "lat"], sort=False, dropna=False)
    size = groups["lon"].transform("size").to_numpy()
    move = (size > 1) & np.isfinite(xy).all(axis=1)
    if not move.any():
        return xy.copy()
    angle = 2 * np.pi * groups.cumcount().to_numpy()[move] / size[move]
    lon, lat = xy[move, 0], xy[move, 1]
    spread = xy.copy()
    spread[move, 0] = np.round(lon + JITTER_DEGREES * np.cos(angle) / np.cos(np.radians(lat)), 5)
    spread[move, 1] = np.round(lat + JITTER_DEGREES * np.sin(angle), 5)
    return spread


def steady_spread(xy: np.ndarray, ids: pa.Array) -> np.ndarray:
    """``spread_array`` with each facility's place on its circle set by the order of the
    facility ids, not by the rows' order: a facility stays where it is drawn while the
    weights reorder the ranking (and where the map's records loaded by address have it)."""
    if not _coincident(xy):
        return xy.copy()
    order = pc.sort_indices(ids).to_numpy()
    spread = np.empty_like(xy)
    spread[order] = spread_array(xy[order])
    return spread


def _coincident(xy: np.ndarray) -> bool:
    """Whether two finite rows of ``xy`` are equal: one hash of each position as a complex
    number (about half the grouping ``spread_array`` does, which most inventories skip)."""
    finite = xy[np.isfinite(xy).all(axis=1)]
    if len(finite) < 2:
        return False
    key = np.empty(len(finite), dtype=np.complex128)
    key.real, key.imag = finite[:, 0] + 0.0, finite[:, 1] + 0.0  # + 0.0: -0.0 is 0.0, as in a grouping
    return bool(pd.Series(key).duplicated().any())


def facility_layers(records: Sequence[dict], lang: str) -> list[pdk.Layer]:
    """The facilities' pickable scatter layer. From ``POINTS_BY_ADDRESS_FROM`` ranked
    facilities on, two layers: every facility in the last rank class's colour, loaded by
    the browser once by address (``RankedPoints.background``, its tooltip says the rank is
    in that class or below), and over it, sent with every rerun, the facilities of the
    better classes and the selected one with their colours, ranks and scores. A slider
    move then sends a few dozen records instead of every facility."""
    if not isinstance(records, RankedPoints) or len(records) < POINTS_BY_ADDRESS_FROM:
        return [scatter_layer(drawing_order(records), FACILITIES_LAYER)]
    last = len(CLASS_COLORS) - 1
    tail = "\n" + t("maps.rank_or_below", lang, rank=RANK_CLASS_LAST[last - 1] + 1)
    background = records.background(tail)
    ahead = records.take(np.flatnonzero((records.classes < last) | records.chosen))
    style = {"color": list(records.palette[last]), "line": list(records.outline[0]), "radius": records.radius[0]}
    return [
        scatter_layer(background, ALL_FACILITIES_LAYER, **style),
        scatter_layer(drawing_order(ahead), FACILITIES_LAYER),
    ]


def drawing_order(records: Sequence[dict]) -> Sequence[dict]:
    """``records`` (best first, as ranked) in the order deck.gl should draw them: it draws
    a layer's records one over the other, so the worst go first and the best (then the
    selected facility) last, on top where points overlap (the Fergana Valley)."""
    if isinstance(records, RankedPoints):
        return records.take(np.lexsort((-records.ranks, records.chosen)))
    # Records without ranks (hotspots, a facility's map): the small ones under the larger
    # (grey facilities under hotspots, the selected one on top), each size worst first.
    records = list(records)
    order = sorted(range(len(records)), key=lambda i: (float(records[i].get("radius", 0)), -i))
    return [records[i] for i in order]


def scatter_layer(data: object, layer_id: str, color="color", line="line", radius="radius") -> pdk.Layer:
    """A pickable scatter layer of facility records; colour, outline and radius are the
    records' fields (by default) or one value for all."""
    return pdk.Layer(
        "ScatterplotLayer",
        data,
        id=layer_id,
        pickable=True,
        get_position="position",
        get_fill_color=color,
        get_line_color=line,
        get_radius=radius,
        radius_min_pixels=6,
        radius_max_pixels=14,
        stroked=True,
        line_width_min_pixels=1,
    )


def selected_facility(event: object) -> str | None:
    """The facility_id of the point clicked on the map, if any."""
    objects = (getattr(event, "selection", None) or {}).get("objects", {})
    picked = objects.get(FACILITIES_LAYER) or objects.get(ALL_FACILITIES_LAYER) or []
    return picked[0]["facility_id"].lstrip("\u200b") if picked else None
