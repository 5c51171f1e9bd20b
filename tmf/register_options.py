"""The choices a user makes for one register (a named mapping), kept in TOML, and the
explicit file that turns a national hazard class into a water hazard class.

A mapping file (``--mapping FILE.toml``) looks like::

    name = "Committee of Geology, tailings register"
    sheet = "Реестр"          # optional; default: the sheet with most recognised columns
    header_row = 4            # optional; Excel number of the header's top row
    country = "KZ"            # optional; rows of another country are refused
    hazard_mapping = "data/registers/hazard_class_mapping_provisional.toml"  # optional
    ignore = ["Примечание 2"]
    [columns]                 # header as written = field
    "Объем, тыс. м3" = "volume_m3"
    [units]                   # header as written = factor (overrides the header's unit)
    "Объем, тыс. м3" = 1000
    [set]                     # field = value for every row that lacks one
    country = "KZ"
    source = "Реестр хвостохранилищ, 2024"
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tmf.problems import Problem, ProblemError

HAZARD_MAPPING_FILE = Path(__file__).parents[1] / "data" / "registers" / "hazard_class_mapping_provisional.toml"
_SCALARS = ("name", "sheet", "header_row", "country", "hazard_mapping")
_TABLES = {"columns": "columns", "units": "units", "set": "set_values"}


@dataclass(frozen=True)
class RegisterOptions:
    """How to read one register; every part is optional (the default reads by itself)."""

    name: str = ""
    sheet: str | None = None
    header_row: int | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    units: Mapping[str, float] = field(default_factory=dict)
    set_values: Mapping[str, str] = field(default_factory=dict)
    country: str | None = None
    hazard_mapping: str | None = None


def _invalid(filename: str, reason: str) -> ProblemError:
    return ProblemError(Problem("registers.mapping_invalid", {"file": filename, "reason": reason}))


def options_from_toml(text: str, filename: str = "mapping.toml") -> RegisterOptions:
    """A mapping as written by ``options_to_toml``; ProblemError naming what is wrong."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _invalid(filename, str(error)) from None
    unknown = set(raw) - {*_SCALARS, *_TABLES, "ignore"}
    if unknown:
        raise _invalid(filename, ", ".join(sorted(unknown)))
    values: dict[str, object] = {k: raw[k] for k in _SCALARS if k in raw}
    if not isinstance(values.get("header_row", 1), int) or isinstance(values.get("header_row"), bool):
        raise _invalid(filename, "header_row")
    for key, attribute in _TABLES.items():
        table = raw.get(key, {})
        if not isinstance(table, dict):
            raise _invalid(filename, key)
        values[attribute] = {str(k): (float(v) if key == "units" else str(v)) for k, v in table.items()}
    ignore = raw.get("ignore", [])
    if not isinstance(ignore, list):
        raise _invalid(filename, "ignore")
    return RegisterOptions(**values, ignore=tuple(str(h) for h in ignore))


def load_options(path: Path | str) -> RegisterOptions:
    """The mapping saved in ``path``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise ProblemError(Problem("file_not_found", {"file": str(path)})) from None
    except UnicodeDecodeError:
        raise _invalid(path.name, "UTF-8") from None
    return options_from_toml(text, path.name)


def _toml_value(value: object) -> str:
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    # A JSON string with non-ASCII kept is a valid TOML basic string.
    return json.dumps(str(value), ensure_ascii=False)


def options_to_toml(options: RegisterOptions) -> str:
    """The mapping as TOML text (what ``options_from_toml`` reads back to the same options)."""
    lines = [f"{k} = {_toml_value(getattr(options, k))}" for k in _SCALARS if getattr(options, k) not in (None, "")]
    if options.ignore:
        lines.append(f"ignore = {_toml_value(list(options.ignore))}")
    for key, attribute in _TABLES.items():
        table = getattr(options, attribute)
        if table:
            lines += ["", f"[{key}]", *(f"{_toml_value(k)} = {_toml_value(v)}" for k, v in table.items())]
    return "\n".join(lines) + "\n"


def save_options(options: RegisterOptions, path: Path | str) -> None:
    """Write the mapping to ``path`` (UTF-8 TOML)."""
    Path(path).write_text(options_to_toml(options), encoding="utf-8")


@dataclass(frozen=True)
class HazardMapping:
    """National hazard class (1-5) -> water hazard class (WGK 0-3), with its provenance."""

    file: str
    provenance: str  # provisional | confirmed
    classes: Mapping[int, int]
    source: str = ""


def load_hazard_mapping(path: Path | str = HAZARD_MAPPING_FILE) -> HazardMapping:
    """The mapping file; it must say whether it is provisional or confirmed (with a source)."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        classes = {int(k): int(v) for k, v in raw["classes"].items()}
        provenance, source = raw["provenance"], str(raw.get("source", ""))
    except OSError:
        raise ProblemError(Problem("file_not_found", {"file": str(path)})) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError):
        raise ProblemError(Problem("registers.hazard_mapping_invalid", {"file": path.name})) from None
    valid = set(classes) <= {1, 2, 3, 4, 5} and set(classes.values()) <= {0, 1, 2, 3}
    if not valid or provenance not in ("provisional", "confirmed") or (provenance == "confirmed" and not source):
        raise ProblemError(Problem("registers.hazard_mapping_invalid", {"file": path.name}))
    return HazardMapping(path.name, provenance, classes, source)
