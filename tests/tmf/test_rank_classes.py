"""tmf.rank_classes: colour classes by rank value (1-5, 6-10, 11-20, 21 and below) and their
legend labels."""

import numpy as np

from tmf.rank_classes import CLASS_COLORS, class_labels, class_range, rank_classes


def test_each_rank_falls_in_its_class_at_both_edges():
    assert rank_classes([1, 5, 6, 10, 11, 20, 21, 300]).tolist() == [0, 0, 1, 1, 2, 2, 3, 3]


def test_tied_ranks_share_a_class_and_so_a_colour():
    # ranks 5, 5, 5 tie at the last place of the first class: all three keep its darkest colour
    classes = rank_classes([1, 2, 3, 4, 5, 5, 5, 8])
    assert [CLASS_COLORS[k] for k in classes[4:7]] == [(189, 0, 38)] * 3
    assert CLASS_COLORS[classes[7]] == (240, 59, 32)


def test_a_class_range_ends_at_the_worst_rank_present():
    ranks = np.array([1, 2, 7, 25, 40])
    assert [class_range(k, ranks) for k in range(4)] == [(1, 5), (6, 10), (11, 20), (21, 40)]
    assert class_range(1, np.array([1, 7])) == (6, 7)


def test_the_labels_name_only_the_classes_present_one_rank_as_rank():
    assert class_labels([1, 2, 7, 7], "en") == [(0, "ranks 1–5"), (1, "ranks 6–7")]
    assert class_labels([1, 6], "en") == [(0, "ranks 1–5"), (1, "rank 6")]
    assert class_labels(np.array([1, 30000]), "ru") == [(0, "ранги 1–5"), (3, "ранги 21–30\u00a0000")]
    assert class_labels([], "en") == []
