"""The one pipeline, and the current view.

``screen`` turns an inventory into a scored inventory: it traces each facility's
transboundary reach (the TRI's transboundary criterion reads it), then computes every
criterion's sub-score. The app (once per data version), the command line and the check of
an admin's candidate profile all call it, so they score the same inputs.

``current_view`` turns a scored inventory and a view (filters, weights, index: what a link
reproduces) into what every output shows: the ranked facilities and what moved against the
official weighting. The Ranking page, the briefing and the presentation call it and only draw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tmf.geodata import GeoData
from tmf.hotspots import annotate_transboundary
from tmf.methodology import Profile
from tmf.ranking import ScoredInventory, rank, score_inventory, subset
from tmf.transboundary import HotspotRule
from tmf.view import FILTERS, View

MOVE_COLUMNS = ("facility_id", "name", "name_ru", "name_kk", "official_rank", "rank", "change")


def screen(
    facilities: pd.DataFrame,
    profile: Profile,
    geodata: GeoData,
    rule: HotspotRule = HotspotRule(),
    details: bool = True,
) -> ScoredInventory:
    """Trace the transboundary reach of every facility with ``rule``, then score them.
    Without ``details`` the paths and reasons' parameters are left None (the command line
    traces again the few facilities it writes: tmf.transboundary.downstream_paths)."""
    return score_inventory(annotate_transboundary(facilities, geodata, rule, details), profile)


def filter_mask(facilities: pd.DataFrame, chosen: Mapping[str, Sequence[str]]) -> np.ndarray:
    """True for facilities that pass every non-empty filter (country, status, commodity)."""
    mask = np.ones(len(facilities), dtype=bool)
    for name, values in chosen.items():
        if values:
            mask &= facilities[name].isin(list(values)).to_numpy()
    return mask


@dataclass(frozen=True, eq=False)
class CurrentView:
    """What a view shows: the facilities that pass its filters, ranked with its weights."""

    shown: ScoredInventory  # the filtered facilities, ranked among themselves
    ranked: pd.DataFrame  # tmf.ranking.rank of ``shown``: best first, with official_rank
    weights: Mapping[str, float]  # every criterion's weight (defaults filled in)
    index: str

    @property
    def reweighted(self) -> bool:
        """True when a weight differs from the official weighting."""
        defaults = self.shown.profile.default_weights
        return any(self.weights[key] != value for key, value in defaults.items())

    def moves(self, top: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The facilities that entered the top ``top`` and those that left it, against the
        official weighting of the same facilities (columns MOVE_COLUMNS; ``change`` is
        "entered" or "left"), each ordered by the rank that puts it in the top."""
        ranked = self.ranked.reindex(columns=[c for c in MOVE_COLUMNS if c != "change"])
        entered = ranked[(ranked["rank"] <= top) & (ranked["official_rank"] > top)].sort_values("rank")
        left = ranked[(ranked["rank"] > top) & (ranked["official_rank"] <= top)].sort_values("official_rank")
        return entered.assign(change="entered"), left.assign(change="left")


def current_view(scored: ScoredInventory, view: View, columns: Sequence[str] | None = None) -> CurrentView:
    """The view's filters, weights and index applied to ``scored``.

    With no filter set the inventory is ranked as it is (no copy). The weights of the view
    override the profile's defaults; criteria it does not name keep them. ``columns``: the
    columns of the ranked frame (``tmf.ranking.rank``; default all).
    """
    chosen = {name: getattr(view, name) for name in FILTERS}
    shown = scored
    if any(chosen.values()):
        shown = subset(scored, filter_mask(scored.facilities, chosen))
    weights = dict(scored.profile.default_weights) | view.weight_map()
    return CurrentView(shown, rank(shown, weights, view.index, columns), weights, view.index)
