"""The methodology profile an admin stores: checked before use, audited, revertible."""

import pytest

from tmf.methodology import DEFAULT_PROFILE
from tmf.problems import ProblemError
from tmf.store import audit, profiles
from tmf.store.engine import data_version
from tmf.store.imports import ensure_database
from tmf.store.revert import revert

BUNDLED = DEFAULT_PROFILE.read_text(encoding="utf-8")


@pytest.fixture
def engine(database_url):
    engine = ensure_database(database_url, demo=True)
    yield engine
    engine.dispose()


def with_capacity_weight(weight: str) -> str:
    head, capacity = BUNDLED.split('key = "capacity"', 1)
    return head + 'key = "capacity"' + capacity.replace("default_weight = 1.0", f"default_weight = {weight}", 1)


def test_a_stored_profile_is_in_force_and_the_change_is_audited(engine):
    version = data_version(engine)
    entry_id = profiles.store_profile(engine, with_capacity_weight("2.0"), "root")
    assert profiles.active_profile(engine).criterion("capacity").default_weight == 2.0
    assert data_version(engine) == version + 1, "cached scores are recomputed"
    entry = audit.entry(engine, entry_id)
    assert (entry.action, entry.subject, entry.user, entry.before["row"]) == ("profile", "profile", "root", None)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("this is = not [toml", "profile_not_toml"),
        ("[profile]\nid = 'x'\n", "profile_structure"),
        (with_capacity_weight("7.0"), "criterion_bad_weight"),
        (BUNDLED.replace('key = "capacity"', 'key = "beauty"'), "profile_unknown_criterion"),
        (BUNDLED.replace('input = "volume_m3"', 'input = "colour"'), "profile_unknown_input"),
    ],
)
def test_a_profile_that_cannot_replace_the_current_one_is_refused(engine, content, code):
    with pytest.raises(ProblemError) as refused:
        profiles.store_profile(engine, content, "root")
    assert refused.value.problems[0].code == code
    assert profiles.active_info(engine).row is None


def test_reverting_the_profile_entry_brings_the_previous_profile_back(engine):
    first = profiles.store_profile(engine, with_capacity_weight("2.0"), "root")
    second = profiles.store_profile(engine, with_capacity_weight("0.5"), "root")
    with pytest.raises(ProblemError) as refused:
        revert(engine, first, "root")
    assert refused.value.problems[0].code == "revert_profile_changed"
    revert(engine, second, "root")
    assert profiles.active_profile(engine).criterion("capacity").default_weight == 2.0
