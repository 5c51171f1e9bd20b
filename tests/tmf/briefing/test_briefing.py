"""The briefing to take away: what the PDF and PPTX say, in each language, and the command.

A small inventory (seven facilities of the illustrative one) keeps these tests quick. On
it the official (equal-weight) first is Degmay; with flood and seismic weighted 0,
Koshkar-Ata (official 5th, a closed desert depression: no flood or seismic score to lose)
comes first. PDF text is read back with pdftotext (Debian poppler-utils). The PDF's own
layout, the slides' tables and the map have their files: test_pdf.py, test_slides.py,
test_static_map.py.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace

import pandas as pd
import pytest
from pptx import Presentation

from tests.tmf.briefing.helpers import (
    FACILITIES,
    NO_FLOOD_NO_SEISMIC,
    briefing_of,
    one_line,
    pages_of,
    pdf_text,
)
from tmf.briefing import to_pdf, to_pptx
from tmf.commands import main
from tmf.hotspots import annotate_transboundary
from tmf.i18n import t
from tmf.inventory import ILLUSTRATIVE_INVENTORY, load_inventory
from tmf.localise import facilities_in_language
from tmf.methodology import Criterion, load_profile
from tmf.ranking import rank, score_inventory


def test_the_official_first_is_degmay_and_the_test_weighting_puts_koshkar_ata_first(scored):
    assert rank(scored)["facility_id"].iat[0] == "TJ-DEG-001"
    assert rank(scored, NO_FLOOD_NO_SEISMIC)["facility_id"].iat[0] == "KZ-KOS-001"


@pytest.fixture(scope="module")
def russian(scored, geo):
    """The Russian briefing with flood and seismic weighted 0, top 5, and its PDF's text."""
    briefing = briefing_of(scored, NO_FLOOD_NO_SEISMIC, "thi", 5, "ru", None, geo)
    return briefing, one_line(pdf_text(to_pdf(briefing)))


def test_the_russian_pdf_names_the_top_facility_in_russian_and_says_what_moved(russian):
    _, text = russian
    assert "Хвостохранилище Кошкар-Ата" in text
    assert "Koshkar-Ata tailing pond" not in text
    assert "Хвостохранилище Кошкар-Ата: 5 → 1" in text
    assert "Хвостохранилище Дигмай: 1 → 3" in text
    assert one_line(t("briefing.title", "ru")) in text


def test_the_top_rows_are_the_ones_rank_gives_in_that_order(russian, scored):
    briefing, text = russian
    expected = rank(scored, NO_FLOOD_NO_SEISMIC, "thi").head(5)
    assert briefing.top_ids == tuple(expected["facility_id"])
    assert [row[1] for row in briefing.top.rows] == expected["name_ru"].tolist()
    table = text[text.index(briefing.top_title) :]
    # A wrapped name is read around its neighbours' cells: find each by its longest word.
    positions = [table.index(max(name.split(), key=len)) for name in expected["name_ru"]]
    assert positions == sorted(positions)


def test_the_weights_shown_are_the_weights_given_against_the_official_ones(scored, geo):
    weights = {"flood": 2.0, "seismic": 0.0}
    briefing = briefing_of(scored, weights, "thi", 5, "en", None, geo, base_url="https://tmf.example.kz")
    rows = {row[0].removesuffix(" *"): row[1:] for row in briefing.weights.rows}
    assert rows["Flood hazard"] == ("2.00", "1.00", "changed")
    assert rows["Seismic hazard"] == ("0.00", "1.00", "changed")
    assert rows["Capacity"] == ("1.00", "1.00", "")
    text = pdf_text(to_pdf(briefing), layout=True)
    assert re.search(r"Flood hazard \*\s+2\.00\s+1\.00\s+changed", text)
    assert re.search(r"Seismic hazard \*\s+0\.00\s+1\.00\s+changed", text)
    assert "--weights flood=2,seismic=0" in one_line(text)
    assert "https://tmf.example.kz/ranking?v=2&w=flood:2,seismic:0" in one_line(text)


