"""The checklist form: answers, evidence and notes per question live in session state
(``cl_<question>_*``), loaded from the database when another facility is chosen, with the
facility version the form started from (a save made meanwhile is refused).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.checklist_view import EVIDENCE_NONE, answer_label
from session import keys
from tmf.checklist import Checklist
from tmf.i18n import t


def load(checklist: Checklist, facility_id: str, version: int, answers: Mapping[str, Mapping[str, object]]) -> None:
    """Put stored answers into the form's widgets and remember the facility version."""
    for question in checklist.questions:
        given = answers.get(question.key) or {}
        st.session_state[keys.checklist(question.key, "answer")] = given.get("answer") or ""
        st.session_state[keys.checklist(question.key, "evidence")] = given.get("evidence") or EVIDENCE_NONE
        st.session_state[keys.checklist(question.key, "note")] = given.get("note") or ""
    st.session_state[keys.CHECKLIST_BASE] = {"facility_id": facility_id, "version": version}


def base_version(checklist: Checklist, state: Mapping[str, object], answers: Mapping[str, Mapping]) -> int:
    """The facility version the form was loaded from (loading it for a newly chosen facility)."""
    base = st.session_state.get(keys.CHECKLIST_BASE)
    if base is None or base["facility_id"] != state["facility_id"]:
        load(checklist, str(state["facility_id"]), int(state["version"]), answers)
    return st.session_state[keys.CHECKLIST_BASE]["version"]


def answer_form(checklist: Checklist, lang: str) -> dict[str, dict[str, object]] | None:
    """Answer, evidence level and note per question, by category; the answers on Save."""
    answer_options = ["", *checklist.scores]
    evidence_options = [EVIDENCE_NONE, *checklist.credibility]
    with st.form("checklist_form", border=False):
        for category in checklist.categories:
            with st.expander(category.title(lang)):
                for question in category.questions:
                    st.markdown(
                        f"**{question.text(lang)}** ({t('checklist.weight', lang, weight=int(question.weight))})"
                    )
                    left, middle, right = st.columns([2, 2, 3])
                    left.selectbox(
                        t("checklist.column_answer", lang),
                        answer_options,
                        key=keys.checklist(question.key, "answer"),
                        format_func=lambda a: answer_label(a, lang),
                        placeholder=t("widgets.choose", lang),
                    )
                    middle.selectbox(
                        t("checklist.column_evidence", lang),
                        evidence_options,
                        key=keys.checklist(question.key, "evidence"),
                        format_func=lambda e: t(f"checklist.evidence_{e}", lang) if e else "—",
                        placeholder=t("widgets.choose", lang),
                    )
                    right.text_input(t("checklist.column_note", lang), key=keys.checklist(question.key, "note"))
        submitted = st.form_submit_button(t("checklist.save", lang), type="primary", key="checklist_save")
    if not submitted:
        return None
    return {
        q.key: {
            "answer": st.session_state[keys.checklist(q.key, "answer")],
            "evidence": st.session_state[keys.checklist(q.key, "evidence")] or None,
            "note": st.session_state[keys.checklist(q.key, "note")],
        }
        for q in checklist.questions
        if st.session_state.get(keys.checklist(q.key, "answer"))
    }
