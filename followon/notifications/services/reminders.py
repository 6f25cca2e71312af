"""Reminders: scheduled messages checked again at send time, and the task that sends them."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django_tasks import task

from followon.notifications import delivery, registry
from followon.notifications.jsoncontext import decode_context, encode_context
from followon.notifications.models import (
    OutboundMessage,
    Reminder,
)
from followon.notifications.rendering import MessageTemplateError, render_message
from followon.notifications.services.common import Status
from followon.notifications.services.outbox import message_language
from followon.notifications.services.preferences import member_notify

logger = logging.getLogger(__package__)


# -- reminders ----------------------------------------------------------------------------------------


def reminder_schedule(
    *,
    key: str,
    run_at: dt.datetime,
    template: str,
    context: dict,
    recipient,
    service=None,
    topic: str = "",
    essential: bool = False,
    urgent: bool = False,
    sensitive: bool = False,
) -> Reminder:
    """Plan (or re-plan) one reminder to one member, in the caller's transaction.

    `key` names it, e.g. "meeting:<meeting uuid>:2d:<member uuid>": calling
    again with the same key moves it (new time, new context) and the earlier
    plan sends nothing, even if it was already sent (a moved meeting gets a
    fresh reminder). The message goes through member_notify() at `run_at`
    (channels, STOP, mutes, quiet hours apply then). The template is rendered
    now with `context` to refuse unknown placeholders at once; context may hold
    dates and aware datetimes. A run_at in the past sends as soon as possible.

    Keep secrets out of `context` (it is stored until sent): store an id instead, and register a
    context resolver for the key prefix (registry.register_reminder_context) that adds the secret
    value (a link with a token) at send time; it is called here too, to check the template renders.
    `sensitive` marks the messages sent (see message_enqueue).
    """
    if timezone.is_naive(run_at):
        raise ValueError("run_at must be timezone-aware")
    _check_renders(template, _resolved_context(key, context))
    encoded = encode_context(context)
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().filter(key=key).first()
        if reminder is None:
            reminder = Reminder(key=key, generation=1)
        else:
            reminder.generation += 1
        reminder.run_at = run_at
        reminder.template = template
        reminder.context = encoded
        reminder.recipient = recipient
        reminder.service = service
        reminder.topic = topic
        reminder.essential = essential or urgent
        reminder.urgent = urgent
        reminder.sensitive = sensitive
        reminder.status = Reminder.Status.SCHEDULED
        reminder.failure_reason = ""
        reminder.sent_at = None
        reminder.save()
        _enqueue_reminder(reminder)
    return reminder


def _resolved_context(key: str, context: dict) -> dict:
    """`context` with what the reminder's context resolver adds (secret values computed when needed)."""
    resolver = registry.reminder_context_resolver(key)
    if resolver is None:
        return context
    return {**context, **resolver(key=key, context=context)}


def _check_renders(template: str, context: dict) -> None:
    rendered = 0
    for channel in OutboundMessage.Channel.values:
        try:
            render_message(template, channel, context)
            rendered += 1
        except MessageTemplateError as exc:
            if "There is no message template" not in str(exc):
                raise
    if not rendered:
        raise MessageTemplateError(f"There is no message template messages/{template}.sms.txt or .email.txt")


def _enqueue_reminder(reminder: Reminder) -> None:

    if delivery.enqueue_task(send_reminder, reminder.pk, reminder.generation, at=reminder.run_at):
        Reminder.objects.filter(pk=reminder.pk).update(last_enqueued_at=timezone.now())


def reminders_cancel(*, key_prefix: str) -> int:
    """Cancel every scheduled reminder whose key starts with `key_prefix` (e.g. "meeting:<uuid>:").

    Call it in the transaction that cancels the subject. Returns how many were cancelled.
    """
    if not key_prefix or len(key_prefix) < 4:
        raise ValueError("give a specific key prefix, such as 'meeting:<uuid>:'")
    return Reminder.objects.filter(key__startswith=key_prefix, status=Reminder.Status.SCHEDULED).update(
        status=Reminder.Status.CANCELLED, generation=F("generation") + 1, updated_at=timezone.now()
    )


