"""The part of the Ranking page that reruns on its own (``st.fragment``): typing a search
redraws only the table, not the map and the rest.

A weight, index or filter change reruns the whole page, which calls it again with the new
ranking; the search box reruns it with the ranking of that last full run. The "top N" slider
stays outside: the link and the briefing carry the top N, so it reruns the whole page.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from components import tables
from session import downloads
from tmf.i18n import t
from tmf.methodology import Profile
from tmf.ranking import ScoredInventory, ranked_columns
from tmf.screening import MOVE_COLUMNS

# The facility columns the Ranking page reads from the ranking; tmf.ranking.rank gathers only
# these (a traced inventory has about 55, and reordering all of them was about 15 ms of a
# run at 30,000 facilities): the table and its download (components.tables.ranking_table),
# the map and its layers (components.maps; transboundary and path: components.decision_map),
# what moved (MOVE_COLUMNS) and the priority section (checklist_safety_pct).
PAGE_COLUMNS = (
    "facility_id",
    "name",
    "name_ru",
    "name_kk",
    "country",
    "status",
    "confidence",
    "unknown",
    "latitude",
    "longitude",
    "checklist_safety_pct",
    "transboundary",
    "path",
    *(c for c in MOVE_COLUMNS if c != "change"),
)


def page_columns(scored: ScoredInventory) -> list[str]:
    """The ranked frame's columns on the Ranking page (``tmf.ranking.rank``'s ``columns``)."""
    return ranked_columns(scored, PAGE_COLUMNS)


@st.fragment
def ranked_table(ranked: pd.DataFrame, profile: Profile, lang: str, weights: Mapping[str, float], index: str) -> None:
    """The search box, the first ``tables.TABLE_ROWS`` matching rows, and CSV/XLSX of all
    of the ranking (the full table is built only when a download is asked for)."""
    search = st.text_input(
        t("ranked_table.search", lang), key="ranking_search", help=t("ranked_table.search_help", lang)
    )
    found = tables.matching(ranked, search)
    if len(found) > tables.TABLE_ROWS:
        st.caption(t("ranked_table.limited", lang, shown=tables.TABLE_ROWS, total=len(found)))
    if not len(found):
        st.caption(t("ranked_table.no_match", lang))  # a sentence, not an empty grid
    else:
        table, config = tables.ranking_table(found.head(tables.TABLE_ROWS), profile, index, lang)
        with st.container(key="screen_only_ranking_table"):
            tables.show(table, config, key="ranking_table", lang=lang)

    def everything() -> pd.DataFrame:
        return tables.headed(*tables.ranking_table(ranked, profile, index, lang))

    title = t("ranking.title", lang)
    downloads.table(everything, "ranking", lang, "ranking_table_download", title, weights, index)
