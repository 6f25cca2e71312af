"""Test helpers for signing in: TOTP codes computed with allauth's own TOTP code."""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from followon.accounts.security import mark_session_mfa_verified


def give_totp(user, secret: str | None = None) -> str:
    """Set up an authenticator app for `user`; returns its secret."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        return _secret_of(existing)
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _secret_of(authenticator) -> str:
    from allauth.mfa.utils import decrypt

    return decrypt(authenticator.data["secret"])


def totp_code(secret: str, at: float | None = None) -> str:
    from allauth.mfa import app_settings

    counter = int(at if at is not None else time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


_USED_CODES: set[tuple[int, str]] = set()


def fresh_totp_code(user, secret: str) -> str:
    """A code allauth accepts now that this test run has not used for `user` before.

    allauth refuses a code that was already used (replay protection, for the whole
    tolerance window), so two sign-ins by the same person within about 90 seconds
    would fail with the plain current code. MFA_TOTP_TOLERANCE = 1 makes the codes
    of the previous and next 30-second periods valid too; when all three are used,
    wait for the next period.
    """
    from allauth.mfa import app_settings

    while True:
        now = time.time()
        for offset in (0, 1, -1):
            code = totp_code(secret, at=now + offset * app_settings.TOTP_PERIOD)
            if (user.pk, code) not in _USED_CODES:
                _USED_CODES.add((user.pk, code))
                return code
        time.sleep(app_settings.TOTP_PERIOD - now % app_settings.TOTP_PERIOD + 0.1)


def pass_mfa(client, user) -> None:
    """Make the test client's session one that has passed MFA (as allauth's MFA step would)."""
    give_totp(user)

    class _Request:
        session = client.session

    request = _Request()
    mark_session_mfa_verified(request)
    request.session.save()
