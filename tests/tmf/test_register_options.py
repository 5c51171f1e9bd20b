"""tmf.register_options: a register's mapping as TOML, refused naming what is wrong, and the
hazard class mapping with its provenance."""

import pytest

from tmf.problems import ProblemError
from tmf.register_options import (
    RegisterOptions,
    load_hazard_mapping,
    load_options,
    options_from_toml,
    options_to_toml,
)

OPTIONS = RegisterOptions(
    name="Реестр",
    header_row=4,
    columns={"Объем, тыс. м3": "volume_m3"},
    ignore=("Примечание 2",),
    units={"Объем, тыс. м3": 1000.0},
    set_values={"country": "KZ"},
)


def test_a_mapping_is_written_as_readable_toml_only_with_what_was_chosen():
    assert options_to_toml(OPTIONS) == (
        'name = "Реестр"\n'
        "header_row = 4\n"
        'ignore = ["Примечание 2"]\n'
        "\n[columns]\n"
        '"Объем, тыс. м3" = "volume_m3"\n'
        "\n[units]\n"
        '"Объем, тыс. м3" = 1000.0\n'
        "\n[set]\n"
        '"country" = "KZ"\n'
    )
    assert options_from_toml(options_to_toml(OPTIONS)) == OPTIONS
    assert options_to_toml(RegisterOptions()) == "\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [('header_row = "4"\n', "header_row"), ('ignore = "A"\n', "ignore"), ('columns = "A"\n', "columns")],
)
def test_a_mapping_of_the_wrong_shape_is_refused_naming_the_key(text, reason):
    with pytest.raises(ProblemError) as refused:
        options_from_toml(text, "mine.toml")
    assert str(refused.value) == f"The mapping file mine.toml cannot be used: {reason}."


def test_a_missing_mapping_file_is_refused_naming_it(tmp_path):
    with pytest.raises(ProblemError) as refused:
        load_options(tmp_path / "none.toml")
    assert refused.value.problems[0].code == "file_not_found"


def test_a_hazard_mapping_is_read_with_its_classes_and_provenance(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('provenance = "confirmed"\nsource = "Order 1"\n[classes]\n1 = 3\n5 = 0\n', encoding="utf-8")
    mapping = load_hazard_mapping(path)
    assert (mapping.file, mapping.provenance, dict(mapping.classes), mapping.source) == (
        "mine.toml",
        "confirmed",
        {1: 3, 5: 0},
        "Order 1",
    )


@pytest.mark.parametrize(
    "text",
    [
        'provenance = "confirmed"\n[classes]\n1 = 3\n',  # confirmed without a source
        'provenance = "provisional"\n[classes]\n6 = 3\n',  # no national class 6
        'provenance = "provisional"\n[classes]\n1 = 4\n',  # no WGK 4
        'provenance = "guessed"\n[classes]\n1 = 3\n',
        "[classes]\n1 = 3\n",
    ],
)
def test_a_hazard_mapping_outside_the_classes_or_without_provenance_is_refused(text, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemError) as refused:
        load_hazard_mapping(path)
    assert refused.value.problems[0].code == "registers.hazard_mapping_invalid"
