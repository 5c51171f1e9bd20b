"""AppTest: the presentation shows one slide per link, moves with its buttons, keeps the
slide when the language changes, and has no editing control."""

import pytest

from components.slides import SLIDES
from session.pages import page_file
from tests.views.conftest import run_app

HEADINGS = {
    1: "Tailings facilities: where the concern is greatest",
    2: "The 10 facilities of most concern (THI)",
    3: "What changed against the official ranking",
    4: "Transboundary hotspots by the country they could affect",
    5: "The first three facilities under each weighting",
    6: "How robust is the top 10?",
}


def heading(at) -> str:
    return at.header[0].value


@pytest.mark.parametrize("number", sorted(HEADINGS))
def test_the_link_opens_its_slide_with_no_editing_control(demo_db, number):
    at = run_app(page_file("present"), slide=str(number))
    assert not at.exception
    assert heading(at) == HEADINGS[number]
    main = at.main
    editing = ("slider", "text_input", "text_area", "number_input", "multiselect", "selectbox", "radio", "checkbox")
    assert {kind: len(main.get(kind)) for kind in editing} == dict.fromkeys(editing, 0)
    assert at.query_params["slide"] == str(number)
    assert len(SLIDES) == len(HEADINGS)


def test_the_next_button_moves_on_and_previous_comes_back(demo_db):
    at = run_app(page_file("present"), slide="3")
    at.button(key="present_next").click().run()
    assert heading(at) == HEADINGS[4] and at.query_params["slide"] == "4"
    at.button(key="present_page_up").click().run()  # the clicker's Page Up
    at.button(key="present_previous").click().run()
    assert heading(at) == HEADINGS[2] and at.query_params["slide"] == "2"


def test_the_first_and_last_slides_cannot_go_further(demo_db):
    assert run_app(page_file("present"), slide="1").button(key="present_previous").disabled
    assert run_app(page_file("present"), slide="6").button(key="present_next").disabled


def test_switching_the_language_keeps_the_slide(demo_db):
    at = run_app(page_file("present"), slide="3")
    at.button(key="present_lang_kk").click().run()
    assert heading(at) == "Ресми рейтингпен салыстырғанда не өзгерді"
    assert at.query_params["slide"] == "3" and at.query_params["lang"] == "kk"
    at.button(key="present_lang_ru").click().run()
    assert heading(at) == "Что изменилось по сравнению с официальным рейтингом"


def test_a_bad_slide_number_is_reported_and_the_first_slide_shown(demo_db):
    at = run_app(page_file("present"), slide="99")
    assert heading(at) == HEADINGS[1]
    assert any("slide" in w.value and "99" in w.value for w in at.warning)


def test_the_slides_keep_the_links_weights(demo_db):
    """Without flood and seismic hazard, Koshkar-Ata (19th officially) comes first."""
    at = run_app(page_file("present"), slide="3", v="2", w="flood:0,seismic:0")
    text = " ".join(m.value for m in at.markdown)
    assert "Flood hazard: 1.00 → 0.00" in text and "Seismic hazard: 1.00 → 0.00" in text
    # The names are user text: shown literally, so their markdown signs come escaped.
    assert r"Koshkar\-Ata tailing pond\: 19 → 1 \(entered the top 10\)" in text
    at.button(key="present_previous").click().run()
    assert at.table[0].value.iloc[0, 1].startswith("Koshkar")
    assert at.query_params["w"] == "flood:0,seismic:0"


def test_the_ranking_page_links_to_the_presentation_of_its_view(demo_db):
    at = run_app(page_file("ranking"), v="2", w="flood:0")
    link = next(p for p in at.get("page_link") if "present" in p.proto.page)
    assert link.proto.label == "Present"
    assert "slide=1" in link.proto.query_string and "flood" in link.proto.query_string


def test_the_changes_slide_with_the_official_weights_says_nothing_moved_and_how_to_show_a_change(demo_db):
    at = run_app(page_file("present"), slide="3", lang="ru")
    said = [m.value for m in at.markdown]
    assert "Официальные веса: вес каждого критерия равен 1." in said
    assert any(m.startswith("Поэтому ничего не сдвинулось. Измените вес на странице «Рейтинг»") for m in said)
    moved = run_app(page_file("present"), slide="3", lang="ru", w="flood:0")
    assert not moved.exception and not moved.warning, "the link's weighting is taken"
    assert not any(m.value.startswith("Поэтому ничего не сдвинулось") for m in moved.markdown)


def test_facilities_tied_at_the_last_place_the_table_holds_are_named_under_it(demo_db):
    at = run_app(page_file("present"), slide="2", lang="ru")
    assert not at.exception
    # The official ranking ties two facilities at 10; the table holds ten rows.
    [tied] = [c.value for c in at.main.caption]
    assert tied.startswith("Также на 10-м месте, но вне таблицы: Хвостохранилища Сумсар")
    # With flood 3 and seismic 0, five facilities share rank 9: two fit in the table.
    stable = run_app(page_file("present"), slide="6", lang="en", w="flood:3,seismic:0")
    assert not stable.exception
    [note, tied] = [c.value for c in stable.main.caption]
    assert tied.startswith("Also ranked 9, beyond the table: Balkhash copper works tailings")
    assert tied.count("; ") == 2 and "Khromtau" in tied and "Zhezkazgan" in tied
