"""Workshops: a room weighs together, each participant on a phone.

A workshop has a short code (what participants type or scan), a title, the presenter who
opened it, a round number and whether that round is ``open`` (takes answers) or
``closed`` (frozen). A participant is a random token kept in their session and link, never a name;
one answer per token and round, and a resubmission replaces the previous answer while the
round is open. Every write runs in one transaction that re-reads the workshop, so an
answer sent while the presenter closes the round is either in the frozen round or refused.

Limits: a round takes up to ``MAX_PARTICIPANTS`` answers (a workshop needs at least 50);
a participant may resubmit once every ``MIN_INTERVAL_S`` seconds. Refusals are
``WorkshopRefused`` with one sentence in the user's language.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

from tmf.i18n import t
from tmf.methodology import Profile, validate_weights
from tmf.problems import ProblemError
from tmf.readers import neutralise
from tmf.store.models import WorkshopAnswerRow, WorkshopRow
from tmf.store.scenarios import StoredScenario, save_scenario
from tmf.view import View

AGGREGATIONS = ("median", "geomean")
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a projector
CODE_LENGTH = 4
MAX_PARTICIPANTS = 200
MIN_INTERVAL_S = 2.0
TITLE_LIMIT = 120
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
EXPORT_FORMATS = ("json", "csv")
workshops_table = WorkshopRow.__table__
answers_table = WorkshopAnswerRow.__table__


class WorkshopRefused(Exception):
    """An action the workshop does not allow now; ``reason`` names the sentence."""

    def __init__(self, reason: str, **params: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params

    def message(self, lang: str) -> str:
        return t(f"workshop.refused_{self.reason}", lang, **self.params)


@dataclass(frozen=True)
class Workshop:
    id: int
    code: str
    title: str
    created_by: str
    created_at: dt.datetime
    status: str  # open or closed
    round: int
    aggregation: str  # median or geomean

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class Answer:
    """One participant's weights in a round (the token stays in the store)."""

    participant: str
    weights: Mapping[str, float]
    submitted_at: dt.datetime


def _utc(value: dt.datetime) -> dt.datetime:
    """SQLite returns naive datetimes; every stored time is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


def _workshop(row: sa.Row) -> Workshop:
    values = row._asdict()
    return Workshop(**values | {"created_at": _utc(values["created_at"])})


def normalise_code(code: object) -> str:
    """The code as stored: upper case, no spaces ("ab 12" -> "AB12")."""
    return "".join(str(code or "").split()).upper()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_participant_token() -> str:
    """A random participant id (kept in the participant's session, never shown)."""
    return secrets.token_urlsafe(18)


def _check_aggregation(aggregation: str) -> None:
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"unknown aggregation {aggregation!r}")


def create_workshop(
    engine: sa.Engine, title: str, created_by: str, aggregation: str = "median", now: dt.datetime | None = None
) -> Workshop:
    """A new open workshop (round 1) with a fresh code; a blank title is refused."""
    _check_aggregation(aggregation)
    clean = " ".join(str(title or "").split())
    if not clean:
        raise WorkshopRefused("title_empty")
    if len(clean) > TITLE_LIMIT:
        raise WorkshopRefused("title_too_long", limit=TITLE_LIMIT)
    values = {"title": clean, "created_by": created_by, "created_at": now or dt.datetime.now(dt.UTC)}
    values |= {"status": "open", "round": 1, "aggregation": aggregation}
    for _ in range(20):  # 32**4 codes: a clash is rare, a second try almost never clashes
        code = _new_code()
        try:
            with engine.begin() as connection:
                connection.execute(sa.insert(workshops_table).values(code=code, **values))
        except sa.exc.IntegrityError:
            continue
        return find_workshop(engine, code)
    raise RuntimeError("no free workshop code after 20 tries")


def _select(connection: sa.Connection, code: str, lock: bool = False) -> Workshop | None:
    query = sa.select(workshops_table).where(workshops_table.c.code == normalise_code(code))
    if lock:
        query = query.with_for_update()  # PostgreSQL: one writer per workshop; SQLite locks the file
    row = connection.execute(query).first()
    return _workshop(row) if row is not None else None


