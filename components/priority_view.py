"""The priority matrix on the Ranking page: hazard tercile × checklist safety level.

A proposal of this project (methodology.md 3.3 [I]): the method publishes a sequence
(screen with THI/TRI, then apply the Checklist), not a matrix, so the terciles, the
safety-level limits and the cells are provisional data in data/checklist/checklist.toml.
Hazard and safety stay separate axes; the cell says which facilities to act on first.
A facility without a checklist has no safety level: it is counted in its own column
("no checklist"), never in a safety class, and has no priority until it is assessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from components.tables import print_table
from tmf.checklist import Checklist, hazard_terciles, priorities, safety_classes
from tmf.i18n import format_number, t
from tmf.localise import EMPTY

TERCILES = ("top", "middle", "bottom")
SAFETY = ("low", "medium", "high")


def priority_frame(ranked: pd.DataFrame, checklist: Checklist) -> pd.DataFrame:
    """Each facility's hazard tercile (of the chosen index's score), whether it has a
    checklist (``assessed``), and if so its safety class and priority (else both 0)."""
    scores = ranked["score"].to_numpy(dtype=float)
    safety = pd.to_numeric(ranked["checklist_safety_pct"], errors="coerce").to_numpy(dtype=float)
    frame = ranked[["rank", "facility_id", "name", "score", "checklist_safety_pct"]].copy()
    frame["tercile"] = hazard_terciles(scores)
    frame["assessed"] = ~np.isnan(safety)
    frame["safety_class"] = np.where(frame["assessed"], safety_classes(checklist, safety), 0)
    frame["priority"] = np.where(frame["assessed"], priorities(checklist, scores, safety), 0)
    order = frame.assign(missing=~frame["assessed"]).sort_values(["missing", "priority", "rank"], kind="stable")
    return frame.loc[order.index].reset_index(drop=True)


def matrix_table(frame: pd.DataFrame, checklist: Checklist, lang: str) -> pd.DataFrame:
    """The 3 × 3 matrix (each cell its priority and how many assessed facilities fall in it)
    and a fourth column: how many facilities of each tercile have no checklist."""
    low, high = (format_number(b, lang) for b in checklist.safety_breaks)
    columns = [
        t("checklist.safety_low", lang, low=low),
        t("checklist.safety_medium", lang, low=low, high=high),
        t("checklist.safety_high", lang, high=high),
        t("checklist.not_assessed_column", lang),
    ]
    rows = {}
    for tercile, name in enumerate(TERCILES):
        cells = []
        in_row = frame["tercile"] == tercile
        for safety in range(3):
            count = int((in_row & frame["assessed"] & (frame["safety_class"] == safety)).sum())
            cells.append(t("checklist.matrix_cell", lang, priority=checklist.matrix[tercile][safety], count=count))
        cells.append(format_number(int((in_row & ~frame["assessed"]).sum()), lang))
        rows[t(f"checklist.tercile_{name}", lang)] = cells
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def section(ranked: pd.DataFrame, checklist: Checklist, lang: str) -> pd.DataFrame:
    """The compact section: the matrix and the facilities of priority 1. Returns the
    priority frame (its facilities without a checklist get links to the Checklist page
    from the session layer, which knows the pages)."""
    st.subheader(t("checklist.priority_title", lang), anchor=False)
    st.caption(t("checklist.priority_note", lang))
    frame = priority_frame(ranked, checklist)
    matrix = matrix_table(frame, checklist, lang)  # full width: its last column counts those without a checklist
    st.container(key="screen_only_priority_matrix").dataframe(matrix, key="priority_matrix")
    st.container(key="print_only_priority_matrix").table(matrix)  # a grid is cut on paper
    first = frame[frame["priority"] == 1][["rank", "facility_id", "name", "checklist_safety_pct"]]
    st.caption(t("checklist.priority_one", lang, count=format_number(len(first), lang)))
    if first.empty:
        return frame
    config = {
        "rank": st.column_config.NumberColumn(t("ranking.rank", lang), format="%d"),
        "facility_id": t("fields.facility_id", lang),
        "name": t("fields.name", lang),
        "checklist_safety_pct": st.column_config.NumberColumn(t("fields.checklist_safety_pct", lang), format="%.0f"),
    }
    shown = st.container(key="screen_only_priority_one")
    shown.dataframe(
        first.head(100), column_config=config, hide_index=True, key="priority_one", height=240, placeholder=EMPTY
    )
    print_table(first.head(100), config, lang, st.container(key="print_only_priority_one"))
    return frame
