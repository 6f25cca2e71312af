"""The meetings app's daily job (registered with the notifications registry)."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from followon.meetings import selectors
from followon.meetings.models import (
    Meeting,
)
from followon.meetings.recurrence import LONDON
from followon.meetings.services.attendance import attendance_questions_due
from followon.meetings.services.handover import roles_rotate_due
from followon.meetings.services.series import meeting_reminders_plan
from followon.notifications.models import Reminder

logger = logging.getLogger(__package__)


# The daily job -------------------------------------------------------------------------------------


def recurring_reminders_due(*, now: datetime | None = None) -> int:
    """Plan reminders for the next date of every repeating meeting whose reminders are for an
    earlier date (or missing). Returns how many meetings were re-planned."""

    now = now or timezone.now()
    planned = 0
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.SCHEDULED, series__isnull=True)
        .exclude(frequency=Meeting.Frequency.ONE_OFF)
        .filter(Q(until__isnull=True) | Q(until__gte=timezone.localdate(now)))
        .select_related("group", "group__service", "location")
    )
    for meeting in meetings:
        occurrence = selectors.next_occurrence(meeting, after=now)
        if occurrence is None:
            continue
        has = (
            Reminder.objects.filter(
                key__startswith=f"meeting:{meeting.public_id}:", context__date=occurrence.date.isoformat()
            )
            .exclude(status=Reminder.Status.CANCELLED)
            .exists()
        )
        if not has:
            try:
                with transaction.atomic():
                    meeting_reminders_plan(meeting=meeting)
            except Exception:  # noqa: BLE001 - one broken meeting must not stop the others
                logger.exception("planning reminders for meeting %s failed", meeting.public_id)
                continue
            planned += 1
    return planned


def meetings_daily(*, now: datetime) -> str:
    """Registered as the "meetings-daily" job (07:00 UK time): reminders for the next date of repeating
    meetings, role rotation, and "who came?" for meetings that have ended. Idempotent."""
    reminders = recurring_reminders_due(now=now)
    rotated = roles_rotate_due(today=now.astimezone(LONDON).date())
    asked = attendance_questions_due(now=now)
    return (
        f"reminders planned for {reminders} meetings, roles rotated in {rotated} groups, {asked} attendance questions"
    )
