"""One shape for every problem a user can act on: a code, where it is, and its values.

A Problem is data; its sentence comes from the message catalogue (``problems.<code>``), so
the same refusal reads in English on the command line and in Russian or Kazakh in the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tmf.i18n import DEFAULT_LANGUAGE, t


@dataclass(frozen=True)
class Problem:
    """A refused value: ``code`` names the rule, ``row``/``column`` say where.

    ``code`` is a key of the ``problems`` catalogue, or a dotted key of another namespace
    (``registers.column_unplaced``). ``row`` is the spreadsheet row number (the header is
    row 1), or None when the problem concerns the whole file or a profile. ``params`` fill
    the message; a param that is itself a Problem is rendered in the same language, and a
    tuple of Problems as their sentences joined by commas (allowed values in the reader's words).
    """

    code: str
    params: Mapping[str, object] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None

    def message(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The problem as one sentence in ``lang``, prefixed with its row and column."""
        params = {k: _rendered(v, lang) for k, v in self.params.items()}
        key = self.code if "." in self.code else f"problems.{self.code}"
        text = t(key, lang, **params)
        if self.row is not None and self.column is not None:
            return t("problems.at_row_column", lang, row=self.row, column=self.column, text=text)
        if self.row is not None:
            return t("problems.at_row", lang, row=self.row, text=text)
        if self.column is not None:
            return t("problems.at_column", lang, column=self.column, text=text)
        return text

    def __str__(self) -> str:
        return self.message()


def _rendered(value: object, lang: str) -> object:
    if isinstance(value, Problem):
        return value.message(lang)
    if isinstance(value, tuple) and value and all(isinstance(v, Problem) for v in value):
        return ", ".join(v.message(lang) for v in value)
    return value


class ProblemError(ValueError):
    """Raised with one or more problems; nothing was changed when it is raised."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def messages(self, lang: str = DEFAULT_LANGUAGE) -> list[str]:
        """Every problem as a sentence in ``lang``."""
        return [p.message(lang) for p in self.problems]
