"""Test helpers for meetings, going through the meetings services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from followon.meetings.services import meeting_record


def meet(group, recorded_by, attended, *, days_ago=1, face_to_face=True):
    """A meeting of `group` that took place `days_ago`, recorded with who came (`attended`)."""
    starts_at = timezone.now() - timedelta(days=days_ago)
    return meeting_record(
        group=group,
        recorded_by=recorded_by,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        face_to_face=face_to_face,
        venue="Café",
        attended_user_ids={u.pk for u in attended},
    )
