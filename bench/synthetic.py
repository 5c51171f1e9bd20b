"""Synthetic inventories for benchmarks: plausible value ranges, reproducible by seed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tmf.inventory import COLUMN_NAMES


def synthetic_inventory(n: int, seed: int = 1) -> pd.DataFrame:
    """``n`` facilities in the inventory schema, spread over Central Asia."""
    rng = np.random.default_rng(seed)

    def pick(values: list[str], missing: float = 0.1) -> np.ndarray:
        chosen = rng.choice(np.array(values, dtype=object), n)
        chosen[rng.random(n) < missing] = None
        return chosen

    frame = pd.DataFrame(
        {
            "facility_id": [f"SY-{i:07d}" for i in range(n)],
            "name": [f"Synthetic TMF {i}" for i in range(n)],
            "country": rng.choice(["KZ", "KG", "TJ", "UZ"], n),
            "latitude": rng.uniform(38, 54, n),
            "longitude": rng.uniform(50, 85, n),
            "status": pick(["active", "inactive", "closed", "abandoned", "remediated"], 0),
            "commodity": pick(["U", "Cu", "Au", "Pb-Zn"], 0),
            "volume_m3": np.where(rng.random(n) < 0.1, np.nan, 10 ** rng.uniform(4, 9, n)),
            "hazard_class_wgk": np.where(rng.random(n) < 0.2, np.nan, rng.integers(0, 4, n)),
            "management": pick(["managed", "deficient", "abandoned"]),
            "flood_hazard": pick(["none", "moderate", "high"]),
            "seismic_pga_g": rng.uniform(0, 0.6, n),
            "dam_condition": pick(["adequate", "doubtful", "deficient", "unknown"]),
            "population_downstream": rng.integers(0, 50_000, n).astype(float),
            "distance_to_water_km": rng.uniform(0, 20, n),
            "protected_area_downstream": pick(["yes", "no"]),
            "downstream_countries": pick(["", "UZ", "KZ", "RU"], 0),
            "source": "synthetic",
            "confidence": "low",
        }
    )
    return frame.reindex(columns=list(COLUMN_NAMES))
