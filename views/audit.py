"""Audit log (editors): every import, edit, delete, checklist, profile and account change with
who, when, before and after; an admin can revert one entry if nothing changed since."""

import streamlit as st

import cache
from components import admin_view, user_text
from session import controls, downloads, flash, login
from tmf.i18n import t
from tmf.problems import ProblemError
from tmf.store import audit, auth
from tmf.store.engine import database_url
from tmf.store.errors import StoreUnavailable
from tmf.store.revert import revert

lang = controls.language()
user = login.require("editor", lang)
st.title(t("inventory.audit_title", lang))
st.markdown(t("inventory.audit_intro", lang))
engine = cache.engine(database_url())
flash.show_flash()

records = audit.entries(engine)
facility_ids = sorted({r.facility_id for r in records if r.facility_id})
only = st.selectbox(
    t("inventory.audit_filter", lang),
    ["", *facility_ids],
    key="audit_facility",
    format_func=lambda i: i or t("inventory.audit_all", lang),
    placeholder=t("widgets.choose", lang),
)
if only:
    records = [r for r in records if r.facility_id == only]
if not records:
    st.info(t("inventory.audit_empty", lang))
    st.stop()
table, config = admin_view.entries_table(records, lang)
downloads.shown_table(table, config, "audit_table", lang, t("inventory.audit_title", lang))

by_id = {r.id: r for r in records}
chosen = st.selectbox(
    t("inventory.audit_choose", lang),
    list(by_id),
    key="audit_entry",
    format_func=lambda i: t(
        "inventory.audit_entry",
        lang,
        id=i,
        action=t(f"inventory.action_{by_id[i].action}", lang),
        user=admin_view.author_text(by_id[i].user, lang),
    ),
    placeholder=t("widgets.choose", lang),
)
entry = by_id[chosen]
states, title = admin_view.states_table(entry, lang), f"{t('inventory.audit_title', lang)}: {chosen}"
downloads.shown_table(states, admin_view.states_config(lang), "audit_states", lang, title)
if not auth.allows(user.role, "admin"):
    st.caption(t("inventory.revert_admin_only", lang))
    st.stop()
if st.button(t("inventory.revert", lang, id=entry.id), key="revert_entry", icon=":material/undo:"):
    try:
        new_entry = revert(engine, entry.id, user.name)
    except (ProblemError, StoreUnavailable) as error:
        user_text.show_errors(error.messages(lang))
    else:
        flash.flash(t("inventory.reverted", lang, id=entry.id, new=new_entry))
        st.rerun()
