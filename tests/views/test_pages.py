"""AppTest: every page loads, the Ranking page re-ranks live and links reproduce views."""

import base64

import numpy as np
import pandas as pd
import pytest

from components import maps
from components.user_text import markdown_literal
from session import keys
from session.pages import page_file
from tests.views.conftest import element_json, first_rows, run_app
from tmf.geodata import load_geodata
from tmf.i18n import t
from tmf.inventory import load_inventory
from tmf.methodology import load_profile
from tmf.ranking import rank
from tmf.screening import screen
from tmf.store.imports import ensure_database

PAGES = [page_file("overview"), page_file("ranking"), page_file("facility"), page_file("methodology")]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_every_page_loads_without_exception_in_every_language(demo_db, page, lang):
    at = run_app(page, lang=lang)
    assert not at.exception
    assert at.title, "each page has a title"


@pytest.mark.parametrize("name", ["overview", "ranking", "present", "scenarios", "transboundary", "checklist"])
def test_a_database_without_facilities_says_how_to_fill_it_on_every_page(tmp_path, monkeypatch, name):
    url = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    ensure_database(url, demo=False).dispose()
    monkeypatch.setenv("TMF_DATABASE_URL", url)
    at = run_app(page_file(name), lang="ru")
    assert not at.exception
    shown = [el.value for el in [*at.warning, *at.info]]
    assert t("app.no_facilities", "ru") in shown


def test_the_overview_shows_headline_figures_and_says_the_data_is_illustrative(demo_db):
    at = run_app()
    figures = {m.label: m.value for m in at.metric}
    assert figures["Facilities"] == "32" and figures["Countries"] == "4"
    assert any("Illustrative inventory, not official" in c.value for c in at.caption)
    assert any("not an official inventory" in block.value for block in at.expander[0].markdown)
    [top] = [d.value for d in at.dataframe]
    official = expected_ranking()
    assert top["rank"].tolist() == [r for r in official["rank"] if r <= 10], "the top 10, both facilities at 10"
    assert top["rank"].tolist()[-2:] == [10, 10]


def plotly_values(data) -> list[float]:
    """A Plotly array from a figure's JSON (plain list, or typed array as base64 ``bdata``)."""
    if isinstance(data, dict):
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"])).tolist()
    return list(data)


def expected_ranking(weights=None, index="thi"):
    """The ranking the pure pipeline gives for the bundled inventory (what the page must show)."""
    return rank(screen(load_inventory(), load_profile(), load_geodata()), weights, index)


def test_moving_the_seismic_slider_to_zero_puts_the_expected_facility_first(demo_db):
    at = run_app(page_file("ranking"))
    official_top = expected_ranking()["facility_id"].iloc[0]
    assert first_rows(at, 1) == [official_top]
    at.select_slider(key="w_seismic").set_value(0.0).run()
    expected = expected_ranking({"seismic": 0.0})
    assert first_rows(at, 10) == expected["facility_id"].head(10).tolist()
    assert at.query_params["w"] == "seismic:0"


def test_capacity_only_ranks_the_largest_facility_first_and_reports_rank_shifts(demo_db):
    at = run_app(page_file("ranking"))
    for key in ("toxicity", "management", "flood", "seismic", "dam"):
        at.select_slider(key=f"w_{key}").set_value(0.0)
    at.run()
    table = at.dataframe[0].value
    assert table["facility_id"].iloc[0] == "KZ-KOS-001"  # Koshkar-Ata, about 360 Mt
    assert (table["rank_shift"] != 0).any()


def facility_colours(at) -> dict[str, list[int]]:
    layers = element_json(at, "deck_gl_json_chart")[0]["layers"]
    points = next(layer for layer in layers if layer["id"] == "facilities")["data"]
    return {p["facility_id"]: p["color"] for p in points}


def test_the_map_colours_and_the_contribution_chart_encode_the_new_ranks(demo_db):
    at = run_app(page_file("ranking"))
    at.select_slider(key="w_capacity").set_value(3.0).run()
    expected = expected_ranking({"capacity": 3.0}).set_index("facility_id")
    colours = facility_colours(at)
    classes = maps.rank_classes(expected["rank"].to_numpy())
    for facility_id, klass in zip(expected.index, classes, strict=True):
        assert colours[facility_id][:3] == list(maps.CLASS_COLORS[klass]), facility_id
    traces = [trace for chart in element_json(at, "plotly_chart") for trace in chart["data"]]
    capacity = next(trace for trace in traces if trace.get("name") == t("criteria.capacity.label", "en"))
    values = plotly_values(capacity["x"])
    assert values == pytest.approx(expected["c_capacity"].head(len(values)).tolist())


def test_the_map_needs_no_tiles_and_draws_country_borders(demo_db):
    deck = element_json(run_app(page_file("ranking")), "deck_gl_json_chart")[0]
    assert deck.get("mapProvider") in (None, "")
    ids = [layer["id"] for layer in deck["layers"]]
    # a plain ground, then the land around and the borders drawn as pictures (the whole region), no tiles
    assert ids[:3] == ["ground", "basemap_around", "basemap_detail"]
    assert deck["layers"][2]["image"] == "app/static/geo/basemap_detail.png"
    assert ids.index("facilities") < ids.index("legend_labels")  # the legend is drawn over the points


