"""Edit facility (editors): change a facility with the import's validation; a save is refused
when someone else saved it meanwhile, with both versions shown; delete with confirmation."""

import streamlit as st

from components import auth_view, controls, edit_view, inventory_view, layout, user_text
from components.user_text import markdown_literal
from tmf import editing
from tmf.i18n import t

lang = controls.language()
user = auth_view.require("editor", lang)
st.title(t("inventory.edit_title", lang))
engine, facility_id, state = layout.stored_facility(lang, "edit_facility", t("inventory.edit_choose", lang))
version = edit_view.base_version(state)
st.caption(
    t(
        "inventory.edit_version",
        lang,
        version=version,
        stored=state["version"],
        user=markdown_literal(state["updated_by"]),
        at=state["updated_at"].strftime("%Y-%m-%d %H:%M"),
    )
)
edit_view.show_conflict(facility_id, lang)
values = edit_view.facility_form(lang)
if values is not None:
    record, problems = editing.record_from_form({**values, "facility_id": facility_id})
    user_text.show_errors([edit_view.problem_text(problem, lang) for problem in problems])
    if record is not None:
        try:
            saved = editing.save_facility(engine, record, version, user.name)
        except editing.EditConflict as conflict:
            edit_view.remember_conflict(conflict)
            st.rerun()
        else:
            st.session_state.pop(edit_view.BASE, None)
            inventory_view.flash(t("inventory.saved", lang, id=facility_id, version=saved))
            st.rerun()
edit_view.delete_section(engine, facility_id, version, user.name, lang)
