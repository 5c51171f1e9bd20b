"""Notes on a register's validated rows that do not refuse it: a facility that lies outside
its country (latitude and longitude swapped, a typing slip) and a text cell a spreadsheet
would run as a formula (kept as written). Twenty of each by row, the rest counted.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tmf.geo_layers import layer_bounds, layer_features
from tmf.inventory import COLUMNS
from tmf.problems import Problem

PLACE_MARGIN_DEG = 0.5  # a facility this far outside its country's box is only said, not refused
PLACES_NOTED = 20  # facilities outside their country noted one by one; the others counted


def shortened(text: str, limit: int = 80) -> str:
    """A cell quoted in a note: its first ``limit`` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def formula_like_notes(typed: pd.DataFrame, fields: Mapping[str, str]) -> list[Problem]:
    """A note for each text cell a spreadsheet would run (starting with + - @, a tab or a
    CR; "=" is refused): it is stored as written, and every table this dashboard writes
    shows it as text. Twenty by name, the rest counted. ``fields``: field -> header as written."""
    found = []
    for column in COLUMNS:
        if column.kind != "text" or column.name not in typed.columns:
            continue
        cells = typed[column.name]
        texts = cells[cells.notna()]
        if texts.empty:
            continue
        # by array (a register of 100,000 rows has a million text cells)
        risky = pc.match_substring_regex(pa.array(texts.astype(str).tolist(), pa.string()), r"^[+\-@\t\r]")
        for i in np.flatnonzero(risky.to_numpy(zero_copy_only=False)).tolist():
            found.append((int(typed["row"].at[texts.index[i]]), column.name, str(texts.iat[i])))
    notes = []
    for row, name, value in sorted(found)[:PLACES_NOTED]:
        params = {"value": shortened(value, 40), "first": value[:1].strip() or "⇥"}
        notes.append(Problem("registers.formula_like_kept", params, row=row, column=fields.get(name, name)))
    if len(found) > PLACES_NOTED:
        notes.append(Problem("registers.formula_like_more", {"count": len(found) - PLACES_NOTED}))
    return notes


def outside_country_notes(
    typed: pd.DataFrame, written: pd.DataFrame, fields: Mapping[str, str], data_row: int
) -> list[Problem]:
    """A note for each facility that lies outside its country (beyond a margin of the
    country's bounding box, for the countries the offline map holds whole): latitude and
    longitude swapped, or a typing slip ("151,14" for "51,14"); the point as ``written``
    (the rows as read, the first at Excel row ``data_row``)."""
    if typed.empty or not {"latitude", "longitude", "country"} <= set(typed.columns):
        return []
    codes = typed["country"].to_numpy(dtype=object)
    lat, lon = typed["latitude"].to_numpy(dtype=float), typed["longitude"].to_numpy(dtype=float)
    rows = typed["row"].to_numpy()
    m = PLACE_MARGIN_DEG
    outside = np.zeros(len(typed), dtype=bool)
    for code, (west, south, east, north) in _whole_country_boxes().items():
        mine = codes == code
        if mine.any():
            inside = (lon >= west - m) & (lon <= east + m) & (lat >= south - m) & (lat <= north + m)
            outside |= mine & ~inside & np.isfinite(lat) & np.isfinite(lon)
    found = np.flatnonzero(outside).tolist()
    column = fields.get("latitude", "latitude")
    notes = []
    for i in found[:PLACES_NOTED]:
        position = int(rows[i]) - data_row
        params = {
            "country": Problem(f"countries.{codes[i]}"),
            "lat": written["latitude"].iat[position],
            "lon": written["longitude"].iat[position],
        }
        notes.append(Problem("registers.outside_country", params, row=int(rows[i]), column=column))
    if len(found) > PLACES_NOTED:
        notes.append(Problem("registers.outside_country_more", {"count": len(found) - PLACES_NOTED}))
    return notes


@functools.cache
def _whole_country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """ISO code -> (west, south, east, north) of each country the offline map holds whole
    (not cut by the map's own bounds, as Russia and China are)."""
    features = layer_features("countries")
    if not features:
        return {}
    edges = layer_bounds(features)
    boxes = {}
    for feature in features:
        box = layer_bounds([feature])
        if all(abs(a - b) > 1e-6 for a, b in zip(box, edges, strict=True)):
            boxes[feature["properties"]["iso2"]] = box
    return boxes
