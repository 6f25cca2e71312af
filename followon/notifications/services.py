"""Writes for notifications: put a message in the outbox; deliver it once."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from followon.notifications.channels import channel_for
from followon.notifications.models import OutboundMessage
from followon.notifications.rendering import render_message

logger = logging.getLogger(__name__)


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
) -> OutboundMessage:
    """Write one message to the outbox in the caller's transaction.

    The worker is asked to deliver it only after that transaction commits, so
    a rolled-back change never sends. Calling twice with the same
    `idempotency_key` returns the first message and sends nothing more.
    """
    subject, body = render_message(template, channel, context)
    message, created = OutboundMessage.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "template": template,
            "channel": channel,
            "to_address": to_address,
            "recipient": recipient,
            "service": service,
            "subject": subject,
            "body": body,
            "urgent": urgent,
        },
    )
    if created:
        transaction.on_commit(lambda: _enqueue_delivery(message.pk))
    return message


def _enqueue_delivery(message_id: int) -> None:
    from followon.notifications.tasks import deliver_message

    deliver_message.enqueue(message_id)


def message_deliver(*, message_id: int) -> str:
    """Send a queued message once. Safe to call any number of times."""
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != OutboundMessage.Status.QUEUED:
            return "skipped"
        message.status = OutboundMessage.Status.SENDING
        message.attempts += 1
        message.save(update_fields=["status", "attempts"])
    result = channel_for(message).send(message)
    message.status = OutboundMessage.Status.SENT
    message.provider_reference = result.provider_reference
    message.sent_at = timezone.now()
    message.save(update_fields=["status", "provider_reference", "sent_at"])
    logger.info("message %s sent by %s", message.public_id, message.channel)
    return "sent"
