"""FollowOn's client key: it signs the `private_key_jwt` assertions sent to NHS login and CIS2.

The private key comes from NATIONAL_IDENTITY_SIGNING_KEY (PEM; `\\n` escapes allowed)
or from the file NATIONAL_IDENTITY_SIGNING_KEY_FILE. Its public half, and during a
roll-over one more public key (NATIONAL_IDENTITY_EXTRA_PUBLIC_KEY[_FILE]), are served
at /.well-known/jwks.json. Key ids are RFC 7638 thumbprints, so they never need configuring.
The demo and the tests, which may run without a key, get one made for the process.
docs/deploy.md ("National sign-in keys") has the roll-over steps.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from joserfc.jwk import RSAKey

ALGORITHM = "RS512"
_lock = threading.Lock()
_ephemeral: RSAKey | None = None


def _pem(value_setting: str, file_setting: str) -> str:
    value = getattr(settings, value_setting, "") or ""
    path = getattr(settings, file_setting, "") or ""
    if value.strip():
        return value.replace("\\n", "\n")
    if path:
        try:
            return Path(path).read_text()
        except OSError as exc:
            raise ImproperlyConfigured(f"{file_setting}: cannot read {path}: {exc.strerror}") from exc
    return ""


@lru_cache(maxsize=4)
def _import(pem: str) -> RSAKey:
    key = RSAKey.import_key(pem)
    key.ensure_kid()
    return key


def signing_key() -> RSAKey:
    """The private key that signs client assertions (with its thumbprint as `kid`)."""
    global _ephemeral
    pem = _pem("NATIONAL_IDENTITY_SIGNING_KEY", "NATIONAL_IDENTITY_SIGNING_KEY_FILE")
    if pem:
        key = _import(pem)
        if not key.is_private:
            raise ImproperlyConfigured("NATIONAL_IDENTITY_SIGNING_KEY must be a private key")
        return key
    if not settings.NATIONAL_IDENTITY_EPHEMERAL_KEY_ALLOWED:
        raise ImproperlyConfigured(
            "Set NATIONAL_IDENTITY_SIGNING_KEY or NATIONAL_IDENTITY_SIGNING_KEY_FILE to offer NHS login or CIS2"
        )
    with _lock:
        if _ephemeral is None:
            _ephemeral = RSAKey.generate_key(2048, private=True, auto_kid=True)
        return _ephemeral


def _extra_public_key() -> RSAKey | None:
    pem = _pem("NATIONAL_IDENTITY_EXTRA_PUBLIC_KEY", "NATIONAL_IDENTITY_EXTRA_PUBLIC_KEY_FILE")
    return _import(pem) if pem else None


def _public_jwk(key: RSAKey) -> dict:
    return {**key.as_dict(private=False), "kid": key.kid, "use": "sig", "alg": ALGORITHM}


def public_jwks() -> dict:
    """The JWK Set served at /.well-known/jwks.json: the signing key's public half first,
    then the roll-over key if one is set (never a private part)."""
    keys = [_public_jwk(signing_key())]
    extra = _extra_public_key()
    if extra is not None and extra.kid != keys[0]["kid"]:
        keys.append(_public_jwk(extra))
    return {"keys": keys}
