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


def pass_mfa(client, user) -> None:
    """Make the test client's session one that has passed MFA (as allauth's MFA step would)."""
    give_totp(user)

    class _Request:
        session = client.session

    request = _Request()
    mark_session_mfa_verified(request)
    request.session.save()