def reminders_cancel_for_recipient(*, recipient, topic: str) -> int:
    """Cancel every scheduled reminder to `recipient` about `topic` (e.g. "group:<uuid>"): someone who
    leaves or is removed from a group gets no more of its meeting or poll reminders. In the caller's
    transaction. Returns how many were cancelled."""
    if not topic:
        raise ValueError("give the topic whose reminders end, such as 'group:<uuid>'")
    return Reminder.objects.filter(recipient=recipient, topic=topic, status=Reminder.Status.SCHEDULED).update(
        status=Reminder.Status.CANCELLED, generation=F("generation") + 1, updated_at=timezone.now()
    )


def reminder_send(*, reminder_id: int, generation: int) -> str:
    """The worker's side of a reminder: send it if it still stands. Safe to run twice."""
    now = timezone.now()
    with transaction.atomic():
        reminder = Reminder.objects.select_for_update().select_related("recipient").filter(pk=reminder_id).first()
        if reminder is None or reminder.generation != generation or reminder.status != Reminder.Status.SCHEDULED:
            return "skipped"
        if reminder.run_at > now:
            return "not-due"
        context = decode_context(reminder.context)
        guard = registry.reminder_guard(reminder.key)
        if guard is not None:
            try:
                still_stands = guard(key=reminder.key, context=context)
            except Exception:  # noqa: BLE001 - a broken guard must not stop the worker
                logger.exception("reminder guard failed for reminder %s", reminder.pk)
                return _reminder_failed(reminder, "The check before sending failed")
            if not still_stands:
                reminder.status = Reminder.Status.CANCELLED
                reminder.failure_reason = "Its subject was cancelled or has passed"
                reminder.save(update_fields=["status", "failure_reason", "updated_at"])
                return "cancelled"
        if not reminder.recipient.is_active:
            reminder.status = Reminder.Status.CANCELLED
            reminder.failure_reason = "The member's account is closed"
            reminder.save(update_fields=["status", "failure_reason", "updated_at"])
            return "cancelled"
        try:
            # Links and dates the resolver adds are written in the message's language (ADR 0027).
            with translation.override(message_language(reminder.recipient, reminder.service)):
                context = _resolved_context(reminder.key, context)
        except Exception:  # noqa: BLE001 - a broken resolver must not stop the worker
            logger.exception("reminder context resolver failed for reminder %s", reminder.pk)
            return _reminder_failed(reminder, "The message could not be written: its details are missing")
        try:
            with transaction.atomic():
                written = member_notify(
                    recipient=reminder.recipient,
                    template=reminder.template,
                    context=context,
                    idempotency_key=f"reminder:{reminder.key}:{reminder.generation}",
                    service=reminder.service,
                    topic=reminder.topic,
                    urgent=reminder.urgent,
                    essential=reminder.essential,
                    schedule=False,
                    sensitive=reminder.sensitive,
                )
        except MessageTemplateError as exc:
            logger.warning("reminder %s could not be written: %s", reminder.pk, exc)
            return _reminder_failed(reminder, str(exc))
        if not written:
            reminder.status = Reminder.Status.CANCELLED
            reminder.failure_reason = "Not sent: the member muted this topic, or we have no address for them"
            reminder.save(update_fields=["status", "failure_reason", "updated_at"])
            return "cancelled"
        reminder.status = Reminder.Status.SENT
        reminder.sent_at = now
        reminder.save(update_fields=["status", "sent_at", "updated_at"])
    # Deliver at once in this task (one task per reminder, not two). A message that must wait
    # got its own task; if this worker dies here, the sweep finds the message.
    for message in written:
        if message.status == Status.QUEUED and message.last_enqueued_at is None:
            delivery.deliver(message.pk)
    return "sent"


@task(queue_name="notifications")
def send_reminder(reminder_id: int, generation: int) -> str:
    """The background task that sends one reminder (`reminder_send`); idempotent."""
    return reminder_send(reminder_id=reminder_id, generation=generation)


def _reminder_failed(reminder: Reminder, reason: str) -> str:
    reminder.status = Reminder.Status.FAILED
    reminder.failure_reason = reason[:200]
    reminder.save(update_fields=["status", "failure_reason", "updated_at"])
    return "failed"
