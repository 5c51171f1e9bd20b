"""The TMF Checklist: questions from data, the safety level, gaps, measures, priorities.

The structure, weights, answer scores, credibility factors and the priority matrix are data
(``data/checklist/checklist.toml`` and ``measures.toml``), all provisional until the official
UBA Checklist is obtained (docs/methodology.md §3.2, §3.3). Safety level, per category and overall:

    level (%) = Σ(weight × score × credibility) / Σ(weight of applicable questions) × 100

"not applicable" answers leave both sums; an unanswered question counts as the checklist's
``unanswered`` answer ("no": precautionary). With no answer at all the level is None (not
assessed).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tmf.problems import Problem, ProblemError

DATA_DIR = Path(__file__).parents[1] / "data" / "checklist"
TERMS = ("short", "medium", "long")
FALLBACK = {"en": ("en",), "ru": ("ru", "en"), "kk": ("kk", "ru", "en")}


def _text(texts: Mapping[str, str], name: str, lang: str) -> str:
    for candidate in FALLBACK.get(lang, ("en",)):
        if f"{name}_{candidate}" in texts:
            return texts[f"{name}_{candidate}"]
    return texts[f"{name}_en"]


@dataclass(frozen=True)
class Question:
    key: str
    category: str
    weight: float
    texts: Mapping[str, str]
    provenance: str
    source: str

    def text(self, lang: str) -> str:
        return _text(self.texts, "text", lang)


@dataclass(frozen=True)
class Category:
    key: str
    texts: Mapping[str, str]
    questions: tuple[Question, ...]

    def title(self, lang: str) -> str:
        return _text(self.texts, "title", lang)


@dataclass(frozen=True)
class Measure:
    key: str
    term: str
    questions: tuple[str, ...]
    texts: Mapping[str, str]
    provenance: str
    source: str

    def text(self, lang: str) -> str:
        return _text(self.texts, "text", lang)


@dataclass(frozen=True)
class Checklist:
    """The questionnaire, its scoring and the Measure Catalogue."""

    id: str
    version: str
    source: str
    texts: Mapping[str, str]
    categories: tuple[Category, ...]
    scores: Mapping[str, float | None]  # answer -> score; None = not applicable
    credibility: Mapping[str, float]  # evidence -> factor
    unanswered: str
    measures: tuple[Measure, ...]
    safety_breaks: tuple[float, float]
    matrix: tuple[tuple[int, ...], ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for c in self.categories for q in c.questions)

    def question(self, key: str) -> Question:
        return next(q for q in self.questions if q.key == key)

    def measures_for(self, question: str) -> tuple[Measure, ...]:
        return tuple(m for m in self.measures if question in m.questions)

    def title(self, lang: str) -> str:
        return _text(self.texts, "title", lang)


def _refuse(code: str, **params: object) -> ProblemError:
    return ProblemError(Problem(code, params))


def _texts(raw: Mapping[str, object], name: str, where: str) -> dict[str, str]:
    texts = {k: str(v) for k, v in raw.items() if k.startswith(f"{name}_")}
    if f"{name}_en" not in texts:
        raise _refuse("checklist_field_missing", field=f"{name}_en", where=where)
    return texts


def load_checklist(directory: Path | str = DATA_DIR) -> Checklist:
    """Read and check ``checklist.toml`` and ``measures.toml``; ProblemError names the fault."""
    directory = Path(directory)
    with (directory / "checklist.toml").open("rb") as handle:
        checklist = tomllib.load(handle)
    with (directory / "measures.toml").open("rb") as handle:
        measures = tomllib.load(handle)
    return parse_checklist(checklist, measures)


def parse_checklist(data: Mapping[str, object], measures_data: Mapping[str, object]) -> Checklist:
    """Build a Checklist: weights 1-3, known answers and evidence, measures linked to questions."""
    head = data.get("checklist", {})
    categories = []
    for raw in data.get("categories", []):
        key = str(raw.get("key", ""))
        questions = []
        for question in raw.get("questions", []):
            weight = question.get("weight")
            if isinstance(weight, bool) or not isinstance(weight, int | float) or not 1 <= weight <= 3:
                raise _refuse("checklist_bad_weight", where=question.get("key", key), value=weight)
            questions.append(
                Question(
                    key=str(question["key"]),
                    category=key,
                    weight=float(weight),
                    texts=_texts(question, "text", str(question["key"])),
                    provenance=str(question.get("provenance", "provisional")),
                    source=str(question.get("source", "")),
                )
            )
        categories.append(Category(key, _texts(raw, "title", key), tuple(questions)))
    keys = [q.key for c in categories for q in c.questions]
    if not keys or len(set(keys)) != len(keys):
        raise _refuse("checklist_questions_repeated")
    scores = {str(a["key"]): (float(a["score"]) if a.get("applicable", True) else None) for a in data["answers"]}
    credibility = {str(e["key"]): float(e["factor"]) for e in data["evidence"]}
    unanswered = str(head.get("unanswered", "no"))
    if unanswered not in scores:
        raise _refuse("checklist_field_missing", field="unanswered", where="checklist")
    measures = []
    for raw in measures_data.get("measures", []):
        linked = tuple(str(q) for q in raw.get("questions", []))
        if raw.get("term") not in TERMS or not linked or set(linked) - set(keys):
            raise _refuse("checklist_bad_measure", where=raw.get("key", "?"))
        texts = _texts(raw, "text", str(raw["key"]))
        measures.append(
            Measure(str(raw["key"]), raw["term"], linked, texts, str(raw["provenance"]), str(raw["source"]))
        )
    priority = data["priority"]
    return Checklist(
        id=str(head.get("id", "")),
        version=str(head.get("version", "")),
        source=str(head.get("source", "")),
        texts=_texts(head, "title", "checklist"),
        categories=tuple(categories),
        scores=scores,
        credibility=credibility,
        unanswered=unanswered,
        measures=tuple(measures),
        safety_breaks=tuple(float(b) for b in priority["safety_breaks"]),
        matrix=tuple(tuple(int(p) for p in row) for row in priority["matrix"]),
    )


def check_answers(checklist: Checklist, answers: Mapping[str, Mapping[str, object]]) -> list[Problem]:
    """Problems with answers typed in: unknown question, answer or evidence level."""
    problems = []
    known = {q.key for q in checklist.questions}
    for question, answer in answers.items():
        if question not in known:
            problems.append(Problem("checklist_unknown_question", {"value": question}))
        elif answer.get("answer") not in checklist.scores:
            problems.append(Problem("checklist_unknown_answer", {"value": answer.get("answer")}, column=question))
        elif answer.get("evidence") not in (None, *checklist.credibility):
            problems.append(Problem("checklist_unknown_evidence", {"value": answer.get("evidence")}, column=question))
    return problems


@dataclass(frozen=True)
class SafetyLevel:
    """Safety level in % overall and per category (None: not assessed), and coverage."""

    overall: float | None
    by_category: Mapping[str, float | None]
    answered: int
    total: int


def _weighted(checklist: Checklist, question: Question, answer: Mapping[str, object] | None) -> tuple[float, float]:
    """(weight × score × credibility, weight) of one question; (0, 0) when not applicable."""
    key = answer.get("answer") if answer else checklist.unanswered
    score = checklist.scores[key]
    if score is None:
        return 0.0, 0.0
    # An answer without its evidence level counts as merely stated (the lowest credibility).
    evidence = answer.get("evidence") if answer else None
    factor = checklist.credibility.get(evidence, min(checklist.credibility.values())) if answer else 1.0
    return question.weight * score * factor, question.weight


def safety_level(checklist: Checklist, answers: Mapping[str, Mapping[str, object]]) -> SafetyLevel:
    """The safety level of one facility from its answers ({question: {answer, evidence}})."""
    answered = sum(1 for q in checklist.questions if q.key in answers)
    by_category, total_points, total_weight = {}, 0.0, 0.0
    for category in checklist.categories:
        parts = [_weighted(checklist, q, answers.get(q.key)) for q in category.questions]
        points, weight = sum(p for p, _ in parts), sum(w for _, w in parts)
        by_category[category.key] = 100.0 * points / weight if weight and answered else None
        total_points, total_weight = total_points + points, total_weight + weight
    overall = 100.0 * total_points / total_weight if total_weight and answered else None
    return SafetyLevel(overall, by_category, answered, len(checklist.questions))


def gaps(checklist: Checklist, answers: Mapping[str, Mapping[str, object]]) -> list[tuple[Question, str]]:
    """Questions answered "no" or "partly", and unanswered ones (they count as the
    ``unanswered`` answer), in checklist order; none while nothing is answered."""
    if not answers:
        return []
    found = []
    for question in checklist.questions:
        given = answers.get(question.key)
        answer = given["answer"] if given else checklist.unanswered
        score = checklist.scores[answer]
        if score is not None and score < 1.0:
            found.append((question, answer if given else "unanswered"))
    return found


def hazard_terciles(scores: np.ndarray) -> np.ndarray:
    """0 for the top third of the scores (highest hazard), 1 middle, 2 bottom third.
    Scores already highest first (a ranking) are in their positions: no sort is needed."""
    values = np.asarray(scores, dtype=float)
    n = len(values)
    if not n or (np.diff(values) > 0).any() or np.isnan(values).any():
        order = np.argsort(-values, kind="stable")
        position = np.empty(n, dtype=np.int64)
        position[order] = np.arange(n)
    else:
        position = np.arange(n)
    return np.minimum(position * 3 // max(n, 1), 2)


def safety_classes(checklist: Checklist, safety_pct: np.ndarray) -> np.ndarray:
    """0 below the first break or not assessed (NaN), 1 between the breaks, 2 at or above."""
    values = np.asarray(safety_pct, dtype=float)
    low, high = checklist.safety_breaks
    return np.where(np.isnan(values), 0, np.where(values >= high, 2, np.where(values >= low, 1, 0)))


def priorities(checklist: Checklist, scores: np.ndarray, safety_pct: np.ndarray) -> np.ndarray:
    """Priority 1 (act first) to 3 for each facility from its hazard tercile and safety level."""
    return matrix_cells(checklist, hazard_terciles(scores), safety_classes(checklist, safety_pct))


def matrix_cells(checklist: Checklist, terciles: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """The priority matrix's cell for each (hazard tercile, safety class) pair."""
    return np.array(checklist.matrix)[terciles, classes]