def find_workshop(engine: sa.Engine, code: str) -> Workshop | None:
    """The workshop with ``code`` (any case, spaces ignored), None if there is none."""
    with engine.connect() as connection:
        return _select(connection, code)


def get_workshop(engine: sa.Engine, code: str) -> Workshop:
    """The workshop with ``code``; WorkshopRefused("unknown_code") if there is none."""
    workshop = find_workshop(engine, code)
    if workshop is None:
        raise WorkshopRefused("unknown_code", code=normalise_code(code))
    return workshop


def list_workshops(engine: sa.Engine, limit: int = 20) -> list[Workshop]:
    """The newest workshops first."""
    query = sa.select(workshops_table).order_by(workshops_table.c.id.desc()).limit(limit)
    with engine.connect() as connection:
        return [_workshop(row) for row in connection.execute(query)]


def _checked_weights(weights: Mapping[str, float], profile: Profile) -> dict[str, float]:
    """Every criterion's weight (defaults filled in); refused when unknown or out of range."""
    try:
        return validate_weights(profile, weights)
    except ProblemError:
        raise WorkshopRefused("bad_weights") from None


def _previous(connection: sa.Connection, workshop: Workshop, participant: str) -> sa.Row | None:
    query = sa.select(answers_table.c.id, answers_table.c.submitted_at).where(
        answers_table.c.workshop_id == workshop.id,
        answers_table.c.round == workshop.round,
        answers_table.c.participant == participant,
    )
    return connection.execute(query).first()


def _answer_count(connection: sa.Connection, workshop: Workshop) -> int:
    query = sa.select(sa.func.count()).where(
        answers_table.c.workshop_id == workshop.id, answers_table.c.round == workshop.round
    )
    return connection.scalar(query) or 0


def _open_workshop(connection: sa.Connection, code: str) -> Workshop:
    workshop = _select(connection, code, lock=True)
    if workshop is None:
        raise WorkshopRefused("unknown_code", code=normalise_code(code))
    if not workshop.is_open:
        raise WorkshopRefused("closed", round=workshop.round)
    return workshop


def submit_answer(
    engine: sa.Engine,
    code: str,
    participant: str,
    weights: Mapping[str, float],
    profile: Profile,
    now: dt.datetime | None = None,
) -> Workshop:
    """Store (or replace) ``participant``'s weights in the open round of workshop ``code``.

    Refused (WorkshopRefused, nothing written): unknown code, closed round, weights that
    are not the profile's criteria within 0..3, a resubmission sooner than MIN_INTERVAL_S
    after the previous one, a new participant when the round has MAX_PARTICIPANTS answers.
    """
    if not TOKEN_PATTERN.match(participant or ""):
        raise ValueError("participant tokens come from new_participant_token()")
    complete = _checked_weights(weights, profile)
    now = now or dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        workshop = _open_workshop(connection, code)
        values = {"weights": json.dumps(complete, sort_keys=True), "submitted_at": now}
        previous = _previous(connection, workshop, participant)
        if previous is not None:
            if (now - _utc(previous.submitted_at)).total_seconds() < MIN_INTERVAL_S:
                raise WorkshopRefused("too_fast", seconds=f"{MIN_INTERVAL_S:g}")
            connection.execute(sa.update(answers_table).where(answers_table.c.id == previous.id).values(**values))
            return workshop
        if _answer_count(connection, workshop) >= MAX_PARTICIPANTS:
            raise WorkshopRefused("full", limit=MAX_PARTICIPANTS)
        connection.execute(
            sa.insert(answers_table).values(
                workshop_id=workshop.id, round=workshop.round, participant=participant, **values
            )
        )
    return workshop


