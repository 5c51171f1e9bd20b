"""Hostile files are refused early with one sentence and nothing written: a zip bomb, a file
ten thousand columns wide, a NUL byte deep in a CSV and a CSV over the size limit."""

import io
import time
import tracemalloc
import zipfile

import openpyxl
import pytest

from tmf import file_limits
from tmf.commands import main
from tmf.inventory import read_table
from tmf.problems import ProblemError
from tmf.store.engine import data_version, make_engine

HEADER = "facility_id,name,country,latitude,longitude,status,volume_m3,source,confidence\n"
ROW = "KG-MAI-003,Mailuu-Suu No. 3,KG,41.2822,72.4761,closed,110500,http://wise-uranium.org/ummai.html,medium\n"
BOMB_XML_MB = 320


def zip_bomb() -> bytes:
    """A real workbook whose first sheet is replaced by 320 MB of highly compressible XML."""
    plain = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["facility_id", "name"])
    book.save(plain)
    bomb = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 4000 + b"</t></is></c></row>"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as out:
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                out.writestr(member, source.read(member))
                continue
            with out.open(member.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
                chunk = row * 256
                for _ in range(BOMB_XML_MB * 2**20 // len(chunk)):
                    sheet.write(chunk)
                sheet.write(b"</sheetData></worksheet>")
    return bomb.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return zip_bomb()


def refusal(data: bytes, filename: str) -> tuple[list[tuple], float, float]:
    """The problems (code, row, column), the seconds and the peak MB of reading ``data``."""
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ProblemError) as refused:
        read_table(data, filename)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return [(p.code, p.row, p.column) for p in refused.value.problems], seconds, peak


def test_a_zip_bomb_is_refused_in_well_under_a_second_without_unpacking_it(bomb):
    assert len(bomb) < 2 * 2**20, "small on disk"
    problems, seconds, peak_mb = refusal(bomb, "bomb.xlsx")
    assert problems == [("ops.xlsx_too_large", None, None)]
    assert seconds < 1.0 and peak_mb < 10, (seconds, peak_mb)  # recorded: about 0.01 s and 2 MB (its own size)
    with pytest.raises(ProblemError) as refused:
        read_table(bomb, "bomb.xlsx")
    assert refused.value.messages("ru")[0].startswith("Книга bomb.xlsx в распакованном виде занимает 3")
    assert "больше допустимых 32.0 МБ" in refused.value.messages("ru")[0]


def understated(bomb: bytes, size: int = 5_000) -> bytes:
    """The bomb with its sheet's unpacked size written as ``size`` bytes in the archive's
    directory and local header: a lying archive that a check of declared sizes lets through."""
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(bomb)
    name = sheet.filename.encode()
    central = data.find(b"PK\x01\x02")
    while central != -1:  # the central directory entry of the sheet
        if data[central + 46 : central + 46 + len(name)] == name:
            break
        central = data.find(b"PK\x01\x02", central + 4)
    local = sheet.header_offset
    for offset in (central + 24, local + 22):  # uncompressed size, 4 bytes little-endian
        data[offset : offset + 4] = size.to_bytes(4, "little")
    return bytes(data)


def test_an_archive_that_understates_its_sheets_size_is_refused_without_unpacking_it():
    """Its directory says the 320 MB sheet unpacks to 5 kB: the check of declared sizes lets
    it through, and the reading refuses it (its checksum fails) without holding it."""
    liar = understated(zip_bomb_zip32())
    with zipfile.ZipFile(io.BytesIO(liar)) as archive:
        assert sum(m.file_size for m in archive.infolist()) < file_limits.MAX_XLSX_UNCOMPRESSED_BYTES
    problems, seconds, peak_mb = refusal(liar, "liar.xlsx")
    assert problems == [("file_unreadable", None, None)]
    assert seconds < 2.0 and peak_mb < 40, (seconds, peak_mb)  # recorded: about 0.05 s and 3 MB


def zip_bomb_zip32() -> bytes:
    """A smaller bomb (100 MB of sheet XML) without zip64 fields, whose sizes are 4 bytes."""
    plain = io.BytesIO()
    openpyxl.Workbook().save(plain)
    bomb = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 4000 + b"</t></is></c></row>"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                out.writestr(member, source.read(member))
        sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        sheet += row * (100 * 2**20 // len(row)) + b"</sheetData></worksheet>"
        out.writestr("xl/worksheets/sheet1.xml", sheet)
    return bomb.getvalue()


def test_a_csv_ten_thousand_columns_wide_is_refused_naming_the_limit():
    wide = ",".join(f"c{i}" for i in range(10_000)) + "\n" + ",".join("1" for _ in range(10_000)) + "\n"
    problems, seconds, _ = refusal(wide.encode(), "wide.csv")
    assert problems == [("ops.too_many_columns", None, None)] and seconds < 2


def test_a_workbook_ten_thousand_columns_wide_is_refused():
    book, data = openpyxl.Workbook(), io.BytesIO()
    book.active.append([f"c{i}" for i in range(10_000)])
    book.save(data)
    problems, _, _ = refusal(data.getvalue(), "wide.xlsx")
    assert problems == [("ops.too_many_columns", None, None)]


def test_a_nul_byte_after_the_first_4_kib_is_refused_at_its_row_and_column():
    text = HEADER + ROW * 60 + ROW.replace("Mailuu-Suu", "Mailuu\x00Suu")
    assert text.index("\x00") > 4096
    problems, _, _ = refusal(text.encode(), "late_nul.csv")
    assert problems == [("ops.control_character", 62, "B")]


def test_a_csv_over_the_size_limit_is_refused_before_it_is_decoded():
    big = (HEADER + ROW * (file_limits.MAX_FILE_BYTES // len(ROW) + 1)).encode()
    problems, seconds, peak_mb = refusal(big, "big.csv")
    # at most one copy of the bytes (the emptiness check strips them), no decoded text
    assert problems == [("ops.file_too_large", None, None)] and seconds < 0.5 and peak_mb < 25, (seconds, peak_mb)


def test_a_workbook_without_formulas_is_read_once(monkeypatch):
    book, data = openpyxl.Workbook(), io.BytesIO()
    book.active.append(HEADER.strip().split(","))
    book.active.append(ROW.strip().split(","))
    book.save(data)
    calls = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(k) or real(*a, **k))
    frame = read_table(data.getvalue(), "plain.xlsx")
    assert frame["name"].tolist() == ["Mailuu-Suu No. 3"] and calls == [{"data_only": True}]


def hostile_file(name: str, bomb: bytes) -> bytes:
    """The four hostile files of the issue, as a user would upload or pass them."""
    if name == "bomb.xlsx":
        return bomb
    if name == "wide.csv":
        return (",".join(f"c{i}" for i in range(10_000)) + "\n" + ",".join("1" for _ in range(10_000)) + "\n").encode()
    if name == "big.csv":
        return (HEADER + ROW * (file_limits.MAX_FILE_BYTES // len(ROW) + 1)).encode()
    return (HEADER + ROW * 60 + ROW.replace("KG,", "K\x00G,")).encode()  # late_nul.csv


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("bomb.xlsx", "ops.xlsx_too_large"),
        ("wide.csv", "ops.too_many_columns"),
        ("late_nul.csv", "ops.control_character"),
        ("big.csv", "ops.file_too_large"),
    ],
)
def test_the_import_command_refuses_a_hostile_file_in_one_line_and_writes_nothing(
    name, code, bomb, tmp_path, monkeypatch, capsys
):
    url = f"sqlite:///{tmp_path / 'tmf.sqlite'}"
    monkeypatch.setenv("TMF_DATABASE_URL", url)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert main(["init-db", "--demo"]) == 0
    version = data_version(make_engine(url))
    path = tmp_path / name
    path.write_bytes(hostile_file(name, bomb))
    capsys.readouterr()
    tracemalloc.start()
    assert main(["import", str(path)]) == 2
    peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    err = capsys.readouterr().err
    with pytest.raises(ProblemError) as refused:
        read_table(path.read_bytes(), name)
    assert refused.value.problems[0].code == code
    assert err == f"error: {refused.value.messages('en')[0]}\n"
    assert data_version(make_engine(url)) == version, "nothing written"
    # the file's own bytes plus at most one copy (bench/README.md records the process's peak)
    assert peak_mb < 2.5 * len(hostile_file(name, bomb)) / 2**20 + 16, peak_mb


def test_a_csv_of_one_hundred_thousand_facilities_is_read_and_one_more_is_refused():
    header = "facility_id\n"
    facilities = "".join(f"F{i}\n" for i in range(100_000))
    frame = read_table((header + facilities).encode(), "large.csv")
    assert len(frame) == 100_000 and frame["facility_id"].iat[-1] == "F99999"
    with pytest.raises(ProblemError) as refused:
        read_table((header + facilities + "F100000\n").encode(), "larger.csv")
    assert refused.value.messages("en") == ["The file larger.csv has 100001 rows; at most 100000 are accepted."]
