"""Pure builders for decisions: rank bands by what varies, what to measure next, what a
measure buys and a measures programme (DataFrames with their column config, CSV bytes)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import pandas as pd
import streamlit as st
from pandas.api.types import is_numeric_dtype

from components import tables
from components.checklist_view import level_text
from components.facility_view import field_value
from tmf.checklist import Checklist
from tmf.i18n import facility_names, format_number, t
from tmf.information import BAND_COLUMNS
from tmf.readers import neutralise

NUMBER = st.column_config.NumberColumn
# A measure's name (up to about 125 characters in Kazakh) wraps whole in a column of this
# width, ``MEASURE_CHARS`` characters a line (tables.show's ``names``), instead of being cut.
MEASURE_WIDTH = 420
MEASURE_CHARS = 50
# tables.show's ``names`` of the tables of measures: the measure's and the facility's names.
WRAPPED_NAMES = {"measure": MEASURE_CHARS, "name": tables.NAME_CHARS}


def measure_column(lang: str) -> dict:
    return st.column_config.TextColumn(t("decisions.measure", lang), width=MEASURE_WIDTH)


def names_in(ids: pd.Series, facilities: pd.DataFrame, lang: str) -> list[str]:
    """The facility name in ``lang`` (name_ru/name_kk fallbacks) for each facility id."""
    names = pd.Series(facility_names(facilities, lang).to_numpy(), index=facilities["facility_id"].astype(str))
    return [str(names.get(str(i), i)) for i in ids]


def bands_table(
    bands: pd.DataFrame, varies: Sequence[str], facilities: pd.DataFrame, top: int, lang: str
) -> tuple[pd.DataFrame, dict]:
    """One row per facility: official rank, name, and per source of uncertainty in ``varies``
    its rank band ("3–7", 5th–95th percentile) and P(top N) in %. bands: tmf.information.rank_bands."""
    table = pd.DataFrame({"rank": bands["rank"]})
    table["name"] = names_in(bands["facility_id"], facilities, lang)
    config = {
        "rank": NUMBER(t("ranking.rank", lang), format="%d", help=t("decisions.official_rank_help", lang)),
        "name": tables.name_column(lang, width=240),  # narrower: three sources' columns stay in view at 1366 px
        "facility_id": t("fields.facility_id", lang),
    }
    for vary in varies:
        low, high = bands[f"rank_p05_{vary}"], bands[f"rank_p95_{vary}"]
        table[f"band_{vary}"] = [f"{a}–{b}" for a, b in zip(low, high, strict=True)]
        table[f"p_top_{vary}"] = 100 * bands[f"p_top_{vary}"]
        config[f"band_{vary}"] = st.column_config.TextColumn(
            t(f"decisions.band_{vary}", lang), help=t("robustness.band_help", lang)
        )
        config[f"p_top_{vary}"] = NUMBER(t(f"decisions.p_top_{vary}", lang, top=top), format="%.1f %%")
    table["facility_id"] = bands["facility_id"].to_numpy()  # last: the bands stay in view beside the name
    return table, config


def band_result(bands: pd.DataFrame, vary: str, facilities: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The columns of one source as a robustness table (facility_id, name in ``lang``,
    p_top, rank_p05, rank_p50, rank_p95), for components.scenario_maps.probability_deck."""
    table = bands[["facility_id", *(f"{c}_{vary}" for c in BAND_COLUMNS)]]
    table = table.rename(columns={f"{c}_{vary}": c for c in BAND_COLUMNS})
    return table.assign(name=names_in(table["facility_id"], facilities, lang))


