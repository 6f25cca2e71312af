"""Background tasks of the notifications queue. Each is idempotent: running one twice is harmless."""

from django_tasks import task

from followon.notifications import services


@task(queue_name="notifications")
def deliver_message(message_id: int) -> str:
    return services.message_deliver(message_id=message_id)


@task(queue_name="notifications")
def send_reminder(reminder_id: int, generation: int) -> str:
    return services.reminder_send(reminder_id=reminder_id, generation=generation)


@task(queue_name="notifications")
def send_digests(frequency: str, period_key: str) -> int:
    return services.digests_send(frequency=frequency, period_key=period_key)
