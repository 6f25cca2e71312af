"""Calendar feed tokens: a member's private calendar link."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from followon.core.services import audit_record
from followon.meetings.models import (
    CalendarFeed,
)

# Calendar feeds ---------------------------------------------------------------------------------


def calendar_feed_token(*, user, regenerate: bool = False) -> str:
    """The member's private feed token, made on first use; regenerate=True makes the old URL stop working."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
        if feed is not None and feed.revoked_at is None and not regenerate:
            return feed.token
        token = secrets.token_urlsafe(32)
        if feed is None:
            CalendarFeed.objects.create(user=user, token=token)
        else:
            feed.token, feed.revoked_at = token, None
            feed.save(update_fields=["token", "revoked_at"])
        audit_record(actor=user, action="calendar_feed.issued", target=user)
    return token


def calendar_feed_revoke(*, user) -> None:
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(actor=user, action="calendar_feed.revoked", target=user)
