"""Throttling that holds across every worker process, kept in the database.

Two limits, both counted from DeliveryAttempt rows while holding a row lock
(SELECT ... FOR UPDATE on RateLimitLock) for the provider key, so that two
workers cannot both take the last slot:

- per provider key: at most NOTIFY_RATE_LIMIT calls in any NOTIFY_RATE_WINDOW_SECONDS
  (1,500 a minute by default: half of GOV.UK Notify's 3,000 a minute per key);
- per mobile number: at most NOTIFICATIONS_SMS_PER_NUMBER_PER_HOUR texts in any
  hour (10). Non-urgent texts may use all but NOTIFICATIONS_URGENT_SMS_RESERVE
  of them, so a sign-in code or safety text still gets through a busy hour.

A message over a limit is deferred to the moment a slot frees up, never dropped.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import IntegrityError, connection, transaction

from followon.notifications import conf
from followon.notifications.models import DeliveryAttempt, OutboundMessage, RateLimitLock

HOUR = dt.timedelta(hours=1)


def lock_key(key: str) -> None:
    """Take the row lock for `key` until the end of the caller's transaction."""
    if RateLimitLock.objects.select_for_update().filter(key=key).exists():
        return
    try:
        with transaction.atomic():
            RateLimitLock.objects.create(key=key)
    except IntegrityError:
        pass
    RateLimitLock.objects.select_for_update().filter(key=key).exists()


def sms_cap(*, urgent: bool) -> int:
    per_hour = int(conf.get("NOTIFICATIONS_SMS_PER_NUMBER_PER_HOUR"))
    reserve = int(conf.get("NOTIFICATIONS_URGENT_SMS_RESERVE"))
    return per_hour if urgent else max(1, per_hour - reserve)


def _counts(*, rate_key: str, key_since, to_address: str | None, number_since) -> tuple[int, int]:
    """Calls on the key since `key_since` and texts to the number since `number_since`, in one round
    trip (each side of the OR uses its own index). Plain SQL: this runs for every send."""
    table = DeliveryAttempt._meta.db_table
    permanent = DeliveryAttempt.Outcome.PERMANENT
    sms = OutboundMessage.Channel.SMS
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FILTER (WHERE rate_key = %s AND started_at > %s), "  # noqa: S608 - table name only
            f"COUNT(*) FILTER (WHERE to_address = %s AND channel = %s AND started_at > %s AND outcome <> %s) "
            f"FROM {table} WHERE (rate_key = %s AND started_at > %s) OR (to_address = %s AND started_at > %s)",
            [
                rate_key,
                key_since,
                to_address,
                sms,
                number_since,
                permanent,
                rate_key,
                key_since,
                to_address,
                number_since,
            ],
        )
        key_calls, number_texts = cursor.fetchone()
    return key_calls or 0, number_texts or 0


def next_free_slot(*, rate_key: str, rate_limit, message: OutboundMessage, now: dt.datetime) -> dt.datetime | None:
    """None if `message` may be sent now, else when to try again. Call holding lock_key(rate_key)."""
    is_sms = message.channel == OutboundMessage.Channel.SMS
    if not rate_limit and not is_sms:
        return None
    # A limit that cannot match anything stands in for "no limit" on one side.
    window = dt.timedelta(seconds=rate_limit[1]) if rate_limit else None
    key_since = now - window if window else now
    number_since = now - HOUR if is_sms else now
    key_calls, number_texts = _counts(
        rate_key=rate_key,
        key_since=key_since,
        to_address=message.to_address if is_sms else None,
        number_since=number_since,
    )
    if rate_limit and key_calls >= rate_limit[0]:
        limit = rate_limit[0]
        # The slot frees when the (used - limit + 1)th oldest call leaves the window.
        ordered = DeliveryAttempt.objects.filter(rate_key=rate_key, started_at__gt=key_since).order_by("started_at")
        oldest = ordered.values_list("started_at", flat=True)[key_calls - limit]
        spread = random.uniform(0, min(5.0, rate_limit[1] / 10))
        return oldest + window + dt.timedelta(seconds=spread)
    if is_sms:
        cap = sms_cap(urgent=message.urgent)
        if number_texts >= cap:
            ordered = (
                DeliveryAttempt.objects.filter(
                    to_address=message.to_address, channel=OutboundMessage.Channel.SMS, started_at__gt=number_since
                )
                .exclude(outcome=DeliveryAttempt.Outcome.PERMANENT)
                .order_by("started_at")
            )
            return ordered.values_list("started_at", flat=True)[number_texts - cap] + HOUR + dt.timedelta(seconds=1)
    return None
