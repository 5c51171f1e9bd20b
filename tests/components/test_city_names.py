"""City names on a map (components.city_names): each on the side of its dot that hides no
facility, no other city's name and no legend."""

import numpy as np

from components import map_view


def test_a_city_name_moves_to_a_side_of_its_dot_that_no_facility_covers():
    from components.city_names import city_labels

    places = {
        "Crowded": [70.0, 41.0],
        "Alone": [80.0, 45.0],
        "Between": [75.0, 43.0],
        "Boxed in": [60.0, 43.0],
    }
    cities = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": lon_lat}, "properties": {"name_en": name}}
            for name, lon_lat in places.items()
        ],
    }
    # At zoom 6 a degree of longitude is 91 px: 0.1 degree east lies under the name, 3 degrees do not.
    facilities = np.array(
        [
            [70.1, 41.0],  # right of Crowded
            [83.0, 45.0],  # far from Alone
            *([75.15, 42.85], [74.85, 42.85]),  # both sides of Between, a little lower
            *([59.824, 43.0], [60.385, 43.0]),  # 16 px left (its rank number over the dot), 35 px right
        ]
    )
    labels = {r["text"]: r for r in city_labels(cities, "en", 6.0, facilities)}
    assert (labels["Crowded"]["anchor"], labels["Crowded"]["offset"]) == ("end", [-7, 0])
    assert labels["Alone"]["anchor"] == "start", "nothing near: the name stays right of the dot"
    assert (labels["Between"]["anchor"], labels["Between"]["baseline"]) == ("middle", "bottom"), "above"
    # every side touched: below, where only the left facility's dot grazes the name
    assert (labels["Boxed in"]["anchor"], labels["Boxed in"]["baseline"]) == ("middle", "top")
    assert city_labels(cities, "en", 6.0)[0]["anchor"] == "start"


def test_two_near_cities_keep_their_names_apart():
    from components.city_names import city_labels

    # At zoom 6 Beta's dot lies 30 px east of Alpha's, where Alpha's name would begin.
    cities = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": lon_lat}, "properties": {"name_en": name}}
            for name, lon_lat in [("Alpha", [70.0, 43.0]), ("Beta", [70.33, 43.0])]
        ],
    }
    labels = {r["text"]: r["anchor"] for r in city_labels(cities, "en", 6.0)}
    assert labels == {"Alpha": "end", "Beta": "start"}


def test_a_city_under_the_legend_is_not_named_and_a_name_beside_it_keeps_off_it():
    """On a slide's small map Karaganda's dot lay under the legend's white panel and its name
    stuck out beside it, cut ("рағанды"). A city under the panel is not named; a city just
    right of the panel, whose right side a facility takes, no longer puts its name to the
    left, under the panel: a name partly over a facility's dot is still read."""
    from components.city_names import city_labels

    def town(name, lon_lat):
        return {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": lon_lat},
            "properties": {"name_en": name},
        }

    cities = {"type": "FeatureCollection", "features": [town("Hidden", [70.0, 44.0]), town("Beside", [71.0, 43.0])]}
    (hx, hy), (bx, by) = map_view.mercator_pixels(np.array([[70.0, 44.0], [71.0, 43.0]]), 6.0)
    window = (hx - 100, hy - 100, hx + 700, hy + 500)
    panel = (window[0], window[1], bx - 8, by + 40)  # over Hidden's dot, ending 8 px left of Beside's
    facility = np.array([[71.12, 43.0]])  # right of Beside's dot, where its name would go
    plain = {r["text"]: r["anchor"] for r in city_labels(cities, "en", 6.0, facility, window)}
    assert plain == {"Hidden": "start", "Beside": "end"}, "without the panel: Beside's name to the left"
    named = {r["text"]: r for r in city_labels(cities, "en", 6.0, facility, window, panel)}
    assert "Hidden" not in named
    assert named["Beside"]["anchor"] == "start", "right of its dot, off the panel"
