"""The inventory's traced columns built by array (exposed_countries, countries_disagree)
say, facility by facility, what the plain per-facility rule says: the traced downstream
countries, or the neighbour across the border for a facility flagged only for lying near
it; and whether the hand-entered downstream countries differ from the traced ones as sets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import synthetic_inventory
from tmf.hotspots import annotate_transboundary
from tmf.inventory import load_inventory
from tmf.transboundary import load_geodata


def codes(values: object) -> set[str]:
    if values is None or (isinstance(values, float) and np.isnan(values)):
        return set()
    return {c.strip().upper() for c in str(values).split(";") if c.strip()}


def exposed_by_row(frame: pd.DataFrame) -> list[str]:
    exposed = []
    for affected, code, params in zip(
        frame["affected_countries"], frame["reason_code"], frame["reason_params"], strict=True
    ):
        near = code == "near_border" and params.get("border_country")
        exposed.append(affected if affected or not near else params["border_country"])
    return exposed


@pytest.fixture(scope="module")
def geo():
    return load_geodata()


@pytest.mark.parametrize(
    "facilities", [load_inventory(), synthetic_inventory(3_000, seed=5)], ids=["illustrative", "synthetic"]
)
def test_exposed_and_disagreeing_countries_match_the_per_facility_rule(facilities, geo):
    frame = annotate_transboundary(facilities, geo)
    assert frame["exposed_countries"].tolist() == exposed_by_row(frame)
    pairs = zip(facilities["downstream_countries"], frame["affected_countries"], strict=True)
    expected = [codes(hand) != codes(traced) for hand, traced in pairs]
    assert frame["countries_disagree"].tolist() == expected
    # Both answers occur, so the comparison above checks each.
    assert frame["countries_disagree"].any() and not frame["countries_disagree"].all()


def test_a_near_border_facility_without_a_river_exposes_its_neighbour(geo):
    facilities = synthetic_inventory(3_000, seed=5)
    frame = annotate_transboundary(facilities, geo)
    near = frame[(frame["reason_code"] == "near_border") & (frame["affected_countries"] == "")]
    assert len(near)
    neighbours = [params["border_country"] for params in near["reason_params"]]
    assert near["exposed_countries"].tolist() == neighbours


def test_a_blank_entry_disagrees_only_with_a_traced_country(geo):
    facilities = load_inventory().head(1).assign(downstream_countries=None)
    frame = annotate_transboundary(facilities, geo)
    assert frame["countries_disagree"].iat[0] == bool(frame["affected_countries"].iat[0])
