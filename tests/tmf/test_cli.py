"""The command line: import refuses bad files naming row and column; rank prints scores."""

import io
import json
from pathlib import Path

import pandas as pd
import pytest

import tmf.hotspots
from tmf.commands import main
from tmf.store.engine import make_engine, read_facilities

HEADER = (
    "facility_id,name,country,latitude,longitude,status,volume_m3,hazard_class_wgk,seismic_pga_g,source,confidence\n"
)
ROWS = (
    "KG-MAI-003,Mailuu-Suu No. 3,KG,41.2822,72.4761,closed,110500,3,0.4,http://wise-uranium.org/ummai.html,medium\n"
    "KG-KAD-001,Kadamjai,KG,40.13,71.72,active,2592000,2,0.3,https://docslib.org/download/3442406/solton-sary-mine,medium\n"
    "KG-MKU-001,Min-Kush Tuyuk-Suu,KG,41.68,74.47,closed,450000,3,0.3,https://24.kg/english/58788,low\n"
)


@pytest.fixture
def stored(database_url, monkeypatch, tmp_path):
    """A database (SQLite or PostgreSQL) holding the three facilities of ROWS."""
    monkeypatch.setenv("TMF_DATABASE_URL", database_url)
    good = tmp_path / "good.csv"
    good.write_text(HEADER + ROWS, encoding="utf-8")
    assert main(["import", str(good)]) == 0
    return make_engine(database_url)


BAD_FILES = {
    "missing required column": (HEADER.replace("latitude,", "") + ROWS.replace("41.2822,", ""), None, "latitude"),
    "latitude of 95": (HEADER + ROWS.replace("41.2822", "95"), 2, "latitude"),
    "duplicate facility_id": (HEADER + ROWS + ROWS.splitlines()[0] + "\n", 5, "facility_id"),
    "text in a number column": (HEADER + ROWS.replace("2592000", "about two million"), 3, "volume_m3"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_import_refuses_a_bad_file_naming_row_and_column_and_changes_nothing(case, stored, tmp_path, capsys):
    text, row, column = BAD_FILES[case]
    before = read_facilities(stored)
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace("110500", "999999"), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(bad)]) == 2
    errors = capsys.readouterr().err
    if row is None:  # no column to name: the field is said by its label and its name
        assert f"error: The file has no column for Latitude ({column}): map the column that holds it." in errors
    else:
        assert f"Row {row}, column {column}:" in errors
    pd.testing.assert_frame_equal(read_facilities(stored), before)


def test_a_dry_run_reports_the_changes_and_writes_nothing(stored, tmp_path, capsys):
    changed = tmp_path / "changed.csv"
    changed.write_text(HEADER + ROWS.replace("110500", "120000"), encoding="utf-8")
    before = read_facilities(stored)
    capsys.readouterr()
    assert main(["import", str(changed), "--dry-run"]) == 0
    assert "update 1" in capsys.readouterr().out
    pd.testing.assert_frame_equal(read_facilities(stored), before)


def rank_output(tmp_path, capsys, *options: str) -> pd.DataFrame:
    path = tmp_path / "inventory.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    capsys.readouterr()
    assert main(["rank", "--inventory", str(path), *options]) == 0
    return pd.read_csv(io.StringIO(capsys.readouterr().out))


def test_rank_prints_scores_and_one_sub_score_column_per_criterion(tmp_path, capsys):
    table = rank_output(tmp_path, capsys)
    assert list(table.columns[:7]) == ["rank", "facility_id", "name", "country", "thi", "tri", "score"]
    assert {"s_capacity", "s_toxicity", "s_seismic", "s_transboundary"} <= set(table.columns)
    mailuu = table.set_index("facility_id").loc["KG-MAI-003"]
    assert mailuu["s_capacity"] == 5.043
    assert table["rank"].tolist() == [1, 2, 3]


def test_rank_with_only_capacity_weighted_orders_by_volume_and_top_limits(tmp_path, capsys):
    zero = ",".join(f"{k}=0" for k in ("toxicity", "management", "flood", "seismic", "dam"))
    table = rank_output(tmp_path, capsys, "--weights", zero, "--top", "2")
    assert table["facility_id"].tolist() == ["KG-KAD-001", "KG-MKU-001"]
    assert table["score"].tolist() == [6.414, 5.653]


