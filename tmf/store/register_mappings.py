"""Named register mappings: the choices made for one source's register (tmf.register_options),
kept as TOML so that the next file from the same source reads the same way.

A name is unique; saving under a name that exists replaces its choices (the newest choices
for a source are the ones worth offering). Names are compared as written, trimmed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import sqlalchemy as sa

from tmf.problems import Problem, ProblemError
from tmf.register_options import RegisterOptions, options_from_toml, options_to_toml
from tmf.store.errors import translated
from tmf.store.models import RegisterMappingRow

NAME_LIMIT = 120
table = RegisterMappingRow.__table__


def _name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_LIMIT:
        raise ProblemError(Problem("importing.mapping_name_invalid", {"limit": NAME_LIMIT}))
    return name


@translated
def save_mapping(engine: sa.Engine, name: str, options: RegisterOptions, user: str) -> None:
    """Store ``options`` under ``name`` (replacing the choices saved under it before)."""
    name = _name(name)
    content = options_to_toml(replace(options, name=name))
    values = {"content": content, "created_by": user[:80], "created_at": dt.datetime.now(dt.UTC)}
    with engine.begin() as connection:
        updated = connection.execute(sa.update(table).where(table.c.name == name).values(**values))
        if updated.rowcount == 0:
            connection.execute(sa.insert(table).values(name=name, **values))


@translated
def mapping_names(engine: sa.Engine) -> list[str]:
    """The saved mappings' names, in alphabetical order."""
    with engine.connect() as connection:
        return sorted(connection.scalars(sa.select(table.c.name)).all(), key=str.casefold)


@translated
def load_mapping(engine: sa.Engine, name: str) -> RegisterOptions:
    """The mapping saved under ``name``; ProblemError naming the saved ones if there is none."""
    with engine.connect() as connection:
        content = connection.scalar(sa.select(table.c.content).where(table.c.name == name.strip()))
    if content is None:
        names = ", ".join(mapping_names(engine)) or "-"
        raise ProblemError(Problem("importing.mapping_unknown", {"name": name, "names": names}))
    return options_from_toml(content, name)