def next_table(found: pd.DataFrame, facilities: pd.DataFrame, top: int, lang: str) -> tuple[pd.DataFrame, dict]:
    """What to measure next: facility name, field label, the value now (or "unknown"),
    P(top N changes) in % and the expected value of perfect information (in facilities).
    found: tmf.information.measure_next (rows kept in its order)."""
    values = facilities.set_index(facilities["facility_id"].astype(str))
    current = [
        t("decisions.unknown", lang) if unknown else field_value(field, values.at[str(i), field], lang)
        for i, field, unknown in zip(found["facility_id"], found["field"], found["unknown"], strict=True)
    ]
    # The identifier last: at 1366 px the probabilities stay in view beside the name.
    table = pd.DataFrame(
        {
            "name": names_in(found["facility_id"], facilities, lang),
            "field": [t(f"fields.{f}", lang) for f in found["field"]],
            "value": current,
            "p_change": 100 * found["p_change"].to_numpy(dtype=float),
            "evpi": found["evpi"].to_numpy(dtype=float),
            "facility_id": found["facility_id"].to_numpy(),
        }
    )
    config = {
        "facility_id": t("fields.facility_id", lang),
        "name": tables.name_column(lang, width=240),  # the value of knowing stays in view at 1366 px
        "field": t("decisions.field", lang),
        "value": t("decisions.value_now", lang),
        "p_change": NUMBER(
            t("decisions.p_change", lang, top=top), format="%.1f %%", help=t("decisions.p_change_help", lang, top=top)
        ),
        "evpi": NUMBER(t("decisions.evpi", lang, top=top), format="%.2f", help=t("decisions.evpi_help", lang, top=top)),
    }
    return table, config


def facility_next_table(
    found: Mapping[str, pd.DataFrame], facilities: pd.DataFrame, facility_id: str, top: int, lang: str
) -> tuple[pd.DataFrame, dict]:
    """One facility's uncertain fields: label, value now (or "unknown") and P(top N changes)
    for each index. found: index -> tmf.information.measure_next; a field outside an index
    cannot change its top N (0 %). Rows by the highest probability first."""
    parts = []
    for index, frame in found.items():
        mine = frame[frame["facility_id"].astype(str) == str(facility_id)]
        parts.append(mine[["field", "unknown", "p_change"]].rename(columns={"p_change": f"p_change_{index}"}))
    merged = parts[0]
    for part in parts[1:]:
        merged = merged.merge(part, on=["field", "unknown"], how="outer")
    p_columns = [f"p_change_{index}" for index in found]
    merged = merged.sort_values(p_columns, ascending=False, kind="stable", na_position="last")
    value = facilities.set_index(facilities["facility_id"].astype(str)).loc[str(facility_id)]
    table = pd.DataFrame(
        {
            "field": [t(f"fields.{f}", lang) for f in merged["field"]],
            "value": [
                t("decisions.unknown", lang) if u else field_value(f, value[f], lang)
                for f, u in zip(merged["field"], merged["unknown"], strict=True)
            ],
        }
    )
    config = {"field": t("decisions.field", lang), "value": t("decisions.value_now", lang)}
    for index in found:
        table[f"p_change_{index}"] = 100 * merged[f"p_change_{index}"].to_numpy(dtype=float)
        label = t("decisions.p_change_index", lang, top=top, index=index.upper())
        help_text = t("decisions.p_change_help", lang, top=top)
        config[f"p_change_{index}"] = NUMBER(label, format="%.1f %%", help=help_text)
    return table, config


def csv_bytes(table: pd.DataFrame, config: Mapping[str, object]) -> bytes:
    """The table as UTF-8 CSV (with BOM, for spreadsheets) under its column labels; text
    cells neutralised so a spreadsheet shows a value starting with = + - @ as typed."""
    labels = {c: label if isinstance(label, str) else label["label"] for c, label in config.items()}
    text = table.apply(
        lambda column: (
            column if is_numeric_dtype(column) else column.map(lambda v: neutralise(v) if isinstance(v, str) else v)
        )
    )
    return text.rename(columns=labels).to_csv(index=False, float_format="%.1f").encode("utf-8-sig")


def measure_name(checklist: Checklist, key: str, lang: str) -> str:
    known = {m.key: m for m in checklist.measures}
    return known[key].text(lang) if key in known else key


