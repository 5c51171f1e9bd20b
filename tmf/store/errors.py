"""The store's own errors: what pages and commands turn into one sentence each.

A database that cannot be used raises ``StoreUnavailable`` with its ``kind``, one sentence
each (``app.database_<kind>``): ``unreachable`` (the server is down), ``missing`` (no such
database, or it cannot be created where TMF_DATABASE_URL says), ``not_a_database`` (the file
is something else), ``locked`` (another writer, such as an import, holds it), ``schema_old``
(an older revision: run ``python -m tmf init-db``), ``schema_new`` (made by a newer
version of the code), ``bad_url`` (TMF_DATABASE_URL is no address of a database this code can
use) and ``refused`` (the server refused the account: unknown user or wrong password).
Nothing outside ``tmf/store`` needs to know sqlalchemy's exceptions.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import sqlalchemy as sa

from tmf.i18n import t

LOG = logging.getLogger(__name__)  # the details (driver, host, file) go to the server log
P = ParamSpec("P")
R = TypeVar("R")
REFUSED_SIGNS = ("password authentication failed", "authentication failed", "no password supplied", 'role "')
MISSING_SIGNS = ("unable to open database file", "does not exist", "no such table")
NOT_A_DATABASE_SIGNS = ("file is not a database", "is encrypted or is not a database")
LOCKED_SIGNS = ("database is locked", "database table is locked", "lock timeout")
KINDS = ("unreachable", "missing", "not_a_database", "locked", "schema_old", "schema_new", "bad_url", "refused")


class StoreError(Exception):
    """Base of the store's errors."""


class StoreUnavailable(StoreError):
    """The database cannot be used now; ``kind`` is one of ``KINDS``."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind

    def message(self, lang: str) -> str:
        """One sentence in ``lang`` saying what happened and what to do."""
        return t(f"app.database_{self.kind}", lang)

    def messages(self, lang: str) -> list[str]:
        """The sentence as a list, the shape of ``ProblemError.messages`` (pages show both alike)."""
        return [self.message(lang)]


def classify(error: BaseException) -> StoreUnavailable:
    """The StoreUnavailable that describes a driver error (its text decides the kind)."""
    text = str(getattr(error, "orig", error)).lower()
    LOG.warning("database cannot be used: %s", getattr(error, "orig", error))
    if any(sign in text for sign in LOCKED_SIGNS):
        return StoreUnavailable("locked", type(error).__name__)
    if any(sign in text for sign in REFUSED_SIGNS):
        return StoreUnavailable("refused", type(error).__name__)
    if any(sign in text for sign in NOT_A_DATABASE_SIGNS):
        return StoreUnavailable("not_a_database", type(error).__name__)
    if any(sign in text for sign in MISSING_SIGNS):
        return StoreUnavailable("missing", type(error).__name__)
    return StoreUnavailable("unreachable", type(error).__name__)


def translated(function: Callable[P, R]) -> Callable[P, R]:
    """Raise StoreUnavailable instead of the driver's operational errors."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except sa.exc.IntegrityError:  # a constraint the caller turns into its own refusal
            raise
        except (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.ProgrammingError) as error:
            raise classify(error) from error
        except sa.exc.DatabaseError as error:  # e.g. "file is not a database"
            raise classify(error) from error

    return wrapper
