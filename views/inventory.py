"""Inventory (editors): upload a register or the template, answer how to read it, see every
problem and every difference, commit all or nothing; export the inventory."""

import functools

import streamlit as st

import cache
from components import inventory_view, user_text, widget_texts
from session import controls, downloads, flash, import_form, login
from tmf.i18n import t
from tmf.problems import ProblemError
from tmf.register_options import options_to_toml
from tmf.store.engine import data_version, database_url
from tmf.store.errors import StoreUnavailable
from tmf.store.imports import import_facilities, preview_import
from tmf.store.register_mappings import load_mapping, mapping_names, save_mapping

lang = controls.language()
user = login.require("editor", lang)
st.title(t("inventory.title", lang))
url = database_url()
engine = cache.engine(url)
flash.show_flash()
importing, exporting = st.tabs([t("inventory.tab_import", lang), t("inventory.tab_export", lang)])

with exporting:
    facilities = cache.facilities(url, data_version(engine))
    st.markdown(t("inventory.export_intro", lang, count=len(facilities)))
    downloads.export_buttons(facilities.drop(columns="version"), lang)

with importing:
    st.markdown(t("inventory.import_intro", lang))
    downloads.template_buttons(lang)
    widget_texts.uploader_texts(["csv", "xlsx", "xlsm", "geojson", "json"], lang)
    upload = st.file_uploader(
        t("inventory.upload", lang), type=["csv", "xlsx", "xlsm", "geojson", "json"], key="inventory_upload"
    )
    if upload is None:
        st.stop()
    data = upload.getvalue()
    try:
        load = functools.partial(load_mapping, engine)
        options = import_form.reading_options(data, upload.name, lang, mapping_names(engine), load)
        result = import_form.read(data, upload.name, options, lang)
    except ProblemError as error:
        user_text.show_errors(error.messages(lang))
        st.stop()
    inventory_view.reading_summary(result, lang)
    frame, problems = result.frame, list(result.problems)
    if problems:
        st.error(t("importing.refused", lang, problems=len(problems)))
        refused = inventory_view.problems_table(problems, lang)
        title = f"{upload.name}: {t('importing.refused', lang, problems=len(problems))}"
        config = inventory_view.table_config(lang)
        downloads.shown_table(refused, config, "problems_table", lang, title, wrap=True)
        st.stop()
    st.success(t("inventory.no_problems", lang, rows=len(frame)))
    with st.expander(t("inventory.fine_rows", lang, rows=len(frame))):
        inventory_view.show(inventory_view.fine_rows_table(frame, problems), lang, key="fine_rows_table")

    try:
        preview = preview_import(engine, frame, options.country)
    except ProblemError as error:
        user_text.show_errors(error.messages(lang))
        st.stop()
    summary = preview.summary
    st.subheader(t("inventory.differences", lang), anchor=False)
    counts = {"added": len(summary.added), "updated": len(summary.updated), "unchanged": len(summary.unchanged)}
    st.markdown(t("inventory.summary", lang, **counts))
    if summary.added:
        st.caption(t("inventory.added_title", lang))
        inventory_view.show(inventory_view.added_table(frame, preview, lang), lang, key="added_table")
    if summary.updated:
        st.caption(t("inventory.changes_title", lang))
        inventory_view.show(inventory_view.changes_table(preview, lang), lang, key="changes_table")
    if not summary.added and not summary.updated:
        st.info(t("inventory.nothing_to_import", lang))
        st.stop()
    save_as = st.text_input(t("importing.save_as", lang), value=options.name, key=import_form.SAVE_AS)
    if st.button(t("inventory.commit", lang, **counts), key="commit_import", type="primary"):
        try:
            done = import_facilities(
                engine,
                frame,
                user=user.name,
                upload=(upload.name, data),
                expected_versions=preview.versions,
                mapping=options_to_toml(result.mapping),
                country=options.country,
            )
            if save_as.strip():
                save_mapping(engine, save_as, result.mapping, user.name)
        except (ProblemError, StoreUnavailable) as error:
            user_text.show_errors(error.messages(lang))
        else:
            flash.flash(t("inventory.imported", lang, added=len(done.added), updated=len(done.updated)))
            st.rerun()