def test_rank_prints_json_records(tmp_path, capsys):
    path = tmp_path / "inventory.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    capsys.readouterr()
    assert main(["rank", "--inventory", str(path), "--index", "tri", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 3 and all(r["score"] == r["tri"] for r in records)


def test_rank_reads_an_xlsx_inventory(tmp_path, capsys):
    frame = pd.read_csv(io.StringIO(HEADER + ROWS))
    path = tmp_path / "inventory.xlsx"
    frame.to_excel(path, index=False)
    capsys.readouterr()
    assert main(["rank", "--inventory", str(path)]) == 0
    assert "KG-KAD-001" in capsys.readouterr().out


def test_rank_refuses_an_unknown_criterion_weight_and_prints_no_table(tmp_path, capsys):
    path = tmp_path / "inventory.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    capsys.readouterr()
    assert main(["rank", "--inventory", str(path), "--weights", "beauty=2"]) == 2
    output = capsys.readouterr()
    assert output.out == "" and "beauty" in output.err


def test_rank_traces_transboundary_reach_from_the_rivers(tmp_path, capsys):
    path = tmp_path / "inventory.csv"
    path.write_text(
        "facility_id,name,country,latitude,longitude,status,receiving_river,source,confidence\n"
        "KG-AKT-001,Ak-Tuz,KG,42.88,76.12,closed,Kichi-Kemin,https://www.istc.int,low\n"
        "KG-KDS-001,Kadji-Sai,KG,42.154,77.217,remediated,Issyk-Kul,https://ecomap.kg,medium\n"
        "KG-MAI-003,Mailuu-Suu No. 3,KG,41.2822,72.4761,closed,,http://wise-uranium.org/ummai.html,medium\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["rank", "--inventory", str(path), "--index", "tri"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("facility_id")
    assert table.loc["KG-AKT-001", "transboundary"] and table.loc["KG-AKT-001", "affected_countries"] == "KZ"
    assert "Kazakhstan" in table.loc["KG-AKT-001", "hotspot_reason"]
    assert 0 < table.loc["KG-AKT-001", "river_km_to_border"] < table.loc["KG-AKT-001", "border_km"] + 100
    assert not table.loc["KG-KDS-001", "transboundary"] and pd.isna(table.loc["KG-KDS-001", "river_km_to_border"])
    assert "Issyk-Kul" in table.loc["KG-KDS-001", "hotspot_reason"]
    # Blank receiving river: traced from the nearest mapped river (the Mailuu-Suu) into Uzbekistan.
    assert table.loc["KG-MAI-003", "affected_countries"].startswith("UZ")
    assert table.loc["KG-AKT-001", "s_transboundary"] == 2 and table.loc["KG-KDS-001", "s_transboundary"] == 0


def test_rank_reads_a_register_with_made_identifiers_and_converted_volumes(capsys):
    register = Path(__file__).parents[1] / "data" / "registers" / "two_countries.csv"
    capsys.readouterr()
    assert main(["rank", "--inventory", str(register), "--index", "tri"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("facility_id")
    assert set(table.index) == {"KG-AK-TUZ", "KZ-TEKELI"}
    assert table.loc["KG-AK-TUZ", "s_capacity"] > table.loc["KZ-TEKELI", "s_capacity"], "2.5 vs 0.82 million m3"


def test_rank_says_which_columns_it_leaves_out_of_the_scoring(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    path = tmp_path / "inventory.csv"
    path.write_text(HEADER.replace("\n", ",area_ha\n") + ROWS.replace("\n", ",12\n"), encoding="utf-8")
    capsys.readouterr()
    assert main(["rank", "--inventory", str(path)]) == 0
    output = capsys.readouterr()
    assert "Column 'area_ha' matches no field of the inventory and is left out of the scoring." in output.err
    assert len(pd.read_csv(io.StringIO(output.out))) == 3


def test_rank_top_writes_the_first_rows_of_the_full_table_and_words_only_their_reasons(capsys, monkeypatch):
    sentences = []
    real = tmf.hotspots.hotspot_reason
    monkeypatch.setattr(tmf.hotspots, "hotspot_reason", lambda row, lang="en": sentences.append(1) or real(row, lang))
    inventory = str(Path(__file__).parents[2] / "data" / "inventory" / "central_asia_illustrative.csv")
    assert main(["rank", "--inventory", inventory]) == 0
    full = capsys.readouterr().out.splitlines()
    assert len(sentences) == len(full) - 1 == 32
    sentences.clear()
    assert main(["rank", "--inventory", inventory, "--top", "3"]) == 0
    assert capsys.readouterr().out.splitlines() == full[:4]
    assert len(sentences) == 3
    # A --top traces the facilities written again for their reasons: none for --top 0.
    for top in ("0", "1", "31", "32", "40"):
        assert main(["rank", "--inventory", inventory, "--top", top]) == 0
        assert capsys.readouterr().out.splitlines() == full[: int(top) + 1]
