"""Delivering one outbox message exactly once, even when tasks are duplicated or workers die.

The protocol (docs/adr, "notifications outbox"):

1. Claim, in one short transaction holding the message row lock: check the
   message is still QUEUED (or SENDING with an expired lease: its sender died),
   re-check the member's preferences, take a throttle slot, write a
   DeliveryAttempt and move the message to SENDING with a lease.
2. Outside any transaction, call the provider. If the last attempt ended
   without knowing the outcome (crash, time-out, 5xx) and the channel can be
   asked (Notify, by our reference = the message's public id), ask first.
3. Record the outcome in a second transaction, only if our claim still holds.

A duplicate task finds the message no longer QUEUED and does nothing; a task
arriving while another worker is mid-send sees a live lease and does nothing
but look again when the lease ends.
"""

from __future__ import annotations

import datetime as dt
import logging
import random

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend

from followon.core.services import audit_record
from followon.notifications import conf, policy, throttle
from followon.notifications.channels import DeliveryError, PermanentFailure, SendResult, TemporaryFailure, channel_for
from followon.notifications.models import DeliveryAttempt, OutboundMessage

logger = logging.getLogger(__name__)

Status = OutboundMessage.Status
Outcome = DeliveryAttempt.Outcome
# Web and worker machines' clocks may differ a little: a message due this soon counts as due.
CLOCK_SKEW = dt.timedelta(seconds=5)


# -- the task --------------------------------------------------------------------------------------


@task(queue_name="notifications")
def deliver_message(message_id: int) -> str:
    """The background task that sends one queued message (`deliver`); idempotent."""
    return deliver(message_id)


# -- asking the worker ---------------------------------------------------------------------------


def _backend():

    return deliver_message.get_backend()


def backend_is_transactional(backend) -> bool:
    """Does enqueuing write a row in our database (and so commit or roll back with the caller)?"""

    return isinstance(backend, DatabaseBackend)


def enqueue_task(task, *args, at: dt.datetime | None = None) -> bool:
    """Enqueue `task(*args)` to run at `at` (now if None), as part of the caller's transaction.

    With the database backend the task row is written in the caller's
    transaction (the outbox pattern). Backends that run tasks at once
    (the test suite's ImmediateBackend) run it after commit; those that cannot
    wait (`supports_defer` false) leave a future task to the periodic sweep.
    Returns whether a task was enqueued.
    """
    backend = task.get_backend()
    if at is not None and at > timezone.now():
        if not backend.supports_defer:
            return False
        task = task.using(run_after=at)
    if backend_is_transactional(backend):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))
    return True


def schedule_delivery(message: OutboundMessage, *, at: dt.datetime | None = None) -> None:

    if enqueue_task(deliver_message, message.pk, at=at):
        now = timezone.now()
        OutboundMessage.objects.filter(pk=message.pk).update(last_enqueued_at=now)
        message.last_enqueued_at = now


# -- sensitive messages ------------------------------------------------------------------------------


def body_removal(message: OutboundMessage, now: dt.datetime) -> dict:
    """Fields that remove a sensitive message's body, for a message that will never be sent again.

    Sign-in codes and links with a token in them should not stay in our database once the provider
    has them. Called when a message is sent (or found already sent), refused by the provider, or
    cancelled; a temporary failure keeps the body for the next try, and so does a message that gave
    up (staff may try it again). Empty when the message is not sensitive or the purge is off
    (NOTIFICATIONS_REMOVE_SENSITIVE_BODIES).
    """
    if not message.sensitive or message.body_removed_at or not conf.get("NOTIFICATIONS_REMOVE_SENSITIVE_BODIES"):
        return {}
    return {"body": "", "body_removed_at": now}


def _apply(message: OutboundMessage, fields: dict) -> list[str]:
    for name, value in fields.items():
        setattr(message, name, value)
    return list(fields)


# -- timing ----------------------------------------------------------------------------------------


def lease_seconds(channel) -> int:
    # The lease must outlast the provider call, or a second worker could take over mid-send.
    return max(int(conf.get("NOTIFICATIONS_SEND_LEASE_SECONDS")), _channel_timeout(channel) + 5)


def _channel_timeout(channel) -> int:
    return int(getattr(channel, "timeout", 0) or 0)


def backoff_seconds(attempt: int, *, status_code: int | None = None) -> float:
    """Exponential back-off with jitter: base, 2×base, 4×base … capped; a 429 waits at least a window."""
    base = float(conf.get("NOTIFICATIONS_RETRY_BASE_SECONDS"))
    cap = float(conf.get("NOTIFICATIONS_RETRY_MAX_SECONDS"))
    delay = min(cap, base * (2 ** max(0, attempt - 1)))
    if status_code == 429:
        delay = max(delay, float(conf.get("NOTIFY_RATE_WINDOW_SECONDS")))
    return delay * random.uniform(0.8, 1.2)


