from datetime import timedelta

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from followon.core.models import AuditEvent, WorkerHeartbeat

__all__ = ["AuditEvent"]


def audit_events_for_service(service):
    return AuditEvent.objects.filter(service=service).select_related("actor").order_by("-occurred_at", "-id")


def audit_event_for_service(service, public_id):
    return audit_events_for_service(service).get(public_id=public_id)


def database_is_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not reachable" to a health check
        return False


def worker_heartbeat_age() -> timedelta | None:
    newest = WorkerHeartbeat.objects.aggregate(newest=Max("beat_at"))["newest"]
    return None if newest is None else timezone.now() - newest