def confirmed(criterion: Criterion) -> Criterion:
    """``criterion`` as if a public source confirmed every value of it."""
    entries = tuple(replace(e, provenance="confirmed") for e in criterion.entries)
    return replace(criterion, provenance="confirmed", missing_provenance="confirmed", entries=entries)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_provisional_criteria_and_only_they_carry_the_star_the_note_explains(lang, scored, geo):
    """The bundled profile has every criterion provisional; with toxicity confirmed, every
    row but toxicity's is marked, in the PDF and the slides, and the notes say what * means."""
    profile = load_profile()
    mixed = replace(profile, criteria=tuple(confirmed(c) if c.key == "toxicity" else c for c in profile.criteria))
    briefing = briefing_of(replace(scored, profile=mixed), None, "thi", 3, lang, None, geo)
    stars = {key: row[0].endswith(" *") for key, row in zip(profile.keys, briefing.weights.rows, strict=True)}
    assert stars == {key: key != "toxicity" for key in profile.keys}, "the TRI's criteria too (not part of THI)"
    marked = [row[0].removesuffix(" *") for row in briefing.weights.rows if row[0].endswith(" *")]
    assert t("briefing.provisional_notice", lang) in briefing.notices
    assert briefing.weights_note.endswith(t("briefing.provisional_mark", lang))
    text = pdf_text(to_pdf(briefing), layout=True)
    for label in marked:
        assert re.search(re.escape(label) + r" \*\s+1[.,]00", text), label
    assert re.search(re.escape(t("criteria.toxicity.label", lang)) + r"\s+1[.,]00", text)
    deck = Presentation(io.BytesIO(to_pptx(briefing)))
    table = next(shape.table for shape in deck.slides[1].shapes if shape.has_table)
    shown = {table.cell(i, 0).text for i in range(1, len(table.rows))}
    assert shown == {row[0] for row in briefing.weights.rows}


def test_a_briefing_of_a_confirmed_profile_marks_nothing_and_claims_no_marks(scored, geo):
    profile = load_profile()
    sure = replace(profile, status="confirmed", criteria=tuple(confirmed(c) for c in profile.criteria))
    briefing = briefing_of(replace(scored, profile=sure), None, "thi", 3, "en", None, geo)
    assert not any(row[0].endswith("*") for row in briefing.weights.rows)
    text = one_line(pdf_text(to_pdf(briefing)))
    assert "*" not in text


def test_the_top_table_shows_each_contribution_adding_up_to_the_score(scored, geo):
    briefing = briefing_of(scored, None, "thi", 1, "en", None, geo)
    first = dict(zip(briefing.top.columns, briefing.top.rows[0], strict=True))
    assert first["Facility"] == "Degmay (Digmai) uranium tailings"
    assert first["Country"] == "Tajikistan"
    keys = load_profile().keys_of("thi")
    contributions = [float(first[t(f"criteria.{k}.short", "en")]) for k in keys]
    assert sum(contributions) == pytest.approx(float(first["THI"]), abs=0.01)


def test_entering_and_leaving_the_top_n_and_the_hotspots_by_affected_country(scored, geo):
    briefing = briefing_of(scored, NO_FLOOD_NO_SEISMIC, "thi", 2, "en", None, geo)
    assert briefing.entered == ("Koshkar-Ata tailing pond (5 → 1)", "Khaidarkan mercury combine TMF (3 → 2)")
    assert briefing.left == ("Degmay (Digmai) uranium tailings (1 → 3)", "Kara-Balta mining combine tailings (2 → 4)")
    affected = dict(briefing.hotspots)
    assert "Russia" in affected
    russia = [row[1] for row in affected["Russia"].rows]
    assert "Talovsky tailings storage facility (Ridder MPC, Kazzinc)" in russia
    reason = next(row[3] for row in affected["Russia"].rows if row[1].startswith("Talovsky"))
    assert "Russia" in reason and "Ulba" in reason