# -- the claim ---------------------------------------------------------------------------------------


def deliver(message_id: int) -> str:
    """Send one message at most once. Safe to call any number of times, from any worker."""
    now = timezone.now()
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None:
            return "missing"
        if message.status == Status.SENDING:
            if message.lease_expires_at and message.lease_expires_at > now:
                schedule_delivery(message, at=message.lease_expires_at)
                return "in-flight"
            # The worker that claimed it stopped mid-send: we do not know whether the
            # provider took the message, so ask before sending again.
            DeliveryAttempt.objects.filter(message=message, outcome=Outcome.PENDING).update(
                outcome=Outcome.LOST, finished_at=now, detail="The worker stopped before recording the result"
            )
            message.needs_reconcile = True
            message.status = Status.QUEUED
        elif message.status != Status.QUEUED:
            return "skipped"
        if message.send_after > now + CLOCK_SKEW:
            # Early: a duplicate task. The task for the right time exists (or the sweep will make one).
            if message.status != Status.QUEUED or message.needs_reconcile:
                message.save(update_fields=["status", "needs_reconcile"])
            return "not-due"

        decision = policy.decide(message, now, _preference(message))
        if decision.action == "cancel":
            _cancel(message, decision.reason, now)
            return "cancelled"
        if decision.action == "defer":
            _defer(message, decision.at)
            return "deferred"

        try:
            channel = channel_for(message)
        except TemporaryFailure as exc:
            message.save(update_fields=["status", "needs_reconcile"])
            return _temporary_without_attempt(message, exc, now)

        rate_key = channel.rate_key()
        throttle.lock_key(rate_key)
        free_at = throttle.next_free_slot(rate_key=rate_key, rate_limit=channel.rate_limit, message=message, now=now)
        if free_at is not None:
            _defer(message, free_at)
            return "throttled"

        message.attempts += 1
        message.status = Status.SENDING
        message.lease_expires_at = now + dt.timedelta(seconds=lease_seconds(channel))
        message.save(update_fields=["status", "attempts", "lease_expires_at", "needs_reconcile"])
        attempt = DeliveryAttempt.objects.create(
            message=message,
            number=message.attempts,
            started_at=now,
            rate_key=rate_key,
            channel=message.channel,
            to_address=message.to_address,
        )
    claimed_attempts = message.attempts

    # -- the provider call, outside any transaction ---------------------------------------------------
    try:
        if message.needs_reconcile and channel.can_reconcile:
            found = channel.find_sent(message)
            if found is not None:
                return _record_sent(message, attempt, claimed_attempts, found, reconciled=True, channel=channel)
        if timezone.now() + dt.timedelta(seconds=_channel_timeout(channel)) >= message.lease_expires_at:
            # Too close to the end of our lease: another worker could take over mid-send.
            raise TemporaryFailure("The worker was too slow to send within its lease")
        result = channel.send(message)
    except PermanentFailure as exc:
        return _record_failure(message, attempt, claimed_attempts, exc, permanent=True)
    except TemporaryFailure as exc:
        return _record_failure(message, attempt, claimed_attempts, exc, permanent=False)
    except Exception as exc:  # noqa: BLE001 - a bug in a channel must not kill the worker or lose the message
        logger.exception("unexpected error sending message %s", message.public_id)
        error = TemporaryFailure(f"Unexpected error while sending ({type(exc).__name__})", ambiguous=True)
        return _record_failure(message, attempt, claimed_attempts, error, permanent=False)
    return _record_sent(message, attempt, claimed_attempts, result, reconciled=False, channel=channel)


def _preference(message: OutboundMessage):
    return policy.preference_of(message.recipient_id)


def _cancel(message: OutboundMessage, reason: str, now: dt.datetime) -> None:
    message.status = Status.CANCELLED
    message.failure_reason = reason
    message.lease_expires_at = None
    removed = _apply(message, body_removal(message, now))
    message.save(update_fields=["status", "failure_reason", "lease_expires_at", "needs_reconcile", *removed])
    logger.info("message %s not sent: %s", message.public_id, reason)


def _defer(message: OutboundMessage, at: dt.datetime) -> None:
    message.status = Status.QUEUED
    message.send_after = at
    message.save(update_fields=["status", "send_after", "needs_reconcile"])
    schedule_delivery(message, at=at)


