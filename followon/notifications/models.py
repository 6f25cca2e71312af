import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundMessage(models.Model):
    """The outbox: one row per message the platform sends (SMS or email).

    Written in the same transaction as the change that causes it; the worker
    delivers it. `idempotency_key` makes a retried or duplicated task, or a
    caller that runs twice, send the message at most once. The states and the
    crash-safe hand-over to GOV.UK Notify are described in
    docs/adr/ (notifications outbox ADR) and in `delivery.py`.
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
        CANCELLED = "cancelled", "Not sent"

    class FailureKind(models.TextChoices):
        NONE = "", "None"
        REJECTED = "rejected", "Refused by the provider"
        GAVE_UP = "gave_up", "Temporary failures, gave up"
        UNDELIVERABLE = "undeliverable", "Not delivered"
        TEMPLATE = "template", "Message could not be written"

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
    # Essential messages (sign-in codes, safety, account changes) ignore STOP and group mutes.
    essential = models.BooleanField(default=False)
    # A generic key for what the message is about ("group:<uuid>"), used for mutes and coordinator views.
    topic = models.CharField(max_length=100, blank=True, db_index=True)
    # Sensitive messages (sign-in codes, invitation and questionnaire links) lose their body once the
    # provider has accepted them: the row stays (status, template, recipient, times) for receipts
    # and the failed-messages page; the secret does not stay in our database.
    sensitive = models.BooleanField(default=False)
    body_removed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Not before this time: quiet hours, back-off after a temporary failure, throttling.
    send_after = models.DateTimeField(default=timezone.now)
    # While SENDING: after this time a worker may assume the sender died and reconcile.
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    # The last attempt ended without knowing whether the provider accepted it:
    # ask the provider (by our reference) before sending again.
    needs_reconcile = models.BooleanField(default=False)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    provider_reference = models.CharField(max_length=100, blank=True)
    failure_kind = models.CharField(max_length=16, choices=FailureKind.choices, blank=True, default="")
    failure_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["service", "status", "-failed_at"], name="notif_msg_service_status"),
            models.Index(fields=["status", "send_after"], name="notif_msg_status_due"),
            models.Index(fields=["provider_reference"], name="notif_msg_provider_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.template} by {self.channel} ({self.status})"

    @property
    def can_be_retried(self) -> bool:
        """Staff may try again only where trying again could work."""
        return self.status == self.Status.FAILED and self.failure_kind == self.FailureKind.GAVE_UP


class DeliveryAttempt(models.Model):
    """One call to a provider. Counted by the throttle, shown when a message fails."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "In progress"
        SENT = "sent", "Accepted"
        RECONCILED = "reconciled", "Found already accepted"
        TEMPORARY = "temporary", "Temporary failure"
        PERMANENT = "permanent", "Refused"
        LOST = "lost", "Worker stopped mid-send"

    message = models.ForeignKey(OutboundMessage, on_delete=models.CASCADE, related_name="delivery_attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the throttle counts against: one row per provider key ("notify:<service id>", "smtp", "console").
    rate_key = models.CharField(max_length=80)
    channel = models.CharField(max_length=10, choices=OutboundMessage.Channel.choices)
    to_address = models.CharField(max_length=254)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["message", "number"]
        indexes = [
            models.Index(fields=["rate_key", "started_at"], name="notif_attempt_rate"),
            models.Index(fields=["to_address", "started_at"], name="notif_attempt_number"),
        ]

    def __str__(self) -> str:
        return f"attempt {self.number} ({self.outcome})"


class RateLimitLock(models.Model):
    """One row per provider key; workers lock it (SELECT ... FOR UPDATE) while they count and claim."""

    key = models.CharField(max_length=80, primary_key=True)

    def __str__(self) -> str:
        return self.key


class ServiceChannelSettings(models.Model):
    """A pain service's choice of channels, overriding the deployment's settings."""

    class SmsChannel(models.TextChoices):
        DEFAULT = "", "Deployment default"
        NOTIFY = "notify", "GOV.UK Notify"
        CONSOLE = "console", "Console (demo only)"

    class EmailChannel(models.TextChoices):
        DEFAULT = "", "Deployment default"
        NOTIFY = "notify", "GOV.UK Notify"
        SMTP = "smtp", "SMTP mail server"
        CONSOLE = "console", "Console (demo only)"

    service = models.OneToOneField(
        "organisations.PainService", on_delete=models.CASCADE, related_name="notification_channels"
    )
    sms_channel = models.CharField(max_length=10, choices=SmsChannel.choices, blank=True, default="")
    email_channel = models.CharField(max_length=10, choices=EmailChannel.choices, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "service channel settings"
        verbose_name_plural = "service channel settings"

    def __str__(self) -> str:
        return f"Channels for {self.service}"


class NotificationPreference(models.Model):
    """How one member wants to hear from FollowOn. No row means the defaults."""

    class Channel(models.TextChoices):
        SMS = "sms", _("Text message")
        EMAIL = "email", _("Email")
        BOTH = "both", _("Text message and email")

    class Digest(models.TextChoices):
        OFF = "off", _("Tell me about each new post")
        DAILY = "daily", _("Once a day")
        WEEKLY = "weekly", _("Once a week")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    # Blank: follow the account's preferred channel.
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True, default="")
    quiet_hours = models.BooleanField(default=True)
    muted_topics = models.JSONField(default=list, blank=True)
    sms_stopped = models.BooleanField(default=False)
    sms_stopped_at = models.DateTimeField(null=True, blank=True)
    digest = models.CharField(max_length=10, choices=Digest.choices, default=Digest.OFF)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Preferences of {self.user}"


class Reminder(models.Model):
    """A message to send at a time. Re-planned by calling reminder_schedule() again with its key."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=200, unique=True)
    run_at = models.DateTimeField()
    template = models.CharField(max_length=80)
    context = models.JSONField(default=dict, blank=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    service = models.ForeignKey(
        "organisations.PainService", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    topic = models.CharField(max_length=100, blank=True)
    essential = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False)
    # Its messages are sensitive (OutboundMessage.sensitive): their body is removed once sent.
    sensitive = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    # Bumped on every re-plan; a task carrying an older generation does nothing.
    generation = models.PositiveIntegerField(default=1)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["run_at"]
        indexes = [models.Index(fields=["status", "run_at"], name="notif_reminder_due")]

    def __str__(self) -> str:
        return f"{self.key} at {self.run_at:%Y-%m-%d %H:%M} ({self.status})"


class OpenQuestion(models.Model):
    """Something a member was asked by text ("Reply YES, NO or MAYBE"). Their next reply answers it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_questions")
    service = models.ForeignKey(
        "organisations.PainService", null=True, blank=True, on_delete=models.CASCADE, related_name="open_questions"
    )
    kind = models.CharField(max_length=40)
    object_ref = models.CharField(max_length=120)
    valid_replies = models.JSONField(default=list)
    asked_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    last_reply = models.CharField(max_length=20, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["user", "-asked_at"], name="notif_question_latest")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_ref}"


