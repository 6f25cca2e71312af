"""Digests: items gathered for a member who chose a daily or weekly summary, and the task that sends
them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from followon.core.links import absolute_url
from followon.notifications.models import (
    DigestItem,
    NotificationPreference,
)
from followon.notifications.rendering import render_message, sms_fits
from followon.notifications.selectors import member_channels
from followon.notifications.services.outbox import message_enqueue

# -- digests ------------------------------------------------------------------------------------------------

SMS_DIGEST_TITLE_CHARS = 60


def digest_item_add(*, recipient, title: str, topic: str = "", topic_label: str = "", service=None) -> DigestItem:
    """Add one line to a member's next digest (in the caller's transaction).

    Usually called for you by member_notify(digest_title=...); call it directly
    to add to the digest whatever the member's choice.
    """
    return DigestItem.objects.create(
        recipient=recipient,
        title=title.strip()[:120],
        topic=topic,
        topic_label=topic_label[:100],
        service=service,
    )


def _digest_context(items: list[DigestItem], *, sms: bool) -> dict:
    lines = []
    for item in items:
        title = item.title
        if sms and len(title) > SMS_DIGEST_TITLE_CHARS:
            title = title[: SMS_DIGEST_TITLE_CHARS - 3].rstrip() + "..."
        lines.append({"title": title, "topic_label": item.topic_label})
    return {"items": lines, "count": len(items), "more": 0, "sign_in_url": _sign_in_url()}


def _sign_in_url() -> str:
    return absolute_url("accounts:sign-in")


def _fit_sms_digest(items: list[DigestItem]) -> dict:
    """The SMS digest context with as many titles as fit in two fragments."""
    context = _digest_context(items, sms=True)
    shown = list(context["items"])
    while True:
        context["items"] = shown
        context["more"] = context["count"] - len(shown)
        _, body = render_message("notifications/digest", "sms", context)
        if sms_fits(body) or not shown:
            return context
        shown = shown[:-1]


def digests_send(*, frequency: str, period_key: str) -> int:
    """Send one digest per member for the period. Returns how many members got one. Safe to run twice.

    Members who chose `frequency` get their pending items; on the daily run,
    members who have since turned digests off also get what was still pending.
    """
    Digest = NotificationPreference.Digest
    frequencies = [frequency] + ([Digest.OFF] if frequency == Digest.DAILY else [])
    pending = (
        DigestItem.objects.filter(digested_at__isnull=True)
        .filter(recipient__notification_preference__digest__in=frequencies, recipient__is_active=True)
        .select_related("recipient", "recipient__notification_preference", "service")
        .order_by("recipient_id", "created_at", "id")
    )
    by_member: dict[int, list[DigestItem]] = {}
    for item in pending:
        by_member.setdefault(item.recipient_id, []).append(item)
    sent = 0
    for items in by_member.values():
        if _send_one_digest(items, frequency=frequency, period_key=period_key):
            sent += 1
    return sent


def _send_one_digest(items: list[DigestItem], *, frequency: str, period_key: str) -> bool:
    user = items[0].recipient
    preference = user.notification_preference
    muted = set(preference.muted_topics or [])
    shown = [item for item in items if not item.topic or item.topic not in muted]
    key = f"digest:{frequency}:{period_key}:{user.public_id}"
    now = timezone.now()
    with transaction.atomic():
        locked = DigestItem.objects.select_for_update().filter(pk__in=[i.pk for i in items], digested_at__isnull=True)
        if len(list(locked)) != len(items):
            return False  # another worker is sending this digest
        service = next((item.service for item in reversed(items) if item.service_id), None)
        for channel, address in member_channels(user, preference, essential=False) if shown else []:
            context = _fit_sms_digest(shown) if channel == "sms" else _digest_context(shown, sms=False)
            message_enqueue(
                template="notifications/digest",
                context=context,
                idempotency_key=f"{key}:{channel}",
                channel=channel,
                to_address=address,
                recipient=user,
                service=service,
            )
        DigestItem.objects.filter(pk__in=[i.pk for i in items]).update(digested_at=now, digest_key=key)
    return bool(shown)


@task(queue_name="notifications")
def send_digests(frequency: str, period_key: str) -> int:
    """The background task that sends one period's digests (`digests_send`); idempotent."""
    return digests_send(frequency=frequency, period_key=period_key)
