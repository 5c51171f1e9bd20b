"""What a measure buys: declared effects change exactly their sub-scores; ranks equal re-ranking."""

import numpy as np
import pytest

from tests.tmf.test_uncertainty import scored_of
from tmf.checklist import load_checklist
from tmf.inventory import load_inventory
from tmf.measures import (
    apply_measures,
    listed_measures,
    load_effects,
    measure_table,
    parse_effects,
    safety_after,
)
from tmf.methodology import load_profile
from tmf.problems import ProblemError
from tmf.ranking import rank, score_inventory

PROFILE = load_profile()
EFFECTS = load_effects(PROFILE)
SCORED = score_inventory(load_inventory(), PROFILE)


def test_the_catalogue_declares_provisional_effects_on_ranking_inputs_only():
    assert EFFECTS["m_dam_repair"].effects == {"dam_condition": "adequate"}
    assert all(
        e.provenance == "provisional" and e.source and e.cost in ("low", "medium", "high") for e in EFFECTS.values()
    )
    assert "m_sampling" not in EFFECTS  # sampling informs; it lowers no hazard


def test_an_effect_on_a_value_the_profile_cannot_score_is_refused():
    with pytest.raises(ProblemError, match="m_x"):
        parse_effects({"measures": [{"key": "m_x", "effects": {"dam_condition": "splendid"}}]}, PROFILE)


def test_a_dam_repair_changes_exactly_the_dam_sub_score_by_the_profiles_amount():
    scored = scored_of({"dam_condition": "deficient"}, {"dam_condition": "doubtful", "volume_m3": 2e6})
    after = apply_measures(scored, {"A": ["m_dam_repair"]}, EFFECTS)
    changed = after.sub_scores - scored.sub_scores
    dam = PROFILE.keys.index("dam")
    assert changed[0, dam] == -2.0  # deficient (2) -> adequate (0)
    assert np.count_nonzero(changed) == 1


def test_a_measure_never_makes_a_facility_look_worse():
    scored = scored_of({"dam_condition": "adequate"})
    after = apply_measures(scored, {"A": ["m_drainage"]}, EFFECTS)  # drainage: at best doubtful
    assert (after.sub_scores == scored.sub_scores).all()


def test_the_new_rank_equals_re_ranking_the_edited_inventory():
    table = measure_table(SCORED, None, "thi", EFFECTS)
    for row in table.itertuples():
        if row.score_reduction > 0:
            ranked = rank(apply_measures(SCORED, {row.facility_id: [row.measure]}, EFFECTS), None, "thi")
            new = ranked.set_index("facility_id").loc[row.facility_id]
            assert (new["rank"], new["score"]) == pytest.approx((row.new_rank, row.new_score))
    assert table["score_reduction"].is_monotonic_decreasing


def test_the_measure_that_lifts_a_facility_past_its_neighbour_comes_first():
    # A leads B by 0.08 only through its deficient dam (2 against 1) less its managed operation.
    scored = scored_of({"dam_condition": "deficient", "management": "managed", "volume_m3": 1.2e6}, {})
    table = measure_table(scored, None, "thi", EFFECTS, facility_ids=["A"])
    first = table.iloc[0]
    assert (first.measure, first.score_reduction, first["rank"], first.new_rank, first.places_gained) == (
        "m_dam_repair",
        2.0,
        1,
        2,
        1,
    )
    assert set(table["measure"]) == set(EFFECTS)
    assert table.set_index("measure").loc["m_manual", "score_reduction"] == 0  # A is already managed


def test_a_done_measure_answers_its_questions_yes_and_raises_the_safety_level():
    checklist = load_checklist()
    answers = {"dam_deformation": {"answer": "no", "evidence": "documented"}}
    before, after = safety_after(checklist, answers, []), safety_after(checklist, answers, ["m_dam_repair"])
    assert after.overall > before.overall
    assert after.answered == before.answered + 1  # dam_erosion answered, dam_deformation changed


def test_a_facility_lists_the_measures_with_effects_then_those_answering_its_gaps():
    checklist = load_checklist()
    with_effects = ["m_manual", "m_dam_repair", "m_drainage", "m_spillway", "m_owner"]
    assert list(EFFECTS) == with_effects
    assert listed_measures(checklist, EFFECTS, None) == with_effects  # no checklist: no gaps known
    # doc_permit is answered only by m_register, env_toxic by m_sampling and m_detoxify,
    # dam_seepage by m_drainage (listed already for its effect): catalogue order after the rest.
    gaps = {"env_toxic", "doc_permit", "dam_seepage"}
    assert listed_measures(checklist, EFFECTS, gaps) == [*with_effects, "m_register", "m_sampling", "m_detoxify"]


def test_a_measure_without_effects_changes_neither_score_nor_rank():
    table = measure_table(SCORED, None, "thi", EFFECTS, measures=["m_register"], facility_ids=["KZ-KOS-001"])
    row = table.iloc[0]
    assert (row["measure"], row["cost"], row["score_reduction"], row["places_gained"]) == ("m_register", "", 0.0, 0)
    assert (row["new_score"], row["new_rank"]) == (row["score"], row["rank"])


def profile_score(field: str, value: str) -> float:
    """The score the profile's table gives ``value`` of ``field`` (read straight from the profile)."""
    criterion = next(c for c in PROFILE.criteria if c.input == field)
    return next(e.score for e in criterion.entries if e.value == value)


@pytest.mark.parametrize("key", sorted(EFFECTS))
def test_every_measure_changes_exactly_its_declared_sub_scores_to_the_profiles_score(key):
    worst = {"management": "abandoned", "dam_condition": "deficient", "flood_hazard": "high"}
    scored = scored_of(worst, worst)
    after = apply_measures(scored, {"A": [key]}, EFFECTS)
    declared = {PROFILE.keys.index(next(c.key for c in PROFILE.criteria if c.input == f)) for f in EFFECTS[key].effects}
    changed = set(np.flatnonzero(after.sub_scores[0] != scored.sub_scores[0]))
    assert changed == declared
    for field, value in EFFECTS[key].effects.items():
        column = PROFILE.keys.index(next(c.key for c in PROFILE.criteria if c.input == field))
        assert after.sub_scores[0, column] == profile_score(field, value)
    assert (after.sub_scores[1] == scored.sub_scores[1]).all()  # B did not take it


def test_the_new_rank_equals_re_ranking_the_inventory_file_with_the_value_written_in():
    inventory = load_inventory()
    table = measure_table(SCORED, None, "thi", EFFECTS)
    for row in table[table["score_reduction"] > 0].head(12).itertuples():
        edited = inventory.copy()
        position = edited.index[edited["facility_id"] == row.facility_id][0]
        for field, value in EFFECTS[row.measure].effects.items():
            criterion = next(c for c in PROFILE.criteria if c.input == field)
            if SCORED.sub_scores[position, PROFILE.keys.index(criterion.key)] > profile_score(field, value):
                edited.loc[position, field] = value  # at best this value, never worse
        ranked = rank(score_inventory(edited, PROFILE), None, "thi").set_index("facility_id")
        assert (ranked.loc[row.facility_id, "rank"], ranked.loc[row.facility_id, "score"]) == pytest.approx(
            (row.new_rank, row.new_score)
        )
