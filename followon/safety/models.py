"""The safety net behind group boards: service settings, service hours, the duty rota and the
duty-clinician queue (concern items). The message screen itself is pure code in `screen/`.

A concern item moves only along `ConcernItem.TRANSITIONS` (raised → acknowledged → action
recorded → closed), through `services.concern_transition`, which stamps who and when.
"""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from followon.safety.screen import explain


class SafetySettings(models.Model):
    """Per service: hold flagged posts for a check first, and when to escalate."""

    service = models.OneToOneField(
        "organisations.PainService", on_delete=models.CASCADE, related_name="safety_settings"
    )
    hold_for_review = models.BooleanField(
        "Hold flagged posts for a check before the group sees them",
        default=False,
        help_text="If no, a flagged post stays on the board so the group can support the person too.",
    )
    escalation_minutes = models.PositiveIntegerField(
        "Minutes before an unacknowledged urgent item goes to the service admin",
        default=60,
        help_text="Counted in service hours only.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Safety settings for {self.service}"


class ServiceHours(models.Model):
    """When the service watches its queue, per weekday, in Europe/London wall time."""

    WEEKDAYS = [
        (0, "Monday"),
        (1, "Tuesday"),
        (2, "Wednesday"),
        (3, "Thursday"),
        (4, "Friday"),
        (5, "Saturday"),
        (6, "Sunday"),
    ]
    DEFAULT_OPENS = dt.time(9, 0)
    DEFAULT_CLOSES = dt.time(17, 0)

    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="safety_hours")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["service", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["service", "weekday"], name="one_hours_row_per_weekday"),
            models.CheckConstraint(condition=Q(closes__gt=models.F("opens")), name="hours_close_after_opening"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class DutyShift(models.Model):
    """One clinician on duty for the queue from `starts_at` to `ends_at`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("organisations.PainService", on_delete=models.CASCADE, related_name="duty_shifts")
    clinician = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duty_shifts")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["service", "starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="shift_ends_after_start")
        ]

    def __str__(self) -> str:
        return f"Duty {self.starts_at:%Y-%m-%d %H:%M}"


class ConcernItem(models.Model):
    """One item in a service's duty-clinician queue."""

    class Source(models.TextChoices):
        POST = "post", _("Group board post")
        SMS = "sms", _("Text message")
        HELP_SMS = "help_sms", _("Texted HELP")
        SELF = "self", _("Asked to be contacted")
        PEER = "peer", _("Another member is worried")
        REPORT = "report", _("Post reported by a member")
        FREE_TEXT = "free_text", _("Free-text answer")

    class Level(models.TextChoices):
        CONCERN = "concern", _("Concern")
        URGENT = "urgent", _("Urgent")
        UNSCREENED = "unscreened", _("Not screened (check it)")

    class State(models.TextChoices):
        RAISED = "raised", _("Raised")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ACTIONED = "actioned", _("Action recorded")
        CLOSED = "closed", _("Closed")

    class Action(models.TextChoices):
        CALLED = "called", _("Called the member")
        GP = "gp", _("Referred to their GP")
        CRISIS = "crisis", _("Referred to the crisis team")
        NO_ACTION = "no_action", _("No action needed")

    TRANSITIONS: dict[str, frozenset[str]] = {
        State.RAISED: frozenset({State.ACKNOWLEDGED}),
        State.ACKNOWLEDGED: frozenset({State.ACTIONED}),
        State.ACTIONED: frozenset({State.CLOSED}),
        State.CLOSED: frozenset(),
    }
    ALERTING_LEVELS = (Level.URGENT, Level.UNSCREENED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey("organisations.PainService", on_delete=models.PROTECT, related_name="concern_items")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_about")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns_raised"
    )
    group = models.ForeignKey(
        "peergroups.PeerGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "conversations.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="concern_items"
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    source_ref = models.CharField(max_length=100, blank=True)
    level = models.CharField(max_length=12, choices=Level.choices)
    text = models.TextField(blank=True, help_text="The flagged free text or the member's own words (not for posts).")
    rule_ids = models.JSONField(default=list, blank=True)
    screen_version = models.CharField(max_length=40, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    state = models.CharField(max_length=14, choices=State.choices, default=State.RAISED)
    raised_at = models.DateTimeField()
    raised_out_of_hours = models.BooleanField(default=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices, blank=True)
    action_note = models.TextField(blank=True)
    action_at = models.DateTimeField(null=True, blank=True)
    action_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalate_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        indexes = [
            models.Index(fields=["service", "state", "raised_at"]),
            models.Index(
                fields=["escalate_at"],
                condition=Q(escalated_at__isnull=True, acknowledged_at__isnull=True),
                name="concern_escalation_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="no_action") | ~Q(action_note=""), name="no_action_needs_rationale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} item {self.public_id}"

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the message screen raised it, in words (from the ids stored with the version that raised it)."""
        return explain(self.rule_ids or ())

    @property
    def is_urgent(self) -> bool:
        return self.level in self.ALERTING_LEVELS

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED
