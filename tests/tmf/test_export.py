"""Export of the whole inventory to CSV, XLSX and GeoJSON: it re-imports to exactly the same
data, formula-like text is neutralised for spreadsheets, and numbers stay numbers."""

import csv
import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.conftest import inventory_frame
from tmf.commands import main
from tmf.export import FORMATS, export, spreadsheet_cell
from tmf.inventory import COLUMN_NAMES, validate
from tmf.readers import cell_text
from tmf.store.engine import make_engine, migrate, read_facilities
from tmf.store.imports import ensure_database, import_facilities, plan_import

XSS = "<img src=x onerror=alert(1)>"
TRICKY = [
    {
        "facility_id": "XX-TRK-001",
        "name": XSS,
        "name_ru": "Хвостохранилище «Кошкар-Ата», 1-я очередь",
        "country": "KZ",
        "latitude": -0.000001,
        "longitude": -5.5,
        "status": "active",
        "volume_m3": 1234567.891,
        "population_downstream": 12345678901.0,
        "seismic_pga_g": 0.123456789012345,
        "downstream_countries": "UZ;KZ",
        "source": "+7 727 000 00 00 (operator's hotline)",
        "confidence": "low",
        "notes": '-see report, "page 3"\nsecond line',
    },
    {
        "facility_id": "XX-TRK-002",
        "name": "@kazzinc tailings",
        "country": "KG",
        "latitude": 41.28222222222222,
        "longitude": 72.47611111111111,
        "status": "closed",
        "source": "'=not a formula, an apostrophe and an equals sign",
        "confidence": "high",
        "region": "-",
    },
]


def tricky_inventory() -> pd.DataFrame:
    """The TRICKY facilities as the import's validation types them."""
    text = pd.DataFrame([{k: cell_text(v) for k, v in row.items()} for row in TRICKY], columns=list(COLUMN_NAMES))
    frame, problems = validate(text.astype(object).fillna(""))
    assert problems == []
    return frame.drop(columns="row")


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values only (None for blank, object dtype), so frames from files and the database compare."""
    frame = frame.reset_index(drop=True).astype(object)
    return frame.where(frame.notna(), None)


def reimport(data: bytes, fmt: str) -> pd.DataFrame:
    return inventory_frame(data, f"inventory.{fmt}")


@pytest.fixture
def engine(migrated):
    import_facilities(migrated, tricky_inventory(), user="test")
    return migrated


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_import_gives_exactly_the_same_inventory(engine, fmt):
    stored = read_facilities(engine)
    again = reimport(export(stored, fmt), fmt)
    summary = plan_import(engine, again)
    assert summary.unchanged == ("XX-TRK-001", "XX-TRK-002") and not summary.updated and not summary.added
    pd.testing.assert_frame_equal(plain(again), plain(stored.drop(columns="version")), check_exact=True)
    assert again.loc[0, "seismic_pga_g"] == 0.123456789012345, "bit for bit, not rounded"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_illustrative_inventory_round_trips_through_a_new_database(database_url, tmp_path, fmt):
    source = ensure_database(f"sqlite:///{tmp_path / 'source.sqlite'}", demo=True)
    target = make_engine(database_url)
    migrate(target)
    import_facilities(target, reimport(export(read_facilities(source), fmt), fmt))
    pd.testing.assert_frame_equal(read_facilities(target), read_facilities(source), check_exact=True)
    target.dispose()


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_cells_a_spreadsheet_would_run_are_neutralised_and_numbers_are_not():
    rows = csv_rows(export(tricky_inventory(), "csv"))
    assert rows[0]["source"] == "'+7 727 000 00 00 (operator's hotline)"
    assert rows[0]["notes"].startswith("'-see report")
    assert rows[1]["name"] == "'@kazzinc tailings"
    assert rows[1]["source"] == "''=not a formula, an apostrophe and an equals sign"
    assert rows[1]["region"] == "'-"
    assert rows[0]["longitude"] == "-5.5" and rows[0]["latitude"] == "-0.000001"
    assert rows[0]["name"] == XSS, "exports are data: the name is written as typed, not HTML-escaped"


def test_xlsx_stores_numbers_as_numbers_and_text_as_text_never_formulas():
    sheet = load_workbook(io.BytesIO(export(tricky_inventory(), "xlsx"))).active
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, sheet[2], strict=True))
    assert first["longitude"].value == -5.5 and first["longitude"].data_type == "n"
    assert first["source"].value == "'+7 727 000 00 00 (operator's hotline)"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert first["name"].value == XSS


def test_geojson_is_a_feature_collection_of_points_with_the_name_as_typed():
    document = json.loads(export(tricky_inventory(), "geojson"))
    first = document["features"][0]
    assert document["type"] == "FeatureCollection"
    assert first["geometry"] == {"type": "Point", "coordinates": [-5.5, -0.000001]}
    assert first["properties"]["name"] == XSS
    assert first["properties"]["source"].startswith("+7"), "GeoJSON is not a spreadsheet: no neutralising quote"


@pytest.mark.parametrize(
    ("name", "value", "cell"), [("longitude", -5.0, -5.0), ("name", "-5", "'-5"), ("notes", None, None)]
)
def test_only_text_cells_are_neutralised(name, value, cell):
    assert spreadsheet_cell(name, value) == cell


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_command_writes_a_file_that_imports_back(engine, database_url, monkeypatch, tmp_path, fmt, capsys):
    monkeypatch.setenv("TMF_DATABASE_URL", database_url)
    out = tmp_path / f"inventory.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(out)]) == 0
    assert "exported 2 facilities" in capsys.readouterr().out
    assert main(["import", str(out), "--lang", "en"]) == 0
    assert "Added 0, updated 0; 2 unchanged." in capsys.readouterr().out


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_countrys_export_holds_its_records_with_provenance_and_imports_back_restricted(
    engine, database_url, monkeypatch, tmp_path, fmt, capsys
):
    monkeypatch.setenv("TMF_DATABASE_URL", database_url)
    out = tmp_path / f"kg.{fmt}"
    assert main(["export", "--format", fmt, "--out", str(out), "--country", "kg"]) == 0
    assert "exported 1 facilities" in capsys.readouterr().out
    exported = reimport(out.read_bytes(), fmt)
    assert exported[["facility_id", "country", "source", "confidence"]].values.tolist() == [
        ["XX-TRK-002", "KG", "'=not a formula, an apostrophe and an equals sign", "high"]
    ]
    assert main(["import", str(out), "--country", "KG", "--lang", "en"]) == 0
    assert "Added 0, updated 0; 1 unchanged." in capsys.readouterr().out
