"""Background tasks of the notifications queue. Each is idempotent: running one twice is harmless."""

import logging

from django.utils import timezone
from django_tasks import task

from followon.notifications import registry, services

logger = logging.getLogger(__name__)


@task(queue_name="notifications")
def deliver_message(message_id: int) -> str:
    return services.message_deliver(message_id=message_id)


@task(queue_name="notifications")
def send_reminder(reminder_id: int, generation: int) -> str:
    return services.reminder_send(reminder_id=reminder_id, generation=generation)


@task(queue_name="notifications")
def send_digests(frequency: str, period_key: str) -> int:
    return services.digests_send(frequency=frequency, period_key=period_key)


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
