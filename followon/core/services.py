"""Writes owned by core: the audit trail and the worker heartbeat."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from followon.core.audit_actions import AuditAction
from followon.core.models import AuditEvent, WorkerHeartbeat
from followon.core.request_context import current_request_id

# Audit detail holds facts about a change, never content. These keys would
# invite a body, a one-time code or a token into the trail, so they are refused.
_FORBIDDEN_DETAIL_KEYS = {"body", "text", "message", "content", "code", "token", "password", "otp", "secret"}


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    service=None,
    detail: dict | None = None,
) -> AuditEvent:
    """Write one audit event in the caller's transaction.

    `service` defaults to the target's own `service` when it has one, so that
    each service's admins see the events about their objects. `action` must be
    one of core.audit_actions.AuditAction (ValueError otherwise).
    """
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}: add it to core.audit_actions.AuditAction")
    detail = detail or {}
    bad = _FORBIDDEN_DETAIL_KEYS.intersection(k.lower() for k in detail)
    if bad:
        raise ValueError(f"audit detail must not carry content: {sorted(bad)}")
    if service is None and target is not None:
        is_service = target._meta.label == "organisations.PainService"
        service = target if is_service else getattr(target, "service", None)
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(getattr(target, "public_id", None) or getattr(target, "pk", "") or "") if target else "",
        service=service,
        request_id=current_request_id(),
        detail=detail,
    )


def worker_heartbeat_beat(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"beat_at": timezone.now()})
