"""Formula injection: a formula ("=") is refused at import; other text a spreadsheet would run
(+, -, @, tab, CR) is stored as typed and neutralised in every CSV and XLSX we write, while
numbers, negative ones included, stay numbers."""

import csv
import io

import pandas as pd

from tmf.commands import main
from tmf.export import export, neutralised
from tmf.inventory import read_table, validate

HEADER = "facility_id,name,country,latitude,longitude,status,volume_m3,receiving_river,source,confidence\n"
TRICKY = HEADER + (
    "KG-AAA-001,+cmd|' /C calc'!A0,KG,41.2,72.4,closed,1000,-1+1,https://example.org,low\n"
    "KG-AAA-002,@SUM(A1:A9),KG,-41.2,-72.4,closed,2000,Naryn,https://example.org,low\n"
    'KG-AAA-003,"\tTabbed",KG,40.1,71.7,active,3000,Naryn,https://example.org,low\n'
)


def test_text_a_spreadsheet_would_run_is_stored_as_typed_and_negative_numbers_import():
    frame, problems = validate(read_table(TRICKY.encode(), "tricky.csv"))
    assert problems == []
    # leading whitespace (tab included) is trimmed by validation, so it never reaches an output
    assert frame["name"].tolist() == ["+cmd|' /C calc'!A0", "@SUM(A1:A9)", "Tabbed"]
    assert frame["latitude"].tolist()[1] == -41.2 and frame["longitude"].tolist()[1] == -72.4


def test_a_leading_equals_sign_is_refused_naming_row_and_column():
    _, problems = validate(
        read_table((HEADER + TRICKY.splitlines()[1].replace("+cmd", "=cmd") + "\n").encode(), "f.csv")
    )
    assert [(p.code, p.row, p.column) for p in problems] == [("formula_refused", 2, "name")]


def test_neutralised_quotes_runnable_text_and_leaves_numbers_alone():
    table = pd.DataFrame({"name": ["+a", "-1+1", "@x", "\tt", "\rr", "=1", "plain"], "score": [-1.5, 0, 1, 2, 3, 4, 5]})
    safe = neutralised(table)
    assert safe["name"].tolist() == ["'+a", "'-1+1", "'@x", "'\tt", "'\rr", "'=1", "plain"]
    assert safe["score"].tolist() == [-1.5, 0, 1, 2, 3, 4, 5] and table["name"][0] == "+a", "a copy"


def test_the_rank_command_writes_runnable_names_inert(tmp_path, capsys):
    path = tmp_path / "tricky.csv"
    path.write_text(TRICKY)
    assert main(["rank", "--inventory", str(path)]) == 0
    rows = {r["facility_id"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["KG-AAA-001"]["name"] == "'+cmd|' /C calc'!A0"
    assert rows["KG-AAA-002"]["name"] == "'@SUM(A1:A9)"
    assert float(rows["KG-AAA-001"]["score"]) >= 0 and not rows["KG-AAA-001"]["score"].startswith("'")


def test_the_inventory_export_neutralises_text_and_reads_back_exactly():
    frame, _ = validate(read_table(TRICKY.encode(), "tricky.csv"))
    data = export(frame.drop(columns="row"), "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["receiving_river"] == "'-1+1" and rows[1]["longitude"] == "-72.4"
    again, problems = validate(read_table(data, "again.csv"))
    assert problems == [] and again["name"].tolist() == frame["name"].tolist()