# -- outcomes ------------------------------------------------------------------------------------------


def _still_ours(message_id: int, claimed_attempts: int) -> OutboundMessage | None:
    current = OutboundMessage.objects.select_for_update().filter(pk=message_id).first()
    if current is None or current.status != Status.SENDING or current.attempts != claimed_attempts:
        return None
    return current


def _record_sent(message, attempt, claimed_attempts: int, result: SendResult, *, reconciled: bool, channel) -> str:
    now = timezone.now()
    with transaction.atomic():
        if channel.can_reconcile:
            # Safe to commit without waiting for the disk: were this commit lost in a database
            # crash, the message would be SENDING with an expired lease, and the next worker
            # asks the provider (by our reference) before sending again.
            _commit_without_waiting_for_disk()
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(
            outcome=Outcome.RECONCILED if reconciled else Outcome.SENT,
            finished_at=now,
            status_code=None if reconciled else 201,
        )
        # Only if our claim still holds (no other worker took over after our lease).
        updated = OutboundMessage.objects.filter(
            pk=message.pk, status=Status.SENDING, attempts=claimed_attempts
        ).update(
            status=Status.SENT,
            provider_reference=result.provider_reference[:100],
            sent_at=now,
            lease_expires_at=None,
            needs_reconcile=False,
            failure_reason="",
            **body_removal(message, now),
        )
    if not updated:
        logger.warning("message %s: claim was taken over before the result was recorded", message.public_id)
        return "superseded"
    logger.info(
        "message %s %s by %s", message.public_id, "found already sent" if reconciled else "sent", message.channel
    )
    return "reconciled" if reconciled else "sent"


def _commit_without_waiting_for_disk() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _record_failure(message, attempt, claimed_attempts: int, error: DeliveryError, *, permanent: bool) -> str:
    now = timezone.now()
    with transaction.atomic():
        attempt.outcome = Outcome.PERMANENT if permanent else Outcome.TEMPORARY
        attempt.finished_at = now
        attempt.status_code = error.status_code
        attempt.detail = error.reason
        attempt.save(update_fields=["outcome", "finished_at", "status_code", "detail"])
        current = _still_ours(message.pk, claimed_attempts)
        if current is None:
            return "superseded"
        current.lease_expires_at = None
        if permanent:
            return _fail(current, OutboundMessage.FailureKind.REJECTED, error.reason, now)
        return _retry_or_give_up(current, error, now)


def _temporary_without_attempt(message: OutboundMessage, error: DeliveryError, now) -> str:
    logger.warning("message %s could not be sent: %s", message.public_id, error.reason)
    message.attempts += 1
    message.save(update_fields=["attempts"])
    return _retry_or_give_up(message, error, now)


def _retry_or_give_up(message: OutboundMessage, error: DeliveryError, now) -> str:
    max_attempts = int(conf.get("NOTIFICATIONS_MAX_ATTEMPTS"))
    if message.attempts >= max_attempts:
        reason = f"Tried {message.attempts} times. Last problem: {error.reason}"
        return _fail(message, OutboundMessage.FailureKind.GAVE_UP, reason, now)
    message.status = Status.QUEUED
    message.needs_reconcile = message.needs_reconcile or error.ambiguous
    message.failure_reason = error.reason
    message.send_after = now + dt.timedelta(seconds=backoff_seconds(message.attempts, status_code=error.status_code))
    message.save(
        update_fields=["status", "needs_reconcile", "failure_reason", "send_after", "lease_expires_at", "attempts"]
    )
    schedule_delivery(message, at=message.send_after)
    logger.info("message %s: temporary failure, retry %s scheduled", message.public_id, message.attempts + 1)
    return "retry"


def _fail(message: OutboundMessage, kind: str, reason: str, now) -> str:

    message.status = Status.FAILED
    message.failure_kind = kind
    message.failure_reason = reason[:200]
    message.failed_at = now
    message.lease_expires_at = None
    # Refused for good: it will not be sent again. A message that gave up keeps its body for "Try again".
    removed = _apply(message, body_removal(message, now)) if kind != OutboundMessage.FailureKind.GAVE_UP else []
    message.save(
        update_fields=[
            "status",
            "failure_kind",
            "failure_reason",
            "failed_at",
            "lease_expires_at",
            "attempts",
            *removed,
        ]
    )
    audit_record(
        actor=None,
        action="notification.failed",
        target=message,
        service=message.service,
        detail={"template": message.template, "channel": message.channel, "failure_kind": kind},
    )
    logger.warning("message %s failed (%s)", message.public_id, kind)
    return "failed"
