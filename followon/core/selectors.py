import threading
import uuid
from datetime import datetime, timedelta
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, Max
from django.utils import timezone

from followon.core.models import AuditEvent, WorkerHeartbeat
from followon.core.prepared import PreparedQuery

__all__ = ["AuditEvent"]


def audit_events_for_service(service):
    return AuditEvent.objects.filter(service=service).select_related("actor").order_by("-occurred_at", "-id")


class AuditRow(NamedTuple):
    """One line of the audit trail page: every value the line shows (core/_audit_row.jinja)."""

    public_id: uuid.UUID
    occurred_at: datetime
    actor_name: str | None  # as pages show a person's name; None: the system
    action: str
    target_type: str


def _audit_rows(service_id):
    return (
        AuditEvent.objects.filter(service_id=service_id)
        .order_by("-occurred_at", "-id")
        .values_list("public_id", "occurred_at", F("actor__preferred_name"), "actor_id", "action", "target_type")
    )


# One read per page window (its LIMIT and OFFSET are part of the SQL), each built once per process
# (core.prepared, ADR 0032); the first pages are the ones people read.
_AUDIT_PAGES: dict[tuple[int, int], PreparedQuery] = {}
_AUDIT_PAGES_KEPT = 32
_audit_pages_lock = threading.Lock()


def audit_rows_for_service(service, start: int, stop: int) -> list[AuditRow]:
    """The service's audit events `start` to `stop` (newest first), as plain rows: one query."""
    window = (start, stop)
    prepared = _AUDIT_PAGES.get(window)
    if prepared is None and len(_AUDIT_PAGES) < _AUDIT_PAGES_KEPT:
        with _audit_pages_lock:
            prepared = _AUDIT_PAGES.setdefault(
                window, PreparedQuery(lambda service_id: _audit_rows(service_id)[start:stop], service_id=int)
            )
    rows = prepared.list(service_id=service.pk) if prepared else list(_audit_rows(service.pk)[start:stop])
    shown = get_user_model().name_shown
    return [
        AuditRow(public_id, occurred_at, None if actor_id is None else shown(name or ""), action, target_type)
        for public_id, occurred_at, name, actor_id, action, target_type in rows
    ]


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
