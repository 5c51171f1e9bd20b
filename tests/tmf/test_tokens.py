"""Session tokens: a reload keeps the login; a forged, altered or expired token does not."""

from tmf.tokens import installation_secret, sign, verify

SECRET = b"k" * 32


def test_a_fresh_token_names_its_user_and_an_expired_one_names_nobody():
    token = sign("Айгерим.editor", SECRET, now=1_000_000, lifetime_s=3600)
    assert verify(token, SECRET, now=1_000_000 + 3599) == "Айгерим.editor"
    assert verify(token, SECRET, now=1_000_000 + 3601) is None


def test_a_token_signed_with_another_secret_or_with_a_changed_name_is_refused():
    token = sign("editor", SECRET, now=0, lifetime_s=10**9)
    assert verify(token, b"other" * 8, now=1) is None
    forged = sign("admin", b"other" * 8, now=0, lifetime_s=10**9).split(".")[0] + "." + token.split(".", 1)[1]
    assert verify(forged, SECRET, now=1) is None
    assert verify("'; alert(1); '", SECRET) is None and verify(None, SECRET) is None


def test_the_installation_secret_is_created_once_readable_only_by_its_owner(tmp_path, monkeypatch):
    monkeypatch.delenv("TMF_SESSION_SECRET", raising=False)
    path = tmp_path / "var" / "session_secret"
    first = installation_secret(path)
    assert installation_secret(path) == first and len(first) == 64
    assert path.stat().st_mode & 0o077 == 0
