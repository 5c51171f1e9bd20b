"""Signed, expiring session tokens: a reload keeps an editor logged in without a password or
a long-lived token in the URL.

A token is ``<user name, base64url>.<expiry, Unix seconds>.<HMAC-SHA256 hex>``, signed with a
per-installation secret. The secret is ``TMF_SESSION_SECRET`` when set (every app process of a
shared deployment must then use the same value), else a random 32-byte key created once in the
git-ignored ``var/`` folder (mode 0600). It is never in the repository. A token says only who
logged in and until when; the role is still read from the database on every run, so a removed
account or a changed role takes effect at once. Changing the secret logs everyone out.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
import time
from pathlib import Path

SECRET_FILE = Path(__file__).resolve().parents[1] / "var" / "session_secret"
LIFETIME_S = 12 * 3600  # a working day; the cookie itself ends with the browser session
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]+\.[0-9]{1,12}\.[0-9a-f]{64}$")


def installation_secret(path: Path = SECRET_FILE) -> bytes:
    """The signing key: ``TMF_SESSION_SECRET``, else the key file in ``var/`` (created once)."""
    configured = os.environ.get("TMF_SESSION_SECRET", "").strip()
    if configured:
        return configured.encode("utf-8")
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first; read theirs
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode("ascii")


def _signature(payload: str, secret: bytes) -> str:
    return hmac.new(secret, payload.encode("ascii"), hashlib.sha256).hexdigest()


def sign(name: str, secret: bytes, now: float | None = None, lifetime_s: int = LIFETIME_S) -> str:
    """A token for user ``name`` valid for ``lifetime_s`` seconds from ``now``."""
    encoded = base64.urlsafe_b64encode(name.encode("utf-8")).decode("ascii").rstrip("=")
    payload = f"{encoded}.{int((time.time() if now is None else now) + lifetime_s)}"
    return f"{payload}.{_signature(payload, secret)}"


def verify(token: object, secret: bytes, now: float | None = None) -> str | None:
    """The user name of a well-formed, correctly signed, unexpired token; otherwise None."""
    if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
        return None
    encoded, expires, signature = token.split(".")
    if not hmac.compare_digest(signature, _signature(f"{encoded}.{expires}", secret)):
        return None
    if int(expires) < (time.time() if now is None else now):
        return None
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
