"""Choosing how to reach a person, and building links for messages."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def base_url() -> str:
    return getattr(settings, "FOLLOWON_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute_url(name: str, *args) -> str:
    return base_url() + reverse(name, args=args or None)


def address_for(user) -> tuple[str, str] | None:
    """(channel, address) for a member: their preferred channel when they have
    that address, else whichever address they have; None when they have none."""
    preferred = getattr(user, "preferred_channel", "sms")
    options = {"sms": user.mobile or "", "email": user.email or ""}
    if options.get(preferred):
        return preferred, options[preferred]
    for channel, address in options.items():
        if address:
            return channel, address
    return None


def staff_address_for(user) -> tuple[str, str] | None:
    """Staff are reached by email first (they sign in with it)."""
    if user.email:
        return "email", user.email
    if user.mobile:
        return "sms", user.mobile
    return None
