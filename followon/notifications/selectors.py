"""Reads for notifications, always scoped to a pain service or a member."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from followon.core.formatting import when_later
from followon.notifications.models import InboundSms, NotificationPreference, OutboundMessage

# A message due within this long is "sent" as far as the person reading the page can tell.
CLOCK_SLACK = timedelta(minutes=1)
STAFF_REPLY_OUTCOMES = [InboundSms.Outcome.FOR_STAFF, InboundSms.Outcome.HANDLER_ERROR]


def when_it_goes(message: OutboundMessage | None, *, now=None) -> str:
    """ "" when `message` goes now; else when it will ("at 8am tomorrow"): a text held for quiet hours
    (9pm to 8am) waits in the outbox, so a page must not say it was sent (issue 21 item 7)."""
    if message is None or message.status != OutboundMessage.Status.QUEUED:
        return ""
    now = now or timezone.now()
    if message.send_after <= now + CLOCK_SLACK:
        return ""
    return when_later(message.send_after, now)


def when_held_messages_go(*, service, template: str | tuple[str, ...], since, now=None) -> str:
    """ "" when every `template` message of `service` queued since `since` goes now; else when the last
    held one will ("at 8am tomorrow"): for pages that sent many messages at once (issue 21 item 7).
    `template` may be a tuple of templates (a page whose one action sends more than one kind)."""
    now = now or timezone.now()
    templates = (template,) if isinstance(template, str) else template
    held = (
        OutboundMessage.objects.filter(
            service=service, template__in=templates, created_at__gte=since, status=OutboundMessage.Status.QUEUED
        )
        .order_by("-send_after")
        .first()
    )
    return when_it_goes(held, now=now)


def failed_messages_for_service(service) -> QuerySet[OutboundMessage]:
    """Messages of `service` that failed for good, newest first (for the staff page)."""
    return (
        service.outbound_messages.filter(status=OutboundMessage.Status.FAILED)
        .select_related("recipient")
        .order_by("-failed_at", "-id")
    )


def failed_messages_for_topic(*, service, topic: str) -> QuerySet[OutboundMessage]:
    """Failed messages about one topic (e.g. "group:<uuid>"), for a group coordinator's page.

    The caller checks the viewer may see the group; bodies are not for display.
    """
    return failed_messages_for_service(service).filter(topic=topic)


def failed_message_for_service(service, public_id) -> OutboundMessage:
    """One failed message of `service`; OutboundMessage.DoesNotExist otherwise (another service's: 404)."""
    return failed_messages_for_service(service).get(public_id=public_id)


def replies_for_staff(service) -> QuerySet[InboundSms]:
    """Texts from members of `service` that no one else could take: for staff to read and act on."""
    return (
        service.inbound_texts.filter(outcome__in=STAFF_REPLY_OUTCOMES)
        .select_related("user")
        .order_by("-received_at", "-id")
    )


def preference_for(user) -> NotificationPreference:
    """The member's preferences (an unsaved default if they never changed them)."""
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference or NotificationPreference(user=user)


def member_channels(user, preference: NotificationPreference, *, essential: bool) -> list[tuple[str, str]]:
    """(channel, address) pairs to reach `user` by, following their choice and the addresses they have."""
    choice = preference.channel or getattr(user, "preferred_channel", "") or "sms"
    wanted = ["sms", "email"] if choice == NotificationPreference.Channel.BOTH else [choice]
    addresses = {"sms": getattr(user, "mobile", None), "email": getattr(user, "email", None)}
    chosen = [(channel, addresses[channel]) for channel in wanted if addresses[channel]]
    if not chosen:
        # They chose a channel we have no address for: use the one we have.
        chosen = [(channel, address) for channel, address in addresses.items() if address][:1]
    if not essential and preference.sms_stopped:
        chosen = [(channel, address) for channel, address in chosen if channel != "sms"]
    return chosen


# -- the demo phone (demo profile only: home.views.demo_phone) ----------


@dataclass(frozen=True)
class PhoneText:
    """One text on a member's phone: one FollowOn sent them, or one they sent FollowOn."""

    at: datetime
    from_member: bool
    body: str
    status: str  # for texts to the member: the outbox status label; for theirs: what FollowOn did
    removed: bool = False  # the body was removed once sent (a sign-in code or a private link)


def phone_texts(user, *, limit: int = 60) -> list[PhoneText]:
    """The member's texts both ways, oldest first, as their phone would show them: two queries."""
    sent = (
        OutboundMessage.objects.filter(channel=OutboundMessage.Channel.SMS, to_address=user.mobile)
        .exclude(status=OutboundMessage.Status.CANCELLED)
        .order_by("-created_at", "-id")[:limit]
    )
    received = InboundSms.objects.filter(user=user).order_by("-received_at", "-id")[:limit]
    texts = [
        PhoneText(
            at=message.sent_at or message.created_at,
            from_member=False,
            body=message.body,
            status=message.get_status_display(),
            removed=message.body_removed_at is not None,
        )
        for message in sent
    ] + [
        PhoneText(at=inbound.received_at, from_member=True, body=inbound.body, status=inbound.get_outcome_display())
        for inbound in received
    ]
    return sorted(texts, key=lambda text: text.at)[-limit:]


def phone_people(*, limit: int = 60):
    """Members with a mobile (staff are left out), those with the most texts first: one query."""
    texts = (
        OutboundMessage.objects.filter(channel=OutboundMessage.Channel.SMS, to_address=OuterRef("mobile"))
        .order_by()
        .values("to_address")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        get_user_model()
        .objects.filter(mobile__isnull=False, is_active=True, staff_roles__isnull=True)
        .exclude(mobile="")
        .annotate(texts=Subquery(texts))
        .order_by(F("texts").desc(nulls_last=True), "preferred_name", "id")[:limit]
    )


def phone_person(public_id):
    """One member with a mobile, for the demo phone; DoesNotExist otherwise (a 404)."""
    return (
        get_user_model()
        .objects.filter(mobile__isnull=False, is_active=True, staff_roles__isnull=True)
        .exclude(mobile="")
        .get(public_id=public_id)
    )
