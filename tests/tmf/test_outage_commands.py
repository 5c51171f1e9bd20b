"""Every command that uses the database says in one line which kind of failure stops it,
exits 2 and writes nothing; ``init-db`` (and ``restore``) bring an older schema up to date."""

import io
import sys

import pytest

from tests.conftest import POSTGRES_URL, postgres_available, require
from tests.outages import KIND, broken_database
from tmf.commands import build_parser, main
from tmf.i18n import t
from tmf.store import engine as store_engine
from tmf.store.engine import head_revision, make_engine, schema_revision

CSV = (
    "facility_id,name,country,latitude,longitude,status,volume_m3,source,confidence\n"
    "KG-MAI-003,Mailuu-Suu No. 3,KG,41.2822,72.4761,closed,110500,http://wise-uranium.org/ummai.html,medium\n"
)
# Every command that opens the database, with arguments a user would give it.
DATABASE_COMMANDS = {
    "init-db": ["init-db", "--demo"],
    "import": ["import", "{tmp}/mailuu.csv"],
    "export": ["export", "--format", "csv", "--out", "{tmp}/out/inventory.csv"],
    "briefing": ["briefing", "--out", "{tmp}/out/briefing.pdf"],
    "user add": ["user", "add", "eva", "--role", "editor", "--password-stdin"],
    "user list": ["user", "list"],
    "user remove": ["user", "remove", "eva"],
    "user set-role": ["user", "set-role", "eva", "admin"],
    "user set-password": ["user", "set-password", "eva", "--password-stdin"],
    "backup": ["backup", "--out", "{tmp}/out/backup.jsonl.gz"],
    "restore": ["restore", "{backup}"],
}
# Commands that read only the files they are given, never the database.
FILE_COMMANDS = {"rank", "robustness", "voi", "tipping", "measures"}
# init-db and restore are how an older schema is brought up to date: there it is no failure
# (test_init_db_and_restore_bring_an_older_schema_up_to_date).
REMEDIES = {("init-db", "schema_older_than_the_code"), ("restore", "schema_older_than_the_code")}


@pytest.fixture(scope="module")
def backup_file(tmp_path_factory) -> str:
    """A backup of a small database, for the restore command."""
    folder = tmp_path_factory.mktemp("backup")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMF_DATABASE_URL", f"sqlite:///{folder / 'source.sqlite'}")
        assert main(["init-db", "--demo"]) == 0
        assert main(["backup", "--out", str(folder / "source.jsonl.gz")]) == 0
    return str(folder / "source.jsonl.gz")


@pytest.fixture
def quiet(monkeypatch):
    """English messages, no tracebacks, a short busy timeout and a password on stdin."""
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.delenv("TMF_DEBUG", raising=False)
    monkeypatch.setattr(store_engine, "SQLITE_BUSY_TIMEOUT_SECONDS", 0.3)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a-long-enough-password\n"))


def test_every_command_is_either_a_database_command_or_a_file_command():
    commands = build_parser()._subparsers._group_actions[0].choices
    names = {f"user {action}" for action in commands["user"]._subparsers._group_actions[0].choices}
    names |= set(commands) - {"user"}
    assert names == set(DATABASE_COMMANDS) | FILE_COMMANDS


@pytest.mark.parametrize(
    ("command", "failure"),
    [(command, failure) for command in DATABASE_COMMANDS for failure in KIND if (command, failure) not in REMEDIES],
)
def test_a_command_on_an_unusable_database_prints_its_sentence_in_one_line_and_exits_2(
    tmp_path, monkeypatch, capsys, quiet, backup_file, command, failure
):
    (tmp_path / "mailuu.csv").write_text(CSV)
    (tmp_path / "out").mkdir()
    argv = [part.format(tmp=tmp_path, backup=backup_file) for part in DATABASE_COMMANDS[command]]
    with broken_database(failure, tmp_path) as url:
        monkeypatch.setenv("TMF_DATABASE_URL", url)
        capsys.readouterr()
        assert main(argv) == 2
    out, err = capsys.readouterr()
    assert err == f"error: {t(f'app.database_{KIND[failure]}')}\n"
    assert out == "" and not any((tmp_path / "out").iterdir()), "nothing written"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_sentence_is_in_the_language_of_the_locale(tmp_path, monkeypatch, capsys, quiet, lang):
    monkeypatch.setenv("LC_ALL", f"{lang}_KZ.UTF-8")
    with broken_database("schema_older_than_the_code", tmp_path) as url:
        monkeypatch.setenv("TMF_DATABASE_URL", url)
        assert main(["user", "list"]) == 2
    # the whole line in the locale's language, its "error:" too
    assert capsys.readouterr().err == t("importing.error", lang, text=t("app.database_schema_old", lang)) + "\n"


@pytest.mark.parametrize("remedy", ["init-db", "restore"])
def test_init_db_and_restore_bring_an_older_schema_up_to_date(
    tmp_path, monkeypatch, capsys, quiet, backup_file, remedy
):
    with broken_database("schema_older_than_the_code", tmp_path) as url:
        monkeypatch.setenv("TMF_DATABASE_URL", url)
        assert main(["user", "list"]) == 2
        assert main(["init-db"] if remedy == "init-db" else ["restore", backup_file]) == 0
        assert schema_revision(make_engine(url)) == head_revision()
        assert main(["user", "list"]) == 0


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


def test_a_postgresql_database_that_does_not_exist_is_missing_not_unreachable(monkeypatch, capsys, quiet):
    require(postgres_available(), f"PostgreSQL at {POSTGRES_URL}")
    server = POSTGRES_URL.rsplit("/", 1)[0]
    monkeypatch.setenv("TMF_DATABASE_URL", f"{server}/tmf_no_such_database")
    assert main(["user", "list"]) == 2
    assert capsys.readouterr().err == f"error: {t('app.database_missing')}\n"


def test_an_account_the_postgresql_server_refuses_is_said_so_not_a_missing_database(monkeypatch, capsys, quiet):
    require(postgres_available(), f"PostgreSQL at {POSTGRES_URL}")
    scheme, _, rest = POSTGRES_URL.partition("://")
    host_and_database = rest.split("@", 1)[-1]
    monkeypatch.setenv("TMF_DATABASE_URL", f"{scheme}://tmf_no_such_user@{host_and_database}")
    assert main(["user", "list"]) == 2
    assert capsys.readouterr().err == f"error: {t('app.database_refused')}\n"


def test_a_database_command_in_russian_says_error_in_russian_too(tmp_path, monkeypatch, capsys, quiet):
    monkeypatch.setenv("TMF_DATABASE_URL", "postgres-on-the-ministry-server")
    assert main(["import", str(tmp_path / "none.csv"), "--lang", "ru"]) == 2
    assert capsys.readouterr().err == f"ошибка: {t('app.database_bad_url', 'ru')}\n"
