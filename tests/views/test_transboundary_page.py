"""AppTest: the Transboundary page groups hotspots by affected country and follows the rule."""

from components import tables
from session.pages import page_file
from tests.views.conftest import element_json, run_app


def hotspot_table(at):
    return at.dataframe[0].value


def test_hotspots_are_grouped_by_the_country_they_could_affect_with_a_reason(demo_db):
    at = run_app(page_file("transboundary"))
    assert not at.exception
    table = hotspot_table(at)
    uzbekistan = table[table["affected"] == "Uzbekistan"]
    assert "KG-MAI-003" in set(uzbekistan["facility_id"])
    row = uzbekistan.set_index("facility_id").loc["KG-MAI-003"]
    assert "Mailuu-Suu" in row["reason"] and "Uzbekistan" in row["reason"]
    kazakhstan = table[table["affected"] == "Kazakhstan"]
    assert "KG-AKT-001" in set(kazakhstan["facility_id"])  # Ak-Tuz, Kichi-Kemin -> Chu
    assert "KG-KDS-001" not in set(table["facility_id"])  # Kadji-Sai drains to Issyk-Kul
    assert at.dataframe[0].proto.row_height == tables.SENTENCE_ROW_HEIGHT, "rows tall enough for a reason to wrap"


def test_the_hotspot_list_follows_the_distance_rule_and_the_link_keeps_it(demo_db):
    at = run_app(page_file("transboundary"))
    before = set(hotspot_table(at)["facility_id"])
    at.select_slider(key="hotspot_border_km").set_value(0.0).run()
    at.select_slider(key="hotspot_river_km").set_value(50.0).run()
    after = set(hotspot_table(at)["facility_id"])
    assert after < before and "KZ-RID-001" not in after and "KG-AKT-001" in after
    assert at.query_params["border_km"] == "0" and at.query_params["river_km"] == "50"


def test_the_map_draws_rivers_and_the_paths_to_the_border(demo_db):
    deck = element_json(run_app(page_file("transboundary")), "deck_gl_json_chart")[0]
    layers = {layer["id"]: layer for layer in deck["layers"]}
    # the whole region: borders, lakes and rivers drawn as pictures under the paths (tmf.basemap_image)
    assert {"basemap_around", "basemap_detail", "downstream_paths", "facilities"} <= set(layers)
    assert list(layers).index("basemap_detail") < list(layers).index("downstream_paths")
    assert len(layers["downstream_paths"]["data"]) >= 10


def test_hotspots_use_the_weights_chosen_on_the_ranking_page(demo_db):
    at = run_app(page_file("ranking"))
    for key in ("toxicity", "management", "flood", "seismic", "dam"):
        at.select_slider(key=f"w_{key}").set_value(0.0)
    at.run()
    at.query_params.clear()  # the browser drops the query string when the sidebar switches page
    at.switch_page(page_file("transboundary")).run()
    table = hotspot_table(at).set_index("facility_id")
    assert table.loc["KZ-KOS-001", "rank"].min() == 1  # Koshkar-Ata, the largest volume
    assert any("Ranking page" in caption.value for caption in at.caption)


def test_the_reasons_are_in_the_users_language(demo_db):
    table = hotspot_table(run_app(page_file("transboundary"), lang="ru"))
    assert (table["affected"] == "Узбекистан").any()
    assert any("Майлуу-Суу" in reason for reason in table["reason"])
    row = table[table["facility_id"] == "KG-MAI-003"].iloc[0]
    assert row["country"] == "Кыргызстан" and "Узбекистан" in row["traced"]  # names, not KG or UZ
    assert list(table.columns[:5]) == ["affected", "rank", "facility_id", "name", "reason"]  # seen at 1366 px


def test_the_distance_sliders_write_russian_numbers_and_keep_a_links_distance_off_their_steps(demo_db):
    at = run_app(page_file("transboundary"), lang="ru", river_km="1234")
    river = at.select_slider(key="hotspot_river_km")
    assert river.value == 1234.0 and at.query_params["river_km"] == "1234"
    assert "1\u00a0234" in river.options and "1\u00a0000" in river.options  # not "1234.0" or "1000"