def test_the_illustrative_notice_appears_only_for_the_bundled_inventory(small_inventory, scored, geo):
    notice = t("app.illustrative_notice", "en")
    assert notice in briefing_of(scored, None, "thi", 3, "en", None, geo).notices
    own = small_inventory.assign(facility_id=[f"XX-{i:03d}" for i in range(len(small_inventory))])
    own_scored = score_inventory(annotate_transboundary(own, geo), load_profile())
    notices = briefing_of(own_scored, None, "thi", 3, "en", None, geo).notices
    assert notice not in notices
    assert t("briefing.provisional_notice", "en") in notices  # the profile is provisional


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_pages_briefing_warns_of_illustrative_data_in_russian_and_kazakh(lang, scored, geo):
    """The pages hand the briefing facilities whose ``name`` is already in the reader's
    language (cache.scored_in_language); the warning still comes from the data."""
    on_page = replace(scored, facilities=facilities_in_language(scored.facilities, lang, geo))
    briefing = briefing_of(on_page, NO_FLOOD_NO_SEISMIC, "thi", 5, lang, None, geo)
    notice = t("app.illustrative_notice", lang)
    assert notice in briefing.notices
    assert one_line(notice) in one_line(pdf_text(to_pdf(briefing)))
    slides = Presentation(io.BytesIO(to_pptx(briefing)))
    assert notice in [s.text_frame.text for s in slides.slides[0].shapes if s.has_text_frame][-1]


def test_the_pptx_has_the_expected_slides_and_the_top_facility(scored, geo):
    briefing = briefing_of(scored, NO_FLOOD_NO_SEISMIC, "thi", 5, "ru", None, geo)
    deck = Presentation(io.BytesIO(to_pptx(briefing)))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[:4] == [briefing.title, "Веса (THI)", "Карта", briefing.top_title]
    assert t("briefing.moved", "ru") in titles
    assert t("briefing.affected", "ru", country="Россия") in titles  # Ridder's river reaches Russia
    top_slide = deck.slides[3]
    table = next(shape.table for shape in top_slide.shapes if shape.has_table)
    assert table.cell(1, 1).text == "Хвостохранилище Кошкар-Ата"
    assert any(shape.shape_type == 13 for shape in deck.slides[2].shapes)  # the map picture


@pytest.fixture
def stored_small(small_inventory, monkeypatch, tmp_path):
    """An SQLite database holding the small inventory, imported by the command line."""
    monkeypatch.setenv("TMF_DATABASE_URL", f"sqlite:///{tmp_path / 'tmf.sqlite'}")
    source = pd.read_csv(ILLUSTRATIVE_INVENTORY, dtype=str)
    path = tmp_path / "small.csv"
    source[source["facility_id"].isin(FACILITIES)].to_csv(path, index=False)
    assert main(["import", str(path)]) == 0
    return path


