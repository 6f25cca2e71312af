"""Reaching staff. Members are reached through `member_notify`, which follows their own choices."""

from __future__ import annotations


def staff_address_for(user) -> tuple[str, str] | None:
    """(channel, address) for a member of staff: email first (they sign in with it), else their mobile."""
    if user.email:
        return "email", user.email
    if user.mobile:
        return "sms", user.mobile
    return None
