"""What moved, in words: the facilities that entered and left the top N against the
official weighting ("Degmay: 1 → 14"), also for facilities no longer in the charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.user_text import markdown_literal
from tmf.i18n import facility_name, t


def move_lines(entered: pd.DataFrame, left: pd.DataFrame, top: int, lang: str) -> list[str]:
    """One sentence per facility that entered or left the top ``top`` (names in ``lang``)."""
    lines = []
    for frame, key in ((entered, "ranking.moved_entered"), (left, "ranking.moved_left")):
        for record in frame.to_dict("records"):
            name = facility_name(record, lang)
            lines.append(
                t(key, lang, name=name, official=int(record["official_rank"]), rank=int(record["rank"]), top=top)
            )
    return lines


def show_moves(entered: pd.DataFrame, left: pd.DataFrame, top: int, lang: str) -> None:
    """The lines under a heading (names are user text, shown literally)."""
    st.markdown(f"**{t('ranking.moves_title', lang, top=top)}**")
    lines = move_lines(entered, left, top, lang)
    if not lines:
        st.caption(t("ranking.moves_none", lang, top=top))
        return
    st.markdown("\n".join(f"- {markdown_literal(line)}" for line in lines))
