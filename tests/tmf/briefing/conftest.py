"""Fixtures of the briefing tests: the geodata, the small inventory (seven facilities of the
illustrative one) and the whole illustrative inventory scored, and the Kazakh reweighted PDF."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.tmf.briefing.helpers import (
    FACILITIES,
    briefing_of,
)
from tmf.briefing import to_pdf
from tmf.hotspots import annotate_transboundary
from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.ranking import score_inventory
from tmf.transboundary import load_geodata


@pytest.fixture(scope="module")
def geo():
    return load_geodata()


@pytest.fixture(scope="module")
def small_inventory() -> pd.DataFrame:
    inventory = load_inventory()
    return inventory[inventory["facility_id"].isin(FACILITIES)].reset_index(drop=True)


@pytest.fixture(scope="module")
def scored(small_inventory, geo):
    return score_inventory(annotate_transboundary(small_inventory, geo), load_profile())


@pytest.fixture(scope="module")
def full_scored(geo):
    return score_inventory(annotate_transboundary(load_inventory(), geo), load_profile())


@pytest.fixture(scope="module")
def kazakh_reweighted_pdf(full_scored, geo) -> tuple:
    """The reviewer's case: Kazakh, flood 2 and seismic 0, top 10 by THI (ties at 9)."""
    briefing = briefing_of(full_scored, {"flood": 2.0, "seismic": 0.0}, "thi", 10, "kk", None, geo)
    return briefing, to_pdf(briefing)
