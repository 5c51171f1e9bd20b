"""The checklist's answers as viewers see them."""

from components import checklist_view
from tmf.checklist import load_checklist


def test_an_answer_without_evidence_or_note_shows_those_as_empty_cells_the_grid_writes_as_a_dash():
    checklist = load_checklist()
    first = checklist.categories[0].questions[0].key
    table = checklist_view.answers_table(checklist, {first: {"answer": "yes"}}, "ru")
    row = table.iloc[0]
    assert row["answer"] == checklist_view.answer_label("yes", "ru")
    assert row["evidence"] is None and row["note"] is None  # not "": the grid writes None as —
