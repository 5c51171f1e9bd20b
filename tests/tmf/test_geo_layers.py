"""The GeoJSON layers as the server-drawn maps read them: features, bounds, outlines without
the cuts data/geo made, Web Mercator's northing. Small shapes whose answers can be read off."""

import json
import math

import numpy as np

from tmf.geo_layers import border_lines, layer_bounds, layer_features, lines_of, mercator_y, polygons_of

SQUARE = {"type": "Polygon", "coordinates": [[[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]]]}
ISLAND = {"type": "Polygon", "coordinates": [[[5.0, -1.0], [6.0, -1.0], [6.0, 1.0], [5.0, -1.0]]]}


def test_a_missing_layer_has_no_features_and_a_written_one_reads_back(tmp_path):
    assert layer_features("rivers", tmp_path) == []
    feature = {"type": "Feature", "properties": {"iso2": "KG"}, "geometry": SQUARE}
    (tmp_path / "countries.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    assert layer_features("countries", tmp_path) == [feature]


def test_single_and_multi_geometries_give_lists_of_the_same_shape():
    multi = {"type": "MultiPolygon", "coordinates": [SQUARE["coordinates"], ISLAND["coordinates"]]}
    assert polygons_of(SQUARE) == [SQUARE["coordinates"]]
    assert polygons_of(multi) == [SQUARE["coordinates"], ISLAND["coordinates"]]
    line = [[0.0, 0.0], [1.0, 1.0]]
    assert lines_of({"type": "LineString", "coordinates": line}) == [line]
    assert lines_of({"type": "MultiLineString", "coordinates": [line, line]}) == [line, line]


def test_the_bounds_of_a_layer_span_every_ring_of_every_feature():
    features = [{"geometry": SQUARE}, {"geometry": ISLAND}]
    assert layer_bounds(features) == (0.0, -1.0, 6.0, 2.0)


def test_an_outline_loses_only_its_stretch_along_the_edge_of_a_cut_box():
    """The square's east side lies on the cut box's west edge (x = 2): the outline is the
    south side, then the north and west sides, as two runs."""
    runs = border_lines([{"geometry": SQUARE}], [(2.0, -10.0, 9.0, 10.0)])
    assert [run.tolist() for run in runs] == [[[0.0, 0.0], [2.0, 0.0]], [[2.0, 2.0], [0.0, 2.0], [0.0, 0.0]]]
    (whole,) = border_lines([{"geometry": SQUARE}], [])
    assert np.array_equal(whole, np.asarray(SQUARE["coordinates"][0]))


def test_web_mercator_northing_is_zero_at_the_equator_and_ln_tan_at_45_degrees():
    assert math.isclose(mercator_y(0.0), 0.0, abs_tol=1e-12)
    assert math.isclose(mercator_y(45.0), math.log(math.tan(math.radians(67.5))))
    assert np.allclose(mercator_y(np.array([-30.0, 30.0])), [-mercator_y(30.0), mercator_y(30.0)])