def test_a_shared_link_reproduces_the_weights_index_and_filters(demo_db):
    at = run_app(page_file("ranking"), w="seismic:0,capacity:2", index="tri", country="KZ")
    assert at.select_slider(key="w_seismic").value == 0.0 and at.select_slider(key="w_capacity").value == 2.0
    assert at.radio(key="index").value == "tri"
    assert set(at.dataframe[0].value["country"]) == {"Kazakhstan"}  # the UI says countries in words
    assert not at.warning


def test_a_link_with_a_bad_weight_shows_a_warning_and_the_official_ranking(demo_db):
    official = first_rows(run_app(page_file("ranking")), 32)
    at = run_app(page_file("ranking"), w="seismic:banana")
    assert not at.exception
    assert "seismic" in at.warning[0].value and "official" in at.warning[0].value
    assert first_rows(at, 32) == official
    assert at.select_slider(key="w_seismic").value == 1.0


def test_reset_restores_the_official_weights(demo_db):
    at = run_app(page_file("ranking"))
    official = first_rows(at, 32)
    at.select_slider(key="w_seismic").set_value(0.0).run()
    at.button(key="reset_weights").click().run()
    assert first_rows(at, 32) == official
    assert "w" not in at.query_params


def test_the_facility_page_shows_the_linked_facility_with_its_source(demo_db):
    at = run_app(page_file("facility"), facility="KG-MAI-003")
    assert at.selectbox(key=keys.FACILITY).value == "KG-MAI-003"
    sources = next(df.value for df in at.dataframe if "source" in df.value.columns)["source"].tolist()
    assert "http://wise-uranium.org/ummai.html" in sources


def test_the_methodology_page_marks_provisional_values(demo_db):
    at = run_app(page_file("methodology"))
    criteria = at.dataframe[0].value.set_index("criterion")
    seismic = t("criteria.seismic.label", "en")
    assert criteria.loc[seismic, "provenance"] == "provisional"
    assert "*" in criteria.loc[seismic, "scores"]


def test_the_pages_speak_russian(demo_db):
    at = run_app(page_file("ranking"), lang="ru")
    assert at.title[0].value == "Рейтинг"
    assert at.select_slider(key="w_seismic").label == "Сейсмическая опасность"


def test_the_facility_page_shows_both_country_lists_when_tracing_and_inventory_disagree(demo_db):
    at = run_app(page_file("facility"), facility="KZ-KOS-001")  # Caspian shore states vs none entered
    assert any("differ" in warning.value and "Russia" in warning.value for warning in at.warning)
    assert any("Caspian" in block.value for block in at.markdown)


@pytest.mark.parametrize(("lang", "expected"), [("en", "uranium (U)"), ("ru", "уран (U)"), ("kk", "уран (U)")])
def test_the_facility_page_says_its_commodity_in_words_with_the_symbol(demo_db, lang, expected):
    at = run_app(page_file("facility"), facility="KG-MAI-003", lang=lang)
    label = t("fields.commodity", lang)
    shown = [v for d in at.dataframe if "field" in d.value.columns for v in d.value[d.value["field"] == label]["value"]]
    assert shown == [expected]


def test_an_unverified_facility_says_so_in_kazakh_words_and_lists_no_link(demo_db):
    at = run_app(page_file("facility"), facility="KZ-UKA-001", lang="kk")
    assert markdown_literal(t("values.source.unverified", "kk")) in [block.value for block in at.markdown]
    assert not [d for d in at.dataframe if "source" in d.value.columns]  # no link column of words
    linked = run_app(page_file("facility"), facility="KG-MAI-003", lang="kk")
    sources = next(d.value["source"] for d in linked.dataframe if "source" in d.value.columns)
    assert len(sources) == 5 and sources.str.startswith("http").all()


def test_the_facility_notes_are_read_whole_below_the_fields_in_the_pages_language(demo_db):
    """A Russian room read the record's notes in English; now in Russian and Kazakh, said to
    be a translation of the record's notes, which an English page shows as they are."""
    record = load_inventory().set_index("facility_id").loc["KG-MAI-003"]
    for lang, column, said in (
        ("ru", "notes_ru", t("facility.notes_translated", "ru")),
        ("kk", "notes_kk", t("facility.notes_translated", "kk")),
        ("en", "notes", None),
    ):
        at = run_app(page_file("facility"), facility="KG-MAI-003", lang=lang)
        fields = next(d.value for d in at.dataframe if "field" in d.value.columns and "value" in d.value.columns)
        assert not {t(f"fields.{name}", lang) for name in ("notes", "notes_ru", "notes_kk")} & set(fields["field"])
        shown = [m.value for m in at.markdown if m.value.startswith(f"**{t('fields.notes', lang)}:**")]
        assert len(shown) == 1 and shown[0].endswith(markdown_literal(record[column]))
        assert [c.value for c in at.caption if c.value == said] == ([said] if said else [])
    assert "Опубликовано:" in record["notes_ru"] and "Жарияланған:" in record["notes_kk"]


def test_notes_without_a_translation_are_shown_in_the_records_language_and_said_so():
    from components.facility_view import notes_in_language

    row = pd.Series({"notes": "Published: 2 Mt.", "notes_ru": "Опубликовано: 2 млн т.", "notes_kk": None})
    assert notes_in_language(row, "kk") == ("Опубликовано: 2 млн т.", t("facility.notes_in_ru", "kk"))
    assert notes_in_language(row.drop("notes_ru"), "ru") == ("Published: 2 Mt.", t("facility.notes_original", "ru"))
    assert notes_in_language(pd.Series({"notes": float("nan")}), "ru") is None
