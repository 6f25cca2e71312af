"""Building links for messages, and reaching staff (members are reached through
notifications.member_notify, which follows their own choices)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def base_url() -> str:
    return getattr(settings, "FOLLOWON_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute_url(name: str, *args) -> str:
    return base_url() + reverse(name, args=args or None)


def staff_address_for(user) -> tuple[str, str] | None:
    """Staff are reached by email first (they sign in with it)."""
    if user.email:
        return "email", user.email
    if user.mobile:
        return "sms", user.mobile
    return None