class InboundSms(models.Model):
    """A text a member sent us (Notify's received-text callback). Unknown numbers keep no content."""

    class Outcome(models.TextChoices):
        HELP = "help", "Sent crisis signposting"
        STOP = "stop", "Stopped texts"
        START = "start", "Restarted texts"
        ANSWERED = "answered", "Answered a question"
        INVALID_REPLY = "invalid_reply", "Reply did not fit the question"
        NO_QUESTION = "no_question", "No question to answer"
        PASSED_ON = "passed_on", "Passed on"
        FOR_STAFF = "for_staff", "Waiting for staff"
        HANDLER_ERROR = "handler_error", "Could not be handled"
        UNKNOWN_NUMBER = "unknown_number", "Unknown number"

    notify_id = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_texts"
    )
    service = models.ForeignKey(
        "organisations.PainService", null=True, blank=True, on_delete=models.CASCADE, related_name="inbound_texts"
    )
    from_number = models.CharField(max_length=20, blank=True)
    body = models.TextField(blank=True)
    keyword = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    question = models.ForeignKey(OpenQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["service", "outcome", "-received_at"], name="notif_inbound_service")]

    def __str__(self) -> str:
        return f"inbound {self.notify_id} ({self.outcome})"


class DigestItem(models.Model):
    """One thing to tell a member about in their next digest ("New post: Coffee on Tuesday?")."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_items")
    service = models.ForeignKey(
        "organisations.PainService", null=True, blank=True, on_delete=models.CASCADE, related_name="digest_items"
    )
    topic = models.CharField(max_length=100, blank=True)
    topic_label = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)
    digested_at = models.DateTimeField(null=True, blank=True)
    digest_key = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["recipient", "digested_at"], name="notif_digest_pending")]

    def __str__(self) -> str:
        return self.title


class ScheduledRun(models.Model):
    """Marks that a periodic job ran for a period, so several workers start it once."""

    name = models.CharField(max_length=60)
    period_key = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "period_key"], name="notif_scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.name} {self.period_key}"
