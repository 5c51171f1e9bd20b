"""The facility form: fields as text or choices (validated by the import rules), the version the edit
started from, the side-by-side view of a refused save, and delete with confirmation.

The form's values live in session state (``edit_<field>``) and are loaded from the
database when another facility is chosen or the editor asks for the current version, so
a refused save keeps what the editor typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import streamlit as st

from components import maps, tables
from components.inventory_view import comparison_table, field_label
from components.user_text import markdown_literal
from session import keys
from session.flash import flash
from tmf.i18n import catalogue, t
from tmf.inventory import COLUMNS, Column
from tmf.localise import country_name
from tmf.problems import Problem
from tmf.readers import cell_text
from tmf.store import editing
from tmf.store.engine import Engine
from tmf.store.errors import StoreUnavailable

FIELDS = tuple(c for c in COLUMNS if c.name != "facility_id")
LONG_TEXT = ("source", "notes", "notes_ru", "notes_kk")
# A computed value (the checklist's level, 94.77611940298507) is shown rounded; saved
# untouched, the stored value is kept exactly (``typed_values``).
SHOWN_DECIMALS = {"checklist_safety_pct": 1}


def load(state: Mapping[str, object], lang: str) -> None:
    """Put a stored facility into the form and start the edit from its version, remembering
    what each field showed and the stored value behind it."""
    shown = {column.name: field_text(column, state[column.name], lang) for column in FIELDS}
    for column in FIELDS:
        value = shown[column.name]
        if column.kind == "country_list":  # a list for the widget; shown as the form will save it
            value = [code.strip() for code in value.split(";") if code.strip()]
            shown[column.name] = ";".join(value)
        st.session_state[keys.edit_field(column.name)] = value
    stored = {column.name: cell_text(state[column.name]) for column in FIELDS}
    base = {"facility_id": state["facility_id"], "version": int(state["version"]), "shown": shown, "stored": stored}
    st.session_state[keys.EDIT_BASE] = base
    st.session_state.pop(keys.EDIT_CONFLICT, None)


def typed_values(typed: Mapping[str, str], base: Mapping[str, object]) -> dict[str, str]:
    """What the form saves: a field still showing what it was loaded with saves the stored
    value itself (not its rounded or regrouped text); a changed field saves what was typed."""
    shown, stored = base.get("shown", {}), base.get("stored", {})
    return {name: stored[name] if name in shown and text == shown[name] else text for name, text in typed.items()}


def field_text(column: Column, value: object, lang: str) -> str:
    """A stored value as the form shows it: a number in the reader's marks (42,88 and
    5 000 000 in Russian and Kazakh; the import's rules read them back), a computed one
    rounded (``SHOWN_DECIMALS``); other values as text."""
    text = cell_text(value)
    if column.name in SHOWN_DECIMALS and text:
        text = f"{float(text):.{SHOWN_DECIMALS[column.name]}f}"
    group, decimal = maps.number_marks(lang)
    if column.kind not in ("number", "integer") or not text or (group, decimal) == (",", "."):
        return text
    sign, (whole, _, fraction) = ("-" if text.startswith("-") else ""), text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", group) if group != "." else whole
    return sign + grouped + (decimal + fraction if fraction else "")


def country_help(lang: str) -> str:
    """The country codes the country fields take, each with its name in the reader's language."""
    codes = "; ".join(f"{code} — {country_name(code, lang)}" for code in sorted(_named_codes()))
    return t("inventory.country_codes_help", lang, codes=codes)


def base_version(state: Mapping[str, object], lang: str) -> int:
    """The version this edit started from (loading the facility when it is a new choice)."""
    base = st.session_state.get(keys.EDIT_BASE)
    if base is None or base["facility_id"] != state["facility_id"]:
        load(state, lang)
    return st.session_state[keys.EDIT_BASE]["version"]


def facility_form(lang: str) -> dict[str, str] | None:
    """The fields in two columns; the typed text of every field when Save was pressed."""
    codes_help = country_help(lang)
    with st.form("edit_form", border=False):
        halves = st.columns(2)
        for position, column in enumerate(FIELDS):
            _field(halves[position % 2], column, lang, codes_help)
        submitted = st.form_submit_button(t("inventory.save", lang), type="primary", key="edit_save")
    if not submitted:
        return None
    typed = {c.name: _as_text(st.session_state.get(keys.edit_field(c.name), "")) for c in FIELDS}
    return typed_values(typed, st.session_state[keys.EDIT_BASE])


