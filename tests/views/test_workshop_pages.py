"""AppTest: participants weigh on the join page (admitted by the code only), the presenter's
page counts the answers and shows the median weights and the consensus ranking."""

from urllib.parse import parse_qs

import numpy as np
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.user_text import markdown_literal
from session import participant
from session import workshop as workshop_session
from session.pages import page_file
from tests.views.conftest import run_app
from tmf.i18n import format_number, t
from tmf.methodology import load_profile
from tmf.ranking import rank_facilities
from tmf.store import workshops
from tmf.store.engine import make_engine, read_facilities

PROFILE = load_profile()


@pytest.fixture
def engine(demo_db):
    engine = make_engine(demo_db)
    yield engine
    engine.dispose()


@pytest.fixture
def no_wait(monkeypatch):
    monkeypatch.setattr(workshops, "MIN_INTERVAL_S", 0.0)


def answer(at: AppTest, **weights: float) -> AppTest:
    for key, value in weights.items():
        at.select_slider(key=f"join_w_{key}").set_value(value)
    return at.button(key="join_submit").click().run()


def stored(engine, code: str) -> list[dict]:
    return [dict(a.weights) for a in workshops.round_answers(engine, workshops.get_workshop(engine, code))]


def test_a_participant_answer_is_stored_and_a_resubmission_replaces_it(engine, no_wait):
    code = workshops.create_workshop(engine, "Room", "").code
    at = run_app(code=code, lang="ru")
    assert at.title[0].value == "Взвесьте критерии"
    answer(at, seismic=2.5, population=0.0)
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("Ваши веса записаны")
    answer(at, seismic=3.0)
    answers = stored(engine, code)
    assert len(answers) == 1
    assert answers[0]["seismic"] == 3.0 and answers[0]["population"] == 0.0


def param(at: AppTest, name: str) -> str:
    value = at.query_params[name]
    return value[0] if isinstance(value, list) else value


def test_a_reloaded_phone_page_is_the_same_participant_and_resending_replaces_its_answer(engine, no_wait):
    code = workshops.create_workshop(engine, "Room", "").code
    at = run_app(code=code)
    token = param(at, "p")
    assert workshops.TOKEN_PATTERN.match(token)  # in the link before the first answer
    answer(at, seismic=2.5, population=0.0)
    reloaded = run_app(code=code, lang="en", p=token)  # a reload: a new session on the same link
    assert param(reloaded, "p") == token
    assert reloaded.info[0].value == "You have answered this round; sending again replaces your answer."
    assert reloaded.select_slider(key="join_w_seismic").value == 2.5  # the sliders where the answer left them
    answer(reloaded, seismic=0.5)
    assert not reloaded.error
    answers = stored(engine, code)
    assert len(answers) == 1
    assert answers[0]["seismic"] == 0.5 and answers[0]["population"] == 0.0


def test_a_reload_does_not_escape_the_rate_limit(engine):
    code = workshops.create_workshop(engine, "Room", "").code
    at = run_app(code=code)
    answer(at, seismic=2.5)
    reloaded = run_app(code=code, p=param(at, "p"))
    answer(reloaded, seismic=0.5)
    assert reloaded.error[0].value == "Please wait 2 seconds before sending again."
    assert stored(engine, code) == [PROFILE.default_weights | {"seismic": 2.5}]


def test_a_malformed_participant_token_in_the_link_is_replaced_by_a_random_one(engine):
    code = workshops.create_workshop(engine, "Room", "").code
    at = run_app(code=code, p="a")
    assert param(at, "p") != "a" and workshops.TOKEN_PATTERN.match(param(at, "p"))


def test_two_phones_are_two_participants(engine):
    code = workshops.create_workshop(engine, "Room", "").code
    first, second = run_app(code=code), run_app(code=code)
    assert param(first, "p") != param(second, "p")
    answer(first, seismic=2.5)
    answer(second, seismic=0.5)
    assert sorted(a["seismic"] for a in stored(engine, code)) == [0.5, 2.5]


def test_a_closed_round_refuses_the_answer_with_a_sentence(engine):
    code = workshops.create_workshop(engine, "Room", "").code
    at = run_app(code=code)
    workshops.close_round(engine, code)
    answer(at, seismic=3.0)
    assert at.warning[0].value == "Round 1 of this workshop is closed: answers are no longer taken."
    assert stored(engine, code) == []
    assert not at.get("select_slider")


