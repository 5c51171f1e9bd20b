"""Methodology profile (admins): the profile in force, and replacing it with a checked TOML file."""

import streamlit as st

import cache
from components import admin_view, user_text, widget_texts
from components.user_text import markdown_literal
from session import controls, downloads, flash, login
from tmf.i18n import format_date, t
from tmf.problems import ProblemError
from tmf.store import profiles
from tmf.store.engine import database_url
from tmf.store.errors import StoreUnavailable

lang = controls.language()
admin = login.require("admin", lang)
st.title(t("auth.profile_title", lang))
st.markdown(t("auth.profile_intro", lang))
engine = cache.engine(database_url())
flash.show_flash()

info = profiles.active_info(engine)
profile = cache.profile()
if info.row is None:
    st.info(
        t(
            "auth.profile_bundled",
            lang,
            id=markdown_literal(profile.text("title", lang)),
            version=markdown_literal(profile.version),
        )
    )
else:
    st.info(
        t(
            "auth.profile_stored",
            lang,
            id=markdown_literal(profile.text("title", lang)),
            version=markdown_literal(profile.version),
            user=markdown_literal(info.uploaded_by),
            at=format_date(info.uploaded_at, lang, time=True),
        )
    )
st.download_button(
    t("auth.profile_download", lang),
    data=info.content.encode("utf-8"),
    file_name=f"{profile.id}.toml",
    mime="application/toml",
    key="profile_download",
    icon=":material/download:",
)
table, config = admin_view.profile_table(profile, lang)
downloads.shown_table(table, config, "profile_table", lang, f"{profile.text('title', lang)}, {profile.version}")

st.subheader(t("auth.profile_replace", lang), anchor=False)
widget_texts.uploader_texts(["toml"], lang)
upload = st.file_uploader(t("auth.profile_upload", lang), type=["toml"], key="profile_upload")
if upload is None:
    st.stop()
content = upload.getvalue()
try:
    candidate = profiles.check_profile(content, engine)
except (ProblemError, StoreUnavailable) as error:
    user_text.show_errors(error.messages(lang))
    st.stop()
st.success(
    t("auth.profile_valid", lang, id=markdown_literal(candidate.text("title", lang)), criteria=len(candidate.criteria))
)
table, config = admin_view.profile_table(candidate, lang)
title = f"{candidate.text('title', lang)}, {candidate.version}"
downloads.shown_table(table, config, "candidate_table", lang, title)
if st.button(t("auth.profile_activate", lang), key="profile_activate", type="primary"):
    try:
        profiles.store_profile(engine, content, admin.name)
    except (ProblemError, StoreUnavailable) as error:
        user_text.show_errors(error.messages(lang))
    else:
        flash.flash(t("auth.profile_activated", lang, id=candidate.text("title", lang)))
        st.rerun()