def measures_table(
    table: pd.DataFrame,
    checklist: Checklist,
    safety: Mapping[str, tuple[float | None, float | None]],
    lang: str,
    open_gaps: Collection[str] | None = None,
) -> tuple[pd.DataFrame, dict]:
    """What each measure buys one facility: the score it takes off and the places the
    facility moves, the checklist safety level before → after and the facility's checklist
    gaps it closes (first, so they stay in view on a 1366 px screen), then the new score
    and rank and the cost class.
    table: tmf.measures.measure_table rows of that facility; safety: measure key -> (level
    now, level once done) in %; open_gaps: the questions the facility answered "no" or
    "partly" (None: its checklist is not filled in)."""
    shown = pd.DataFrame(
        {
            "measure": [measure_name(checklist, k, lang) for k in table["measure"]],
            "score_reduction": table["score_reduction"].to_numpy(dtype=float),
            "places_gained": table["places_gained"].to_numpy(dtype=int),
            "safety": [_safety_change(*safety.get(k, (None, None)), lang) for k in table["measure"]],
            "gaps": [_gaps_closed(checklist, k, open_gaps, lang) for k in table["measure"]],
            "new_score": table["new_score"].to_numpy(dtype=float),
            "new_rank": table["new_rank"].to_numpy(dtype=int),
            "cost": [t(f"decisions.cost_{c}", lang) if c else "—" for c in table["cost"]],  # no effects: no cost class
        }
    )
    config = {
        "measure": measure_column(lang),
        "new_score": NUMBER(t("decisions.new_score", lang), format="%.2f"),
        "score_reduction": NUMBER(t("decisions.score_reduction", lang), format="%.2f"),
        "new_rank": NUMBER(t("decisions.new_rank", lang), format="%d"),
        "places_gained": NUMBER(
            t("decisions.places_gained", lang), format="%d", help=t("decisions.places_gained_help", lang)
        ),
        "safety": t("decisions.safety_change", lang),
        "gaps": st.column_config.TextColumn(
            t("decisions.gaps_closed", lang), help=t("decisions.gaps_closed_help", lang)
        ),
        "cost": t("decisions.cost", lang),
    }
    return shown, config


def _gaps_closed(checklist: Checklist, key: str, open_gaps: Collection[str] | None, lang: str) -> str:
    """ "2 of 2": how many of the measure's checklist questions are this facility's gaps;
    "—" while its checklist is not filled in."""
    questions = next((m.questions for m in checklist.measures if m.key == key), ())
    if open_gaps is None or not questions:
        return "—"
    closed = sum(1 for q in questions if q in open_gaps)
    return t("decisions.gaps_count", lang, closed=closed, total=len(questions))


def _safety_change(before: float | None, after: float | None, lang: str) -> str:
    if before is None:
        return level_text(None, lang)
    return f"{level_text(before, lang)} → {level_text(after, lang)}"


def programme_table(
    programme: pd.DataFrame, facilities: pd.DataFrame, checklist: Checklist, lang: str
) -> tuple[pd.DataFrame, dict]:
    """The chosen (facility, measure) pairs in order with cost and score reduction.
    programme: tmf.measures.greedy_programme."""
    table = pd.DataFrame(
        {
            "step": range(1, len(programme) + 1),
            "name": names_in(programme["facility_id"], facilities, lang),
            "measure": [measure_name(checklist, k, lang) for k in programme["measure"]],
            "cost": [t(f"decisions.cost_{c}", lang) for c in programme["cost"]],
            "score_reduction": programme["score_reduction"].to_numpy(dtype=float),
            "spent": programme["spent"].to_numpy(dtype=float),
        }
    )
    config = {
        "step": NUMBER(t("decisions.step", lang), format="%d"),
        "name": tables.name_column(lang),
        "measure": measure_column(lang),
        "cost": t("decisions.cost", lang),
        "score_reduction": NUMBER(t("decisions.score_reduction", lang), format="%.2f"),
        "spent": NUMBER(t("decisions.spent", lang), format="%g"),
    }
    return table, config


def programme_summary(programme: pd.DataFrame, budget: float, lang: str) -> str:
    """One sentence: how many measures, the cost units spent of the budget, the total reduction."""
    return t(
        "decisions.programme_summary",
        lang,
        count=len(programme),
        spent=format_number(float(programme["spent"].max()) if len(programme) else 0.0, lang),
        budget=format_number(budget, lang),
        reduction=format_number(float(programme["score_reduction"].sum()), lang, 2),
    )
