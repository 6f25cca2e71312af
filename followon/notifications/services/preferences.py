"""Members and their preferences: reaching a member by the channels they chose (STOP, mutes, quiet
hours, digests) and changing those choices."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from followon.core.services import audit_record
from followon.notifications.models import (
    NotificationPreference,
    OutboundMessage,
)
from followon.notifications.selectors import member_channels, preference_for
from followon.notifications.services.digests import digest_item_add
from followon.notifications.services.outbox import message_enqueue

logger = logging.getLogger(__package__)


# -- members and their preferences -----------------------------------------------------------------


def _preference_for_update(user) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    return preference


def member_notify(
    *,
    recipient,
    template: str,
    context: dict,
    idempotency_key: str,
    service=None,
    topic: str = "",
    topic_label: str = "",
    urgent: bool = False,
    essential: bool = False,
    digest_title: str = "",
    schedule: bool = True,
    sensitive: bool = False,
) -> list[OutboundMessage]:
    """Tell a member something, the way they asked to hear from us. In the caller's transaction.

    Sends by SMS, email or both (their preference, falling back to the address
    they have); needs `<template>.sms.txt` and `<template>.email.txt`. Non-essential
    messages skip muted topics and STOPped texts. If the member chose a digest
    and `digest_title` is given, nothing is sent now: the title goes into their
    next digest. Keys are `<idempotency_key>:sms` and `<idempotency_key>:email`.
    Returns the outbox messages written (empty if none).
    """
    essential = essential or urgent
    preference = preference_for(recipient)
    if not essential and topic and topic in (preference.muted_topics or []):
        return []
    if not essential and digest_title and preference.digest != NotificationPreference.Digest.OFF:
        digest_item_add(recipient=recipient, title=digest_title, topic=topic, topic_label=topic_label, service=service)
        return []
    messages = []
    for channel, address in member_channels(recipient, preference, essential=essential):
        messages.append(
            message_enqueue(
                template=template,
                context=context,
                idempotency_key=f"{idempotency_key}:{channel}",
                channel=channel,
                to_address=address,
                recipient=recipient,
                service=service,
                urgent=urgent,
                essential=essential,
                topic=topic,
                schedule=schedule,
                sensitive=sensitive,
            )
        )
    if not messages:
        logger.info("member %s has no address to send %s to", recipient.public_id, template)
    return messages


def preferences_update(
    *,
    user,
    channel: str,
    quiet_hours: bool,
    digest: str,
    muted_topics: list[str],
    sms_stopped: bool | None = None,
) -> NotificationPreference:
    """Save a member's choices (from their preferences page). Audited without values of content."""
    if channel not in NotificationPreference.Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    if digest not in NotificationPreference.Digest.values:
        raise ValueError(f"unknown digest choice {digest!r}")
    with transaction.atomic():
        preference = _preference_for_update(user)
        changed = []
        for field, value in (
            ("channel", channel),
            ("quiet_hours", quiet_hours),
            ("digest", digest),
            ("muted_topics", sorted(set(muted_topics))),
        ):
            if getattr(preference, field) != value:
                setattr(preference, field, value)
                changed.append(field)
        if sms_stopped is not None and sms_stopped != preference.sms_stopped:
            preference.sms_stopped = sms_stopped
            preference.sms_stopped_at = timezone.now() if sms_stopped else None
            changed += ["sms_stopped", "sms_stopped_at"]
        if changed:
            preference.save()
            audit_record(
                actor=user,
                action="notifications.preferences_changed",
                target=preference,
                detail={"fields": sorted(changed)},
            )
    return preference


def topic_mute(*, user, topic: str, muted: bool = True) -> NotificationPreference:
    """Mute (or unmute) one topic for a member, e.g. from a group's page."""
    with transaction.atomic():
        preference = _preference_for_update(user)
        topics = set(preference.muted_topics or [])
        topics = topics | {topic} if muted else topics - {topic}
        if sorted(topics) != sorted(preference.muted_topics or []):
            preference.muted_topics = sorted(topics)
            preference.save(update_fields=["muted_topics", "updated_at"])
            audit_record(
                actor=user,
                action="notifications.topic_muted" if muted else "notifications.topic_unmuted",
                target=preference,
                detail={"topic": topic},
            )
    return preference


def sms_opt_out(*, user, via: str) -> NotificationPreference:
    """STOP: no more non-essential texts to this member. `via` is "sms" or "web"."""
    with transaction.atomic():
        preference = _preference_for_update(user)
        if not preference.sms_stopped:
            preference.sms_stopped = True
            preference.sms_stopped_at = timezone.now()
            preference.save(update_fields=["sms_stopped", "sms_stopped_at", "updated_at"])
            audit_record(actor=user, action="notifications.sms_stopped", target=preference, detail={"via": via})
    return preference


def sms_opt_in(*, user, via: str) -> NotificationPreference:
    """START: texts again."""
    with transaction.atomic():
        preference = _preference_for_update(user)
        if preference.sms_stopped:
            preference.sms_stopped = False
            preference.sms_stopped_at = None
            preference.save(update_fields=["sms_stopped", "sms_stopped_at", "updated_at"])
            audit_record(actor=user, action="notifications.sms_started", target=preference, detail={"via": via})
    return preference
