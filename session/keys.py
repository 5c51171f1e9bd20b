"""Every session-state key the app reads or writes, declared once.

Widget keys that only one widget uses stay beside that widget; a key read or written in more
than one place, or by code other than its widget, lives here.
"""

from __future__ import annotations

LANG = "lang"  # the language selectbox, seeded from the link's ``lang``
LANG_IN_URL = "_lang_in_url"  # the ``lang`` last written to (or taken from) the URL
AUTH_USER = "auth_user"  # the logged-in user's name (the role is read from the database)
AUTH_ROLE = "auth_role"  # the role last read: keeps the navigation while the database is down
AUTH_TOKEN = "auth_token"  # the signed session token kept in the browser for reloads
AUTH_RESTORED = "_auth_restored"  # the cookie was checked in this session (at most once)
FLASH = "_flash"  # (kind, [sentences]) shown once on the next run
APPLIED_QUERY = "_applied_query"  # the link whose values were last pushed into the widgets
REMEMBERED_QUERY = "_remembered_query"  # the view restored after a page switch drops the query
INDEX = "index"  # THI or TRI radio
TOP_N = "top_n"  # the Ranking page's top N slider (charts and briefing); ``top`` in the link
FACILITY = "facility_pick"  # the one facility picker shared by Facility, Edit and Checklist
FACILITY_LINK = "_facility_pick_link"  # the link's facility last applied to the picker
HOTSPOT_OPENED = "_hotspot_opened"  # the hotspot whose facility page a map click opened
TIPPING_FACILITY = "tipping_facility"
RANKING_MAP_SAVED = "ranking_map_saved"  # the saved weighting the Ranking map's change layer compares with
EDIT_BASE = "_edit_base"  # {"facility_id", "version", "shown", "stored"}: what the edit started from
EDIT_CONFLICT = "_edit_conflict"  # {"facility_id", "mine", "theirs"} after a refused save
CHECKLIST_BASE = "_checklist_base"  # {"facility_id", "version"}: what the form was loaded from
SCENARIO_NAME = "scenario_name"
SCENARIO_AUTHOR = "scenario_author"
SCENARIO_NOTE = "scenario_note"
SCENARIO_RENAME_TO = "scenario_rename_to"
SCENARIO_DELETE_CONFIRM = "scenario_delete_confirm"
SCENARIOS_IMPORT_FILE = "scenarios_import_file"
COMPARE_A = "compare_a"
COMPARE_B = "compare_b"
WORKSHOP_NEW_TITLE = "workshop_new_title"  # the title of the workshop to open, read by the create callback
WORKSHOP_AGGREGATION = "workshop_aggregation"  # median or geomean radio, seeded from the stored workshop
WORKSHOP_SAVE_NAME = "workshop_save_name"  # the scenario name the room's weights are saved under
WORKSHOP_SAVE_AUTHOR = "workshop_save_author"  # its author, filled in before the form is drawn
PARTICIPANT = "_workshop_participant"  # {workshop code: the participant's random token} (never a name)
SIDEBAR_LOGIN = "login"  # the sidebar's login form (its fields' keys: ``login_name`` and the others below)
PAGE_LOGIN = "page_login"  # the login page's form, the only page while a login is required


def weight(criterion: str) -> str:
    """The weight slider of ``criterion``."""
    return f"w_{criterion}"


def filter_(name: str) -> str:
    """The multiselect of the filter ``name`` (country, status, commodity)."""
    return f"filter_{name}"


def edit_field(name: str) -> str:
    """The edit form's widget for the inventory field ``name``."""
    return f"edit_{name}"


def checklist(question: str, part: str) -> str:
    """The checklist form's widget for ``question``: part is answer, evidence or note."""
    return f"cl_{question}_{part}"


def login_name(form: str) -> str:
    """The name field of the login form ``form`` (``SIDEBAR_LOGIN`` or ``PAGE_LOGIN``)."""
    return f"{form}_name"


def login_password(form: str) -> str:
    """The password field of the login form ``form``."""
    return f"{form}_password"


def login_submit(form: str) -> str:
    """The submit button of the login form ``form``."""
    return f"{form}_submit"


def login_failed(form: str) -> str:
    """Why the last login through ``form`` failed (a Problem), shown until the next try."""
    return f"{form}_failed"


def requested(button: str) -> str:
    """Set once ``button`` was pressed, so its result stays on later reruns."""
    return f"_{button}_requested"
