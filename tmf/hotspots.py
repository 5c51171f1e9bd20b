"""The inventory annotated with its traced transboundary reach, for scoring and display.

The TRI's transboundary criterion reads ``transboundary_class``: here it comes from the
river tracing (tmf.transboundary), not from the hand-entered ``downstream_countries``.
Where the two disagree both are kept (``downstream_countries`` as entered,
``affected_countries`` as traced) and ``countries_disagree`` says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tmf.transboundary import GeoData, HotspotRule, downstream_paths, hotspot_reason, transboundary_class

TRACED_COLUMNS = (
    "transboundary_class",
    "transboundary",
    "affected_countries",
    "exposed_countries",
    "border_km",
    "river_km_to_border",
    "traced_river",
    "river_chain",
    "endpoint",
    "path",
    "reason_code",
    "reason_params",
    "countries_disagree",
)


def _codes(values: object) -> tuple[str, ...]:
    if values is None or (isinstance(values, float) and np.isnan(values)):
        return ()
    return tuple(c.strip().upper() for c in str(values).split(";") if c.strip())


def annotate_transboundary(facilities: pd.DataFrame, geo: GeoData, rule: HotspotRule = HotspotRule()) -> pd.DataFrame:
    """``facilities`` with the columns of ``TRACED_COLUMNS`` added (same index and order).

    affected_countries: traced downstream countries, ``;``-separated in downstream order.
    exposed_countries: the same, or for a facility flagged only because it lies near a
    border, the neighbour across that border (who would be affected).
    """
    paths = downstream_paths(facilities, geo, rule)
    frame = facilities.copy()
    frame["transboundary_class"] = transboundary_class(paths)
    frame["transboundary"] = paths["transboundary"].astype(bool)
    frame["affected_countries"] = [";".join(codes) for codes in paths["affected_countries"]]
    exposed = []
    for codes, code, params in zip(
        paths["affected_countries"], paths["reason_code"], paths["reason_params"], strict=True
    ):
        near = code == "near_border" and params.get("border_country")
        exposed.append(";".join(codes) if codes or not near else params["border_country"])
    frame["exposed_countries"] = exposed
    for column in ("border_km", "river_km_to_border", "traced_river", "river_chain", "endpoint", "path"):
        frame[column] = paths[column]
    frame["reason_code"] = paths["reason_code"]
    frame["reason_params"] = paths["reason_params"]
    entered = facilities.get("downstream_countries", pd.Series(None, index=facilities.index))
    frame["countries_disagree"] = [
        set(_codes(hand)) != set(_codes(traced))
        for hand, traced in zip(entered, frame["affected_countries"], strict=True)
    ]
    return frame


def hotspot_reasons(frame: pd.DataFrame, lang: str) -> list[str]:
    """The one-sentence reason of every row of an annotated frame, in ``lang``."""
    return [hotspot_reason(row, lang) for row in frame[["reason_code", "reason_params"]].to_dict("records")]


def by_affected_country(frame: pd.DataFrame) -> pd.DataFrame:
    """Hotspots listed once per country they could affect (``affected`` column), keeping
    the input order within each country; countries with the most hotspots first."""
    hotspots = frame[frame["transboundary"]]
    rows = [(code, index) for index, codes in hotspots["exposed_countries"].items() for code in _codes(codes)]
    if not rows:
        return hotspots.assign(affected=pd.Series(dtype=object)).iloc[0:0]
    affected = pd.DataFrame(rows, columns=["affected", "position"])
    exploded = hotspots.loc[affected["position"]].assign(affected=affected["affected"].to_numpy())
    counts = exploded["affected"].value_counts()
    order = exploded["affected"].map(lambda code: (-counts[code], code))
    exploded = exploded.assign(_order=order.to_numpy(), _within=np.arange(len(exploded)))
    return exploded.sort_values(["_order", "_within"]).drop(columns=["_order", "_within"])
