"""Tables of the audit log, the users and the methodology profile, for the admin pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from components.inventory_view import field_label, field_value_text
from tmf.i18n import format_number, has_message, t
from tmf.localise import EMPTY
from tmf.methodology import Profile
from tmf.store import audit
from tmf.store.auth import User
from tmf.store.imports import ILLUSTRATIVE_AUTHOR


def entries_table(records: list[audit.AuditEntry], lang: str) -> tuple[pd.DataFrame, dict]:
    """One row per audit entry, newest first; changed fields by their labels."""
    frame = audit.entries_frame(records)
    frame["action"] = frame["action"].map(lambda a: t(f"inventory.action_{a}", lang))
    frame["user"] = frame["user"].map(lambda name: author_text(name, lang))
    frame["changed"] = [", ".join(audit_field_label(f, lang, r.subject) for f in r.changed) for r in records]
    frame["facility_id"] = [facility_text(r, lang) for r in records]
    number = st.column_config.NumberColumn
    config = {
        "id": number(t("inventory.entry", lang), format="%d"),
        "at": st.column_config.DatetimeColumn(t("inventory.at", lang), format="YYYY-MM-DD HH:mm:ss"),
        "user": t("inventory.user", lang),
        "action": t("inventory.action", lang),
        "subject": None,
        "facility_id": t("fields.facility_id", lang),
        "changed": t("inventory.changed", lang),
        "upload_id": number(t("inventory.upload_id", lang), format="%d"),
        "reverts": number(t("inventory.reverts", lang), format="%d"),
    }
    return frame, config


def facility_text(record: audit.AuditEntry, lang: str) -> str | None:
    """The facility of an entry; for an import, how many facilities it changed."""
    if record.bulk:
        return t("inventory.audit_facilities", lang, count=format_number(len(record.facility_ids), lang))
    return record.facility_id


COMMAND_LINE = "command-line"  # the author tmf's commands record (tmf/commands)
# Authors recorded as identifiers, said in words: the commands, and the first filling of a
# new database with the illustrative inventory (tmf.store.imports.ILLUSTRATIVE_AUTHOR).
AUTHOR_WORDS = {COMMAND_LINE: "audit_words.command_line", ILLUSTRATIVE_AUTHOR: "audit_words.illustrative_inventory"}


def author_text(name: object, lang: str) -> str:
    """An audit entry's author; an identifier the app records said in words; none (a login
    tried without a name) as —, like every empty value."""
    if name is None or not str(name).strip():
        return EMPTY
    key = AUTHOR_WORDS.get(str(name))
    return t(key, lang) if key else str(name)


def audit_field_label(name: str, lang: str, subject: str = "facility") -> str:
    """An inventory field's label, or the word for an account/profile/checklist field
    (an account's `name` is its user name, not a facility's name)."""
    own_word = subject not in ("facility", "facilities") or not has_message(f"fields.{name}")
    if own_word and has_message(f"audit_words.{name}"):
        return t(f"audit_words.{name}", lang)
    return field_label(name, lang)


# Fields of the login entries that hold moments (ISO text in UTC) or lists of them.
MOMENT_FIELDS = ("at", "locked_until", "failed_logins")


def audit_value_text(name: str, value: object, lang: str) -> str:
    """A stored value as exact text; roles, allowed values and countries in words; the
    moments of the login entries as date and time (UTC, to the second), not ISO text."""
    if name == "role" and has_message(f"auth.role_{value}"):
        return t(f"auth.role_{value}", lang)
    if name in MOMENT_FIELDS and value:
        moments = value if isinstance(value, list) else [value]
        return ", ".join(_moment_text(moment) for moment in moments)
    return field_value_text(name, value, lang)


def _moment_text(value: object) -> str:
    try:
        return dt.datetime.fromisoformat(str(value)).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return str(value)


def _flat(state: Mapping[str, object] | None) -> dict[str, object]:
    """A state's values as one level (checklist answers listed per question)."""
    flat = {}
    for key, value in (state or {}).items():
        if isinstance(value, Mapping):
            for inner, item in value.items():
                flat[f"{key}.{inner}"] = (
                    ", ".join(f"{v}" for v in item.values() if v) if isinstance(item, Mapping) else item
                )
        else:
            flat[key] = value
    return flat


