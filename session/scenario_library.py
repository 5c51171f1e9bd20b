"""The scenario library: save the current weighting, list, open, rename, delete, export
and import. Writes run in button callbacks, so the list drawn afterwards is up to date;
the outcome is kept in session state for one rerun and shown as a sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from components import tables, widget_texts
from session import keys, pages
from session.flash import flash
from tmf.i18n import format_number, t
from tmf.localise import country_name
from tmf.methodology import Profile
from tmf.problems import ProblemError
from tmf.store import scenarios as scenario_store
from tmf.store.engine import Engine
from tmf.store.errors import StoreUnavailable
from tmf.store.scenarios import AUTHOR_LIMIT, NAME_LIMIT, StoredScenario
from tmf.view import View, to_query


def display_name(stored: StoredScenario, lang: str) -> str:
    """The scenario's name; the official weighting's in the user's language."""
    return t("scenarios.official_name", lang) if stored.official else stored.name


def weights_summary(scenario: View, lang: str) -> str:
    """The weights that differ from 1 and the index, e.g. "Seismic 0 · Flood 2.5 (THI)"."""
    parts = [f"{t(f'criteria.{k}.short', lang)} {format_number(v, lang, 2)}" for k, v in scenario.weights]
    weights = " · ".join(parts) or t("scenarios.all_default", lang)
    return f"{weights} ({t(f'controls.index_{scenario.index}', lang)})"


def _act(action: Callable[[], str], lang: str) -> None:
    """Run a write; keep its success sentence or the problems' sentences for the rerun."""
    try:
        flash(action())
    except (ProblemError, StoreUnavailable) as error:
        flash(error.messages(lang), "error")


def _save(engine: Engine, current: View, lang: str) -> str:
    state = st.session_state
    saved = scenario_store.save_scenario(
        engine, state[keys.SCENARIO_NAME], state[keys.SCENARIO_AUTHOR], state[keys.SCENARIO_NOTE], current
    )
    # Empty the form and put the new scenario on the B side of the comparison.
    state[keys.SCENARIO_NAME], state[keys.SCENARIO_NOTE], state[keys.COMPARE_B] = "", "", saved.id
    return t("scenarios.saved", lang)


def save_form(engine: Engine, current: View, lang: str) -> None:
    """Name, author and note for the weighting of the link, and the save button."""
    st.subheader(t("scenarios.save_title", lang), anchor=False)
    st.caption(t("scenarios.to_save", lang, weights=weights_summary(current, lang)))
    st.text_input(
        t("scenarios.name", lang), key=keys.SCENARIO_NAME, max_chars=NAME_LIMIT, help=t("scenarios.name_help", lang)
    )
    st.text_input(t("scenarios.author", lang), key=keys.SCENARIO_AUTHOR, max_chars=AUTHOR_LIMIT)
    st.text_area(t("scenarios.note", lang), key=keys.SCENARIO_NOTE, height=80, help=t("scenarios.note_help", lang))
    save = partial(_save, engine, current, lang)
    st.button(t("scenarios.save", lang), key="scenario_save", type="primary", on_click=_act, args=(save, lang))


def library_table(stored: Sequence[StoredScenario], profile: Profile, lang: str) -> tuple[pd.DataFrame, dict]:
    """Every scenario with author, dates, note and weights, for st.dataframe (text only)."""
    table = pd.DataFrame(
        {
            "name": [display_name(s, lang) for s in stored],
            "weights": [weights_summary(s.scenario(profile), lang) for s in stored],
            # the sentence before the author and the date: whole on a 1366 px screen
            "note": [t("scenarios.official_note", lang) if s.official else s.note for s in stored],
            "author": [s.author or None for s in stored],  # the official weighting has none: —
            "updated_at": [s.updated_at for s in stored],
        }
    )
    text = st.column_config.TextColumn
    config = {  # the weights and the note are sentences: wide, and wrapped on the page
        "name": text(t("scenarios.name", lang), width="medium"),
        "weights": text(t("scenarios.weights", lang), width="medium"),
        "note": text(t("scenarios.note", lang), width="large"),
        "author": t("scenarios.author", lang),
        "updated_at": st.column_config.DatetimeColumn(t("scenarios.date", lang), format="YYYY-MM-DD HH:mm"),
    }
    return table, config


