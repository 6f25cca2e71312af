"""The outbox: one message to one address, delivering it (the task is delivery.deliver_message), trying
again, and delivery receipts."""

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from followon.core.languages import language_for_messages
from followon.core.phone import possible_number_e164
from followon.core.services import audit_record
from followon.notifications import delivery, policy
from followon.notifications.models import (
    OutboundMessage,
)
from followon.notifications.rendering import render_message
from followon.notifications.services.common import Status

# -- the outbox ----------------------------------------------------------------------------------


def message_enqueue(
    *,
    template: str,
    context: dict,
    idempotency_key: str,
    channel: str,
    to_address: str,
    recipient=None,
    service=None,
    urgent: bool = False,
    essential: bool = False,
    topic: str = "",
    send_after: dt.datetime | None = None,
    schedule: bool = True,
    sensitive: bool = False,
    language: str | None = None,
) -> OutboundMessage:
    """Write one message to the outbox in the caller's transaction.

    The message is rendered now (MessageTemplateError for an unknown template
    or placeholder, raised to the caller). The worker delivers it after the
    caller's transaction commits; a rolled-back change sends nothing. Calling
    again with the same `idempotency_key` returns the first message and sends
    nothing more.

    `urgent` (sign-in codes, safety alerts) skips quiet hours and may use the
    texts reserved for urgent messages in the hourly per-number limit; urgent
    implies `essential`. `essential` messages ignore STOP and group mutes.
    `topic` ("group:<uuid>") lets members mute it and coordinators see failures.
    `sensitive` (sign-in codes, links carrying a token): the body is removed from the outbox once
    the message is sent, refused or cancelled; the row stays (delivery.body_removal).
    `schedule=False` is for workers that deliver the message themselves right after their
    transaction commits (reminders): no task is enqueued unless it must wait; if the worker dies
    first, the periodic sweep finds the message.
    `language` is for a message to someone with no account yet (an invitation: the language staff
    chose); it follows the same rules as a member's preference (`message_language`).
    """
    if channel not in OutboundMessage.Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    essential = essential or urgent
    if channel == OutboundMessage.Channel.SMS:
        to_address = possible_number_e164(to_address) or to_address.strip()
    else:
        to_address = to_address.strip()
    existing = OutboundMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    # In the member's language where their service offers it and the translation is reviewed;
    # otherwise English (core/languages.py, ADR 0027).
    with translation.override(message_language(recipient, service, language)):
        subject, body = render_message(template, channel, context)
    now = timezone.now()
    message = OutboundMessage(
        idempotency_key=idempotency_key,
        template=template,
        channel=channel,
        to_address=to_address,
        recipient=recipient,
        service=service,
        subject=subject,
        body=body,
        urgent=urgent,
        essential=essential,
        topic=topic,
        sensitive=sensitive,
        send_after=max(send_after or now, now),
    )
    decision = policy.decide(
        message, max(message.send_after, now), policy.preference_of(getattr(recipient, "pk", None))
    )
    if decision.action == "cancel":
        message.status = Status.CANCELLED
        message.failure_reason = decision.reason
        for name, value in delivery.body_removal(message, now).items():
            setattr(message, name, value)
    elif decision.action == "defer":
        message.send_after = decision.at
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # Another caller wrote the same key between our check and our insert.
        return OutboundMessage.objects.get(idempotency_key=idempotency_key)
    if message.status == Status.QUEUED and (schedule or message.send_after > now + delivery.CLOCK_SKEW):
        delivery.schedule_delivery(message, at=message.send_after)
    return message


def message_deliver(*, message_id: int) -> str:
    """Send a queued message once. Safe to call any number of times (see delivery.py)."""
    return delivery.deliver(message_id)


def message_retry(*, message: OutboundMessage, actor) -> OutboundMessage:
    """Staff: try a message again that failed after temporary problems. Audited."""
    if not message.can_be_retried:
        raise ValueError("only messages that failed after temporary problems can be tried again")
    with transaction.atomic():
        locked = OutboundMessage.objects.select_for_update().get(pk=message.pk)
        if not locked.can_be_retried:
            return locked
        locked.status = Status.QUEUED
        locked.attempts = 0
        locked.failure_kind = ""
        locked.failure_reason = ""
        locked.failed_at = None
        # An earlier attempt may have reached the provider: ask before sending.
        locked.needs_reconcile = True
        locked.send_after = timezone.now()
        locked.save()
        audit_record(
            actor=actor,
            action="notification.retried",
            target=locked,
            service=locked.service,
            detail={"template": locked.template, "channel": locked.channel},
        )
        delivery.schedule_delivery(locked)
    return locked


def delivery_receipt_record(*, provider_id: str, reference: str, status: str, completed_at=None) -> str:
    """Apply a GOV.UK Notify delivery receipt. Replays and late duplicates change nothing.

    Returns "updated", "unchanged" or "unknown".
    """
    outcomes = {
        "delivered": (Status.DELIVERED, ""),
        "permanent-failure": (Status.FAILED, "The phone number or email address does not exist or cannot receive it"),
        "temporary-failure": (Status.FAILED, "Not delivered: the phone was off or the inbox full for 3 days"),
        "technical-failure": (Status.FAILED, "Not delivered: a technical problem at GOV.UK Notify"),
    }
    if status not in outcomes:
        return "unchanged"  # sending / created / pending: nothing final yet
    new_status, reason = outcomes[status]
    with transaction.atomic():
        query = OutboundMessage.objects.select_for_update()
        message = None
        if reference:
            message = query.filter(public_id=reference).first() if _is_uuid(reference) else None
        if message is None and provider_id:
            message = query.filter(provider_reference=provider_id).first()
        if message is None:
            return "unknown"
        gave_up = message.status == Status.FAILED and message.failure_kind == OutboundMessage.FailureKind.GAVE_UP
        if gave_up and new_status == Status.DELIVERED:
            # We gave up without knowing whether an attempt reached Notify; it did.
            message.failure_kind = ""
            message.failure_reason = ""
            message.failed_at = None
        elif message.status not in (Status.SENT, Status.SENDING, Status.QUEUED):
            return "unchanged"  # already final (delivered or failed): a replay or a late duplicate
        now = timezone.now()
        if provider_id and not message.provider_reference:
            message.provider_reference = provider_id[:100]
        message.lease_expires_at = None
        if new_status == Status.DELIVERED:
            message.status = Status.DELIVERED
            message.delivered_at = completed_at or now
            message.save(
                update_fields=[
                    "status",
                    "delivered_at",
                    "provider_reference",
                    "lease_expires_at",
                    "failure_kind",
                    "failure_reason",
                    "failed_at",
                ]
            )
        else:
            delivery._fail(message, OutboundMessage.FailureKind.UNDELIVERABLE, reason, now)
            if message.provider_reference:
                OutboundMessage.objects.filter(pk=message.pk).update(provider_reference=message.provider_reference)
    return "updated"


def _is_uuid(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F]{8}-?([0-9a-fA-F]{4}-?){3}[0-9a-fA-F]{12}", value or ""))


def message_language(recipient, service, language: str | None = None) -> str:
    """The language to write a message to `recipient` in: their preference (User.language) when
    `service` offers it and it is reviewed, otherwise English. Without a recipient (an invitation),
    `language` stands for the preference, under the same rules."""
    offered = getattr(service, "offered_languages", None) or []
    wanted = getattr(recipient, "language", None) if recipient is not None else language
    return language_for_messages(wanted, offered)
