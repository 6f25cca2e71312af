"""The worker's periodic sweep (`outbox_sweep`, a core.worker_hooks job): recover lost work, start the
digests and the daily jobs."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from followon.core.models import WorkerHeartbeat
from followon.notifications import conf, delivery, policy, registry
from followon.notifications.models import OutboundMessage, Reminder, ScheduledRun
from followon.notifications.services import send_digests, send_reminder

logger = logging.getLogger(__name__)

QUEUE = "notifications"
# Work due this long ago with no task asked for it since is considered stranded.
STRANDED_AFTER = dt.timedelta(minutes=2)
# A running task of a worker that never wrote a heartbeat is presumed dead after this.
NO_HEARTBEAT_AFTER = dt.timedelta(minutes=5)
BATCH = 500


def outbox_sweep(*, now: dt.datetime | None = None) -> dict:
    """Run by every worker process every WORKER_HEARTBEAT_SECONDS (followon/core/worker_hooks.py).

    Finds work whose task was lost and asks for it again (tasks of dead workers,
    due messages and reminders nobody is handling), and starts the daily and
    weekly digests once per period. Every step is idempotent and safe to run
    from several workers at once.
    """
    return run(now=now or timezone.now())


@task(queue_name="notifications")
def run_daily_job(name: str) -> str:
    """One registered daily job (registry.register_daily_job); its result is logged, never personal data."""
    job = registry.daily_jobs().get(name)
    if job is None:
        logger.warning("daily job %s is not registered in this worker", name)
        return "unknown"
    result = job[0](now=timezone.now())
    logger.info("daily job %s done: %s", name, result)
    return str(result)[:200]


def run(*, now: dt.datetime) -> dict:
    return {
        "orphaned_tasks": recover_orphaned_tasks(now=now),
        "stranded_messages": requeue_stranded_messages(now=now),
        "stranded_reminders": requeue_stranded_reminders(now=now),
        "digests_started": start_due_digests(now=now),
        "daily_jobs_started": start_due_daily_jobs(now=now),
    }


def _dead_worker_ids(worker_ids: set[str], now: dt.datetime) -> set[str]:
    stale_after = dt.timedelta(seconds=3 * int(settings.WORKER_HEARTBEAT_SECONDS))
    beats = dict(WorkerHeartbeat.objects.filter(worker_id__in=worker_ids).values_list("worker_id", "beat_at"))
    return {w for w in worker_ids if w in beats and beats[w] < now - stale_after}


def recover_orphaned_tasks(*, now: dt.datetime) -> int:
    """Re-enqueue notification tasks left RUNNING by a worker that died (kill -9, lost machine).

    A worker is dead when its heartbeat is older than three beats; a worker
    that never beat is presumed dead once the task has run for five minutes.
    Our tasks are idempotent, so running one again is always safe.
    """
    running = list(
        DBTaskResult.objects.filter(status="RUNNING", queue_name=QUEUE).values_list("id", "worker_ids", "started_at")
    )
    if not running:
        return 0
    last_worker = {task_id: (ids[-1] if ids else "") for task_id, ids, _ in running}
    dead = _dead_worker_ids(set(last_worker.values()), now)
    beating = set(
        WorkerHeartbeat.objects.filter(worker_id__in=set(last_worker.values())).values_list("worker_id", flat=True)
    )
    orphaned = [
        task_id
        for task_id, _, started_at in running
        if last_worker[task_id] in dead
        or (last_worker[task_id] not in beating and started_at and started_at < now - NO_HEARTBEAT_AFTER)
    ]
    recovered = 0
    for task_id in orphaned:
        with transaction.atomic():
            task_row = (
                DBTaskResult.objects.select_for_update(skip_locked=True).filter(id=task_id, status="RUNNING").first()
            )
            if task_row is None:
                continue
            task_row.status = "FAILED"
            task_row.finished_at = now
            task_row.exception_class_path = "followon.notifications.sweep.WorkerLost"
            task_row.traceback = "The worker running this task stopped; the sweep enqueued it again."
            task_row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            task = import_string(task_row.task_path)
            task.enqueue(*task_row.args_kwargs.get("args", []), **task_row.args_kwargs.get("kwargs", {}))
            recovered += 1
    if recovered:
        logger.warning("re-enqueued %s notification tasks left by stopped workers", recovered)
    return recovered


def requeue_stranded_messages(*, now: dt.datetime) -> int:
    """Ask again for messages that are due (or stuck mid-send) but that no task has been asked for lately."""
    cutoff = now - STRANDED_AFTER
    not_recently_asked = Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lt=cutoff)
    stranded = OutboundMessage.objects.filter(
        (Q(status=OutboundMessage.Status.QUEUED, send_after__lt=cutoff))
        | Q(status=OutboundMessage.Status.SENDING, lease_expires_at__lt=cutoff)
    ).filter(not_recently_asked)
    count = 0
    for message in stranded.order_by("send_after")[:BATCH]:
        with transaction.atomic():
            delivery.schedule_delivery(message)
        count += 1
    if count:
        logger.info("asked again for %s stranded messages", count)
    return count


def requeue_stranded_reminders(*, now: dt.datetime) -> int:

    cutoff = now - STRANDED_AFTER
    stranded = Reminder.objects.filter(status=Reminder.Status.SCHEDULED, run_at__lt=cutoff).filter(
        Q(last_enqueued_at__isnull=True) | Q(last_enqueued_at__lt=cutoff)
    )
    count = 0
    for reminder in stranded.order_by("run_at")[:BATCH]:
        with transaction.atomic():
            if delivery.enqueue_task(send_reminder, reminder.pk, reminder.generation):
                Reminder.objects.filter(pk=reminder.pk).update(last_enqueued_at=now)
                count += 1
    return count


def digest_periods(now: dt.datetime) -> list[tuple[str, str]]:
    """(frequency, period key) pairs whose digest time has come: daily after the digest hour,
    weekly from Monday's digest hour (so a worker that was down on Monday still sends it later)."""
    local = now.astimezone(policy.LONDON)
    due_today = local.hour >= int(conf.get("NOTIFICATIONS_DIGEST_HOUR"))
    periods = []
    if due_today:
        periods.append(("daily", local.date().isoformat()))
    year, week, weekday = local.isocalendar()
    if weekday > 1 or due_today:
        periods.append(("weekly", f"{year}-W{week:02d}"))
    return periods


def start_due_digests(*, now: dt.datetime) -> int:

    started = 0
    for frequency, period_key in digest_periods(now):
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=f"digest-{frequency}", period_key=period_key)
                delivery.enqueue_task(send_digests, frequency, period_key)
        except IntegrityError:
            continue  # another worker started it
        started += 1
    return started


def start_due_daily_jobs(*, now: dt.datetime) -> int:
    """Start each registered daily job once per UK day, from its hour (registry.register_daily_job)."""

    local = now.astimezone(policy.LONDON)
    started = 0
    for name, (_, hour) in sorted(registry.daily_jobs().items()):
        if local.hour < hour:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(name=f"daily-{name}"[:60], period_key=local.date().isoformat())
                delivery.enqueue_task(run_daily_job, name)
        except IntegrityError:
            continue  # another worker started it today
        started += 1
    return started
