"""Checklist: the safety level of a facility overall and per category, its gaps and the
measures that remedy them; editors fill in the answers (stored, audited, used in ranking)."""

import streamlit as st

import cache
from components import checklist_view, user_text
from components.user_text import markdown_literal
from session import checklist_form, controls, downloads, flash, keys, loaders, login
from tmf.checklist import safety_level
from tmf.i18n import format_number, t
from tmf.problems import ProblemError
from tmf.store import auth
from tmf.store.checklists import facility_answers, save_answers
from tmf.store.errors import StoreUnavailable

lang = controls.language()
user = login.require("viewer", lang)
can_edit = user is not None and auth.allows(user.role, "editor")
checklist = cache.checklist()
st.title(t("checklist.title", lang))
st.warning(
    t("checklist.provisional_notice", lang, source=markdown_literal(checklist.source)), icon=":material/warning:"
)
engine, facility_id, state = loaders.stored_facility(lang, t("checklist.choose", lang))
answers = facility_answers(engine, facility_id)
level = safety_level(checklist, answers)

metrics = st.columns(3)
metrics[0].metric(t("checklist.overall", lang), checklist_view.level_text(level.overall, lang))
metrics[1].metric(t("checklist.answered", lang), f"{level.answered} / {level.total}")
metrics[2].metric(
    t("checklist.stored_level", lang),
    checklist_view.level_text(state["checklist_safety_pct"], lang),
    help=t("checklist.stored_level_help", lang),
)
if level.answered and level.answered < level.total:
    st.caption(t("checklist.unanswered_policy", lang))
if level.answered:  # with no answer every bar would be empty: the sentence below says it
    downloads.chart(checklist_view.category_figure(checklist, level, lang), "checklist_chart", lang)

st.subheader(t("checklist.gaps_title", lang), anchor=False)
gaps = checklist_view.gaps_table(checklist, answers, lang)
if gaps.empty:
    st.info(t("checklist.no_gaps" if answers else "checklist.no_answers", lang))
else:
    title = t("checklist.gaps_title", lang)
    downloads.shown_table(gaps, checklist_view.table_config(lang), "gaps_table", lang, title, wrap=True)

if not can_edit:
    st.subheader(t("checklist.answers_title", lang), anchor=False)
    table = checklist_view.answers_table(checklist, answers, lang)
    title = t("checklist.answers_title", lang)
    downloads.shown_table(table, checklist_view.table_config(lang), "answers_table", lang, title, wrap=True)
    st.stop()

st.subheader(t("checklist.fill_in", lang), anchor=False)
version = checklist_form.base_version(checklist, state, answers)
submitted = checklist_form.answer_form(checklist, lang)
if submitted is not None:
    try:
        saved = save_answers(engine, checklist, facility_id, submitted, version, user.name)
    except (ProblemError, StoreUnavailable) as error:
        user_text.show_errors(error.messages(lang))
    else:
        st.session_state.pop(keys.CHECKLIST_BASE, None)
        level_text = "—" if saved.overall is None else format_number(saved.overall, lang, 1)
        flash.flash(t("checklist.saved", lang, id=facility_id, level=level_text))
        st.rerun()