def _keep_valid_choice(key: str, options: Sequence[object]) -> None:
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def manage(engine: Engine, stored: Sequence[StoredScenario], profile: Profile, lang: str) -> None:
    """Choose a scenario: open it in the Ranking view, rename it or delete it."""
    st.subheader(t("scenarios.manage_title", lang), anchor=False)
    by_id = {s.id: s for s in stored}
    _keep_valid_choice("scenario_pick", list(by_id))
    chosen = by_id[
        st.selectbox(
            t("scenarios.choose", lang),
            list(by_id),
            key="scenario_pick",
            format_func=lambda i: display_name(by_id[i], lang),
            placeholder=t("widgets.choose", lang),
        )
    ]
    link = to_query(replace(chosen.scenario(profile), lang=lang))
    pages.link("ranking", t("scenarios.open", lang), lang, link, icon=":material/open_in_new:")
    if chosen.official:
        st.caption(t("scenarios.official_locked", lang))
        return
    st.text_input(t("scenarios.rename_to", lang), key=keys.SCENARIO_RENAME_TO, max_chars=NAME_LIMIT)
    rename = partial(_rename, engine, chosen.id, lang)
    st.button(t("scenarios.rename", lang), key="scenario_rename", on_click=_act, args=(rename, lang))
    confirmed = st.checkbox(t("scenarios.delete_confirm", lang), key=keys.SCENARIO_DELETE_CONFIRM)
    delete = partial(_delete, engine, chosen.id, lang)
    st.button(
        t("scenarios.delete", lang), key="scenario_delete", disabled=not confirmed, on_click=_act, args=(delete, lang)
    )


def _rename(engine: Engine, scenario_id: int, lang: str) -> str:
    scenario_store.rename_scenario(engine, scenario_id, st.session_state.get(keys.SCENARIO_RENAME_TO, ""))
    st.session_state[keys.SCENARIO_RENAME_TO] = ""
    return t("scenarios.renamed", lang)


def _delete(engine: Engine, scenario_id: int, lang: str) -> str:
    scenario_store.delete_scenario(engine, scenario_id)
    st.session_state[keys.SCENARIO_DELETE_CONFIRM] = False
    return t("scenarios.deleted", lang)


def _import(engine: Engine, profile: Profile, lang: str) -> str:
    upload = st.session_state.get(keys.SCENARIOS_IMPORT_FILE)
    added = scenario_store.import_scenarios(engine, upload.getvalue() if upload else b"", profile)
    return t("scenarios.imported", lang, count=len(added))


def transfer(engine: Engine, profile: Profile, lang: str) -> None:
    """Export every saved scenario as JSON; import such a file (all or nothing)."""
    left, right = st.columns(2)
    left.download_button(
        t("scenarios.export", lang),
        data=scenario_store.export_scenarios(engine),
        file_name="tmf-scenarios.json",
        mime="application/json",
        key="scenarios_export",
        icon=":material/download:",
    )
    with right:
        widget_texts.uploader_texts(["json"], lang)
    upload = right.file_uploader(t("scenarios.import_file", lang), type=["json"], key=keys.SCENARIOS_IMPORT_FILE)
    right.button(
        t("scenarios.import", lang),
        key="scenarios_import",
        disabled=upload is None,
        on_click=_act,
        args=(partial(_import, engine, profile, lang), lang),
    )


def moved_table(comparison: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, dict]:
    """The facilities that move most between A and B, for st.dataframe."""
    table = comparison[["facility_id", "change", "rank_a", "rank_b", "name", "country"]].copy()
    table["country"] = [country_name(c, lang) for c in table["country"]]
    number = st.column_config.NumberColumn
    config = {
        "facility_id": t("fields.facility_id", lang),
        "name": tables.name_column(lang),
        "country": t("fields.country", lang),
        "rank_a": number(t("scenarios.rank_a", lang), format="%d"),
        "rank_b": number(t("scenarios.rank_b", lang), format="%d"),
        "change": number(
            t("scenarios.change", lang), format=tables.SIGNED_WHOLE, help=t("scenarios.change_help", lang)
        ),
    }
    return table, config