def _field(target, column: Column, lang: str, codes_help: str) -> None:
    """One field's widget: a choice from its values, a country or several by their names (the
    countries of the map's data, and any other code the field already holds), a long text or
    a line of text."""
    key = keys.edit_field(column.name)
    label = field_label(column.name, lang) + (" *" if column.required else "")
    if column.kind == "choice":
        choices = ["", *column.choices]
        format_func = partial(choice_label, column.name, lang)
        target.selectbox(label, choices, key=key, format_func=format_func, placeholder=t("widgets.choose", lang))
    elif column.kind == "country":
        codes = ["", *country_codes(lang, st.session_state.get(key, ""))]
        format_func = partial(country_name, lang=lang)
        placeholder = t("widgets.choose", lang)
        target.selectbox(label, codes, key=key, format_func=format_func, help=codes_help, placeholder=placeholder)
    elif column.kind == "country_list":
        codes = country_codes(lang, *st.session_state.get(key, []))
        format_func = partial(country_name, lang=lang)
        placeholder = t("widgets.choose_many", lang)
        target.multiselect(label, codes, key=key, format_func=format_func, help=codes_help, placeholder=placeholder)
    elif column.name in LONG_TEXT:
        target.text_area(label, key=key, height=90)
    else:
        target.text_input(label, key=key)


def country_codes(lang: str, *current: str) -> list[str]:
    """The countries the catalogue names, and any other code the field holds, ordered by
    their names in ``lang`` (letter by letter as Unicode numbers them: alphabetical in English
    and Russian; Kazakh's own letters, Ә or Ө, come after Я)."""
    return sorted(_named_codes() | {code for code in current if code}, key=partial(country_name, lang=lang))


def _named_codes() -> set[str]:
    """The country codes the catalogue names (the countries of the map's data)."""
    return {key.removeprefix("countries.") for key in catalogue("en") if key.startswith("countries.")}


def _as_text(value: object) -> str:
    """A widget's value as the import's rules read it: several countries joined by ";"."""
    return ";".join(value) if isinstance(value, list) else str(value or "")


def choice_label(name: str, lang: str, value: str) -> str:
    return t(f"values.{name}.{value}", lang) if value else "—"


def problem_text(problem: Problem, lang: str) -> str:
    return f"{field_label(problem.column, lang)}: {Problem(problem.code, problem.params).message(lang)}"


def remember_conflict(conflict: editing.EditConflict) -> None:
    st.session_state[keys.EDIT_CONFLICT] = {
        "facility_id": conflict.facility_id,
        "mine": conflict.mine,
        "theirs": conflict.theirs,
    }


def _keep_mine(version: int) -> None:
    st.session_state[keys.EDIT_BASE]["version"] = version
    st.session_state.pop(keys.EDIT_CONFLICT, None)


def show_conflict(facility_id: str, lang: str) -> None:
    """After a refused save: both versions side by side, and what the editor can do next."""
    conflict = st.session_state.get(keys.EDIT_CONFLICT)
    if not conflict or conflict["facility_id"] != facility_id or conflict["theirs"] is None:
        return
    theirs = conflict["theirs"]
    message = editing.EditConflict(facility_id, conflict["mine"], theirs).messages(lang)[0]
    st.error(markdown_literal(message), icon=":material/sync_problem:")
    config = {
        "field": t("inventory.field", lang),
        "mine": t("inventory.mine", lang),
        "theirs": t("inventory.theirs", lang, version=theirs["version"]),
        "differs": st.column_config.CheckboxColumn(t("inventory.differs", lang)),
    }
    table = comparison_table(conflict["mine"] or {}, theirs, lang)
    tables.show(table, config, key="conflict_table", lang=lang)
    left, right = st.columns(2)
    left.button(t("inventory.load_theirs", lang), key="load_theirs", on_click=load, args=(theirs,))
    right.button(t("inventory.keep_mine", lang), key="keep_mine", on_click=_keep_mine, args=(int(theirs["version"]),))


def delete_section(engine: Engine, facility_id: str, version: int, user: str, lang: str) -> None:
    """Delete after ticking a confirmation; audited and revertible by an admin."""
    with st.expander(t("inventory.delete_title", lang), icon=":material/delete:"):
        confirmed = st.checkbox(t("inventory.delete_confirm", lang, id=facility_id), key="delete_confirm")
        if st.button(t("inventory.delete", lang), key="delete_facility", disabled=not confirmed):
            try:
                editing.delete_facility(engine, facility_id, version, user)
            except (editing.EditConflict, StoreUnavailable) as refused:
                st.error(markdown_literal(refused.messages(lang)[0]))
                return
            st.session_state.pop(keys.EDIT_BASE, None)
            st.session_state.pop(keys.FACILITY, None)
            flash(t("inventory.deleted", lang, id=facility_id))
            st.rerun()