def states_table(entry: audit.AuditEntry, lang: str, facility_id: str | None = None) -> pd.DataFrame:
    """The entry's before and after side by side, changed fields first; of an import (read
    whole with ``audit.entry``): those of ``facility_id``."""
    states = (entry.before, entry.after)
    if entry.bulk:
        states = entry.facility_states([facility_id]).get(facility_id, (None, None))
    before, after = _flat(states[0]), _flat(states[1])
    keys = list(dict.fromkeys([*before, *after]))
    rows = [
        {
            "field": audit_field_label(k, lang, entry.subject),
            "before": audit_value_text(k, before.get(k), lang),
            "after": audit_value_text(k, after.get(k), lang),
            "changed": before.get(k) != after.get(k),
        }
        for k in keys
    ]
    frame = pd.DataFrame(rows, columns=["field", "before", "after", "changed"])
    return frame.sort_values("changed", ascending=False, kind="stable").reset_index(drop=True)


def states_config(lang: str) -> dict:
    return {
        "field": t("inventory.field", lang),
        "before": t("inventory.before", lang),
        "after": t("inventory.after", lang),
        "changed": st.column_config.CheckboxColumn(t("inventory.differs", lang)),
    }


SHOWN_FACILITIES = 50  # of an import's entry, before a facility is chosen


def import_changes_table(entry: audit.AuditEntry, lang: str, limit: int = SHOWN_FACILITIES) -> pd.DataFrame:
    """What an import's entry (read whole) changed for its first ``limit`` facilities: one
    row per facility and changed field, with the value before and after as text."""
    rows = [
        {
            "facility_id": facility_id,
            "field": audit_field_label(name, lang),
            "before": audit_value_text(name, (before or {}).get(name), lang),
            "after": audit_value_text(name, (after or {}).get(name), lang),
        }
        for facility_id, (before, after) in entry.facility_states(entry.facility_ids[:limit]).items()
        for name in audit.changed_fields(before, after)
    ]
    return pd.DataFrame(rows, columns=["facility_id", "field", "before", "after"])


def import_changes_config(lang: str) -> dict:
    return {
        "facility_id": t("fields.facility_id", lang),
        "field": t("inventory.field", lang),
        "before": t("inventory.before", lang),
        "after": t("inventory.after", lang),
    }


def users_table(users: list[User], lang: str) -> tuple[pd.DataFrame, dict]:
    frame = pd.DataFrame({"name": [u.name for u in users], "role": [t(f"auth.role_{u.role}", lang) for u in users]})
    return frame, {"name": t("auth.name", lang), "role": t("auth.role", lang)}


def profile_table(profile: Profile, lang: str) -> tuple[pd.DataFrame, dict]:
    """The criteria of a candidate profile: name and key, index, input, default weight, provenance."""
    frame = pd.DataFrame(
        [
            {
                "criterion": t(f"criteria.{c.key}.label", lang) if has_message(f"criteria.{c.key}.label") else c.key,
                "key": c.key,
                "index": "THI + TRI" if c.group == "thi" else "TRI",
                "input": field_label(c.input, lang),
                "weight": c.default_weight,
                "provisional": c.provisional,
            }
            for c in profile.criteria
        ]
    )
    config = {
        "criterion": t("methodology.criterion", lang),
        "key": t("methodology.key", lang),
        "index": t("methodology.index", lang),
        "input": t("methodology.input", lang),
        "weight": st.column_config.NumberColumn(t("methodology.default_weight", lang), format="%.2f"),
        # a column heading: "Provisional", where the word inside a sentence is "provisional"
        "provisional": st.column_config.CheckboxColumn(_heading(t("methodology.provisional", lang))),
    }
    return frame, config


def _heading(word: str) -> str:
    return word[:1].upper() + word[1:]


def failed_logins_config(lang: str) -> dict:
    """Column labels of the failed-logins table (tmf.store.logins.failed_logins)."""
    return {
        "name": st.column_config.TextColumn(t("ops.failed_name", lang)),
        "failures": st.column_config.NumberColumn(t("ops.failed_count", lang)),
        "last": st.column_config.DatetimeColumn(t("ops.failed_last", lang), format="YYYY-MM-DD HH:mm z"),
        "locked_until": st.column_config.DatetimeColumn(t("ops.locked_until", lang), format="YYYY-MM-DD HH:mm z"),
    }
