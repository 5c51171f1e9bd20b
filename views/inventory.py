"""Inventory (editors): upload a spreadsheet, see every problem and every difference, commit
all or nothing; export the whole inventory as CSV, XLSX or GeoJSON."""

import streamlit as st

import cache
from components import inventory_view, user_text
from session import controls, flash, login
from tmf.i18n import t
from tmf.inventory import read_table, validate
from tmf.problems import ProblemError
from tmf.readers import rename_headers
from tmf.store.engine import data_version, database_url
from tmf.store.errors import StoreUnavailable
from tmf.store.imports import import_facilities, preview_import

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
    inventory_view.export_buttons(facilities.drop(columns="version"), lang)

with importing:
    st.markdown(t("inventory.import_intro", lang))
    upload = st.file_uploader(
        t("inventory.upload", lang), type=["csv", "xlsx", "xlsm", "geojson", "json"], key="inventory_upload"
    )
    if upload is None:
        st.stop()
    data = upload.getvalue()
    try:
        raw = read_table(data, upload.name)
    except ProblemError as error:
        user_text.show_errors(error.messages(lang))
        st.stop()
    mapping = inventory_view.header_mapping(raw, data, lang)
    frame, problems = validate(rename_headers(raw, mapping))
    fine = inventory_view.fine_rows_table(frame, problems)
    if problems:
        st.error(t("inventory.problems_found", lang, problems=len(problems), fine=len(fine)))
        inventory_view.show(inventory_view.problems_table(problems, lang), lang, key="problems_table")
    else:
        st.success(t("inventory.no_problems", lang, rows=len(fine)))
    if len(fine):
        with st.expander(t("inventory.fine_rows", lang, rows=len(fine)), expanded=not problems):
            inventory_view.show(fine, lang, key="fine_rows_table")
    if problems:
        st.stop()

    records = frame.drop(columns="row")
    preview = preview_import(engine, records)
    summary = preview.summary
    st.subheader(t("inventory.differences", lang), anchor=False)
    counts = {"added": len(summary.added), "updated": len(summary.updated), "unchanged": len(summary.unchanged)}
    st.markdown(t("inventory.summary", lang, **counts))
    if summary.added:
        st.caption(t("inventory.added_title", lang))
        inventory_view.show(inventory_view.added_table(frame, preview), lang, key="added_table")
    if summary.updated:
        st.caption(t("inventory.changes_title", lang))
        inventory_view.show(inventory_view.changes_table(preview, lang), lang, key="changes_table")
    if not summary.added and not summary.updated:
        st.info(t("inventory.nothing_to_import", lang))
        st.stop()
    if st.button(t("inventory.commit", lang, **counts), key="commit_import", type="primary"):
        try:
            done = import_facilities(
                engine, records, user=user.name, upload=(upload.name, data), expected_versions=preview.versions
            )
        except (ProblemError, StoreUnavailable) as error:
            user_text.show_errors(error.messages(lang))
        else:
            flash.flash(t("inventory.imported", lang, added=len(done.added), updated=len(done.updated)))
            st.rerun()
