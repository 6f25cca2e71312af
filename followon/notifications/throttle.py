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

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

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


def next_free_slot(*, rate_key: str, rate_limit, message: OutboundMessage, now: dt.datetime) -> dt.datetime | None:
    """None if `message` may be sent now, else when to try again. Call holding lock_key(rate_key)."""
    is_sms = message.channel == OutboundMessage.Channel.SMS
    window = dt.timedelta(seconds=rate_limit[1]) if rate_limit else None
    in_window = Q(rate_key=rate_key, started_at__gt=now - window) if window else None
    to_number = (
        Q(to_address=message.to_address, channel=OutboundMessage.Channel.SMS, started_at__gt=now - HOUR)
        & ~Q(outcome=DeliveryAttempt.Outcome.PERMANENT)
        if is_sms
        else None
    )
    wanted = [q for q in (in_window, to_number) if q is not None]
    if not wanted:
        return None
    # One round trip for both counts (each side uses its own index).
    either = wanted[0] if len(wanted) == 1 else wanted[0] | wanted[1]
    aggregates = {}
    if in_window is not None:
        aggregates["key_calls"] = Count("id", filter=in_window)
    if to_number is not None:
        aggregates["number_texts"] = Count("id", filter=to_number)
    counts = DeliveryAttempt.objects.filter(either).aggregate(**aggregates)
    if in_window is not None:
        limit = rate_limit[0]
        used = counts["key_calls"]
        if used >= limit:
            # The slot frees when the (used - limit + 1)th oldest call leaves the window.
            ordered = DeliveryAttempt.objects.filter(in_window).order_by("started_at")
            oldest = ordered.values_list("started_at", flat=True)[used - limit]
            spread = random.uniform(0, min(5.0, rate_limit[1] / 10))
            return oldest + window + dt.timedelta(seconds=spread)
    if to_number is not None:
        cap = sms_cap(urgent=message.urgent)
        used = counts["number_texts"]
        if used >= cap:
            ordered = DeliveryAttempt.objects.filter(to_number).order_by("started_at")
            return ordered.values_list("started_at", flat=True)[used - cap] + HOUR + dt.timedelta(seconds=1)
    return None
