"""Tables of the audit log, the users and the methodology profile, for the admin pages."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from components.inventory_view import field_label, value_text
from tmf.i18n import has_message, t
from tmf.methodology import Profile
from tmf.store import audit
from tmf.store.auth import User


def entries_table(records: list[audit.AuditEntry], lang: str) -> tuple[pd.DataFrame, dict]:
    """One row per audit entry, newest first; changed fields by their labels."""
    frame = audit.entries_frame(records)
    frame["action"] = frame["action"].map(lambda a: t(f"inventory.action_{a}", lang))
    frame["user"] = frame["user"].map(lambda name: author_text(name, lang))
    frame["changed"] = [", ".join(audit_field_label(f, lang, r.subject) for f in r.changed) for r in records]
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


COMMAND_LINE = "command-line"  # the author tmf's commands record (tmf/commands)


def author_text(name: object, lang: str) -> str:
    """An audit entry's author; the command line's identifier said in words."""
    return t("audit_words.command_line", lang) if name == COMMAND_LINE else str(name)


def audit_field_label(name: str, lang: str, subject: str = "facility") -> str:
    """An inventory field's label, or the word for an account/profile/checklist field
    (an account's `name` is its user name, not a facility's name)."""
    own_word = subject != "facility" or not has_message(f"fields.{name}")
    if own_word and has_message(f"audit_words.{name}"):
        return t(f"audit_words.{name}", lang)
    return field_label(name, lang)


def audit_value_text(name: str, value: object, lang: str) -> str:
    """A stored value as exact text; roles in words."""
    if name == "role" and has_message(f"auth.role_{value}"):
        return t(f"auth.role_{value}", lang)
    return value_text(value, lang)


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


def states_table(entry: audit.AuditEntry, lang: str) -> pd.DataFrame:
    """The entry's before and after side by side, changed fields first."""
    before, after = _flat(entry.before), _flat(entry.after)
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
        "provisional": st.column_config.CheckboxColumn(t("methodology.provisional", lang)),
    }
    return frame, config


def failed_logins_config(lang: str) -> dict:
    """Column labels of the failed-logins table (tmf.store.logins.failed_logins)."""
    return {
        "name": st.column_config.TextColumn(t("ops.failed_name", lang)),
        "failures": st.column_config.NumberColumn(t("ops.failed_count", lang)),
        "last": st.column_config.DatetimeColumn(t("ops.failed_last", lang), format="YYYY-MM-DD HH:mm z"),
        "locked_until": st.column_config.DatetimeColumn(t("ops.locked_until", lang), format="YYYY-MM-DD HH:mm z"),
    }
