"""The --vary option of robustness and the voi command: same columns, known answers."""

import io

import numpy as np
import pandas as pd

from tests.tmf.test_uncertainty import inventory
from tmf.commands import main
from tmf.inventory import ILLUSTRATIVE_INVENTORY

INVENTORY = str(ILLUSTRATIVE_INVENTORY)


def run(capsys, *argv: str) -> pd.DataFrame:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return pd.read_csv(io.StringIO(capsys.readouterr().out))


def test_varying_the_data_prints_the_same_columns_as_varying_the_weights(capsys):
    common = ("robustness", "--inventory", INVENTORY, "--top", "5", "--samples", "200", "--seed", "1")
    weights = run(capsys, *common)
    data = run(capsys, *common, "--vary", "data")
    assert data.columns.tolist() == weights.columns.tolist()
    assert data["facility_id"].tolist() == weights["facility_id"].tolist()  # rows by the official rank
    assert not data["rank_p95"].equals(weights["rank_p95"])


def test_voi_lists_the_deciding_unknown_first_and_never_a_high_confidence_value(capsys, tmp_path):
    path = tmp_path / "inventory.csv"
    rows = inventory({"management": np.nan, "confidence": "low"}, {"management": "deficient"}, {"volume_m3": 1e2})
    rows.assign(country="KZ", latitude=43.0, longitude=77.0, status="active", source="test").to_csv(path, index=False)
    printed = run(capsys, "voi", "--inventory", str(path), "--top", "1", "--samples", "500", "--seed", "4")
    assert printed.columns.tolist()[:4] == ["facility_id", "field", "p_change", "evpi"]
    assert printed.iloc[0][["facility_id", "field"]].tolist() == ["A", "management"]
    assert set(printed["facility_id"]) == {"A"}  # B and C are high-confidence records


def test_the_same_inventory_in_another_row_order_gives_the_same_list_and_bands(capsys, tmp_path):
    """The shipped file lists Kazakhstan first, the database sorts by code: the page and the
    command line must agree, so each facility gets its draws by its identifier, not its row."""
    shuffled = tmp_path / "shuffled.csv"
    pd.read_csv(INVENTORY).sample(frac=1, random_state=3).to_csv(shuffled, index=False)
    for command in (["voi", "--top", "10", "--samples", "400"], ["robustness", "--vary", "both", "--samples", "300"]):
        as_shipped = run(capsys, *command, "--inventory", INVENTORY, "--seed", "1")
        reordered = run(capsys, *command, "--inventory", str(shuffled), "--seed", "1")
        pd.testing.assert_frame_equal(reordered, as_shipped)


def test_measures_lists_new_score_and_rank_and_applies_taken_measures_first(capsys):
    common = ("measures", "--inventory", INVENTORY, "--facility", "KZ-TEK-001")
    listed = run(capsys, *common).set_index("measure")
    assert listed.loc["m_dam_repair", ["score", "new_score"]].tolist() == [17.0, 15.0]  # unknown dam (2) -> 0
    after = run(capsys, *common, "--apply", "m_dam_repair").set_index("measure")
    assert after.loc["m_dam_repair", "score_reduction"] == 0  # already taken
    assert after.loc["m_drainage", "score"] == 15.0


def test_an_unknown_measure_is_refused_with_one_sentence(capsys):
    assert main(["measures", "--inventory", INVENTORY, "--facility", "KZ-TEK-001", "--apply", "m_nope"]) == 2
    assert "no measure 'm_nope'" in capsys.readouterr().err
