"""The Checklist page's pieces: the safety level chart, gaps with their measures, the answer
form (editors) and the read-only answers (viewers)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.charts import plotly_text
from tmf.checklist import Checklist, SafetyLevel, gaps
from tmf.i18n import format_number, t

EVIDENCE_NONE = ""


def category_figure(checklist: Checklist, level: SafetyLevel, lang: str) -> go.Figure:
    """Safety level per category (horizontal bars, 0-100 %), the class limits as lines."""
    titles = [plotly_text(c.title(lang)) for c in checklist.categories]
    values = [level.by_category[c.key] for c in checklist.categories]
    labels = [t("checklist.not_assessed", lang) if v is None else f"{v:.0f} %" for v in values]
    figure = go.Figure(
        go.Bar(
            y=titles,
            x=[0 if v is None else v for v in values],
            orientation="h",
            text=labels,
            textposition="outside",
            cliponaxis=False,
            marker_color=["#bbbbbb" if v is None else "#2b8cbe" for v in values],
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    for limit in checklist.safety_breaks:
        figure.add_vline(x=limit, line_dash="dot", line_color="#d73027")
    figure.update_layout(
        title=t("checklist.chart_title", lang),
        xaxis={"range": [0, 100], "title": t("checklist.level_axis", lang)},
        yaxis={"autorange": "reversed"},
        height=120 + 40 * len(titles),
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
    )
    return figure


def answer_label(answer: str | None, lang: str) -> str:
    return t(f"checklist.answer_{answer}", lang) if answer else t("checklist.answer_unanswered", lang)


def gaps_table(checklist: Checklist, answers: Mapping[str, Mapping[str, object]], lang: str) -> pd.DataFrame:
    """Each gap (no, partly, unanswered) with the measures that remedy it, by term."""
    titles = {c.key: c.title(lang) for c in checklist.categories}
    rows = [
        {
            "category": titles[question.category],
            "question": question.text(lang),
            "answer": answer_label(answer, lang),
            "measures": "\n".join(
                f"{t(f'checklist.term_{m.term}', lang)}: {m.text(lang)}" for m in checklist.measures_for(question.key)
            ),
        }
        for question, answer in gaps(checklist, answers)
    ]
    return pd.DataFrame(rows, columns=["category", "question", "answer", "measures"])


def answers_table(checklist: Checklist, answers: Mapping[str, Mapping[str, object]], lang: str) -> pd.DataFrame:
    """Every question with its answer, evidence and note (what viewers see); a missing
    evidence or note is None, which the grid writes — like every empty value."""
    rows = []
    for category in checklist.categories:
        for question in category.questions:
            given = answers.get(question.key) or {}
            evidence = given.get("evidence")
            rows.append(
                {
                    "category": category.title(lang),
                    "question": question.text(lang),
                    "weight": question.weight,
                    "answer": answer_label(given.get("answer"), lang),
                    "evidence": t(f"checklist.evidence_{evidence}", lang) if evidence else None,
                    "note": given.get("note") or None,
                }
            )
    return pd.DataFrame(rows)


def table_config(lang: str) -> dict:
    keys = ("category", "question", "answer", "evidence", "note", "measures")
    config = {key: t(f"checklist.column_{key}", lang) for key in keys}
    for key in ("question", "measures"):  # sentences: they wrap (tables.show(..., wrap=True))
        config[key] = st.column_config.TextColumn(config[key], width="large")
    config["weight"] = st.column_config.NumberColumn(t("checklist.column_weight", lang), format="%d")
    return config


def level_text(value: float | None, lang: str) -> str:
    return t("checklist.not_assessed", lang) if value is None else f"{format_number(value, lang, 1)} %"
