"""Meetings, one-off or repeating: setting one up, reminders, rescheduling and cancelling."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from followon.core.links import absolute_url
from followon.core.services import audit_record
from followon.meetings import selectors
from followon.meetings.models import (
    Meeting,
    MeetingPlan,
    Rsvp,
    Venue,
)
from followon.meetings.recurrence import LONDON, Recurrence, RecurrenceError
from followon.meetings.selectors import recurrence_for
from followon.meetings.services.common import MORNING_REMINDER, _members, _place, _require_organiser, when_text
from followon.notifications.services import (
    member_notify,
    message_language,
    open_question_ask,
    open_questions_close,
    reminder_schedule,
    reminders_cancel,
)
from followon.peergroups.models import PeerGroup

# Meetings -------------------------------------------------------------------------------------


def meeting_create(
    *,
    group: PeerGroup,
    created_by,
    first_date: date,
    start_time: time,
    end_time: time,
    frequency: str = Meeting.Frequency.ONE_OFF,
    interval: int = 1,
    last_weekday_of_month: bool = False,
    until: date | None = None,
    title: str = "",
    details: str = "",
    location: Venue | None = None,
    mode: str = Meeting.Mode.IN_PERSON,
    online_url: str = "",
    capacity: int | None = None,
) -> Meeting:
    """A one-off or repeating meeting set directly by an organiser (without a poll)."""
    _require_organiser(group, created_by)
    try:
        when = Recurrence(
            first_date=first_date,
            start_time=start_time,
            end_time=end_time,
            frequency=frequency,
            interval=interval,
            last_weekday_of_month=last_weekday_of_month,
            until=until,
        )
    except RecurrenceError as error:
        raise ValidationError({error.field or "first_date": str(error)}) from error
    errors = {}
    if when.dtstart <= timezone.now():
        errors["first_date"] = gettext("The first meeting must be in the future")
    if mode in (Meeting.Mode.ONLINE, Meeting.Mode.HYBRID) and not online_url:
        errors["online_url"] = gettext("Enter the link people use to join online, like https://meet.example.org/abc")
    if location is not None and location.service_id != group.service_id:
        errors["location"] = gettext("Choose one of the group's venues")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return _meeting_create(
            group=group,
            created_by=created_by,
            title=title,
            when=when,
            location=location,
            mode=mode,
            online_url=online_url,
            details=details,
            capacity=capacity,
        )


def _meeting_create(
    *, group, created_by, title, when: Recurrence, location, mode, online_url="", details="", capacity=None
):
    first = when.first()
    meeting = Meeting.objects.create(
        group=group,
        created_by=created_by,
        host=created_by,
        title=title.strip() or f"{group.name} meeting",
        details=details,
        starts_at=first.start,
        ends_at=first.end,
        face_to_face=mode != Meeting.Mode.ONLINE,
        location=location,
        venue=location.name if location else "",
        mode=mode,
        online_url=online_url,
        capacity=capacity,
        frequency=when.frequency.value if when.repeats else Meeting.Frequency.ONE_OFF,
        interval=when.interval,
        last_weekday_of_month=when.last_weekday_of_month,
        until=when.until,
    )
    audit_record(actor=created_by, action="meeting.created", target=meeting, service=group.service)
    occurrence = selectors.next_occurrence(meeting)
    for membership in _members(group):
        _tell_member(meeting, membership.user, occurrence, template="meeting_confirmed", ask=True)
    meeting_reminders_plan(meeting=meeting)
    return meeting


def _meeting_context(meeting: Meeting, user, occurrence) -> dict:
    # Written in the language the message will be in (the member's, where their service offers it),
    # so the day and month names match the words around them, and the link opens the page in it.
    with translation.override(message_language(user, meeting.group.service)):
        return {
            "name": user.display_name,
            "group_name": meeting.group.name,
            "when": when_text(occurrence.start, occurrence.end) if occurrence else "",
            "place": _place(meeting),
            "link": absolute_url("meetings:meeting", meeting.public_id),
        }


def _tell_member(meeting: Meeting, user, occurrence, *, template: str, ask: bool = False, key: str = "") -> None:
    if occurrence is None:
        return
    member_notify(
        recipient=user,
        template=template,
        context=_meeting_context(meeting, user, occurrence),
        idempotency_key=key or f"meeting:{meeting.public_id}:{meeting.sequence}:{template}:{user.public_id}",
        service=meeting.group.service,
        topic=f"group:{meeting.group.public_id}",
        essential=True,
    )
    if ask:
        open_question_ask(
            user=user,
            kind="meeting_rsvp",
            object_ref=f"meeting:{meeting.public_id}:{occurrence.date.isoformat()}",
            valid_replies=["YES", "NO", "STILL HERE"],
            service=meeting.group.service,
            expires_at=occurrence.start,
        )


def meeting_reminders_plan(*, meeting: Meeting) -> int:
    """(Re-)plan reminders for the meeting's next date, for every member, by the group's plan.

    Keys are "meeting:<uuid>:<kind>:<member uuid>", so planning again moves them; a cancelled
    meeting has its reminders cancelled. Returns how many were planned."""
    reminders_cancel(key_prefix=f"meeting:{meeting.public_id}:")
    occurrence = selectors.next_occurrence(meeting)
    if meeting.status != Meeting.Status.SCHEDULED or occurrence is None:
        return 0
    plan = MeetingPlan.objects.filter(group=meeting.group).first() or MeetingPlan(group=meeting.group)
    times = []
    if plan.remind_days_before:
        times.append(("days", occurrence.start - timedelta(days=plan.remind_days_before)))
    if plan.remind_morning_of:
        morning = datetime.combine(occurrence.date, MORNING_REMINDER, tzinfo=LONDON)
        if morning < occurrence.start:
            times.append(("morning", morning))
    now = timezone.now()
    planned = 0
    for membership in _members(meeting.group):
        context = _meeting_context(meeting, membership.user, occurrence)
        context["meeting_id"] = str(meeting.public_id)
        context["date"] = occurrence.date.isoformat()
        for kind, run_at in times:
            if run_at <= now:
                continue
            reminder_schedule(
                key=f"meeting:{meeting.public_id}:{kind}:{membership.user.public_id}",
                run_at=run_at,
                template="meeting_reminder",
                context=context,
                recipient=membership.user,
                service=meeting.group.service,
                topic=f"group:{meeting.group.public_id}",
            )
            planned += 1
    return planned


def meeting_reminder_still_needed(*, key: str, context: dict) -> bool:
    """Reminder guard: nothing is sent for a cancelled meeting or a cancelled date."""
    meeting = Meeting.objects.filter(public_id=context.get("meeting_id")).first()
    if meeting is None or meeting.status != Meeting.Status.SCHEDULED:
        return False
    return context.get("date") not in meeting.cancelled_dates


def meeting_reschedule(*, meeting: Meeting, user, starts_at: datetime, ends_at: datetime) -> Meeting:
    """Move a one-off meeting: same calendar UID, next SEQUENCE, members told, reminders moved."""
    _require_organiser(meeting.group, user)
    if meeting.frequency != Meeting.Frequency.ONE_OFF:
        raise ValidationError(gettext("Change a repeating meeting by cancelling a date or setting up a new pattern"))
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(gettext("Only a planned meeting can be moved"))
    try:
        Recurrence.once(starts_at, ends_at)
    except RecurrenceError as error:
        raise ValidationError({"end_time": str(error)}) from error
    if starts_at <= timezone.now():
        raise ValidationError({"day": gettext("The meeting must be in the future")})
    with transaction.atomic():
        meeting.starts_at, meeting.ends_at = starts_at, ends_at
        meeting.sequence += 1
        meeting.save()
        Rsvp.objects.filter(meeting=meeting).delete()
        occurrence = selectors.next_occurrence(meeting)
        for membership in _members(meeting.group):
            _tell_member(meeting, membership.user, occurrence, template="meeting_confirmed", ask=True)
        meeting_reminders_plan(meeting=meeting)
        audit_record(actor=user, action="meeting.moved", target=meeting, service=meeting.group.service)
    return meeting


def meeting_cancel(*, meeting: Meeting, user, occurrence_date: date | None = None) -> Meeting:
    """Cancel the whole meeting, or one date of a repeating one. Calendar files keep the UID
    with a higher SEQUENCE; members are told and reminders for it are cancelled."""
    _require_organiser(meeting.group, user)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError(gettext("This meeting is not planned, so it cannot be cancelled"))
    with transaction.atomic():
        if occurrence_date is None or meeting.frequency == Meeting.Frequency.ONE_OFF:
            occurrence = selectors.next_occurrence(meeting) or recurrence_for(meeting).first()
            meeting.status = Meeting.Status.CANCELLED
            open_questions_close(object_ref=f"meeting:{meeting.public_id}:{occurrence.date.isoformat()}")
        else:
            occurrence = recurrence_for(meeting).occurrence_on(occurrence_date)
            if occurrence is None or occurrence_date.isoformat() in meeting.cancelled_dates:
                raise ValidationError({"occurrence_date": gettext("Choose a date this meeting is planned for")})
            meeting.cancelled_dates = sorted({*meeting.cancelled_dates, occurrence_date.isoformat()})
            open_questions_close(object_ref=f"meeting:{meeting.public_id}:{occurrence_date.isoformat()}")
        meeting.sequence += 1
        meeting.save()
        for membership in _members(meeting.group):
            _tell_member(meeting, membership.user, occurrence, template="meeting_cancelled")
        meeting_reminders_plan(meeting=meeting)
        audit_record(
            actor=user,
            action="meeting.cancelled",
            target=meeting,
            service=meeting.group.service,
            detail={"one_date": occurrence_date is not None},
        )
    return meeting