def test_the_command_writes_the_briefing_whose_top_is_the_one_rank_puts_first(stored_small, tmp_path, capsys):
    out = tmp_path / "out.pdf"
    assert main(["briefing", "--lang", "ru", "--weights", "flood=0,seismic=0", "--top", "3", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["rank", "--inventory", str(stored_small), "--weights", "flood=0,seismic=0", "--top", "1"]) == 0
    first = pd.read_csv(io.StringIO(capsys.readouterr().out))["name"].iat[0]
    assert first == "Koshkar-Ata tailing pond"
    text = one_line(pdf_text(out.read_bytes()))
    top = text[text.index("Первые 3 объектов") :]
    assert top.index("Хвостохранилище Кошкар-Ата") < top.index("Хвостохранилище Хайдарканского")
    assert re.search(r"Данные на \(последнее изменение реестра\) \d\d\.\d\d\.\d{4} \d\d:\d\d UTC", text)


def test_the_command_writes_pptx_when_the_file_name_asks_for_it(stored_small, tmp_path, capsys):
    out = tmp_path / "slides.pptx"
    capsys.readouterr()
    assert main(["briefing", "--lang", "kk", "--top", "2", "--out", str(out)]) == 0
    assert capsys.readouterr().out.endswith(f"анықтама (PPTX) {out} файлына жазылды.\n"), (
        "said in the briefing's language"
    )
    deck = Presentation(str(out))
    assert deck.slides[0].shapes.title.text == t("briefing.title", "kk")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_commands_briefing_warns_of_illustrative_data_in_russian_and_kazakh(lang, stored_small, tmp_path):
    out = tmp_path / f"{lang}.pdf"
    assert main(["briefing", "--lang", lang, "--out", str(out)]) == 0
    assert one_line(t("app.illustrative_notice", lang)) in one_line(pdf_text(out.read_bytes()))


@pytest.mark.parametrize("weights", ["flood=lots", "flood=7", "rain=1"])
def test_bad_weights_give_one_line_and_exit_2_and_write_nothing(weights, stored_small, tmp_path, capsys):
    out = tmp_path / "out.pdf"
    capsys.readouterr()
    code = main(["briefing", "--weights", weights, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")
    assert not out.exists()


def test_the_command_briefs_one_countrys_facilities_and_its_link_keeps_the_filter(stored_small, tmp_path):
    out = tmp_path / "kg.pdf"
    site = ["--base-url", "https://tmf.example.kz"]
    assert main(["briefing", "--lang", "en", "--country", "KG", "--top", "2", *site, "--out", str(out)]) == 0
    text = one_line(pdf_text(out.read_bytes()))
    assert "Kara-Balta" in text and "Degmay" not in text  # the Tajik facility is left out
    assert "Dashboard: https://tmf.example.kz/ranking?v=2&country=KG&top=2 " in text
    assert "--country KG" in text


@pytest.mark.parametrize("suffix", ["pdf", "pptx"])
def test_without_a_base_url_the_command_gives_no_localhost_link_only_the_command(suffix, stored_small, tmp_path):
    out = tmp_path / f"ru.{suffix}"
    assert main(["briefing", "--lang", "ru", "--top", "3", "--out", str(out)]) == 0
    if suffix == "pdf":
        pages = pages_of(out.read_bytes())
    else:
        deck = Presentation(str(out))
        pages = [" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides]
    text = " ".join(pages)
    assert "localhost" not in text and "ranking?" not in text
    assert t("briefing.link", "ru", link="").strip() not in text
    command = "python -m tmf briefing --lang ru --index thi --top 3 --out briefing.pdf"
    assert command in text
    if suffix == "pdf":
        assert all(command in page for page in pages), "in every footer"


@pytest.mark.parametrize(
    ("lang", "prepared", "data"),
    [("ru", "07.12.2026", "01.12.2026 09:30 UTC"), ("en", "2026-12-07", "2026-12-01 09:30 UTC")],
)
def test_the_pdf_and_the_slides_write_dates_alike_as_the_language_does(lang, prepared, data, scored, geo):
    changed = dt.datetime(2026, 12, 1, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=5)))  # Astana time
    briefing = briefing_of(scored, None, "thi", 3, lang, changed, geo, today=dt.date(2026, 12, 7))
    facts = dict(briefing.facts)
    assert facts[t("briefing.created", lang)] == prepared
    assert facts[t("briefing.data_date", lang)] == data
    text = one_line(pdf_text(to_pdf(briefing)))
    deck = Presentation(io.BytesIO(to_pptx(briefing)))
    slide = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    for shown in (text, slide):
        assert prepared in shown and data in shown
        assert ("2026-12-07" in shown) == (lang == "en")


def test_a_filter_that_matches_nothing_gives_one_line_and_exit_2(stored_small, tmp_path, capsys):
    capsys.readouterr()
    assert main(["briefing", "--country", "XX", "--out", str(tmp_path / "none.pdf")]) == 2
    assert capsys.readouterr().err.startswith("error: No facility matches these filters.")


def test_the_briefing_map_colours_tied_ranks_alike_with_the_dashboards_classes_and_legend(geo):
    from tmf.briefing.static_map import CLASS_COLOURS
    from tmf.rank_classes import CLASS_COLORS, rank_classes

    scored = score_inventory(annotate_transboundary(load_inventory(), geo), load_profile())
    ranked = rank(scored, None, "thi")
    assert (ranked["rank"] == 5).sum() > 1, (
        "the illustrative inventory ties at rank 5, across a class limit by position"
    )
    briefing = briefing_of(scored, None, "thi", 5, "en", None, geo)
    by_rank: dict[int, set[int]] = {}
    for point, official in zip(briefing.points, ranked["rank"], strict=True):
        by_rank.setdefault(int(official), set()).add(point.rank_class)
    assert all(len(classes) == 1 for classes in by_rank.values()), "tied facilities share a colour"
    assert {r: c.pop() for r, c in by_rank.items()} == {r: int(rank_classes([r])[0]) for r in by_rank}
    assert briefing.legend[0] == (0, "ranks 1–5")
    assert [label for _, label in briefing.legend][-1].endswith(f"–{int(ranked['rank'].max())}")
    assert CLASS_COLOURS[0] == tuple(c / 255 for c in CLASS_COLORS[0])
    labelled = [p.label for p in briefing.points if p.label]
    assert labelled == [str(r) for r in ranked["rank"] if r <= 5], "ranked 5 or better numbered, ties included"


def test_a_facility_tied_at_the_last_place_of_the_top_has_not_left_it(geo):
    scored = score_inventory(annotate_transboundary(load_inventory(), geo), load_profile())
    ranked = rank(scored, None, "thi")
    assert (ranked["rank"] == 10).sum() == 2, "the official ranking ties two facilities at 10 (rows 10 and 11)"
    briefing = briefing_of(scored, None, "thi", 10, "en", None, geo)
    assert briefing.entered == () and briefing.left == (), "the official weighting moves nobody"


def test_the_top_table_holds_every_facility_tied_at_its_last_place(geo):
    scored = score_inventory(annotate_transboundary(load_inventory(), geo), load_profile())
    briefing = briefing_of(scored, None, "thi", 10, "en", None, geo)
    assert [row[0] for row in briefing.top.rows][-3:] == ["5", "10", "10"], "both facilities ranked 10"
    assert briefing.top_title.startswith("Top 10") and briefing.top_n == 10 and len(briefing.top_ids) == 11
    text = one_line(pdf_text(to_pdf(briefing)))
    assert "Entered the top 10" in text and "top 11" not in text


def test_the_sources_table_says_an_unverified_record_in_the_briefings_language(geo):
    inventory = load_inventory()
    chosen = inventory[inventory["facility_id"].isin(("KZ-UKA-001", "TJ-DEG-001"))].reset_index(drop=True)
    scored = score_inventory(annotate_transboundary(chosen, geo), load_profile())
    briefing = briefing_of(scored, None, "thi", 2, "kk", None, geo)
    cited = {row[1]: row[3] for row in briefing.sources.rows}
    assert cited["Өскемен қалдық қоймалары (Казцинк; Үлбі металлургия зауыты) - тексерілмеген"] == t(
        "values.source.unverified", "kk"
    )
    degmay = next(text for name, text in cited.items() if name.startswith("Дигмай"))
    assert "unverified" not in degmay and "http" not in degmay  # web sites by their host names


def test_a_top_table_longer_than_n_says_why_in_the_pdf_and_the_slides(kazakh_reweighted_pdf):
    briefing, data = kazakh_reweighted_pdf
    ranks = [row[0] for row in briefing.top.rows]
    assert len(ranks) == 13 and ranks[-5:] == ["9"] * 5, "five facilities tie at rank 9"
    said = t("briefing.tied_note", "kk", rows=13, top=10, tied=5, rank=9)
    assert said in briefing.top_note
    assert one_line(said) in one_line(pdf_text(data))
    deck = Presentation(io.BytesIO(to_pptx(briefing)))
    top_slide = next(s for s in deck.slides if s.shapes.title.text.startswith(briefing.top_title))
    assert any(said in shape.text_frame.text for shape in top_slide.shapes if shape.has_text_frame)
