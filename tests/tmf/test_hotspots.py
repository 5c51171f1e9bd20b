"""tmf.hotspots: the inventory annotated with its traced reach, hotspots listed per affected
country, and the one-sentence reason of each facility in every language.

The traced columns built by array (exposed_countries, countries_disagree) say, facility by
facility, what the plain per-facility rule says: the traced downstream countries, or the
neighbour across the border for a facility flagged only for lying near it; and whether the
hand-entered downstream countries differ from the traced ones as sets. Reason rows are
written here (coordinates of facilities of the illustrative inventory), as in
test_transboundary.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bench.synthetic import synthetic_inventory
from tests.tmf.test_transboundary import FACILITIES, facilities
from tmf.hotspots import annotate_transboundary, by_affected_country, hotspot_reason, hotspot_reasons
from tmf.inventory import load_inventory
from tmf.transboundary import HotspotRule, downstream_paths, load_geodata


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


@pytest.fixture(scope="module")
def traced(geo) -> pd.DataFrame:
    return downstream_paths(facilities(), geo).set_index("facility_id", drop=False)


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


def test_the_reason_is_translated_with_translated_names(traced):
    row = traced.loc["KG-AKTUZ"]
    english, russian, kazakh = (hotspot_reason(row, lang) for lang in ("en", "ru", "kk"))
    assert len({english, russian, kazakh}) == 3
    assert "Kichi-Kemin" in english and "Kazakhstan" in english and "km downstream" in english
    assert "Кичи-Кемин" in russian and "Казахстан" in russian
    assert "Қазақстан" in kazakh


def test_the_reason_of_ridder_reads_like_the_issue_example(traced):
    text = hotspot_reason(traced.loc["KZ-RIDDER"], "en")
    assert text.startswith("On the Ulba, which joins the Irtysh and crosses into Russia ")
    assert "km downstream" in text and text.endswith(".")


def test_the_reason_names_every_country_the_river_reaches_after_its_first_border(traced):
    """Mailuu-Suu's river crosses into Uzbekistan; the Syr Darya then reaches Tajikistan and
    Kazakhstan, under whose headings the facility is listed: the sentence says why."""
    row = traced.loc["KG-MAILUU-3"]
    assert row["affected_countries"] == ("UZ", "TJ", "KZ")
    english, russian = hotspot_reason(row, "en"), hotspot_reason(row, "ru")
    assert "crosses into Uzbekistan" in english and "; then on to Tajikistan, Kazakhstan;" in english
    assert "пересекает границу (Узбекистан)" in russian and "; затем — Таджикистан, Казахстан;" in russian
    # a river that crosses one border names no further country
    assert "then on to" not in hotspot_reason(traced.loc["KG-AKTUZ"], "en")


def test_every_reason_code_renders_in_every_language(geo):
    rows = [
        *FACILITIES,
        ("KZ-TEKELI", 44.86, 78.76, "KZ", "Karatal"),
        ("RU-TOBOLSK", 58.2, 68.25, "RU", "Irtysh"),
        ("KZ-USTYURT", 43.0, 55.95, "KZ", ""),
        ("KZ-NONE", 47.8, 67.71, "KZ", ""),
    ]
    result = downstream_paths(facilities(rows), geo, HotspotRule(max_river_km=300))
    assert set(result["reason_code"]) == {
        "river_crosses_border",
        "near_border",
        "shared_sea",
        "river_crosses_far",
        "endorheic_internal",
        "internal",
        "no_river",
    }
    for _, row in result.iterrows():
        for lang in ("en", "ru", "kk"):
            assert hotspot_reason(row, lang).endswith(".")


def test_hotspots_are_listed_under_each_country_they_could_affect_the_most_named_country_first():
    frame = pd.DataFrame(
        {
            "facility_id": ["A", "B", "C", "D"],
            "transboundary": [True, False, True, True],
            "exposed_countries": ["UZ;KZ", "KZ", "kz", ""],
        }
    )
    listed = by_affected_country(frame)
    # B is no hotspot, D names no country; KZ (A and C) before UZ (A)
    assert listed[["affected", "facility_id"]].values.tolist() == [["KZ", "A"], ["KZ", "C"], ["UZ", "A"]]


def test_no_hotspot_gives_an_empty_list_with_the_affected_column():
    frame = pd.DataFrame({"facility_id": ["A"], "transboundary": [False], "exposed_countries": ["KZ"]})
    listed = by_affected_country(frame)
    assert listed.empty and "affected" in listed.columns


def lake_params(**changes) -> dict:
    """Reason parameters of a facility with no river that drains to a closed lake."""
    params = {
        "river": None,
        "water": "test_lake",
        "water_km": 12,
        "shared_with": [],
        "endorheic": True,
        "crossing_country": None,
        "border_km": 30,
        "max_border_km": 20,
        "max_snap_km": 5,
        "border_country": "CN",
        "names": {"test_lake": {"en": "Lake Test", "ru": "озеро Тест"}, "CN": {"en": "China"}},
    }
    return params | changes


def test_the_reasons_of_a_frame_are_one_sentence_per_row_in_order():
    frame = pd.DataFrame(
        {
            "reason_code": ["no_location", "endorheic_internal", "near_border"],
            "reason_params": [{}, lake_params(), lake_params(border_km=15)],
        }
    )
    assert hotspot_reasons(frame, "en") == [
        "No valid coordinates, so no downstream path.",
        "Drains to Lake Test, 12 km away; a closed basin with no outflow.",
        "Drains to Lake Test, 12 km away; a closed basin with no outflow; 15 km from the border with China.",
    ]
    assert hotspot_reasons(frame.iloc[1:2], "ru") == ["Сток в озеро Тест, 12 км; бессточный водоём."]


def test_a_facility_without_water_in_reach_says_how_far_it_looked():
    row = {"reason_code": "no_river", "reason_params": lake_params(water=None)}
    assert hotspot_reason(row, "en") == "No mapped river, lake or sea within 5 km."
