"""Audit log (editors): every import, edit, delete, checklist, profile and account change with
who, when, before and after; an admin can revert one entry if nothing changed since."""

import streamlit as st

import cache
from components import admin_view, user_text
from session import controls, downloads, flash, login
from tmf.i18n import format_number, t
from tmf.problems import Problem, ProblemError
from tmf.store import audit, auth
from tmf.store.engine import database_url
from tmf.store.errors import StoreUnavailable
from tmf.store.revert import revert, revertible

lang = controls.language()
user = login.require("editor", lang)
st.title(t("inventory.audit_title", lang))
st.markdown(t("inventory.audit_intro", lang))
engine = cache.engine(database_url())
flash.show_flash()

records = audit.entries(engine)
facility_ids = sorted({i for r in records for i in (*r.facility_ids, r.facility_id) if i})
only = st.selectbox(
    t("inventory.audit_filter", lang),
    ["", *facility_ids],
    key="audit_facility",
    format_func=lambda i: i or t("inventory.audit_all", lang),
    placeholder=t("widgets.choose", lang),
)
if only:
    records = [r for r in records if r.touches(only)]
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
title = f"{t('inventory.audit_title', lang)}: {chosen}"
if entry.bulk and not only:  # an import: what it changed, facility by facility
    entry = audit.entry(engine, entry.id)
    shown = min(len(entry.facility_ids), admin_view.SHOWN_FACILITIES)
    count = format_number(len(entry.facility_ids), lang)
    st.caption(t("inventory.audit_import_shown", lang, count=count, shown=shown))
    changes, changes_config = admin_view.import_changes_table(entry, lang), admin_view.import_changes_config(lang)
    downloads.shown_table(changes, changes_config, "audit_changes", lang, title)
else:
    entry = audit.entry(engine, entry.id) if entry.bulk else entry
    states = admin_view.states_table(entry, lang, only or None)
    downloads.shown_table(states, admin_view.states_config(lang), "audit_states", lang, title)
if not auth.allows(user.role, "admin"):
    st.caption(t("inventory.revert_admin_only", lang))
    st.stop()
if not revertible(entry):  # said before a click, not after: no button that can only refuse
    st.caption(Problem("revert_not_supported", {"id": entry.id}).message(lang))
    st.stop()
if st.button(t("inventory.revert", lang, id=entry.id), key="revert_entry", icon=":material/undo:"):
    try:
        new_entry = revert(engine, entry.id, user.name)
    except (ProblemError, StoreUnavailable) as error:
        user_text.show_errors(error.messages(lang))
    else:
        flash.flash(t("inventory.reverted", lang, id=entry.id, new=new_entry))
        st.rerun()
