"""Saved scenarios on SQLite and PostgreSQL: save, list, open, rename, delete, JSON transfer."""

import datetime as dt
import json

import pytest

from tmf.methodology import load_profile
from tmf.problems import ProblemError
from tmf.store.engine import make_engine, migrate
from tmf.store.scenarios import (
    OFFICIAL_ID,
    delete_scenario,
    export_scenarios,
    get_scenario,
    import_scenarios,
    list_scenarios,
    rename_scenario,
    save_scenario,
    weight_matrix,
)
from tmf.view import View

PROFILE = load_profile()
HEALTH = View().with_weights({"population": 3.0, "capacity": 0.5}, PROFILE)
HEALTH_TRI = View(weights=HEALTH.weights, index="tri")
ENVIRONMENT = View().with_weights({"protected_area": 2.5, "water_distance": 2.0}, PROFILE)
NOON = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def engine(migrated):
    return migrated


def codes(error: pytest.ExceptionInfo) -> list[str]:
    return [p.code for p in error.value.problems]


def test_an_empty_database_lists_the_official_weighting_only(engine):
    (official,) = list_scenarios(engine)
    assert official.official and official.id == OFFICIAL_ID
    assert official.scenario(PROFILE) == View()
    assert official.weights(PROFILE) == PROFILE.default_weights


def test_saved_scenarios_follow_the_official_one_by_name_with_author_note_and_date(engine):
    save_scenario(engine, "public health first", "Aigerim", "Ministry of Health proposal", HEALTH_TRI, now=NOON)
    save_scenario(engine, "  Environment   first ", "Bakyt", "", ENVIRONMENT, now=NOON)
    names = [s.name for s in list_scenarios(engine)]
    assert names == ["Official weighting (equal weights)", "Environment first", "public health first"]
    health = list_scenarios(engine)[2]
    assert (health.author, health.note) == ("Aigerim", "Ministry of Health proposal")
    assert health.created_at == NOON and health.updated_at == NOON


def test_a_saved_scenario_opens_with_its_weights_and_index_only(engine):
    view = View(weights=HEALTH.weights, index="tri", country=("KG",), facility="KG-MAI-003", lang="ru")
    saved = save_scenario(engine, "Health", "Aigerim", "", view)
    opened = get_scenario(engine, saved.id)
    assert opened.scenario(PROFILE) == HEALTH_TRI
    assert opened.weights(PROFILE)["population"] == 3.0 and opened.weights(PROFILE)["seismic"] == 1.0


def test_rename_keeps_the_weights_and_delete_removes_the_scenario(engine):
    saved = save_scenario(engine, "Health", "Aigerim", "", HEALTH, now=NOON)
    later = NOON + dt.timedelta(hours=1)
    renamed = rename_scenario(engine, saved.id, "Public health first", now=later)
    assert renamed.name == "Public health first" and renamed.query == saved.query
    assert renamed.created_at == NOON and renamed.updated_at == later
    delete_scenario(engine, saved.id)
    assert [s.id for s in list_scenarios(engine)] == [OFFICIAL_ID]
    with pytest.raises(ProblemError) as error:
        get_scenario(engine, saved.id)
    assert codes(error) == ["scenario_not_found"]


def test_the_official_weighting_cannot_be_renamed_or_deleted(engine):
    for action in (lambda: rename_scenario(engine, OFFICIAL_ID, "Mine"), lambda: delete_scenario(engine, OFFICIAL_ID)):
        with pytest.raises(ProblemError) as error:
            action()
        assert codes(error) == ["scenario_official_locked"]
    assert list_scenarios(engine)[0].official


@pytest.mark.parametrize(
    ("name", "author", "code"),
    [
        ("health", "Bakyt", "scenario_name_taken"),
        ("HEALTH ", "Bakyt", "scenario_name_taken"),
        ("Официальное взвешивание (равные веса)", "Bakyt", "scenario_name_reserved"),
        ("   ", "Bakyt", "scenario_name_empty"),
        ("x" * 121, "Bakyt", "scenario_name_too_long"),
        ("Other", " ", "scenario_author_empty"),
    ],
    ids=["same name", "same name, other case", "official name in Russian", "blank name", "long name", "no author"],
)
def test_a_refused_name_or_author_saves_nothing(engine, name, author, code):
    save_scenario(engine, "Health", "Aigerim", "", HEALTH)
    with pytest.raises(ProblemError) as error:
        save_scenario(engine, name, author, "", ENVIRONMENT)
    assert codes(error) == [code]
    assert len(list_scenarios(engine)) == 2


