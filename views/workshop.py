"""Workshop (presenter): open a workshop, show its QR code and link, watch the room weigh
together (refreshing by itself), close the round, save the room's weights as a scenario."""

import streamlit as st

import cache
from session import controls, loaders, login, pages, presentation
from session import workshop as room
from tmf.i18n import t
from tmf.store.auth import login_required
from tmf.store.engine import database_url

lang = controls.language()
# The presenter acts for the group: an editor when accounts are in use or when the browser
# is not on the computer that runs the server (a phone in the room cannot close a round);
# anyone at that computer otherwise.
user = login.require("editor", lang) if login_required() or pages.remote_client() else login.current_user()
st.title(t("workshop.page_title", lang))
scored = loaders.load_scored(lang)
engine = cache.engine(database_url())
workshop = room.presenter_workshop(engine, user, lang)

invite, live = st.columns([1, 3])  # on a 1366x768 projector the room is visible at once
with invite:
    room.invitation(workshop, lang)
    index = room.round_controls(engine, workshop, lang)
    presentation.workshop_link(workshop.code, index, lang)
with live:
    room.live_room(engine, workshop.code, scored, index, lang)
room.save_and_export(engine, workshop, scored, index, user, lang)
