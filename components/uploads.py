"""Streamlit's file uploader with our words: st.file_uploader (1.67) has no parameter for
its drop-zone texts ("Drag and drop file here", "Limit 200MB per file", the "Upload"
button), so a style rule hides them and puts the catalogue's words in their place."""

from __future__ import annotations

import streamlit as st

from tmf.file_limits import MAX_FILE_BYTES, MB
from tmf.i18n import t

MAX_MB = MAX_FILE_BYTES // MB  # what the readers accept (tmf/file_limits.py)
# The drop zone's "Browse files" button only: once a file is chosen the zone also holds the
# file's remove button and an "add" icon button, which keep their icons.
BROWSE = "[data-testid=stFileUploaderDropzone] button[data-testid=stBaseButton-secondary]"


def _css_string(text: str) -> str:
    """Catalogue text as a CSS string literal: quotes and backslashes escaped the CSS way,
    "<" written as the CSS escape \\3C (so the text can never close the style element);
    letters (Cyrillic, Kazakh) stay as they are."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3C ")
    return f'"{escaped}"'


def uploader_texts(types: list[str], lang: str) -> None:
    """Replace the drop zone's English texts with the catalogue's, for every uploader."""
    button = _css_string(t("widgets.upload_button", lang))
    st.html(
        "<style>"
        "[data-testid=stFileUploaderDropzoneInstructions] {display: none;}"
        f"{BROWSE} {{font-size: 0;}}"
        f"{BROWSE} * {{display: none;}}"  # its icon too: it left a gap before our words
        f"{BROWSE}::after {{content: {button}; font-size: 0.875rem;}}"
        "</style>"
    )
    st.caption(t("widgets.upload_hint", lang, types=", ".join(types).upper(), size=MAX_MB))
