import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from followon.core.audit_actions import action_label


class AuditEvent(models.Model):
    """Who did what to which object, when (UTC). Never message bodies, codes or tokens."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    service = models.ForeignKey(
        "organisations.PainService", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    request_id = models.CharField(max_length=64, blank=True)
    # Small structured facts (field names, old/new states). Services must not
    # put free text, codes or tokens here; audit_record() enforces a key list.
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["service", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"

    @property
    def action_label(self) -> str:
        """What happened, in words (core.audit_actions); the stored action for one no longer listed."""
        return action_label(self.action)


class WorkerHeartbeat(models.Model):
    """One row per worker process; /healthz reports the age of the newest beat."""

    worker_id = models.CharField(max_length=64, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.worker_id


class HashedTokenLink(models.Model):
    """A link that needs no sign-in: only the SHA-256 of its token is stored (core.links), and it
    stops working at `expires_at`. Each app's link model adds what the link is for."""

    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()

    class Meta:
        abstract = True

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at
