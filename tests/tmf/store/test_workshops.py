"""Workshops on SQLite and PostgreSQL: codes, answers (replace, freeze, limits), scenario, export."""

import csv
import datetime as dt
import io
import json

import pytest

from tmf.methodology import load_profile
from tmf.problems import ProblemError
from tmf.store import workshops
from tmf.store.scenarios import list_scenarios
from tmf.store.workshops import (
    WorkshopRefused,
    close_round,
    create_workshop,
    export_round,
    find_workshop,
    new_participant_token,
    next_round,
    round_answers,
    save_room_scenario,
    submit_answer,
)
from tmf.view import View

PROFILE = load_profile()
NOON = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)


def later(seconds: float) -> dt.datetime:
    return NOON + dt.timedelta(seconds=seconds)


@pytest.fixture
def engine(migrated):
    return migrated


def refusal(error: pytest.ExceptionInfo) -> str:
    return error.value.reason


def test_a_new_workshop_is_open_in_round_1_with_a_four_character_code_found_in_any_case(engine):
    workshop = create_workshop(engine, "  Working   group ", "aigerim", now=NOON)
    assert (workshop.title, workshop.status, workshop.round, workshop.aggregation) == (
        "Working group",
        "open",
        1,
        "median",
    )
    assert len(workshop.code) == 4 and set(workshop.code) <= set(workshops.CODE_ALPHABET)
    assert find_workshop(engine, f" {workshop.code.lower()} ") == workshop
    assert find_workshop(engine, "ZZZZZ") is None


def test_a_blank_title_is_refused(engine):
    with pytest.raises(WorkshopRefused) as error:
        create_workshop(engine, "   ", "aigerim")
    assert refusal(error) == "title_empty"


def test_a_resubmission_replaces_the_participants_answer(engine):
    workshop = create_workshop(engine, "Room", "aigerim")
    me, other = new_participant_token(), new_participant_token()
    submit_answer(engine, workshop.code, me, {"seismic": 3.0}, PROFILE, now=NOON)
    submit_answer(engine, workshop.code, other, {"seismic": 0.5}, PROFILE, now=later(1))
    submit_answer(engine, workshop.code, me, {"seismic": 2.0}, PROFILE, now=later(10))
    answers = {a.participant: a.weights for a in round_answers(engine, workshop)}
    assert len(answers) == 2
    assert answers[me]["seismic"] == 2.0 and answers[other]["seismic"] == 0.5
    assert answers[me]["capacity"] == PROFILE.default_weights["capacity"]  # defaults filled in


def test_a_resubmission_within_the_interval_is_refused_and_keeps_the_first_answer(engine):
    workshop = create_workshop(engine, "Room", "aigerim")
    me = new_participant_token()
    submit_answer(engine, workshop.code, me, {"seismic": 3.0}, PROFILE, now=NOON)
    with pytest.raises(WorkshopRefused) as error:
        submit_answer(engine, workshop.code, me, {"seismic": 0.0}, PROFILE, now=later(0.5))
    assert refusal(error) == "too_fast"
    assert round_answers(engine, workshop)[0].weights["seismic"] == 3.0


def test_a_closed_round_is_frozen_and_a_new_round_starts_empty(engine):
    workshop = create_workshop(engine, "Room", "aigerim")
    submit_answer(engine, workshop.code, new_participant_token(), {"flood": 2.0}, PROFILE, now=NOON)
    closed = close_round(engine, workshop.code)
    with pytest.raises(WorkshopRefused) as error:
        submit_answer(engine, workshop.code, new_participant_token(), {"flood": 0.0}, PROFILE)
    assert refusal(error) == "closed"
    assert error.value.message("ru") == "Раунд 1 этого семинара закрыт: ответы больше не принимаются."
    assert [a.weights["flood"] for a in round_answers(engine, closed)] == [2.0]
    second = next_round(engine, workshop.code)
    assert (second.round, second.status) == (2, "open")
    assert round_answers(engine, second) == []
    assert len(round_answers(engine, second, 1)) == 1


def test_unknown_codes_and_weights_out_of_range_are_refused(engine):
    workshop = create_workshop(engine, "Room", "aigerim")
    with pytest.raises(WorkshopRefused) as error:
        submit_answer(engine, "QQQQ", new_participant_token(), {}, PROFILE)
    assert refusal(error) == "unknown_code"
    for bad in ({"seismic": 4.0}, {"seismic": "much"}, {"nonsense": 1.0}):
        with pytest.raises(WorkshopRefused) as error:
            submit_answer(engine, workshop.code, new_participant_token(), bad, PROFILE)
        assert refusal(error) == "bad_weights"
    assert round_answers(engine, workshop) == []


def test_fifty_participants_fit_and_the_round_refuses_one_past_the_limit(engine, monkeypatch):
    workshop = create_workshop(engine, "Big room", "aigerim")
    for i in range(50):
        submit_answer(engine, workshop.code, new_participant_token(), {"seismic": i % 4}, PROFILE, now=later(i))
    assert len(round_answers(engine, workshop)) == 50
    monkeypatch.setattr(workshops, "MAX_PARTICIPANTS", 50)
    with pytest.raises(WorkshopRefused) as error:
        submit_answer(engine, workshop.code, new_participant_token(), {}, PROFILE)
    assert refusal(error) == "full"


def test_the_rooms_weights_are_saved_as_a_scenario_noting_participants_and_aggregation(engine):
    workshop = create_workshop(engine, "Almaty group", "aigerim")
    room = View(index="tri").with_weights({"seismic": 2.5, "population": 0.75}, PROFILE)
    with pytest.raises(WorkshopRefused) as error:
        save_room_scenario(engine, workshop, "Almaty room", "Aigerim", room, 12, "en")
    assert refusal(error) == "save_open_round"
    closed = close_round(engine, workshop.code)
    saved = save_room_scenario(engine, closed, "Almaty room", "Aigerim", room, 12, "en")
    assert (
        saved.note == f"Workshop “Almaty group” ({workshop.code}), round 1: 12 participants, room's weights by median."
    )
    assert saved.weights(PROFILE)["seismic"] == 2.5 and saved.scenario(PROFILE).index == "tri"
    assert [s.name for s in list_scenarios(engine)][1:] == ["Almaty room"]
    with pytest.raises(ProblemError):
        save_room_scenario(engine, closed, "Almaty room", "Aigerim", room, 12, "en")  # name taken


def test_an_exported_round_numbers_participants_hides_tokens_and_neutralises_formulas(engine):
    workshop = create_workshop(engine, "=HYPERLINK(1)", "aigerim")
    tokens = [new_participant_token() for _ in range(2)]
    submit_answer(engine, workshop.code, tokens[0], {"seismic": 3.0}, PROFILE, now=NOON)
    submit_answer(engine, workshop.code, tokens[1], {"seismic": 0.5}, PROFILE, now=later(5))
    data = export_round(engine, workshop, 1, PROFILE.keys, "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["participant"], r["seismic"]) for r in rows] == [("1", "3.0"), ("2", "0.5")]
    assert rows[0]["title"] == "'=HYPERLINK(1)"
    document = json.loads(export_round(engine, workshop, 1, PROFILE.keys, "json"))
    assert [a["weights"]["seismic"] for a in document["answers"]] == [3.0, 0.5]
    assert not any(token in data.decode("utf-8-sig") + json.dumps(document) for token in tokens)
    # when each answer came, to the minute only: too coarse to tell who tapped which
    assert rows[1]["submitted_at"] == document["answers"][1]["submitted_at"] == "2026-12-06T12:00:00+00:00"
