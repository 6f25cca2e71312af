"""Sharing the load: handing a meeting over, the group's reminder plan and rotating the coordinator roles."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from followon.core.services import audit_record
from followon.meetings import selectors
from followon.meetings.models import (
    Meeting,
    MeetingPlan,
)
from followon.meetings.services.common import _members, _require_member, _require_organiser
from followon.meetings.services.series import _meeting_context, meeting_reminders_plan
from followon.notifications.services import (
    member_notify,
)
from followon.peergroups.models import GroupRole, PeerGroup
from followon.peergroups.services import organiser_roles_swap

# Handover and roles -----------------------------------------------------------------------------


def handover_ask(*, meeting: Meeting, user) -> int:
    """ "I'm unwell — can someone take this one?": in one step, ask the co-coordinator and every
    other member to run the next date. Returns how many people were asked."""
    _require_organiser(meeting.group, user)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(gettext("Only a planned meeting can be handed over"))
    occurrence = selectors.next_occurrence(meeting)
    if occurrence is None:
        raise ValidationError(gettext("This meeting has no more dates"))
    with transaction.atomic():
        meeting.handover_asked_at = timezone.now()
        meeting.host = None
        meeting.save(update_fields=["handover_asked_at", "host", "updated_at"])
        members = [m.user for m in _members(meeting.group) if m.user_id != user.pk]
        co = set(
            meeting.group.roles.filter(role=GroupRole.Role.CO_COORDINATOR, ended_at__isnull=True).values_list(
                "user_id", flat=True
            )
        )
        members.sort(key=lambda u: (u.pk not in co, u.pk))  # the co-coordinator first
        for member in members:
            context = _meeting_context(meeting, member, occurrence)
            context["host_name"] = user.display_name
            member_notify(
                recipient=member,
                template="meeting_handover",
                context=context,
                idempotency_key=f"meeting:{meeting.public_id}:handover:{meeting.handover_asked_at.isoformat()}:{member.public_id}",
                service=meeting.group.service,
                topic=f"group:{meeting.group.public_id}",
                essential=True,
            )
        audit_record(actor=user, action="meeting.handover_asked", target=meeting, service=meeting.group.service)
    return len(members)


def handover_take(*, meeting: Meeting, user) -> Meeting:
    """A member says they will run the meeting; the first to say so does."""
    _require_member(meeting.group, user)
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.host_id is not None:
            raise ValidationError(gettext("Someone has already offered to run this meeting. Thank you"))
        locked.host = user
        locked.handover_asked_at = None
        locked.save(update_fields=["host", "handover_asked_at", "updated_at"])
        audit_record(actor=user, action="meeting.handover_taken", target=locked, service=meeting.group.service)
    return locked


def meeting_plan_update(
    *, group: PeerGroup, user, remind_days_before: int, remind_morning_of: bool, rotate_roles_every_weeks: int | None
) -> MeetingPlan:
    """The group's own settings: when reminders go out, and how often the coordinator roles swap."""
    _require_organiser(group, user)
    if remind_days_before > 14:
        raise ValidationError({"remind_days_before": gettext("Choose up to 14 days before")})
    if rotate_roles_every_weeks is not None and not 1 <= rotate_roles_every_weeks <= 52:
        raise ValidationError({"rotate_roles_every_weeks": gettext("Enter a number of weeks from 1 to 52")})
    with transaction.atomic():
        plan, _ = MeetingPlan.objects.get_or_create(group=group)
        plan.remind_days_before = remind_days_before
        plan.remind_morning_of = remind_morning_of
        plan.rotate_roles_every_weeks = rotate_roles_every_weeks
        plan.next_rotation_on = (
            timezone.localdate() + timedelta(weeks=rotate_roles_every_weeks) if rotate_roles_every_weeks else None
        )
        plan.save()
        for meeting in group.meetings.filter(status=Meeting.Status.SCHEDULED, series__isnull=True):
            meeting_reminders_plan(meeting=meeting)
        audit_record(actor=user, action="meeting.plan_updated", target=plan, service=group.service)
    return plan


def roles_rotate_due(*, today: date | None = None) -> int:
    """Swap coordinator and co-coordinator in groups whose rotation date has come. Returns how many groups."""
    today = today or timezone.localdate()
    rotated = 0
    for plan in MeetingPlan.objects.filter(next_rotation_on__lte=today, rotate_roles_every_weeks__isnull=False):
        with transaction.atomic():
            if organiser_roles_swap(group=plan.group):
                rotated += 1
            plan.next_rotation_on = today + timedelta(weeks=plan.rotate_roles_every_weeks)
            plan.save(update_fields=["next_rotation_on"])
    return rotated
