"""The robustness and tipping commands: their columns, reproducibility and refusals."""

import io
import json

import pandas as pd
import pytest

from tmf.commands import main
from tmf.inventory import ILLUSTRATIVE_INVENTORY

INVENTORY = str(ILLUSTRATIVE_INVENTORY)


def run(capsys, *argv: str) -> tuple[str, str]:
    capsys.readouterr()
    assert main(list(argv)) == 0
    output = capsys.readouterr()
    return output.out, output.err


def table(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text))


def test_robustness_prints_the_probability_and_the_rank_band_of_every_facility(capsys):
    out, err = run(capsys, "robustness", "--inventory", INVENTORY, "--samples", "500", "--top", "5", "--seed", "8")
    result = table(out)
    assert list(result.columns[:6]) == ["facility_id", "rank", "p_top", "rank_p05", "rank_p50", "rank_p95"]
    assert len(result) == 32 and result["rank"].is_monotonic_increasing
    assert result["p_top"].between(0, 1).all()
    assert (result["rank_p05"] <= result["rank_p50"]).all() and (result["rank_p50"] <= result["rank_p95"]).all()
    assert "seed 8" in err and "500" in err


def test_robustness_with_the_same_seed_prints_the_same_table(capsys):
    options = ("robustness", "--inventory", INVENTORY, "--samples", "300", "--seed", "5", "--index", "tri")
    assert run(capsys, *options)[0] == run(capsys, *options)[0]


def test_robustness_with_zero_uncertainty_puts_exactly_the_top_k_at_probability_one(capsys):
    out, _ = run(capsys, "robustness", "--inventory", INVENTORY, "--samples", "50", "--uncertainty", "0", "--top", "4")
    result = table(out)
    assert result["p_top"].tolist() == (result["rank"] <= 4).astype(float).tolist()
    assert (result["rank_p05"] == result["rank"]).all() and (result["rank_p95"] == result["rank"]).all()


def test_robustness_prints_json_records(capsys):
    out, _ = run(capsys, "robustness", "--inventory", INVENTORY, "--samples", "100", "--seed", "1", "--format", "json")
    records = json.loads(out)
    assert len(records) == 32 and {"facility_id", "p_top", "rank_p95", "name"} <= set(records[0])


def test_tipping_prints_every_criterion_of_every_facility_in_the_top_k(capsys):
    out, _ = run(capsys, "tipping", "--inventory", INVENTORY, "--top", "5", "--weights", "seismic=0.5")
    result = table(out)
    assert list(result.columns[:4]) == ["facility_id", "criterion", "threshold_weight", "direction"]
    ranked = table(run(capsys, "rank", "--inventory", INVENTORY, "--weights", "seismic=0.5")[0])
    assert set(result["facility_id"]) == set(ranked.query("rank <= 5")["facility_id"])
    assert set(result["criterion"]) == {"capacity", "toxicity", "management", "flood", "seismic", "dam"}
    assert set(result["direction"]) <= {"down", "up", "none"}
    assert result.query("direction == 'none'")["threshold_weight"].isna().all()
    assert result.query("direction != 'none'")["threshold_weight"].between(0, 3).all()


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (("--samples", "0"), "--samples"),
        (("--samples", "many"), "--samples"),
        (("--uncertainty", "1.5"), "--uncertainty"),
        (("--top", "0"), "--top"),
        (("--seed", "-3"), "--seed"),
    ],
)
def test_robustness_refuses_a_bad_setting_naming_the_option(capsys, options, named):
    with pytest.raises(SystemExit) as exit_code:
        main(["robustness", "--inventory", INVENTORY, *options])
    assert exit_code.value.code == 2
    assert f"argument {named}:" in capsys.readouterr().err


def test_tipping_refuses_an_unknown_criterion_and_prints_no_table(capsys):
    capsys.readouterr()
    assert main(["tipping", "--inventory", INVENTORY, "--top", "3", "--weights", "beauty=2"]) == 2
    output = capsys.readouterr()
    assert output.out == "" and "beauty" in output.err
