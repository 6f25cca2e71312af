"""The worker's periodic sweep: recovers the work of dead workers and lost tasks."""

import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from followon.core import worker_hooks
from followon.core.models import WorkerHeartbeat
from followon.notifications import services, sweep
from followon.notifications.delivery import deliver_message
from followon.notifications.models import OutboundMessage

pytestmark = pytest.mark.django_db

Status = OutboundMessage.Status


def enqueue(member, key="k"):
    return services.message_enqueue(
        template="notifications/started",
        context={},
        idempotency_key=key,
        channel="sms",
        to_address=member.mobile,
        recipient=member,
        urgent=True,
    )


@pytest.fixture(autouse=True)
def no_digests_or_daily_jobs_today(monkeypatch):
    # The clock's Wednesday morning is digest time; these tests are about lost work only.
    monkeypatch.setattr("followon.notifications.sweep.start_due_digests", lambda now: 0)
    monkeypatch.setattr("followon.notifications.sweep.start_due_daily_jobs", lambda now: 0)


def test_every_worker_runs_the_sweep():
    assert sweep.outbox_sweep in worker_hooks.JOBS


def claim_as(worker_id, when):
    row = DBTaskResult.objects.get(status="READY")
    row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=when)
    return row


def test_a_task_left_running_by_a_dead_worker_is_enqueued_again(tasks, texter, fake_notify, clock, settings):
    settings.WORKER_HEARTBEAT_SECONDS = 30
    message = enqueue(texter)
    claim_as("dead-worker", clock.now)
    WorkerHeartbeat.objects.create(worker_id="dead-worker", beat_at=clock.now)
    clock.advance(seconds=60)
    assert sweep.outbox_sweep()["orphaned_tasks"] == 0, "a beat 60s old is not yet three beats old"
    clock.advance(seconds=31)
    assert sweep.outbox_sweep()["orphaned_tasks"] == 1
    old = DBTaskResult.objects.get(status="FAILED")
    assert old.exception_class_path == "followon.notifications.sweep.WorkerLost"
    assert tasks.run() == ["sent"]
    assert fake_notify.count_for(message.public_id) == 1


def test_a_task_of_a_live_worker_is_left_alone(tasks, texter, clock):
    enqueue(texter)
    claim_as("live-worker", clock.now - dt.timedelta(minutes=10))
    WorkerHeartbeat.objects.create(worker_id="live-worker", beat_at=clock.now)
    assert sweep.outbox_sweep()["orphaned_tasks"] == 0


def test_a_task_of_a_worker_that_never_beat_is_recovered_after_five_minutes(tasks, texter, clock):
    enqueue(texter)
    claim_as("plain-db-worker", clock.now - dt.timedelta(minutes=4))
    assert sweep.outbox_sweep()["orphaned_tasks"] == 0
    clock.advance(minutes=2)
    assert sweep.outbox_sweep()["orphaned_tasks"] == 1


def test_only_notification_tasks_are_recovered(tasks, texter, clock):
    message = enqueue(texter)
    DBTaskResult.objects.update(queue_name="default")
    claim_as("dead", clock.now - dt.timedelta(hours=1))
    assert sweep.outbox_sweep()["orphaned_tasks"] == 0
    assert message.pk


def test_a_due_message_with_no_task_is_asked_for_again(tasks, texter, fake_notify, clock):
    message = enqueue(texter)
    DBTaskResult.objects.all().delete()
    clock.advance(minutes=1)
    assert sweep.outbox_sweep()["stranded_messages"] == 0, "not yet: it may just be waiting in a busy queue"
    clock.advance(minutes=2)
    assert sweep.outbox_sweep()["stranded_messages"] == 1
    assert sweep.outbox_sweep()["stranded_messages"] == 0, "asked for just now"
    assert tasks.run() == ["sent"]
    assert fake_notify.count_for(message.public_id) == 1


def test_a_message_stuck_mid_send_is_reconciled_after_its_lease(tasks, texter, fake_notify, clock):
    message = enqueue(texter)
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING, lease_expires_at=clock.now, last_enqueued_at=clock.now, attempts=1
    )
    DBTaskResult.objects.all().delete()
    clock.advance(minutes=3)
    assert sweep.outbox_sweep()["stranded_messages"] == 1
    assert tasks.run() == ["sent"]
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 2


def test_tasks_that_ran_early_do_nothing(tasks, texter, fake_notify, clock):
    message = enqueue(texter)
    OutboundMessage.objects.filter(pk=message.pk).update(send_after=clock.now + dt.timedelta(hours=1))
    deliver_message.enqueue(message.pk)
    assert tasks.run() == ["not-due", "not-due"]
    assert fake_notify.sent == []


def test_a_message_due_within_the_clock_skew_is_sent(tasks, texter, fake_notify, clock):
    message = enqueue(texter)
    OutboundMessage.objects.filter(pk=message.pk).update(send_after=clock.now + dt.timedelta(seconds=3))
    assert tasks.run() == ["sent"]
