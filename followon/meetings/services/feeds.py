"""Calendar feed tokens: a member's private calendar link (stored as a SHA-256 only, core.links)."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from followon.core.links import token_hash
from followon.core.services import audit_record
from followon.meetings.models import (
    CalendarFeed,
)

# Calendar feeds ---------------------------------------------------------------------------------


def calendar_feed_issue(*, user) -> str:
    """A new private feed token for the member; any old link stops working. Only its hash is kept, so
    the caller shows the token once (the calendar page, right after the member asked for it)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
        if feed is None:
            CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
        else:
            feed.token_hash, feed.revoked_at, feed.reissued_at = token_hash(token), None, None
            feed.save(update_fields=["token_hash", "revoked_at", "reissued_at"])
        audit_record(actor=user, action="calendar_feed.issued", target=user)
    return token


def calendar_feed_revoke(*, user) -> None:
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), reissued_at=None
        )
        audit_record(actor=user, action="calendar_feed.revoked", target=user)
