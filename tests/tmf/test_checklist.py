"""The TMF Checklist: the safety level against a hand-computed example, the data files, the
priority matrix, and answers stored with the facility's safety level (audited, revertible)."""

import numpy as np
import pytest

from tests.conftest import inventory_frame
from tmf.checklist import gaps, hazard_terciles, load_checklist, parse_checklist, priorities, safety_level
from tmf.problems import ProblemError
from tmf.store import audit, editing
from tmf.store.checklists import facility_answers, save_answers
from tmf.store.engine import data_version, read_facilities
from tmf.store.imports import import_facilities
from tmf.store.revert import revert

SCORING = {
    "checklist": {"title_en": "Example", "unanswered": "no"},
    "answers": [
        {"key": "yes", "score": 1.0},
        {"key": "partly", "score": 0.5},
        {"key": "no", "score": 0.0},
        {"key": "not_applicable", "applicable": False},
    ],
    "evidence": [
        {"key": "documented", "factor": 1.0},
        {"key": "inspected", "factor": 0.8},
        {"key": "stated", "factor": 0.5},
    ],
    "priority": {"safety_breaks": [50.0, 80.0], "matrix": [[1, 1, 2], [1, 2, 3], [2, 3, 3]]},
}


A, B = [(1, 3), (2, 2), (3, 1), (4, 2)], [(5, 1), (6, 3)]
PROVISIONAL = {"provenance": "provisional", "source": "test"}


def example_checklist():
    """Category A: q1 (weight 3), q2 (2), q3 (1), q4 (2); category B: q5 (1), q6 (3)."""
    categories = [
        {"key": "a", "title_en": "A", "questions": [{"key": f"q{i}", "weight": w, "text_en": "?"} for i, w in A]},
        {"key": "b", "title_en": "B", "questions": [{"key": f"q{i}", "weight": w, "text_en": "?"} for i, w in B]},
    ]
    measures = {"measures": [{"key": "m1", "term": "short", "questions": ["q3"], "text_en": "fix", **PROVISIONAL}]}
    return parse_checklist({**SCORING, "categories": categories}, measures)


ANSWERS = {
    "q1": {"answer": "yes", "evidence": "documented"},  # 3 × 1.0 × 1.0 = 3.0
    "q2": {"answer": "partly", "evidence": "inspected"},  # 2 × 0.5 × 0.8 = 0.8
    "q3": {"answer": "no", "evidence": "documented"},  # 1 × 0 = 0, weight 1 counts
    "q4": {"answer": "not_applicable"},  # left out of both sums
    "q5": {"answer": "yes", "evidence": "stated"},  # 1 × 1.0 × 0.5 = 0.5
}  # q6 unanswered: counts as "no", weight 3 counts


def test_the_safety_level_matches_the_hand_computed_example():
    level = safety_level(example_checklist(), ANSWERS)
    assert level.by_category["a"] == pytest.approx(100 * 3.8 / 6)  # (3 + 0.8 + 0) / (3 + 2 + 1)
    assert level.by_category["b"] == pytest.approx(100 * 0.5 / 4)  # (0.5 + 0) / (1 + 3)
    assert level.overall == pytest.approx(100 * 4.3 / 10)  # 43 %
    assert (level.answered, level.total) == (5, 6)


def test_an_answer_without_evidence_counts_as_merely_stated():
    level = safety_level(example_checklist(), {"q1": {"answer": "yes"}})
    assert level.by_category["a"] == pytest.approx(100 * 1.5 / 8)


def test_nothing_answered_is_not_assessed_rather_than_zero():
    level = safety_level(example_checklist(), {})
    assert level.overall is None and set(level.by_category.values()) == {None}


def test_gaps_are_the_no_partly_and_unanswered_questions_with_their_measures():
    checklist = example_checklist()
    found = [(q.key, answer) for q, answer in gaps(checklist, ANSWERS)]
    assert found == [("q2", "partly"), ("q3", "no"), ("q6", "unanswered")]
    assert [m.key for m in checklist.measures_for("q3")] == ["m1"]


def test_the_priority_matrix_combines_hazard_terciles_and_safety_classes():
    scores = np.array([9.0, 8.0, 7.0, 6.0, 5.0, 4.0])  # terciles: top, top, middle, middle, bottom, bottom
    safety = np.array([np.nan, 85.0, 60.0, 40.0, 90.0, 50.0])  # classes: <50, >=80, 50-80, <50, >=80, 50-80
    assert priorities(example_checklist(), scores, safety).tolist() == [1, 2, 2, 1, 3, 3]


def test_terciles_of_a_ranking_equal_those_of_the_same_scores_in_any_order():
    ranked = np.array([9.0, 8.0, 8.0, 8.0, 6.0, 5.0, 5.0, 1.0])  # highest first, with ties
    assert hazard_terciles(ranked).tolist() == [0, 0, 0, 1, 1, 1, 2, 2]
    shuffle = np.random.default_rng(3).permutation(len(ranked))
    unsorted = hazard_terciles(ranked[shuffle])
    assert sorted(unsorted.tolist()) == hazard_terciles(ranked).tolist()
    assert [unsorted[shuffle.tolist().index(i)] for i in (0, 4, 7)] == [0, 1, 2]  # each score's own tercile