def test_an_unknown_code_is_refused(engine):
    at = run_app(code="qq7q")
    assert at.error[0].value == "There is no workshop with the code QQ7Q: check the code on the presenter's screen."
    assert not at.get("select_slider")


def test_a_code_admits_to_the_participant_page_only_even_when_login_is_required(engine, monkeypatch):
    monkeypatch.setenv("TMF_REQUIRE_LOGIN", "1")
    code = workshops.create_workshop(engine, "Room", "").code
    at = run_app(code=code)
    assert at.title[0].value == "Weigh the criteria"
    assert len(at.get("select_slider")) == len(PROFILE.criteria)
    assert not at.get("page_link") and not at.get("text_input")  # no links, no login or edit form
    assert [b.key for b in at.button] == ["join_submit"]  # the one action: send the weights
    assert not at.sidebar.children  # no sidebar: no language menu of the dashboard, no login
    with pytest.raises(ValueError, match=r"Known pages: \['[^,]*views/join.py'\]"):
        at.switch_page(page_file("edit"))  # the navigation knows no other page


def test_five_participants_give_the_presenter_their_count_median_and_consensus_top(engine, demo_db):
    code = workshops.create_workshop(engine, "Room", "").code
    seismic = [0.0, 0.5, 2.0, 3.0, 3.0]
    capacity = [3.0, 0.25, 1.0, 1.0, 0.0]
    for s, c in zip(seismic, capacity, strict=True):
        assert not answer(run_app(code=code), seismic=s, capacity=c).error

    at = run_app(page_file("workshop"), workshop=code)
    assert not at.exception
    assert at.metric[0].value == "5"
    weights = next(d.value for d in at.dataframe if "weight" in d.value.columns)
    by_label = dict(zip(weights["criterion"], weights["weight"], strict=True))
    assert np.median(seismic) == 2.0 and np.median(capacity) == 1.0
    assert by_label["Seismic hazard"] == "2.00" and by_label["Capacity"] == "1.00"
    room = PROFILE.default_weights | {"seismic": 2.0, "capacity": 1.0}
    expected = rank_facilities(read_facilities(engine), PROFILE, room).iloc[0]
    consensus = next(d.value for d in at.dataframe if "score" in d.value.columns)
    assert consensus["name"].iloc[0] == expected["name"]
    assert consensus["country"].iloc[0] == t(f"countries.{expected['country']}", "en")  # a name, not its code
    assert consensus["score"].iloc[0] == format_number(expected["score"], "en", 2)


def test_the_presenter_opens_a_workshop_closes_the_round_and_saves_the_room_as_a_scenario(engine):
    at = run_app(page_file("workshop"))
    at.text_input(key="workshop_new_title").input("Almaty group")
    at.button(key="workshop_create").click().run()
    code = (
        at.query_params["workshop"][0] if isinstance(at.query_params["workshop"], list) else at.query_params["workshop"]
    )
    workshop = workshops.get_workshop(engine, code)
    assert workshop.title == "Almaty group" and workshop.is_open
    assert any(code in m.value for m in at.markdown)
    answer(run_app(code=code), seismic=3.0)
    at.button(key="workshop_close").click().run()
    assert not workshops.get_workshop(engine, code).is_open
    at.text_input(key="workshop_save_name").input("Almaty room")
    # no account: the author is filled in for the presenter (the room), never a refusal first
    assert at.text_input(key="workshop_save_author").value == f"Workshop {code}"
    at.button(key="workshop_save").click().run()
    assert at.success[0].value.startswith("Saved as the scenario “Almaty room”")


def test_a_refused_workshop_title_is_said_once_under_the_form_and_nothing_is_opened(engine):
    at = run_app(page_file("workshop"))
    at.button(key="workshop_create").click().run()  # no title
    assert [e.value for e in at.error] == [markdown_literal(t("workshop.refused_title_empty", "en"))]
    assert "workshop" not in at.query_params and workshops.list_workshops(engine) == []
    at.run()
    assert not at.error  # shown once (session/flash.py)


def submit_five(engine, code: str, seismic: list[float], capacity: list[float]) -> None:
    for s, c in zip(seismic, capacity, strict=True):
        token = workshops.new_participant_token()
        workshops.submit_answer(engine, code, token, {"seismic": s, "capacity": c}, PROFILE)


EDITING = (
    "slider",
    "select_slider",
    "text_input",
    "text_area",
    "number_input",
    "multiselect",
    "selectbox",
    "radio",
    "checkbox",
)


