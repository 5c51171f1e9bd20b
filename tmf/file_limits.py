"""Limits on uploaded files, checked before a parser allocates memory for them.

One Streamlit process serves every user, so one hostile upload (a zip bomb: a 1 MB XLSX
whose sheet expands to hundreds of MB of XML; a CSV with 10,000 columns) must be refused
quickly with one sentence, not parsed. An XLSX is a zip archive: its members' declared
uncompressed sizes are read from the archive's directory (a few bytes) before openpyxl opens
it; then every member is unpacked once, a chunk at a time, counting the bytes, so an archive
that understates its sizes is refused when the count passes the limit (or its checksum
fails), never unpacked whole: zipfile's ``read`` of a member inflates all of it first.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Sequence

from tmf.problems import Problem, ProblemError

MB = 2**20
# The largest national TMF inventories are a few thousand facilities (about 1 MB as CSV);
# 20 MB leaves room for registers with long descriptions and still reads in seconds.
MAX_FILE_BYTES = 20 * MB
# openpyxl holds about 100-200 bytes per cell in memory, and sheet XML costs at least about
# 20 bytes per cell, so 32 MB of XML keeps a workbook under a few hundred MB while it is read;
# an inventory of 10,000 facilities x 40 fields is about 15 MB of XML.
MAX_XLSX_UNCOMPRESSED_BYTES = 32 * MB
# Rows and columns a table may have: the inventory has about 40 fields, registers a few dozen
# more; every unknown column is offered for mapping on the Inventory page (one selectbox each).
# MAX_ROWS counts the rows below the header: a file of 100,000 facilities is accepted.
MAX_ROWS = 100_000
MAX_COLUMNS = 200
# Control characters that no typed text contains (tab, CR and LF are allowed).
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z]\w*:)?f[\s>/]")


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}"


def check_file_size(data: bytes, filename: str) -> None:
    """Refuse a file over MAX_FILE_BYTES."""
    if len(data) > MAX_FILE_BYTES:
        params = {"file": filename, "size": _megabytes(len(data)), "limit": _megabytes(MAX_FILE_BYTES)}
        raise ProblemError(Problem("ops.file_too_large", params))


def check_workbook(data: bytes, filename: str) -> bool:
    """Refuse a workbook too large on disk or once unpacked; True when a sheet has formulas.

    An archive that is not a zip is left to openpyxl, which reports it as unreadable.
    """
    check_file_size(data, filename)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return False
    limit = _megabytes(MAX_XLSX_UNCOMPRESSED_BYTES)
    with archive:
        members = archive.infolist()
        declared = sum(member.file_size for member in members)
        if declared > MAX_XLSX_UNCOMPRESSED_BYTES:
            raise ProblemError(
                Problem("ops.xlsx_too_large", {"file": filename, "size": _megabytes(declared), "limit": limit})
            )
        try:
            return _unpacked_has_formulas(archive, members, filename)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
            # a checksum that fails, a member cut short or compressed in an unknown way
            raise ProblemError(Problem("file_unreadable", {"file": filename, "reason": type(error).__name__})) from None


CHUNK = MB  # unpacked a megabyte at a time


def _unpacked_has_formulas(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], filename: str) -> bool:
    """Unpack every member a chunk at a time, refusing the workbook once more than
    MAX_XLSX_UNCOMPRESSED_BYTES come out; True when a sheet holds a formula tag."""
    unpacked, formulas = 0, False
    for member in members:
        sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
        tail = b""
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                unpacked += len(chunk)
                if unpacked > MAX_XLSX_UNCOMPRESSED_BYTES:
                    params = {"file": filename, "size": f"> {_megabytes(unpacked)}"}
                    raise ProblemError(
                        Problem("ops.xlsx_too_large", params | {"limit": _megabytes(MAX_XLSX_UNCOMPRESSED_BYTES)})
                    )
                if sheet and not formulas:
                    formulas = bool(_FORMULA_TAG.search(tail + chunk))  # a tag may straddle two chunks
                    tail = chunk[-16:]
    return formulas


def check_shape(rows: int, columns: int, filename: str) -> None:
    """Refuse a table with more than MAX_ROWS rows below its header row, or MAX_COLUMNS columns.

    rows: every row of the table, the header row included (it is not counted against the limit).
    """
    if rows - 1 > MAX_ROWS:
        raise ProblemError(Problem("ops.too_many_rows", {"file": filename, "rows": rows - 1, "limit": MAX_ROWS}))
    if columns > MAX_COLUMNS:
        raise ProblemError(
            Problem("ops.too_many_columns", {"file": filename, "columns": columns, "limit": MAX_COLUMNS})
        )


def check_cells(rows: Sequence[Sequence[str]], column_name) -> None:
    """Refuse a control character (NUL and the like) anywhere, naming its row and column.

    ``column_name`` turns a 0-based column index into the name the user sees (a letter).
    """
    for number, row in enumerate(rows, start=1):
        # One search per row (a tab joins no control character); the cells only of a row with one.
        if not CONTROL_CHARACTER.search("\t".join(row)):
            continue
        for index, cell in enumerate(row):
            if CONTROL_CHARACTER.search(cell):
                raise ProblemError(Problem("ops.control_character", row=number, column=column_name(index)))
