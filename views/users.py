"""Users (admins): accounts and roles; passwords are stored only as bcrypt hashes."""

import streamlit as st

import cache
from components import admin_view, tables, user_text
from components.user_text import markdown_literal
from session import controls, flash, login
from tmf.i18n import t
from tmf.problems import Problem, ProblemError
from tmf.store import auth, logins
from tmf.store.engine import database_url
from tmf.store.errors import StoreUnavailable

lang = controls.language()
admin = login.require("admin", lang)
st.title(t("auth.users_title", lang))
st.caption(t("auth.users_intro", lang))
engine = cache.engine(database_url())
flash.show_flash()
users = auth.list_users(engine)
table, config = admin_view.users_table(users, lang)
tables.show(table, config, key="users_table", lang=lang)


def act(action, *args, done: str) -> None:
    """Run an account change; a refusal is shown as sentences, a success after the rerun."""
    try:
        action(engine, *args, by=admin.name)
    except (ProblemError, StoreUnavailable) as error:
        user_text.show_errors(error.messages(lang))
    else:
        flash.flash(done)
        st.rerun()


role_label = {role: t(f"auth.role_{role}", lang) for role in auth.ROLES}
add, change = st.columns(2)
with add:
    st.subheader(t("auth.add_user", lang), anchor=False)
    with st.form("add_user", clear_on_submit=True):
        name = st.text_input(t("auth.name", lang), key="new_user_name")
        role = st.selectbox(
            t("auth.role", lang),
            auth.ROLES,
            key="new_user_role",
            format_func=role_label.get,
            placeholder=t("widgets.choose", lang),
        )
        password = st.text_input(t("auth.password", lang), type="password", key="new_user_password")
        repeat = st.text_input(t("auth.password_repeat", lang), type="password", key="new_user_repeat")
        if st.form_submit_button(t("auth.add_user", lang), key="add_user_submit"):
            if not auth.same_text(password, repeat):
                st.error(Problem("passwords_differ").message(lang))
            else:
                act(auth.add_user, name, password, role, done=t("auth.user_added", lang, name=name))
with change:
    st.subheader(t("auth.change_user", lang), anchor=False)
    names = [u.name for u in users]
    if names:
        chosen = st.selectbox(t("auth.name", lang), names, key="change_user", placeholder=t("widgets.choose", lang))
        current = {u.name: u.role for u in users}[chosen]
        new_role = st.selectbox(
            t("auth.role", lang),
            auth.ROLES,
            index=auth.ROLES.index(current),
            key=f"change_role_{chosen}",  # a user chosen shows that user's role
            format_func=role_label.get,
            placeholder=t("widgets.choose", lang),
        )
        if st.button(t("auth.set_role", lang), key="set_role"):
            act(auth.set_role, chosen, new_role, done=t("auth.role_set", lang, name=chosen))
        new_password = st.text_input(t("auth.new_password", lang), type="password", key="change_password")
        if st.button(t("auth.set_password", lang), key="set_password"):
            act(auth.set_password, chosen, new_password, done=t("auth.password_set", lang, name=chosen))
        confirm = st.checkbox(t("auth.remove_confirm", lang, name=chosen), key="remove_confirm")
        if st.button(t("auth.remove", lang), key="remove_user", disabled=not confirm):
            act(auth.remove_user, chosen, done=t("auth.user_removed", lang, name=chosen))

st.subheader(t("ops.failed_logins_title", lang), anchor=False)
failed = logins.failed_logins(engine)
if failed.empty:
    st.caption(t("ops.failed_logins_none", lang))
else:
    shown = failed.assign(name=failed["name"].where(failed["name"] != "", None))  # a blank name: —
    tables.show(shown, admin_view.failed_logins_config(lang), key="failed_logins", lang=lang)
    locked = failed.loc[failed["locked_until"].notna(), "name"].tolist()
    if locked:
        unlock = st.selectbox(t("ops.failed_name", lang), locked, key="unlock_name")
        if st.button(t("ops.lift_lock", lang), key="lift_lock", icon=":material/lock_open:"):
            count = logins.lift_lock(engine, unlock, by=admin.name)
            flash.flash(t("ops.lock_lifted", lang, name=markdown_literal(unlock), count=count))
            st.rerun()
