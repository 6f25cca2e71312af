import uuid

from django.conf import settings
from django.db import models


class OutboundMessage(models.Model):
    """The outbox: one row per message the platform sends (SMS or email).

    Written in the same transaction as the change that causes it; the worker
    delivers it. `idempotency_key` makes a retried or duplicated task, or a
    caller that runs twice, send the message at most once.
    """

    class Channel(models.TextChoices):
        SMS = "sms", "SMS"
        EMAIL = "email", "Email"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.CharField(max_length=200, unique=True)
    service = models.ForeignKey(
        "organisations.PainService", null=True, blank=True, on_delete=models.CASCADE, related_name="outbound_messages"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound_messages"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    to_address = models.CharField(max_length=254)
    template = models.CharField(max_length=80)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    urgent = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_reference = models.CharField(max_length=100, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.template} by {self.channel} ({self.status})"
