"""One flash mechanism: a sentence kept for the next run and shown once (after a write in a
callback or before st.rerun). Messages are shown literally (they may quote user text)."""

from __future__ import annotations

import streamlit as st

from components.user_text import markdown_literal
from session import keys


def flash(message: str | list[str], kind: str = "success") -> None:
    """Keep ``message`` (one sentence or several) for the next run; kind: success or error."""
    messages = [message] if isinstance(message, str) else list(message)
    st.session_state[keys.FLASH] = (kind, messages)


def show_flash() -> None:
    """Show the kept sentences once."""
    kind, messages = st.session_state.pop(keys.FLASH, (None, []))
    for text in messages:
        if kind == "error":
            st.error(markdown_literal(text))
        else:
            st.success(markdown_literal(text), icon=":material/check_circle:")
