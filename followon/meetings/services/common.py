"""What every part of the meetings services shares: who is in the group, who may organise, how a time is written."""

from __future__ import annotations

from datetime import datetime, time

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from followon.core.formatting import day_month, weekday_name
from followon.meetings import selectors
from followon.meetings.models import (
    Meeting,
)
from followon.meetings.recurrence import LONDON, format_clock
from followon.peergroups.models import GroupMembership, PeerGroup

MAX_OPTIONS = 60
MORNING_REMINDER = time(8, 0)


def _members(group: PeerGroup):
    return list(group.memberships.filter(status=GroupMembership.Status.MEMBER).select_related("user").order_by("id"))


def _require_organiser(group: PeerGroup, user) -> None:
    if not selectors.can_organise(group, user):
        raise PermissionDenied("only the group's coordinators (or its PTV supporter) can do this")


def _require_member(group: PeerGroup, user) -> None:
    if not group.memberships.filter(user=user, status=GroupMembership.Status.MEMBER).exists():
        raise PermissionDenied("not a member of this group")


def when_text(start: datetime, end: datetime) -> str:
    local_start, local_end = start.astimezone(LONDON), end.astimezone(LONDON)
    return gettext("%(day)s, %(start)s to %(end)s") % {
        "day": f"{weekday_name(local_start)} {day_month(local_start)}",
        "start": format_clock(local_start.time()),
        "end": format_clock(local_end.time()),
    }


def _place(meeting: Meeting) -> str:
    if meeting.location_id:
        return meeting.location.name
    if meeting.mode == Meeting.Mode.ONLINE:
        return "online"
    return meeting.venue
