"""Every command that needs the database says in one line why it cannot use it, and exits 2."""

import pytest

from tests.outages import KIND, broken_urls
from tmf.commands import main
from tmf.i18n import t

COMMANDS = [
    ["init-db"],
    ["user", "list"],
    ["export", "--format", "csv", "--out", "{tmp}/out.csv"],
    ["briefing", "--out", "{tmp}/briefing.pdf"],
]


@pytest.mark.parametrize("failure", sorted(KIND))
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0] if len(c) == 1 else " ".join(c[:2]))
def test_a_command_on_an_unusable_database_prints_one_sentence_and_exits_2(
    tmp_path, monkeypatch, capsys, failure, command
):
    monkeypatch.setenv("TMF_DATABASE_URL", broken_urls(tmp_path)[failure])
    monkeypatch.delenv("TMF_DEBUG", raising=False)
    assert main([part.format(tmp=tmp_path) for part in command]) == 2
    out, err = capsys.readouterr()
    assert err == f"error: {t(f'app.database_{KIND[failure]}')}\n"
    assert "Traceback" not in out and not (tmp_path / "out.csv").exists()


def test_an_output_file_that_cannot_be_written_is_one_sentence_and_exit_2(demo_url, capsys):
    assert main(["export", "--format", "csv", "--out", "/nonexistent-folder/out.csv"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Cannot use the file /nonexistent-folder/out.csv: No such file or directory")
    assert err.count("\n") == 1


@pytest.fixture
def demo_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'tmf.sqlite'}"
    monkeypatch.setenv("TMF_DATABASE_URL", url)
    monkeypatch.delenv("TMF_DEBUG", raising=False)
    assert main(["init-db", "--demo"]) == 0
    return url
