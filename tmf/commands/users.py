"""``user add|list|remove|set-role|set-password``: local accounts of TMF_DATABASE_URL.

Passwords are read from a prompt (typed twice, not echoed) or, for scripts, as one line
from standard input with ``--password-stdin``; never from the command line itself.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from tmf.problems import Problem, ProblemError
from tmf.store import auth
from tmf.store.engine import make_engine, prepare

BY = "command-line"


def register(subparsers: argparse._SubParsersAction) -> None:
    user = subparsers.add_parser("user", help="manage local accounts (viewer, editor, admin)")
    actions = user.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create an account")
    add.add_argument("name")
    add.add_argument("--role", choices=auth.ROLES, default="viewer")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(handler=add_user)
    listing = actions.add_parser("list", help="list accounts and roles")
    listing.set_defaults(handler=list_users)
    remove = actions.add_parser("remove", help="delete an account")
    remove.add_argument("name")
    remove.set_defaults(handler=remove_user)
    role = actions.add_parser("set-role", help="change the role of an account")
    role.add_argument("name")
    role.add_argument("role", choices=auth.ROLES)
    role.set_defaults(handler=set_role)
    password = actions.add_parser("set-password", help="replace the password of an account")
    password.add_argument("name")
    password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    password.set_defaults(handler=set_password)


def _engine():
    engine = make_engine()
    prepare(engine)
    return engine


def read_password(from_stdin: bool) -> str:
    """One line of standard input, or a password typed twice at a prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if not auth.same_text(first, getpass.getpass("Repeat the password: ")):
        raise ProblemError(Problem("passwords_differ"))
    return first


def add_user(args: argparse.Namespace) -> int:
    password = read_password(args.password_stdin)
    user = auth.add_user(_engine(), args.name, password, args.role, by=BY)
    print(f"added {user.name} ({user.role})")
    return 0


def list_users(args: argparse.Namespace) -> int:
    for user in auth.list_users(_engine()):
        print(f"{user.name}\t{user.role}")
    return 0


def remove_user(args: argparse.Namespace) -> int:
    auth.remove_user(_engine(), args.name, by=BY)
    print(f"removed {args.name}")
    return 0


def set_role(args: argparse.Namespace) -> int:
    user = auth.set_role(_engine(), args.name, args.role, by=BY)
    print(f"{user.name} is now {user.role}")
    return 0


def set_password(args: argparse.Namespace) -> int:
    engine = _engine()
    auth.set_password(engine, args.name, read_password(args.password_stdin), by=BY)
    print(f"password of {args.name} changed")
    return 0
