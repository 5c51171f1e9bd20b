"""Parts of the Ranking page that rerun on their own (``st.fragment``): typing a search or
moving the "top N" slider redraws only the table or the charts, not the map and the rest.

A weight, index or filter change reruns the whole page, which calls these again with the
new ranking; a fragment's own widgets rerun it with the ranking of that last full run.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import charts, figures, tables
from session import downloads
from tmf.i18n import t
from tmf.methodology import Profile


@st.fragment
def ranked_table(ranked: pd.DataFrame, profile: Profile, index: str, lang: str) -> None:
    """The search box, the first ``tables.TABLE_ROWS`` matching rows, and CSV/XLSX of all
    of the ranking (the full table is built only when a download is asked for)."""
    search = st.text_input(
        t("ranked_table.search", lang), key="ranking_search", help=t("ranked_table.search_help", lang)
    )
    found = tables.matching(ranked, search)
    if len(found) > tables.TABLE_ROWS:
        st.caption(t("ranked_table.limited", lang, shown=tables.TABLE_ROWS, total=len(found)))
    elif not len(found):
        st.caption(t("ranked_table.no_match", lang))
    table, config = tables.ranking_table(found.head(tables.TABLE_ROWS), profile, index, lang)
    tables.show(table, config, key="ranking_table", lang=lang)
    downloads.table(
        lambda: tables.ranking_table(ranked, profile, index, lang)[0], "ranking", lang, "ranking_table_download"
    )


@st.fragment
def top_charts(ranked: pd.DataFrame, profile: Profile, index: str, lang: str) -> None:
    """The "top N" slider, the contributions of the top N and their rank shifts."""
    most = max(5, min(40, len(ranked)))
    top_n = st.slider(t("ranking.top_n", lang), 5, most, min(15, most), key="top_n")
    left, right = st.columns([3, 2])
    figures.show(charts.contributions_figure(ranked.head(top_n), profile, index, lang), "contributions", lang, left)
    figures.show(charts.rank_shift_figure(ranked.head(top_n), lang), "rank_shift", lang, right)
