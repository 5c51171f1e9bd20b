"""Edit facility (editors): change a facility with the import's validation; a save is refused
when someone else saved it meanwhile, with both versions shown; delete with confirmation."""

import streamlit as st

from components import admin_view, user_text
from components.user_text import markdown_literal
from session import controls, edit_form, flash, keys, loaders, login
from tmf.i18n import format_date, t
from tmf.store import editing
from tmf.store.errors import StoreUnavailable

lang = controls.language()
user = login.require("editor", lang)
st.title(t("inventory.edit_title", lang))
engine, facility_id, state = loaders.stored_facility(lang, t("inventory.edit_choose", lang))
version = edit_form.base_version(state, lang)
st.caption(
    t(
        "inventory.edit_version",
        lang,
        version=version,
        stored=state["version"],
        user=markdown_literal(admin_view.author_text(state["updated_by"], lang)),
        at=format_date(state["updated_at"], lang, time=True),
    )
)
edit_form.show_conflict(facility_id, lang)
values = edit_form.facility_form(lang)
if values is not None:
    record, problems = editing.record_from_form({**values, "facility_id": facility_id})
    user_text.show_errors([edit_form.problem_text(problem, lang) for problem in problems])
    if record is not None:
        try:
            saved = editing.save_facility(engine, record, version, user.name)
        except editing.EditConflict as conflict:
            edit_form.remember_conflict(conflict)
            st.rerun()
        except StoreUnavailable as error:  # the form keeps what was typed; saving again later works
            st.error(error.message(lang), icon=":material/cloud_off:")
        else:
            st.session_state.pop(keys.EDIT_BASE, None)
            flash.flash(t("inventory.saved", lang, id=facility_id, version=saved))
            st.rerun()
edit_form.delete_section(engine, facility_id, version, user.name, lang)
