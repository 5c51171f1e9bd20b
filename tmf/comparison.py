"""Two weightings side by side: each facility's rank under both and how far it moved."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from tmf.ranking import ScoredInventory, rank_positions, weight_vector


def compare_rankings(
    scored: ScoredInventory,
    weights_a: Mapping[str, float] | None,
    index_a: str,
    weights_b: Mapping[str, float] | None,
    index_b: str,
) -> pd.DataFrame:
    """Ranks of every facility under weighting A and weighting B.

    Columns: facility_id, name, country, latitude, longitude, rank_a, rank_b, change
    (rank_a - rank_b: positive means higher concern under B) and moved (|change|). Rows
    from the largest move to the smallest, then by rank under B (ties by facility_id).
    """
    profile = scored.profile
    _, rank_a = rank_positions(scored.sub_scores @ weight_vector(profile, weights_a, index_a), scored.tie_order)
    _, rank_b = rank_positions(scored.sub_scores @ weight_vector(profile, weights_b, index_b), scored.tie_order)
    frame = scored.facilities
    table = pd.DataFrame(
        {
            "facility_id": frame["facility_id"],
            "name": frame["name"],
            "country": frame["country"],
            "latitude": frame["latitude"],
            "longitude": frame["longitude"],
            "rank_a": rank_a,
            "rank_b": rank_b,
            "change": rank_a - rank_b,
        }
    )
    table["moved"] = np.abs(table["change"])
    order = np.lexsort((scored.tie_order, rank_b, -table["moved"].to_numpy()))
    return table.take(order).reset_index(drop=True)
