"""The priority matrix on the Ranking page: hazard tercile × checklist safety level.

A proposal of this project (methodology.md 3.3 [I]): the method publishes a sequence
(screen with THI/TRI, then apply the Checklist), not a matrix, so the terciles, the
safety-level limits and the cells are provisional data in data/checklist/checklist.toml.
Hazard and safety stay separate axes; the cell says which facilities to act on first.
A facility without a checklist has no safety level: it is counted in its own column
("no checklist"), never in a safety class, and has no priority until it is assessed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import streamlit as st

from components import tables
from components.tables import print_table
from tmf.checklist import Checklist, hazard_terciles, matrix_cells, safety_classes
from tmf.i18n import format_number, t
from tmf.localise import EMPTY

TERCILES = ("top", "middle", "bottom")
SAFETY = ("low", "medium", "high")


def priority_arrays(ranked: pd.DataFrame, checklist: Checklist) -> dict[str, np.ndarray]:
    """Each facility's hazard tercile (of the chosen index's score), whether it has a
    checklist (``assessed``), and if so its safety class and priority (else both 0), as
    arrays in the rows' order: what the page needs, without a frame of every facility."""
    scores = ranked["score"].to_numpy(dtype=float)
    safety = pd.to_numeric(ranked["checklist_safety_pct"], errors="coerce").to_numpy(dtype=float)
    tercile = hazard_terciles(scores)
    assessed = ~np.isnan(safety)
    safety_class = np.where(assessed, safety_classes(checklist, safety), 0)
    priority = np.where(assessed, matrix_cells(checklist, tercile, safety_class), 0)
    return {"tercile": tercile, "assessed": assessed, "safety_class": safety_class, "priority": priority}


def priority_frame(ranked: pd.DataFrame, checklist: Checklist) -> pd.DataFrame:
    """Each facility's hazard tercile (of the chosen index's score), whether it has a
    checklist (``assessed``), and if so its safety class and priority (else both 0)."""
    frame = ranked[["rank", "facility_id", "name", "score", "checklist_safety_pct"]].copy()
    for name, values in priority_arrays(ranked, checklist).items():
        frame[name] = values
    order = frame.assign(missing=~frame["assessed"]).sort_values(["missing", "priority", "rank"], kind="stable")
    return frame.loc[order.index].reset_index(drop=True)


def matrix_table(frame: pd.DataFrame | Mapping[str, np.ndarray], checklist: Checklist, lang: str) -> pd.DataFrame:
    """The 3 × 3 matrix (each cell its priority and how many assessed facilities fall in it)
    and a fourth column: how many facilities of each tercile have no checklist. ``frame``:
    ``priority_frame`` or ``priority_arrays`` (the columns tercile, assessed, safety_class)."""
    low, high = (format_number(b, lang) for b in checklist.safety_breaks)
    columns = [
        t("checklist.safety_low", lang, low=low),
        t("checklist.safety_medium", lang, low=low, high=high),
        t("checklist.safety_high", lang, high=high),
        t("checklist.not_assessed_column", lang),
    ]
    tercile = np.asarray(frame["tercile"], dtype=np.int64)
    assessed = np.asarray(frame["assessed"], dtype=bool)
    safety = np.asarray(frame["safety_class"], dtype=np.int64)
    counts = np.bincount(tercile[assessed] * 3 + safety[assessed], minlength=9).reshape(3, 3)
    unassessed = np.bincount(tercile[~assessed], minlength=3)
    rows = {}
    for tercile, name in enumerate(TERCILES):
        cells = [
            t(
                "checklist.matrix_cell",
                lang,
                priority=checklist.matrix[tercile][safety],
                count=int(counts[tercile, safety]),
            )
            for safety in range(3)
        ]
        cells.append(format_number(int(unassessed[tercile]), lang))
        rows[t(f"checklist.tercile_{name}", lang)] = cells
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def section(ranked: pd.DataFrame, checklist: Checklist, lang: str) -> np.ndarray:
    """The compact section: the matrix and the facilities of priority 1 (in rank order, as
    ``priority_frame`` lists them). Returns whether each row of ``ranked`` has a checklist
    (its facilities without one get links to the Checklist page from the session layer,
    which knows the pages). ``ranked`` is in rank order (tmf.ranking.rank)."""
    st.subheader(t("checklist.priority_title", lang), anchor=False)
    st.caption(t("checklist.priority_note", lang))
    arrays = priority_arrays(ranked, checklist)
    matrix = matrix_table(arrays, checklist, lang)  # full width: its last column counts those without a checklist
    st.container(key="screen_only_priority_matrix").dataframe(matrix, key="priority_matrix")
    st.container(key="print_only_priority_matrix").table(matrix)  # a grid is cut on paper
    first_rows = np.flatnonzero(arrays["priority"] == 1)
    st.caption(t("checklist.priority_one", lang, count=format_number(len(first_rows), lang)))
    if not len(first_rows):
        return arrays["assessed"]
    columns = ["rank", "facility_id", "name", "checklist_safety_pct"]
    first = ranked[columns].take(first_rows[:100]).reset_index(drop=True)
    config = {
        "rank": st.column_config.NumberColumn(t("ranking.rank", lang), format="%d"),
        "facility_id": t("fields.facility_id", lang),
        "name": tables.name_column(lang),
        "checklist_safety_pct": st.column_config.NumberColumn(t("fields.checklist_safety_pct", lang), format="%.0f"),
    }
    shown = st.container(key="screen_only_priority_one")
    shown.dataframe(first, column_config=config, hide_index=True, key="priority_one", height=240, placeholder=EMPTY)
    print_table(first, config, lang, st.container(key="print_only_priority_one"))
    return arrays["assessed"]