def test_the_checklist_data_has_weights_1_to_3_every_value_provisional_and_a_measure_for_every_question():
    checklist = load_checklist()
    assert len(checklist.categories) >= 5 and len(checklist.questions) >= 25
    assert all(1 <= q.weight <= 3 and q.provenance == "provisional" and q.source for q in checklist.questions)
    assert all(m.provenance == "provisional" and m.term in ("short", "medium", "long") for m in checklist.measures)
    assert all(checklist.measures_for(q.key) for q in checklist.questions)
    assert all(q.text("ru") != q.text("en") for q in checklist.questions), "every question has a Russian text"
    assert checklist.credibility == {"documented": 1.0, "inspected": 0.8, "stated": 0.5}


def test_a_measure_linked_to_a_question_that_does_not_exist_is_refused():
    measures = {"measures": [{"key": "m9", "term": "short", "questions": ["q99"], "text_en": "x", **PROVISIONAL}]}
    categories = [{"key": "a", "title_en": "A", "questions": [{"key": "q1", "weight": 1, "text_en": "?"}]}]
    with pytest.raises(ProblemError) as refused:
        parse_checklist({**SCORING, "categories": categories}, measures)
    assert refused.value.problems[0].code == "checklist_bad_measure"


GOOD = (
    "facility_id,name,country,latitude,longitude,status,source,confidence,checklist_safety_pct\n"
    "KG-MAI-003,Mailuu-Suu No. 3,KG,41.2822,72.4761,closed,http://wise-uranium.org/ummai.html,medium,70\n"
)


@pytest.fixture
def engine(migrated):
    import_facilities(migrated, inventory_frame(GOOD), user="loader")
    return migrated


def all_yes_but(checklist, **answers) -> dict:
    base = {q.key: {"answer": "yes", "evidence": "documented"} for q in checklist.questions}
    return base | {k: {"answer": v, "evidence": "documented"} for k, v in answers.items()}


def test_saved_answers_set_the_facility_safety_level_the_ranking_reads(engine):
    checklist = load_checklist()
    version = data_version(engine)
    level = save_answers(engine, checklist, "KG-MAI-003", all_yes_but(checklist, em_plan="no"), 1, "eva")
    total = sum(q.weight for q in checklist.questions)
    assert level.overall == pytest.approx(100 * (total - 3) / total)  # em_plan has weight 3
    stored = read_facilities(engine).set_index("facility_id").loc["KG-MAI-003"]
    assert stored["checklist_safety_pct"] == pytest.approx(level.overall) and stored["version"] == 2
    assert data_version(engine) == version + 1
    entry = audit.entries(engine, "KG-MAI-003")[0]
    assert (entry.action, entry.user) == ("checklist", "eva")
    assert entry.before["checklist_safety_pct"] == 70 and entry.after["answers"]["em_plan"]["answer"] == "no"


def test_a_checklist_saved_from_an_old_version_is_refused(engine):
    checklist = load_checklist()
    save_answers(engine, checklist, "KG-MAI-003", all_yes_but(checklist), 1, "eva")
    with pytest.raises(editing.EditConflict):
        save_answers(engine, checklist, "KG-MAI-003", all_yes_but(checklist, em_plan="no"), 1, "bob")
    assert facility_answers(engine, "KG-MAI-003")["em_plan"]["answer"] == "yes"


def test_an_unknown_answer_is_refused_and_nothing_is_stored(engine):
    checklist = load_checklist()
    with pytest.raises(ProblemError) as refused:
        save_answers(engine, checklist, "KG-MAI-003", {"em_plan": {"answer": "maybe"}}, 1, "eva")
    assert refused.value.problems[0].code == "checklist_unknown_answer"
    assert facility_answers(engine, "KG-MAI-003") == {}


def test_reverting_a_checklist_entry_restores_the_answers_and_the_level(engine):
    checklist = load_checklist()
    save_answers(engine, checklist, "KG-MAI-003", all_yes_but(checklist), 1, "eva")
    save_answers(engine, checklist, "KG-MAI-003", all_yes_but(checklist, cl_owner="no"), 2, "eva")
    revert(engine, audit.entries(engine, "KG-MAI-003")[0].id, "root")
    assert facility_answers(engine, "KG-MAI-003")["cl_owner"]["answer"] == "yes"
    assert editing.facility_state(engine, "KG-MAI-003")["checklist_safety_pct"] == pytest.approx(100.0)


def test_a_deleted_facility_comes_back_with_its_checklist_when_the_delete_is_reverted(engine):
    checklist = load_checklist()
    save_answers(engine, checklist, "KG-MAI-003", all_yes_but(checklist, cl_owner="partly"), 1, "eva")
    editing.delete_facility(engine, "KG-MAI-003", 2, "eva")
    assert facility_answers(engine, "KG-MAI-003") == {}
    revert(engine, audit.entries(engine, "KG-MAI-003")[0].id, "root")
    assert facility_answers(engine, "KG-MAI-003")["cl_owner"]["answer"] == "partly"
    total = sum(q.weight for q in checklist.questions)
    restored = editing.facility_state(engine, "KG-MAI-003")["checklist_safety_pct"]
    assert restored == pytest.approx(100 * (total - 3 * 0.5) / total)  # cl_owner: weight 3, partly
