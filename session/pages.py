"""The page registry: every page of the dashboard once (file, title, icon, URL path, minimum
role). Navigation, page links and page switches refer to pages by name through this module;
no other code names a file in ``views/``.

Every link the app makes carries the language (``lang``), so a reload or a shared link
opens in the language it was made in.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from tmf.i18n import t
from tmf.store.auth import allows


@dataclass(frozen=True)
class Page:
    name: str
    file: str
    title_key: str
    icon: str
    url_path: str
    role: str = "viewer"  # the minimum role that sees the page
    default: bool = False  # served at "/"
    listed: bool = True  # False: never in the navigation (the workshop's participant page)


PAGES = (
    Page("overview", "views/overview.py", "pages.overview", ":material/dashboard:", "overview", default=True),
    Page("ranking", "views/ranking.py", "pages.ranking", ":material/leaderboard:", "ranking"),
    Page("present", "views/present.py", "present.page_title", ":material/slideshow:", "present"),
    Page("scenarios", "views/scenarios.py", "pages.scenarios", ":material/compare:", "scenarios"),
    Page("transboundary", "views/transboundary.py", "pages.transboundary", ":material/water:", "transboundary"),
    Page("facility", "views/facility.py", "pages.facility", ":material/factory:", "facility"),
    Page("methodology", "views/methodology.py", "pages.methodology", ":material/menu_book:", "methodology"),
    Page("checklist", "views/checklist.py", "checklist.page_title", ":material/checklist:", "checklist"),
    Page("inventory", "views/inventory.py", "inventory.page_title", ":material/upload_file:", "inventory", "editor"),
    Page("edit", "views/edit.py", "inventory.edit_page_title", ":material/edit:", "edit", "editor"),
    Page("audit", "views/audit.py", "inventory.audit_page_title", ":material/history:", "audit", "editor"),
    Page("workshop", "views/workshop.py", "workshop.page_title", ":material/groups:", "workshop"),
    Page("join", "views/join.py", "workshop.join_page_title", ":material/how_to_vote:", "join", listed=False),
    # Shown at an address that names no page (``unknown_address``), never in the navigation.
    Page("not_found", "views/not_found.py", "pages.not_found_title", ":material/link_off:", "not-found", listed=False),
    Page("users", "views/users.py", "auth.users_page_title", ":material/group:", "users", "admin"),
    Page(
        "profile_admin",
        "views/profile_admin.py",
        "auth.profile_page_title",
        ":material/tune:",
        "profile-admin",
        "admin",
    ),
)
BY_NAME = {page.name: page for page in PAGES}


def visible(role: str | None) -> tuple[Page, ...]:
    """The pages a user with ``role`` (None: not logged in) may open."""
    return tuple(p for p in PAGES if p.listed and (p.role == "viewer" or role is not None) and allows(role, p.role))


def st_page(page: Page, lang: str, *, hidden: bool = False) -> st.Page:
    """The st.Page of ``page`` with its title in ``lang``. The default page is served at "/";
    the name Streamlit reserves for it is ``ROOT_RESERVED``, so that its own name can open it
    too (``unknown_address``)."""
    options = {"default": True, "url_path": ROOT_RESERVED} if page.default else {"url_path": page.url_path}
    visibility = "hidden" if hidden else "visible"
    return st.Page(page.file, title=t(page.title_key, lang), icon=page.icon, visibility=visibility, **options)


SECTIONS = {"viewer": "pages.section_dashboard", "editor": "pages.section_data", "admin": "pages.section_admin"}


# Streamlit reserves a name for the default page although it serves it at "/" only.
ROOT_RESERVED = "index"


def navigation(role: str | None, lang: str) -> st.navigation:
    """Every page the role may open, all shown (``expanded``: Streamlit's own "View more"
    button cannot be translated), under a heading per minimum role once there is more than one."""
    allowed = visible(role)
    sections: dict[str, list[st.Page]] = {}
    for page in allowed:
        sections.setdefault(t(SECTIONS[page.role], lang), []).append(st_page(page, lang))
    # The pages the role may not open stay reachable by their link but hidden (in the last
    # section, which draws nothing for them): the page itself refuses in the user's language
    # (Streamlit's own "Page not found" is English only).
    last = list(sections)[-1]
    sections[last] += [st_page(p, lang, hidden=True) for p in PAGES if p.listed and p not in allowed]
    sections[last] += unknown_address(lang, {ROOT_RESERVED, *(p.url_path for p in PAGES if p.listed and not p.default)})
    if len(sections) > 1:
        return st.navigation(sections, expanded=True)
    return st.navigation(sections[last], expanded=True)


def requested_path() -> str:
    """The page address the browser asked for when it opened a link ("" for the root or a
    page chosen inside the app), as Streamlit's page lookup reads it."""
    ctx = get_script_run_ctx()
    name = ctx.pages_manager.intended_page_name if ctx is not None else None
    return (name or "").strip().strip("/")


