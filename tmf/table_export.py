"""Any table a page shows, as CSV or XLSX for a spreadsheet, formulas made harmless.

Text cells that a spreadsheet would run as a formula (``= + - @``, tab or CR first) get a
leading ``'`` (tmf.readers.neutralise), so a facility named ``=HYPERLINK(...)`` stays
text; numbers stay numbers. The file name carries the data date and the methodology
version, and so do the title lines above the table (``title``: what the table is, the
weights, the data date and the methodology version, one cell each, then a blank line), so
a table taken away says which data and which method it shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from tmf.i18n import format_number, t
from tmf.methodology import Profile
from tmf.readers import neutralise


def _cell(value: object) -> object:
    """A value as written: None for blank, numbers as numbers (floats to 12 significant
    digits), everything else neutralised text."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        # 12 significant digits: 100 * 0.471 is 47.1, not the 47.099999999999994 of binary
        # arithmetic, nor 0.0810000000000004 a sum in another order; no figure a page shows
        # (at most four decimals) has more.
        return float(f"{value:.12g}") if math.isfinite(value) else None
    if hasattr(value, "item"):  # numpy scalars
        return _cell(value.item())
    return neutralise(str(value))


def rows(frame: pd.DataFrame, title: Sequence[str] = ()) -> list[list[object]]:
    """The title lines (one cell each, then a blank row), the header (column names as text)
    and every row, each cell through ``_cell``."""
    above = [[neutralise(line)] for line in title] + ([[]] if title else [])
    header = [neutralise(str(c)) for c in frame.columns]
    return [*above, header, *([_cell(v) for v in record] for record in frame.itertuples(index=False, name=None))]


def table_csv(frame: pd.DataFrame, title: Sequence[str] = ()) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads Cyrillic), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows(frame, title):
        writer.writerow("" if cell is None else cell for cell in row)
    return buffer.getvalue().encode("utf-8-sig")


def table_xlsx(frame: pd.DataFrame, sheet: str, title: Sequence[str] = ()) -> bytes:
    """One sheet named ``sheet``; text stored as text (never a formula), numbers as numbers;
    the title lines bold above the table, the header row frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = re.sub(r"[\[\]:*?/\\]", "_", sheet)[:31] or "table"
    for row in rows(frame, title):
        worksheet.append(row)
    for line in range(1, len(title) + 1):
        worksheet.cell(line, 1).font = Font(bold=True)
    header_row = len(title) + (2 if title else 1)
    worksheet.freeze_panes = worksheet.cell(header_row + 1, 1)
    for line in worksheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would store text starting with '=' as a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def file_stem(name: str, data_date: dt.datetime | None, methodology_version: str) -> str:
    """``ranking_2025-03-01_methodology-2026.11``: what, the data date, the method's version."""
    date = f"{data_date:%Y-%m-%d}" if data_date else "undated"
    return f"{name}_{date}_methodology-{methodology_version}"


def dated_line(profile: Profile, data_date: dt.datetime | None, lang: str) -> str:
    """ "Data as of …: 2026-03-01 12:00 UTC · Methodology: <title>, version 2026.11"."""
    if data_date is not None and data_date.tzinfo is not None:
        data_date = data_date.astimezone(dt.UTC)
    when = f"{data_date:%Y-%m-%d %H:%M} UTC" if data_date else t("briefing.data_date_unknown", lang)
    method = t("briefing.methodology_value", lang, title=profile.text("title", lang), version=profile.version)
    return f"{t('briefing.data_date', lang)}: {when} · {t('briefing.methodology', lang)}: {method}"


def weights_line(profile: Profile, weights: Mapping[str, float], index: str, lang: str) -> str:
    """The weights of a view in words: those that differ from the official weight, or that
    the official weights are used."""
    changed = [
        f"{t(f'criteria.{c.key}.label', lang)} {format_number(weights[c.key], lang, 2)}"
        for c in profile.criteria
        if c.key in weights and weights[c.key] != c.default_weight
    ]
    label = t(f"controls.index_{index}", lang)
    if not changed:
        return t("downloads.weights_official", lang, index=label)
    return t("downloads.weights_changed", lang, index=label, weights=" · ".join(changed))


def stamp_lines(
    title: str,
    profile: Profile,
    data_date: dt.datetime | None,
    lang: str,
    weights: Mapping[str, float] | None = None,
    index: str = "thi",
) -> tuple[str, ...]:
    """What a file taken away says above its table or chart: its title, the weights (when
    the content depends on them), the data date and the methodology version."""
    lines = [title] if title else []
    if weights is not None:
        lines.append(weights_line(profile, weights, index, lang))
    return (*lines, dated_line(profile, data_date, lang))