def test_renaming_to_a_taken_name_is_refused_but_a_change_of_case_is_not(engine):
    save_scenario(engine, "Health", "Aigerim", "", HEALTH)
    environment = save_scenario(engine, "Environment", "Bakyt", "", ENVIRONMENT)
    with pytest.raises(ProblemError) as error:
        rename_scenario(engine, environment.id, "health")
    assert codes(error) == ["scenario_name_taken"]
    assert rename_scenario(engine, environment.id, "ENVIRONMENT").name == "ENVIRONMENT"


def test_export_then_import_into_another_database_gives_the_same_scenarios(engine, tmp_path):
    save_scenario(engine, "Health", "Aigerim", "Ministry of Health", HEALTH_TRI, now=NOON)
    save_scenario(engine, "Окружающая среда", "Бакыт", "Экология <b>сначала</b>", ENVIRONMENT, now=NOON)
    exported = export_scenarios(engine)
    other = make_engine(f"sqlite:///{tmp_path / 'other.sqlite'}")
    migrate(other)
    added = import_scenarios(other, exported, PROFILE)
    assert len(added) == 2

    def fields(e):
        return [(s.name, s.author, s.note, s.query, s.created_at, s.updated_at) for s in list_scenarios(e)]

    assert fields(other) == fields(engine)
    assert json.loads(export_scenarios(other)) == json.loads(exported)
    other.dispose()


def import_document(*entries: dict) -> str:
    return json.dumps({"format": "tmf-scenarios", "version": 1, "scenarios": list(entries)})


GOOD = {"name": "Health", "author": "Aigerim", "note": "", "query": "v=2&w=population:3"}


def test_an_import_with_a_bad_entry_writes_nothing_and_names_each_entry_and_field(engine):
    document = import_document(
        GOOD,
        {"name": "Broken", "author": "Bakyt", "query": "w=seismic:banana"},
        {"name": "health", "author": "", "query": "", "created_at": "yesterday"},
    )
    with pytest.raises(ProblemError) as error:
        import_scenarios(engine, document, PROFILE)
    messages = error.value.messages()
    assert messages[0].startswith("Scenario 2 ('Broken'), field query:") and "banana" in messages[0]
    assert any(m.startswith("Scenario 3 ('health'), field name:") and "scenario 1" in m for m in messages)
    assert any(m.startswith("Scenario 3 ('health'), field author:") for m in messages)
    assert any(m.startswith("Scenario 3 ('health'), field created_at:") for m in messages)
    assert [s.id for s in list_scenarios(engine)] == [OFFICIAL_ID]


def test_an_import_refuses_a_name_already_saved_and_a_file_that_is_not_an_export(engine):
    save_scenario(engine, "Health", "Aigerim", "", HEALTH)
    with pytest.raises(ProblemError) as error:
        import_scenarios(engine, import_document(GOOD), PROFILE)
    assert codes(error) == ["scenario_import_entry"] and "already exists" in error.value.messages()[0]
    for text in ("not json", json.dumps([GOOD]), json.dumps({"format": "other", "scenarios": []})):
        with pytest.raises(ProblemError) as error:
            import_scenarios(engine, text, PROFILE)
        assert codes(error)[0] in ("scenario_import_not_json", "scenario_import_structure")
    assert len(list_scenarios(engine)) == 2


def test_an_imported_old_link_is_stored_in_the_current_form(engine):
    (added,) = import_scenarios(
        engine, import_document({"name": "Old", "author": "A", "query": "w_seismicity=0&index=tri"}), PROFILE
    )
    assert added.query == "v=2&w=seismic:0&index=tri"
    assert added.scenario(PROFILE).weight_map() == {"seismic": 0.0}


def test_the_weight_matrix_has_one_row_per_scenario_and_zeros_outside_the_index(engine):
    save_scenario(engine, "Health", "Aigerim", "", HEALTH)
    matrix = weight_matrix(list_scenarios(engine), PROFILE, "thi")
    keys = list(PROFILE.keys)
    assert matrix.shape == (2, len(keys))
    assert matrix[1, keys.index("capacity")] == 0.5
    assert matrix[:, keys.index("population")].tolist() == [0.0, 0.0]
