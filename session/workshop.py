"""The presenter's side of a workshop: which workshop is open (``?workshop=CODE`` in the
link, so a reload keeps it), the invitation (QR code and link on the laptop's local
network address), the round's controls, the live room (a fragment that refreshes by
itself) and saving or exporting a closed round."""

from __future__ import annotations

import streamlit as st

import cache
from components import maps, tables, workshop_view
from components.user_text import markdown_literal
from session import downloads, keys, pages
from session.flash import flash, show_flash
from tmf.i18n import t
from tmf.methodology import INDEXES, Profile
from tmf.problems import ProblemError
from tmf.ranking import ScoredInventory
from tmf.store import workshops
from tmf.store.auth import User
from tmf.store.engine import Engine
from tmf.view import View
from tmf.workshop import Room, weigh_room

REFRESH_S = 4
MAP_WIDTH = 660  # px: the room's column (3/4 of the page) on a 1366 px screen with the sidebar open
PARAM = "workshop"  # the presenter page's link parameter (``code`` would open the join page)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def lan_address() -> str | None:
    """This computer's address on the local network (``pages.own_addresses``, found without
    the internet); None when only loopback exists."""
    return next((a for a in pages.own_addresses() if not a.startswith("127.")), None)


def listens_on_lan() -> bool:
    """False when the server only accepts connections from this computer."""
    return (st.get_option("server.address") or "0.0.0.0") not in LOOPBACK


def _open(code: str) -> None:
    st.query_params[PARAM] = code


def _create(engine: Engine, user: User | None, lang: str) -> None:
    title = st.session_state.get(keys.WORKSHOP_NEW_TITLE, "")
    try:
        workshop = workshops.create_workshop(engine, title, user.name if user else "")
    except workshops.WorkshopRefused as refusal:
        flash(refusal.message(lang), "error")
        return
    _open(workshop.code)


def _choose(engine: Engine, user: User | None, lang: str) -> None:
    """A form to open a new workshop and a list to continue one; stops the page."""
    st.caption(t("workshop.presenter_intro", lang))
    with st.form("workshop_new", border=True):
        st.text_input(
            t("workshop.new_title", lang),
            key=keys.WORKSHOP_NEW_TITLE,
            placeholder=t("workshop.new_title_placeholder", lang),
        )
        st.form_submit_button(
            t("workshop.create", lang), key="workshop_create", on_click=_create, args=(engine, user, lang)
        )
    show_flash()  # a refused title, under the form
    existing = workshops.list_workshops(engine)
    if existing:
        codes = {w.code: f"{w.code} · {w.title}" for w in existing}
        code = st.selectbox(t("workshop.continue_label", lang), list(codes), format_func=codes.get, key="workshop_pick")
        st.button(t("workshop.continue_button", lang), key="workshop_continue", on_click=_open, args=(code,))
    st.stop()


def presenter_workshop(engine: Engine, user: User | None, lang: str) -> workshops.Workshop:
    """The workshop named by the link, else the forms to open or continue one."""
    code = st.query_params.get(PARAM)
    workshop = workshops.find_workshop(engine, code) if code else None
    if workshop is None:
        if code:
            st.warning(workshops.WorkshopRefused("unknown_code", code=markdown_literal(code[:12])).message(lang))
        _choose(engine, user, lang)
    return workshop


def invitation(workshop: workshops.Workshop, lang: str) -> None:
    """The QR code and the link for the participants, with what stops phones reaching it."""
    host = lan_address()
    status = t(f"workshop.status_{workshop.status}", lang)
    st.markdown(t("workshop.code_line", lang, code=workshop.code, round=workshop.round, status=status))
    st.caption(markdown_literal(workshop.title))
    if not listens_on_lan():
        st.warning(t("workshop.loopback_warning", lang), icon=":material/wifi_off:")
    if host is None:
        st.warning(t("workshop.no_lan", lang), icon=":material/wifi_off:")
        return
    link = workshop_view.participant_link(host, int(st.get_option("server.port")), workshop.code, lang)
    st.image(workshop_view.qr_png(link), caption=t("workshop.qr_caption", lang), width=220)
    st.caption(t("workshop.link_caption", lang))
    st.code(link, language=None, wrap_lines=True)


def _close(engine: Engine, code: str) -> None:
    workshops.close_round(engine, code)


def _next(engine: Engine, code: str) -> None:
    workshops.next_round(engine, code)


def _aggregation(engine: Engine, code: str) -> None:
    workshops.set_aggregation(engine, code, st.session_state[keys.WORKSHOP_AGGREGATION])


def round_controls(engine: Engine, workshop: workshops.Workshop, lang: str) -> str:
    """The aggregation, the index, and closing or opening a round; returns the index."""
    st.session_state[keys.WORKSHOP_AGGREGATION] = workshop.aggregation
    st.radio(
        t("workshop.aggregation_label", lang),
        workshops.AGGREGATIONS,
        key=keys.WORKSHOP_AGGREGATION,
        horizontal=True,
        format_func=lambda a: t(f"workshop.aggregation_{a}", lang),
        help=t("workshop.aggregation_help", lang),
        on_change=_aggregation,
        args=(engine, workshop.code),
    )
    if workshop.aggregation == "geomean":
        st.caption(t("workshop.geomean_zero_note", lang))
    st.session_state.setdefault(keys.INDEX, INDEXES[0])
    index = st.radio(
        t("controls.index", lang),
        INDEXES,
        key=keys.INDEX,
        horizontal=True,
        format_func=lambda i: t(f"controls.index_{i}", lang),
    )
    if workshop.is_open:
        st.button(t("workshop.close_round", lang), key="workshop_close", on_click=_close, args=(engine, workshop.code))
    else:
        st.info(t("workshop.closed_note", lang))
        st.button(t("workshop.next_round", lang), key="workshop_next", on_click=_next, args=(engine, workshop.code))
    return index


