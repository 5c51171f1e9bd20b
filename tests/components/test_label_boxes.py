"""Boxes in pixels that labels take (components.label_boxes), on boxes whose areas can be
read off: a 10 x 10 box half under another covers 50 px²."""

import numpy as np

from components.label_boxes import FACILITY_BOXES, boxes_around, covered_areas, moved, overlap


def test_the_area_under_obstacles_is_the_sum_of_each_overlap():
    obstacles = np.array([[5.0, 0.0, 15.0, 10.0], [0.0, 8.0, 2.0, 20.0]])
    assert overlap(obstacles, (0.0, 0.0, 10.0, 10.0)) == 50.0 + 4.0
    assert overlap(obstacles, (20.0, 20.0, 30.0, 30.0)) == 0.0
    boxes = np.array([[0.0, 0.0, 10.0, 10.0], [5.0, 0.0, 15.0, 10.0]])
    assert covered_areas(obstacles, boxes).tolist() == [54.0, 100.0]


def test_a_box_around_the_origin_is_moved_to_each_point():
    dot = FACILITY_BOXES[0]  # a facility's dot: 14 px square around it
    assert boxes_around(np.array([[100.0, 50.0], [0.0, 0.0]]), dot).tolist() == [
        [93.0, 43.0, 107.0, 57.0],
        [-7.0, -7.0, 7.0, 7.0],
    ]
    assert moved(dot, 100.0, 50.0) == (93.0, 43.0, 107.0, 57.0)