def test_the_presentation_shows_the_room_live_with_its_count_median_weights_and_consensus_top(engine):
    code = workshops.create_workshop(engine, "Room", "").code
    submit_five(engine, code, seismic=[0.0, 0.5, 2.0, 3.0, 3.0], capacity=[3.0, 0.25, 1.0, 1.0, 0.0])
    at = run_app(page_file("present"), workshop=code, slide="7")
    assert not at.exception and not at.warning
    assert at.header[0].value == f"The room weighs together: workshop {code}"
    assert [m.value for m in at.metric] == ["5"]
    assert "Round 1 · open · room's weights: median" in [m.value for m in at.markdown]
    weights, top = (table.value for table in at.table)
    by_label = dict(zip(weights["Criterion"], weights["Room's weight"], strict=True))
    assert by_label["Seismic hazard"] == "2.00" and by_label["Capacity"] == "1.00"
    room = PROFILE.default_weights | {"seismic": 2.0, "capacity": 1.0}
    expected = rank_facilities(read_facilities(engine), PROFILE, room)
    assert top["Facility"].tolist() == [markdown_literal(n) for n in expected["name"].head(6)]  # as st.table shows
    assert {kind: len(at.main.get(kind)) for kind in EDITING} == dict.fromkeys(EDITING, 0)
    assert at.button(key="present_next").disabled  # the room's slide is the last
    # the facilities that share the sixth's rank but are not listed are named; a missing QR
    # code says why (this test's server listens on no network)
    ranks, names = expected["rank"].tolist(), expected["name"].tolist()
    beyond = [markdown_literal(n) for r, n in zip(ranks[6:], names[6:], strict=True) if r == ranks[5]]
    captions = [c.value for c in at.caption]
    notes = [c for c in captions if c.startswith(t("present.also_tied", "en", rank=ranks[5], names=""))]
    assert notes == ([t("present.also_tied", "en", rank=ranks[5], names="; ".join(beyond))] if beyond else [])
    assert t("present.workshop_no_qr", "en") in captions


def test_the_workshop_page_links_to_the_rooms_slide(engine):
    code = workshops.create_workshop(engine, "Room", "").code
    at = run_app(page_file("workshop"), workshop=code)
    link = next(p for p in at.get("page_link") if p.proto.label == "Presentation mode")
    assert link.proto.page.endswith("present")
    assert parse_qs(link.proto.query_string) == {"workshop": [code], "slide": ["7"], "lang": ["en"]}


def test_a_presentation_link_with_an_unknown_workshop_says_so_and_shows_the_usual_slides(engine):
    at = run_app(page_file("present"), workshop="QQ7Q", slide="6")
    assert at.warning[0].value == markdown_literal("The link's workshop = 'QQ7Q' was ignored.")
    assert at.header[0].value == "How robust is the top 10?"
    assert at.button(key="present_next").disabled


def test_the_invitation_links_phones_to_the_laptops_network_address(engine, monkeypatch):
    monkeypatch.setattr(workshop_session, "lan_address", lambda: "192.168.1.20")
    code = workshops.create_workshop(engine, "Room", "").code
    at = run_app(page_file("workshop"), workshop=code, lang="ru")
    port = st.get_option("server.port")
    assert at.code[0].value == f"http://192.168.1.20:{port}/?code={code}&lang=ru"
    assert len(at.get("image")) == 1  # the QR code of that link
    # the app's own config listens on this computer only: the presenter is told to use make workshop
    assert any("make workshop" in w.value for w in at.warning)


def test_without_a_network_address_the_presenter_is_told_to_connect(engine, monkeypatch):
    monkeypatch.setattr(workshop_session, "lan_address", lambda: None)
    code = workshops.create_workshop(engine, "Room", "").code
    at = run_app(page_file("workshop"), workshop=code)
    assert not at.code and not at.get("image")
    assert "No local network address was found" in at.warning[-1].value


def cookie_script(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.get("html"))


def test_the_first_visit_keeps_the_token_in_a_cookie_of_that_workshop(engine):
    code = workshops.create_workshop(engine, "Room", "").code
    at = run_app(code=code)
    assert f"tmf_participant_{code}={param(at, 'p')}; path=/; SameSite=Strict; max-age=43200" in cookie_script(at)