def round_answers(engine: sa.Engine, workshop: Workshop, round_: int | None = None) -> list[Answer]:
    """The answers of ``round_`` (default: the current round), oldest first."""
    query = (
        sa.select(answers_table.c.participant, answers_table.c.weights, answers_table.c.submitted_at)
        .where(answers_table.c.workshop_id == workshop.id, answers_table.c.round == (round_ or workshop.round))
        .order_by(answers_table.c.submitted_at, answers_table.c.id)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return [Answer(row.participant, json.loads(row.weights), _utc(row.submitted_at)) for row in rows]


def participant_answer(engine: sa.Engine, workshop: Workshop, participant: str) -> Answer | None:
    """``participant``'s answer in the current round, None before their first."""
    query = sa.select(answers_table.c.participant, answers_table.c.weights, answers_table.c.submitted_at).where(
        answers_table.c.workshop_id == workshop.id,
        answers_table.c.round == workshop.round,
        answers_table.c.participant == participant,
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return Answer(row.participant, json.loads(row.weights), _utc(row.submitted_at)) if row is not None else None


def _set(engine: sa.Engine, code: str, **values: object) -> Workshop:
    with engine.begin() as connection:
        workshop = _select(connection, code, lock=True)
        if workshop is None:
            raise WorkshopRefused("unknown_code", code=normalise_code(code))
        connection.execute(sa.update(workshops_table).where(workshops_table.c.id == workshop.id).values(**values))
    return get_workshop(engine, code)


def close_round(engine: sa.Engine, code: str) -> Workshop:
    """Freeze the current round: later answers are refused."""
    return _set(engine, code, status="closed")


def next_round(engine: sa.Engine, code: str) -> Workshop:
    """Open a new, empty round; the answers of earlier rounds stay stored."""
    return _set(engine, code, status="open", round=workshops_table.c.round + 1)


def set_aggregation(engine: sa.Engine, code: str, aggregation: str) -> Workshop:
    """How the room's weights are formed: median (default) or geometric mean."""
    _check_aggregation(aggregation)
    return _set(engine, code, aggregation=aggregation)


def save_room_scenario(
    engine: sa.Engine, workshop: Workshop, name: str, author: str, room: View, participants: int, lang: str
) -> StoredScenario:
    """Save the room's weighting ``room`` as a named scenario whose note records the
    workshop, the round, the number of participants and the aggregation (in ``lang``).

    Only a closed round is saved, so the scenario describes answers that can no longer
    change. Name and author are checked as for every scenario (ProblemError).
    """
    if workshop.is_open:
        raise WorkshopRefused("save_open_round")
    aggregation = t(f"workshop.aggregation_{workshop.aggregation}", lang)
    note = t(
        "workshop.scenario_note",
        lang,
        title=workshop.title,
        code=workshop.code,
        round=workshop.round,
        count=participants,
        aggregation=aggregation,
    )
    return save_scenario(engine, name, author, note, room)


def _export_rows(workshop: Workshop, answers: list[Answer], keys: tuple[str, ...], round_: int) -> list[list]:
    """One row per answer, participants numbered 1.. in order of submission (no tokens)."""
    rows = []
    for number, answer in enumerate(answers, start=1):
        head = [neutralise(workshop.code), neutralise(workshop.title), round_, number]
        rows.append([*head, _minute(answer.submitted_at), *(answer.weights.get(k) for k in keys)])
    return rows


def _minute(moment: dt.datetime) -> str:
    """When an answer came, to the minute: enough to read the round, too coarse to tell
    who in the room sent which answer by watching them tap."""
    return moment.replace(second=0, microsecond=0).isoformat()


def export_round(engine: sa.Engine, workshop: Workshop, round_: int, keys: tuple[str, ...], fmt: str) -> bytes:
    """The answers of a stored round as JSON or CSV (UTF-8 with BOM; text cells neutralised
    against spreadsheet formulas). Participants are numbered, their tokens never leave."""
    answers = round_answers(engine, workshop, round_)
    if fmt == "json":
        document = {
            "format": "tmf-workshop-round",
            "version": 1,
            "workshop": {"code": workshop.code, "title": workshop.title, "aggregation": workshop.aggregation},
            "round": round_,
            "answers": [
                {"participant": n, "submitted_at": _minute(a.submitted_at), "weights": dict(a.weights)}
                for n, a in enumerate(answers, start=1)
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt != "csv":
        raise ValueError(f"unknown export format {fmt!r}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["workshop", "title", "round", "participant", "submitted_at", *keys])
    writer.writerows(_export_rows(workshop, answers, keys, round_))
    return buffer.getvalue().encode("utf-8-sig")
