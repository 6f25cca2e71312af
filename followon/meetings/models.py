"""Group meetings and who attended them.

Minimal for now (programmes issue): enough to record held meetings, decide
when a group has formed and when its PTV steps back. The meetings issue will
add polls, RSVPs, venues and calendar feeds; `public_id` names a meeting in
URLs and calendar UIDs, and `sequence` is the iCalendar SEQUENCE, bumped on
every change that calendar clients must pick up.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        HELD = "held", "Held"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey("peergroups.PeerGroup", on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    face_to_face = models.BooleanField(default=True)
    venue = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["group", "starts_at"])]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start")]

    def __str__(self) -> str:
        return f"Meeting {self.public_id}"


class Attendance(models.Model):
    """Whether one person came to one meeting. Staying in touch counts too,
    but formation counts only face-to-face attendance (the study's definition)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance")
    attended = models.BooleanField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")]

    def __str__(self) -> str:
        return f"Attendance at {self.meeting}"