def test_a_second_scan_of_the_code_finds_the_participant_in_its_cookie(engine, monkeypatch, no_wait):
    code = workshops.create_workshop(engine, "Room", "").code
    first = run_app(code=code)
    answer(first, seismic=2.5)
    token = param(first, "p")
    cookies = {f"tmf_participant_{code}": token}
    monkeypatch.setattr(participant, "browser_cookie", lambda name: cookies.get(name, ""))
    again = run_app(code=code)  # the presenter's link again: no token in it
    assert param(again, "p") == token and "tmf_participant_" not in cookie_script(again)
    answer(again, seismic=0.5)
    assert [a["seismic"] for a in stored(engine, code)] == [0.5]


def test_a_link_copied_from_another_phone_does_not_take_over_this_phones_participant(engine, monkeypatch):
    code = workshops.create_workshop(engine, "Room", "").code
    mine, theirs = workshops.new_participant_token(), workshops.new_participant_token()
    monkeypatch.setattr(participant, "browser_cookie", lambda name: mine)
    assert param(run_app(code=code, p=theirs), "p") == mine


@pytest.fixture
def phone(monkeypatch):
    """A browser on another computer than the server's (a phone in the room)."""
    from session import pages

    monkeypatch.setattr(pages, "remote_client", lambda: True)


def test_a_phone_cannot_close_the_round_from_the_workshop_page(engine, phone):
    code = workshops.create_workshop(engine, "Room", "").code
    at = run_app(page_file("workshop"), workshop=code, lang="ru")
    assert not at.exception
    assert t("auth.refused", "ru", role=t("auth.role_editor", "ru")) in [e.value for e in at.error]
    assert not [b for b in at.button if b.key in ("workshop_close", "workshop_next")]
    assert workshops.get_workshop(engine, code).is_open


def test_while_the_server_serves_a_workshop_a_phone_gets_only_the_participant_page(engine, phone, monkeypatch):
    """make workshop (TMF_WORKSHOP=1): a phone that drops the code from its link, or types
    another page's address, still sees the participant page and nothing else."""
    monkeypatch.setenv("TMF_WORKSHOP", "1")
    at = run_app(lang="ru")
    assert not at.exception
    assert [title.value for title in at.title] == [t("workshop.join_page_title", "ru")]
    assert t("workshop.join_code_missing", "ru") in [i.value for i in at.info]
    assert not at.dataframe and not at.get("deck_gl_json_chart")
    with pytest.raises(ValueError, match=r"Known pages: \['[^']*views/join\.py'\]"):  # no other page is registered
        at.switch_page(page_file("ranking"))


def test_the_presenters_own_computer_sees_the_whole_dashboard_while_serving_a_workshop(engine, monkeypatch):
    monkeypatch.setenv("TMF_WORKSHOP", "1")
    at = run_app(page_file("ranking"), lang="ru")
    assert not at.exception
    assert t("workshop.join_page_title", "ru") not in [title.value for title in at.title]
    assert at.dataframe


def test_the_rooms_slide_names_the_facilities_tied_at_its_last_rank_that_it_cannot_list(engine):
    """With the official weights five facilities share rank 5: the six rows show two of
    them, and the slide names the other three rather than dropping them in silence."""
    code = workshops.create_workshop(engine, "Room", "").code
    submit_five(engine, code, seismic=[1.0] * 5, capacity=[1.0] * 5)
    at = run_app(page_file("present"), workshop=code, slide="7")
    expected = rank_facilities(read_facilities(engine), PROFILE, PROFILE.default_weights)
    ranks, names = expected["rank"].tolist(), expected["name"].tolist()
    assert ranks[:6] == [1, 2, 2, 4, 5, 5] and ranks[6:9] == [5, 5, 5]
    note = t("present.also_tied", "en", rank=5, names="; ".join(markdown_literal(n) for n in names[6:9]))
    assert note in [c.value for c in at.caption]


@pytest.mark.parametrize(
    "address, remote",
    [(None, False), ("192.168.1.20", False), ("192.168.1.37", True)],  # loopback, the laptop's own, a phone
)
def test_only_a_browser_on_another_computer_is_remote(monkeypatch, address, remote):
    """The presenter may open the network link on the laptop itself (its own address)."""
    from types import SimpleNamespace

    from session import pages

    monkeypatch.setattr(pages, "st", SimpleNamespace(context=SimpleNamespace(ip_address=address)))
    monkeypatch.setattr(pages, "own_addresses", lambda: ("192.168.1.20", "127.0.1.1"))
    assert pages.remote_client() is remote
