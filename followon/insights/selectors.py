"""Reads for insights, always scoped to one service."""

from __future__ import annotations

from datetime import date

from django.db.models import Max, Q
from django.utils import timezone

from followon.insights.survival import GroupSurvivalReport, group_survival_from_dates
from followon.meetings.models import Meeting
from followon.peergroups.models import PeerGroup


def group_durations(*, service, today: date | None = None) -> tuple[list[date], list[date], list[str]]:
    """Start, end and status of every group of the service that counts for survival, in one query.

    Imported groups: their recorded start date and last contact. Live groups that have formed:
    from the formed date to their last held meeting, their last contact (or, with no meeting
    held yet, today for a group still going and the date it folded or merged for an ended one).
    Groups still going are censored there, ended ones are events (see `survival`). Groups
    that never formed are left out: they never started.
    """
    today = today or timezone.localdate()
    rows = (
        PeerGroup.objects.filter(service=service)
        .filter(Q(history__isnull=False) | Q(formed_on__isnull=False))
        .annotate(last_held=Max("meetings__starts_at", filter=Q(meetings__status=Meeting.Status.HELD)))
        .values_list(
            "status", "formed_on", "folded_on", "merged_on", "history__start_date", "history__last_contact", "last_held"
        )
        .order_by("id")
    )
    starts, ends, statuses = [], [], []
    for status, formed_on, folded_on, merged_on, hist_start, hist_last, last_held in rows:
        if hist_start is not None:
            start, end = hist_start, hist_last
        else:
            start = formed_on
            ended_on = folded_on or merged_on
            if last_held is not None:
                end = timezone.localtime(last_held).date()
            elif status in PeerGroup.OPEN_STATUSES:
                end = today
            else:
                end = ended_on or today
        starts.append(start)
        ends.append(max(end, start))
        statuses.append(status)
    return starts, ends, statuses


def service_group_survival(*, service, today: date | None = None) -> GroupSurvivalReport:
    starts, ends, statuses = group_durations(service=service, today=today)
    return group_survival_from_dates(starts, ends, statuses)