def current_room(engine: Engine, workshop: workshops.Workshop, scored: ScoredInventory, index: str) -> Room | None:
    """The room of the workshop's current round; None before the first answer."""
    answers = workshops.round_answers(engine, workshop)
    return weigh_room(scored, [a.weights for a in answers], workshop.aggregation, index) if answers else None


def _table(table_and_config: tuple, key: str, title: str, lang: str) -> None:
    """A table of the room with its CSV and XLSX downloads (titled, with the data date)."""
    table, config = table_and_config
    tables.show(table, config, key=key, lang=lang, names={"name": workshop_view.NAME_CHARS})
    downloads.table(tables.headed(table, config), key, lang, f"{key}_download", t(f"workshop.{title}", lang))


def _draw_room(room: Room, profile: Profile, lang: str) -> None:
    left, right = st.columns(2)  # the weights table keeps both columns readable in every language
    downloads.chart(workshop_view.weight_spread_figure(room, profile, lang), "workshop_spread", lang, left)
    with right:
        st.subheader(t("workshop.room_weights_title", lang))
        _table(workshop_view.room_weights_table(room, profile, lang), "workshop_weights", "room_weights_title", lang)
    st.subheader(t("workshop.consensus_title", lang))
    ranked = room.consensus.ranked
    deck = maps.ranking_deck(ranked, cache.basemap(), lang, size=(MAP_WIDTH, maps.MAP_HEIGHT))
    maps.ranking_map(deck, key="workshop_map")
    # One table under the other: side by side in the room's three quarters of a 1366 px
    # screen, each showed little more than the names.
    _table(workshop_view.consensus_table(room, lang), "workshop_consensus", "consensus_title", lang)
    st.subheader(t("workshop.depends_title", lang))
    st.caption(t("workshop.depends_caption", lang))
    _table(workshop_view.depends_table(room, lang), "workshop_depends", "depends_title", lang)


@st.fragment(run_every=REFRESH_S)
def live_room(engine: Engine, code: str, scored: ScoredInventory, index: str, lang: str) -> None:
    """How many answered, the spread of each weight, the room's weights, the consensus
    ranking (map and table) and the facilities whose rank depends most on who is asked;
    re-read every REFRESH_S seconds."""
    workshop = workshops.get_workshop(engine, code)
    room = current_room(engine, workshop, scored, index)
    st.metric(t("workshop.answers", lang), room.count if room else 0)
    if room is None:
        st.info(t("workshop.waiting", lang))
        return
    _draw_room(room, scored.profile, lang)


def _save(engine: Engine, workshop: workshops.Workshop, room: Room, index: str, lang: str) -> None:
    name = st.session_state.get(keys.WORKSHOP_SAVE_NAME, "")
    author = st.session_state.get(keys.WORKSHOP_SAVE_AUTHOR, "")
    view = View(index=index).with_weights(room.weights, room.consensus.shown.profile)
    try:
        saved = workshops.save_room_scenario(engine, workshop, name, author, view, room.count, lang)
    except ProblemError as error:
        flash(error.messages(lang), "error")
        return
    flash(t("workshop.saved", lang, name=saved.name))


def save_and_export(
    engine: Engine, workshop: workshops.Workshop, scored: ScoredInventory, index: str, user: User | None, lang: str
) -> None:
    """For a closed round with answers: save the room's weights as a scenario, download the round."""
    room = None if workshop.is_open else current_room(engine, workshop, scored, index)
    if room is None:
        return
    st.subheader(t("workshop.save_title", lang))
    # The author is filled in (the user, else who opened the workshop, else the room itself):
    # a scenario needs one, and the presenter should not meet a refusal first.
    author = (user.name if user else "") or workshop.created_by or t("workshop.room_author", lang, code=workshop.code)
    st.session_state.setdefault(keys.WORKSHOP_SAVE_AUTHOR, author)
    with st.form("workshop_save", border=True):
        st.text_input(t("workshop.save_name", lang), key=keys.WORKSHOP_SAVE_NAME)
        st.text_input(t("workshop.save_author", lang), key=keys.WORKSHOP_SAVE_AUTHOR)
        st.form_submit_button(
            t("workshop.save_button", lang),
            key="workshop_save",
            on_click=_save,
            args=(engine, workshop, room, index, lang),
        )
    show_flash()  # the save's outcome, under the form
    stem = f"workshop-{workshop.code}-round-{workshop.round}"
    for fmt, mime in (("json", "application/json"), ("csv", "text/csv")):
        data = workshops.export_round(engine, workshop, workshop.round, scored.profile.keys, fmt)
        st.download_button(t(f"workshop.export_{fmt}", lang), data, f"{stem}.{fmt}", mime, key=f"workshop_export_{fmt}")