def unknown_address(lang: str, known: set[str]) -> list[st.Page]:
    """A hidden page at the requested address when no page has it, so the reader gets our
    sentence in their language instead of Streamlit's English "Page not found" dialog;
    ``/overview`` (the Overview's name, served at "/") opens the Overview."""
    path = requested_path()
    if not path or path in known or "/" in path:  # Streamlit refuses nested addresses itself
        return []
    return [_at_address(BY_NAME["overview" if path == BY_NAME["overview"].url_path else "not_found"], lang, path)]


def _at_address(page: Page, lang: str, path: str) -> st.Page:
    """``page`` served, hidden, at ``path`` (an address that names no page of its own)."""
    return st.Page(page.file, title=t(page.title_key, lang), icon=page.icon, url_path=path, visibility="hidden")


def registry_name(url_path: str) -> str:
    """The registry's name of the page run at ``url_path`` ("" is the default page; an
    address that names no page is "not_found", whatever it was)."""
    if not url_path:
        return next(page.name for page in PAGES if page.default)
    return next((page.name for page in PAGES if page.url_path == url_path), "not_found")


def window_title(page_title: str, lang: str) -> str:
    """The browser tab's title: the page, then the dashboard, in the reader's language."""
    return t("pages.window_title", lang, page=page_title)


WORKSHOP_MODE = "TMF_WORKSHOP"  # set by ``make workshop``: the server faces a room's phones


def remote_client() -> bool:
    """True when this browser is not on the computer that runs the server: its connection
    comes from an address that is neither the loopback one nor one of this computer's own
    (the presenter may open the network link on the laptop itself). The server trusts a
    forwarded address only from a proxy on this computer, so a phone cannot claim to be
    local. Streamlit gives None for a loopback connection (and no address in a test)."""
    address = st.context.ip_address
    return isinstance(address, str) and address not in own_addresses()


def own_addresses() -> tuple[str, ...]:
    """This computer's addresses, found without the internet and read again each time (the
    laptop may join the room's network after the server started): first the one it reaches
    the local network by (a UDP socket "connected" to a private address picks the interface
    and sends nothing), then its host name's."""
    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 9))
            found.append(probe.getsockname()[0])
    except OSError:
        pass
    try:
        found += socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        pass
    return tuple(dict.fromkeys(found))


def workshop_mode() -> bool:
    """True while the server serves a workshop (``make workshop``, TMF_WORKSHOP=1)."""
    return os.environ.get(WORKSHOP_MODE, "").strip() not in ("", "0")


def participant_link() -> bool:
    """True when the link carries a workshop code (``?code=``): it opens the participant
    page and nothing else, with or without a login (the code is the admission). While the
    server serves a workshop, every browser but the presenter's own computer gets the
    participant page alone, whatever address it opens: a phone in the room that drops the
    code from its link reaches no other page and no presenter's control."""
    return "code" in st.query_params or (workshop_mode() and remote_client())


def participant_navigation(lang: str) -> st.navigation:
    """The participant page alone, with no navigation shown, at "/" and at whatever address
    the link named (``/join?code=``, ``/ranking?code=``): Streamlit's English "Page not
    found" dialog would otherwise greet the participant before their page."""
    page = BY_NAME["join"]
    pages = [st.Page(page.file, title=t(page.title_key, lang), icon=page.icon, default=True, url_path=ROOT_RESERVED)]
    path = requested_path()
    if path and "/" not in path and path != ROOT_RESERVED:
        pages.append(_at_address(page, lang, path))
    return st.navigation(pages, position="hidden")


def link(name: str, label: str, lang: str, params: Mapping[str, str] | None = None, icon: str | None = None) -> None:
    """A link to the page ``name`` that keeps the language (and ``params``)."""
    page = BY_NAME[name]
    st.page_link(page.file, label=label, icon=icon or page.icon, query_params={**(params or {}), "lang": lang})


def switch(name: str, lang: str, params: Mapping[str, str] | None = None) -> None:
    """Go to the page ``name`` now, keeping the language."""
    st.switch_page(BY_NAME[name].file, query_params={**(params or {}), "lang": lang})


def page_file(name: str) -> str:
    """The script of the page ``name`` (for st.switch_page and AppTest)."""
    return BY_NAME[name].file
