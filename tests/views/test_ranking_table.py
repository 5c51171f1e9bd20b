"""AppTest: the Ranking page's table shows the rows a user reads (a search, a limit) in
ranking order; the computed decision sections wait until their expander is opened."""

from components import tables
from session.pages import page_file
from tests.views.conftest import run_app
from tmf.i18n import t
from tmf.information import measure_next, sampling_error
from tmf.methodology import load_profile
from tmf.ranking import rank, score_inventory
from tmf.store.engine import make_engine, read_facilities
from tmf.uncertainty import data_uncertainty


def ranking_order(url: str) -> list[str]:
    scored = score_inventory(read_facilities(make_engine(url)), load_profile())
    return rank(scored, None, "thi")["facility_id"].tolist()


def ranked_rows(at) -> list[str]:
    table = next(d.value for d in at.dataframe if "rank_shift" in d.value.columns)
    return table["facility_id"].tolist()


def test_the_table_shows_the_first_rows_of_the_ranking_and_says_how_many_there_are(demo_db, monkeypatch):
    monkeypatch.setattr(tables, "TABLE_ROWS", 10)
    at = run_app(page_file("ranking"))
    assert not at.exception
    order = ranking_order(demo_db)
    assert ranked_rows(at) == order[:10]
    limited = t("ranked_table.limited", "en", shown=10, total=len(order))
    assert limited.startswith("The first 10 of 32 facilities")
    assert any(caption.value == limited for caption in at.caption)


def test_a_search_shows_only_the_matching_facilities_in_ranking_order(demo_db):
    at = run_app(page_file("ranking"))
    order = ranking_order(demo_db)
    wanted = order[5]
    at.text_input(key="ranking_search").input(wanted.lower()).run()
    assert ranked_rows(at) == [i for i in order if wanted.lower() in i.lower()]
    at.text_input(key="ranking_search").input("no such facility zz").run()
    assert not [d for d in at.dataframe if "rank_shift" in d.value.columns]  # a sentence, not an empty grid
    assert t("ranked_table.no_match", "en") in [caption.value for caption in at.caption]
    at.text_input(key="ranking_search").input("").run()
    assert ranked_rows(at) == order


def test_what_to_measure_next_is_listed_once_its_expander_is_opened(demo_db):
    scored = score_inventory(read_facilities(make_engine(demo_db)), load_profile())
    expected = measure_next(scored, None, "thi", 10, data=data_uncertainty(scored))
    at = run_app(page_file("ranking"))
    assert not [d for d in at.dataframe if "p_change" in d.value.columns]  # closed: not computed
    at.session_state["next_open"] = True
    at.run()
    assert not at.exception
    shown = next(d.value for d in at.dataframe if "p_change" in d.value.columns)
    assert len(expected) > 0
    assert shown["facility_id"].tolist() == expected["facility_id"].tolist()
    # how far to trust the order: the draws, the seed and the sampling error beside the list
    error = 100 * sampling_error(expected["p_change"].to_numpy(), 1000)
    precision = t(
        "decisions.next_precision", "en", samples="1,000", seed=0, error=f"{error:.1f}", apart=f"{2 * error:.1f}"
    )
    assert precision in [caption.value for caption in at.caption]


def test_a_slider_move_reads_the_data_version_once(demo_db):
    """Every cached read of a run is keyed by the data version: one query per run, not one
    per cached read (a Ranking run asked 14 times)."""
    import sqlalchemy as sa

    at = run_app(page_file("ranking"))
    versions = []

    def count(connection, cursor, statement, *args):
        if "data_state" in statement:
            versions.append(statement)

    sa.event.listen(sa.Engine, "before_cursor_execute", count)
    try:
        at.select_slider(key="w_flood").set_value(2.0).run()
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", count)
    assert not at.exception
    assert len(versions) == 1


def test_the_ranking_page_gathers_every_column_its_parts_read(tmp_path):
    """rank(columns=...) gives the Ranking page the same table, moves and transboundary
    paths as the ranking with every column."""
    from components import decision_map
    from session.ranking_parts import page_columns
    from tmf.screening import current_view, screen
    from tmf.store.imports import ensure_database
    from tmf.transboundary import HotspotRule, load_geodata
    from tmf.view import View

    engine = ensure_database(f"sqlite:///{tmp_path / 'tmf.sqlite'}", demo=True)
    scored = screen(read_facilities(engine), load_profile(), load_geodata(), HotspotRule())
    engine.dispose()
    view = View(weights=(("flood", 3.0),))
    full, page = current_view(scored, view), current_view(scored, view, page_columns(scored))
    assert len(page.ranked.columns) < len(full.ranked.columns)
    for lang in ("en", "ru"):
        mine, theirs = (tables.ranking_table(v.ranked, scored.profile, "thi", lang)[0] for v in (page, full))
        assert mine.equals(theirs)
    paths = decision_map.path_layers(page.ranked, "en")[0][0].data
    assert paths and paths == decision_map.path_layers(full.ranked, "en")[0][0].data
    moved = page.moves(10)
    assert len(moved[0]) and all(mine.equals(theirs) for mine, theirs in zip(moved, full.moves(10), strict=True))
