"""Throttling: per Notify key and per mobile number, held in the database across workers."""

import datetime as dt
import threading

import pytest
from django.db import connection

from followon.notifications import delivery, services
from followon.notifications.models import DeliveryAttempt, OutboundMessage

Status = OutboundMessage.Status


def enqueue(number, key, urgent=False, recipient=None):
    return services.message_enqueue(
        template="notifications/started",
        context={},
        idempotency_key=key,
        channel="sms",
        to_address=number,
        recipient=recipient,
        urgent=urgent,
    )


def max_in_any_window(times, window):
    times = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


@pytest.mark.django_db
def test_calls_per_key_never_exceed_the_limit_in_any_window_and_nothing_is_dropped(tasks, fake_notify, clock, settings):
    settings.NOTIFY_RATE_LIMIT = 3
    settings.NOTIFY_RATE_WINDOW_SECONDS = 60
    messages = [enqueue(f"+4477009002{n:02d}", f"k{n}") for n in range(7)]
    assert sorted(tasks.run()) == ["sent"] * 3 + ["throttled"] * 4
    for _ in range(5):
        waiting = OutboundMessage.objects.filter(status=Status.QUEUED)
        if not waiting.exists():
            break
        clock.set(min(m.send_after for m in waiting))
        tasks.run()
    assert OutboundMessage.objects.filter(status=Status.SENT).count() == 7
    assert all(fake_notify.count_for(m.public_id) == 1 for m in messages)
    starts = list(DeliveryAttempt.objects.values_list("started_at", flat=True))
    assert max_in_any_window(starts, dt.timedelta(seconds=60)) == 3
    assert max(starts) - min(starts) >= dt.timedelta(seconds=120)


@pytest.mark.django_db
def test_at_most_ten_texts_an_hour_to_one_number_with_two_kept_for_urgent_ones(tasks, fake_notify, clock):
    number = "+447700900333"
    for n in range(9):
        enqueue(number, f"ordinary-{n}")
    results = tasks.run()
    assert results.count("sent") == 8
    assert results.count("throttled") == 1
    for n in range(3):
        enqueue(number, f"urgent-{n}", urgent=True)
    results = tasks.run()
    assert results.count("sent") == 2, "urgent texts may use the two reserved slots"
    assert results.count("throttled") == 1
    held = OutboundMessage.objects.filter(status=Status.QUEUED)
    assert held.count() == 2
    first_sent = DeliveryAttempt.objects.order_by("started_at").first().started_at
    assert all(m.send_after >= first_sent + dt.timedelta(hours=1) for m in held)
    clock.advance(hours=1, seconds=2)
    tasks.run()
    assert OutboundMessage.objects.filter(status=Status.SENT).count() == 12
    starts = list(DeliveryAttempt.objects.values_list("started_at", flat=True))
    assert max_in_any_window(starts, dt.timedelta(hours=1)) == 10


@pytest.mark.django_db
def test_a_refused_number_does_not_use_up_the_hourly_allowance(tasks, fake_notify, clock):
    fake_notify.fail_always("+447700900444", 400)
    for n in range(10):
        enqueue("+447700900444", f"bad-{n}")
    assert tasks.run() == ["failed"] * 10


@pytest.mark.django_db(transaction=True)
def test_the_limit_holds_when_several_workers_send_at_once(tasks, fake_notify, settings):
    """Four threads, each with its own database connection, race for three slots."""
    settings.NOTIFY_RATE_LIMIT = 3
    ids = [enqueue(f"+4477009005{n:02d}", f"race-{n}", urgent=True).pk for n in range(12)]
    outcomes = []
    barrier = threading.Barrier(4)

    def worker(mine):
        try:
            barrier.wait()
            for message_id in mine:
                outcomes.append(delivery.deliver(message_id))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(ids[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["sent"] * 3 + ["throttled"] * 9
    assert len(fake_notify.sent) == 3
