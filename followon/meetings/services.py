"""Writes for meetings: venues, availability polls, meetings (one-off or repeating), RSVPs,
attendance, coordinator handover, role rotation and calendar feed tokens.

Each function runs in one transaction, writes an audit event (never content or tokens) and
tells members through notifications (`member_notify`, `reminder_schedule`, `open_question_ask`).
Bad input raises `ValidationError` with a message fit to show, and changes nothing.
"""

from __future__ import annotations

import logging
import re
import secrets
from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from followon.core.links import absolute_url, token_hash
from followon.core.services import audit_record
from followon.meetings import selectors
from followon.meetings.models import (
    Attendance,
    AttendanceQuestion,
    CalendarFeed,
    Meeting,
    MeetingPlan,
    Poll,
    PollAnswer,
    PollLink,
    PollOption,
    Rsvp,
    Venue,
)
from followon.meetings.recurrence import LONDON, Recurrence, RecurrenceError, format_clock
from followon.notifications.models import Reminder
from followon.notifications.rendering import render_message, sms_fits
from followon.notifications.services import (
    ANY_TEXT,
    ReplyNotUnderstood,
    member_notify,
    open_question_ask,
    open_questions_close,
    reminder_schedule,
    reminders_cancel,
)
from followon.peergroups.models import GroupMembership, GroupRole, PeerGroup
from followon.peergroups.services import group_meeting_held, organiser_roles_swap

logger = logging.getLogger(__name__)

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
    return (
        f"{local_start:%A} {local_start.day} {local_start:%B}, "
        f"{format_clock(local_start.time())} to {format_clock(local_end.time())}"
    )


def _place(meeting: Meeting) -> str:
    if meeting.location_id:
        return meeting.location.name
    if meeting.mode == Meeting.Mode.ONLINE:
        return "online"
    return meeting.venue


# Venues -------------------------------------------------------------------------------------


VENUE_FIELDS = (
    "name",
    "address",
    "outcode",
    "step_free",
    "accessible_toilet",
    "chairs_with_arms",
    "quiet_area",
    "parking",
    "blue_badge_spaces",
    "near_bus_stop",
    "drink_cost",
)


def venue_create(*, group: PeerGroup | None, service, created_by, **fields) -> Venue:
    """A venue for one group (by its organisers) or for the whole service (group=None, by staff)."""
    if group is not None:
        _require_organiser(group, created_by)
        service = group.service
    if not (fields.get("name") or "").strip():
        raise ValidationError({"name": "Enter the name of the venue"})
    with transaction.atomic():
        venue = Venue.objects.create(
            service=service,
            group=group,
            created_by=created_by,
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if k in VENUE_FIELDS},
        )
        audit_record(actor=created_by, action="venue.created", target=venue, service=service)
    return venue


def venue_update(*, venue: Venue, updated_by, **fields) -> Venue:
    """Change a venue's name, address and accessibility facts (the caller checks who may)."""
    if not (fields.get("name") or "").strip():
        raise ValidationError({"name": "Enter the name of the venue"})
    with transaction.atomic():
        for key, value in fields.items():
            if key in VENUE_FIELDS:
                setattr(venue, key, value.strip() if isinstance(value, str) else value)
        venue.save()
        audit_record(actor=updated_by, action="venue.changed", target=venue, service=venue.service)
    return venue


# Polls ----------------------------------------------------------------------------------------


def poll_create(*, group: PeerGroup, created_by, title: str, closes_at: datetime, options: list[dict]) -> Poll:
    """Open an availability poll and text every member a link to answer it.

    `options` holds dicts with `starts_at`, `ends_at` (aware) and optionally `venue` (a Venue of
    this group or service). Members who have not answered get a reminder a day before it closes.
    """
    _require_organiser(group, created_by)
    errors = {}
    if not options:
        errors["options"] = "Add at least one date and time for people to choose from"
    elif len(options) > MAX_OPTIONS:
        errors["options"] = f"A poll can have up to {MAX_OPTIONS} dates and times"
    for option in options:
        if option["ends_at"] <= option["starts_at"]:
            errors["options"] = "Each time must end after it starts"
            break
    now = timezone.now()
    if closes_at <= now:
        errors["closes_at"] = "The closing date must be in the future"
    elif options and closes_at > min(o["starts_at"] for o in options):
        errors["closes_at"] = "The poll must close before the first date people can choose"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        poll = Poll.objects.create(
            group=group, title=title.strip() or "Next meeting", closes_at=closes_at, created_by=created_by
        )
        PollOption.objects.bulk_create(
            PollOption(poll=poll, starts_at=o["starts_at"], ends_at=o["ends_at"], venue=o.get("venue")) for o in options
        )
        for membership in _members(group):
            _poll_invite(poll, membership.user)
        audit_record(
            actor=created_by,
            action="poll.created",
            target=poll,
            service=group.service,
            detail={"options": len(options)},
        )
    return poll


def poll_link_issue(*, poll: Poll, user) -> str:
    """A new single-member link for `poll`; older links of this member for this poll stop working."""
    token = secrets.token_urlsafe(24)
    PollLink.objects.filter(poll=poll, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    PollLink.objects.create(poll=poll, user=user, token_hash=token_hash(token), expires_at=poll.closes_at)
    return token


def _poll_context(poll: Poll, user, token: str) -> dict:
    return {
        "name": user.display_name,
        "group_name": poll.group.name,
        "closes_at": _closes_text(poll.closes_at),
        "link": absolute_url("meetings:poll-link", token),
    }


def _closes_text(moment: datetime) -> str:
    local = moment.astimezone(LONDON)
    return f"{format_clock(local.time())} on {local:%A} {local.day} {local:%B}"


def _poll_invite(poll: Poll, user) -> None:
    token = poll_link_issue(poll=poll, user=user)
    context = _poll_context(poll, user, token)
    member_notify(
        recipient=user,
        template="meeting_poll",
        context=context,
        idempotency_key=f"poll:{poll.public_id}:invite:{user.public_id}",
        service=poll.group.service,
        topic=f"group:{poll.group.public_id}",
        essential=True,
        sensitive=True,  # the link answers the poll as this member: not kept in the outbox once sent
    )
    remind_at = poll.closes_at - timedelta(days=1)
    if remind_at > timezone.now():
        reminder_schedule(
            key=f"poll:{poll.public_id}:remind:{user.public_id}",
            run_at=remind_at,
            template="meeting_poll_reminder",
            context={**context, "poll_id": str(poll.public_id), "member_id": str(user.public_id)},
            recipient=user,
            service=poll.group.service,
            topic=f"group:{poll.group.public_id}",
            sensitive=True,
        )


def poll_reminder_still_needed(*, key: str, context: dict) -> bool:
    """Reminder guard: only members who have not answered an open poll are reminded."""
    poll = Poll.objects.filter(public_id=context.get("poll_id"), status=Poll.Status.OPEN).first()
    if poll is None or poll.closes_at <= timezone.now():
        return False
    return not PollAnswer.objects.filter(option__poll=poll, user__public_id=context.get("member_id")).exists()


def poll_answer(*, poll: Poll, user, answers: dict[int, str], via_link: bool = False) -> None:
    """Save a member's answers (option id -> yes / if_need_be / no). Answers can change until it closes."""
    if not selectors.poll_is_open(poll):
        raise ValidationError("This poll has closed, so answers can no longer be changed")
    _require_member(poll.group, user)
    option_ids = set(poll.options.values_list("id", flat=True))
    valid = set(PollAnswer.Answer.values)
    if set(answers) - option_ids or set(answers.values()) - valid:
        raise ValidationError("Choose Yes, If need be or No for each time")
    if not answers:
        raise ValidationError("Choose Yes, If need be or No for at least one time")
    with transaction.atomic():
        for option_id, value in answers.items():
            PollAnswer.objects.update_or_create(
                option_id=option_id, user=user, defaults={"answer": value, "via_link": via_link}
            )
        audit_record(actor=user, action="poll.answered", target=poll, service=poll.group.service)


def poll_confirm(*, poll: Poll, user, option: PollOption, title: str = "") -> Meeting:
    """Turn the chosen option into a meeting, tell every member and plan their reminders."""
    _require_organiser(poll.group, user)
    if poll.status != Poll.Status.OPEN:
        raise ValidationError("A time has already been chosen for this poll")
    if option.poll_id != poll.pk:
        raise ValidationError("Choose one of this poll's times")
    if option.starts_at <= timezone.now():
        raise ValidationError("That time has passed. Choose a time in the future")
    with transaction.atomic():
        local_start = option.starts_at.astimezone(LONDON)
        local_end = option.ends_at.astimezone(LONDON)
        meeting = _meeting_create(
            group=poll.group,
            created_by=user,
            title=title or poll.title,
            when=Recurrence.once(local_start, local_end),
            location=option.venue,
            mode=Meeting.Mode.IN_PERSON,
        )
        poll.status = Poll.Status.CONFIRMED
        poll.meeting = meeting
        poll.chosen_option = option
        poll.save(update_fields=["status", "meeting", "chosen_option"])
        PollLink.objects.filter(poll=poll, revoked_at__isnull=True).update(revoked_at=timezone.now())
        reminders_cancel(key_prefix=f"poll:{poll.public_id}:")
        audit_record(actor=user, action="poll.confirmed", target=poll, service=poll.group.service)
    return meeting


# Meetings -------------------------------------------------------------------------------------


def recurrence_for(meeting: Meeting) -> Recurrence:
    """The meeting's dates as a Recurrence (a one-off from its stored times)."""
    if meeting.frequency == Meeting.Frequency.ONE_OFF:
        return Recurrence.once(meeting.starts_at, meeting.ends_at)
    start = meeting.starts_at.astimezone(LONDON)
    end = meeting.ends_at.astimezone(LONDON)
    return Recurrence(
        first_date=start.date(),
        start_time=start.time(),
        end_time=end.time(),
        frequency=meeting.frequency,
        interval=meeting.interval,
        last_weekday_of_month=meeting.last_weekday_of_month,
        until=meeting.until,
        skipped=frozenset(date.fromisoformat(d) for d in meeting.skipped_dates),
        cancelled=frozenset(date.fromisoformat(d) for d in meeting.cancelled_dates),
    )


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
        errors["first_date"] = "The first meeting must be in the future"
    if mode in (Meeting.Mode.ONLINE, Meeting.Mode.HYBRID) and not online_url:
        errors["online_url"] = "Enter the link people use to join online, like https://meet.example.org/abc"
    if location is not None and location.service_id != group.service_id:
        errors["location"] = "Choose one of the group's venues"
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
        raise ValidationError("Change a repeating meeting by cancelling a date or setting up a new pattern")
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError("Only a planned meeting can be moved")
    try:
        Recurrence.once(starts_at, ends_at)
    except RecurrenceError as error:
        raise ValidationError({"end_time": str(error)}) from error
    if starts_at <= timezone.now():
        raise ValidationError({"day": "The meeting must be in the future"})
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
        raise ValidationError("This meeting is not planned, so it cannot be cancelled")
    with transaction.atomic():
        if occurrence_date is None or meeting.frequency == Meeting.Frequency.ONE_OFF:
            occurrence = selectors.next_occurrence(meeting) or recurrence_for(meeting).first()
            meeting.status = Meeting.Status.CANCELLED
            open_questions_close(object_ref=f"meeting:{meeting.public_id}:{occurrence.date.isoformat()}")
        else:
            occurrence = recurrence_for(meeting).occurrence_on(occurrence_date)
            if occurrence is None or occurrence_date.isoformat() in meeting.cancelled_dates:
                raise ValidationError({"occurrence_date": "Choose a date this meeting is planned for"})
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


# RSVPs ------------------------------------------------------------------------------------------


def rsvp_set(*, meeting: Meeting, user, occurrence_date: date, response: str) -> Rsvp:
    """Yes / No / "Can't make it this time — still here" for one date of a meeting."""
    _require_member(meeting.group, user)
    if response not in Rsvp.Response.values:
        raise ValidationError("Choose whether you can come")
    if meeting.status == Meeting.Status.CANCELLED or occurrence_date.isoformat() in meeting.cancelled_dates:
        raise ValidationError("This meeting has been cancelled, so there is nothing to reply to")
    occurrence = recurrence_for(meeting).occurrence_on(occurrence_date)
    if occurrence is None:
        raise ValidationError("The meeting does not take place on that date")
    if occurrence.end <= timezone.now() or meeting.status == Meeting.Status.HELD:
        raise ValidationError("This meeting has already happened")
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if response == Rsvp.Response.YES and meeting.capacity:
            coming = (
                Rsvp.objects.filter(meeting=meeting, occurrence_date=occurrence_date, response=Rsvp.Response.YES)
                .exclude(user=user)
                .count()
            )
            if coming >= meeting.capacity:
                raise ValidationError("This meeting is full. Choose No or Can't make it this time")
        rsvp, _ = Rsvp.objects.update_or_create(
            meeting=meeting, occurrence_date=occurrence_date, user=user, defaults={"response": response}
        )
        audit_record(actor=user, action="meeting.rsvp", target=meeting, service=meeting.group.service)
    return rsvp


SMS_RSVP = {"YES": Rsvp.Response.YES, "NO": Rsvp.Response.NO, "STILL HERE": Rsvp.Response.STILL_HERE}


def rsvp_by_sms(*, user, question, reply, inbound=None) -> None:
    """Reply handler for "meeting_rsvp" questions (YES / NO / STILL HERE)."""
    _, public_id, day = question.object_ref.split(":")
    meeting = Meeting.objects.select_related("group").filter(public_id=public_id).first()
    if meeting is None or reply not in SMS_RSVP:
        return
    try:
        rsvp_set(meeting=meeting, user=user, occurrence_date=date.fromisoformat(day), response=SMS_RSVP[reply])
    except (ValidationError, PermissionDenied):
        return


# Attendance -------------------------------------------------------------------------------------


def attendance_record(*, meeting: Meeting, occurrence_date: date, recorded_by, attended_user_ids: set[int]) -> Meeting:
    """Who came to one date of a meeting, recorded by an organiser after it.

    Marks that date held (a repeating meeting gets a held row for the date) and then tells the
    groups app (`_tell_groups`), which applies its formation and PTV rules."""
    group = meeting.group
    _require_organiser(group, recorded_by)
    if meeting.status == Meeting.Status.CANCELLED or occurrence_date.isoformat() in meeting.cancelled_dates:
        raise ValidationError("This meeting was cancelled, so there is no attendance to record")
    occurrence = recurrence_for(meeting).occurrence_on(occurrence_date)
    if occurrence is None:
        raise ValidationError("The meeting does not take place on that date")
    if occurrence.start > timezone.now():
        raise ValidationError("Record who came after the meeting has started")
    members = {m.user_id for m in _members(group)}
    if set(attended_user_ids) - members:
        raise ValidationError("Choose people from the group")
    with transaction.atomic():
        if meeting.frequency == Meeting.Frequency.ONE_OFF:
            held = meeting
        else:
            held = Meeting.objects.filter(series=meeting, starts_at=occurrence.start).first() or Meeting.objects.create(
                group=group,
                series=meeting,
                title=meeting.title,
                starts_at=occurrence.start,
                ends_at=occurrence.end,
                face_to_face=meeting.face_to_face,
                location=meeting.location,
                venue=meeting.venue,
                mode=meeting.mode,
                created_by=recorded_by,
            )
        held.status = Meeting.Status.HELD
        held.save()
        for user_id in members:
            Attendance.objects.update_or_create(
                meeting=held,
                user_id=user_id,
                defaults={"attended": user_id in attended_user_ids, "recorded_by": recorded_by},
            )
        audit_record(
            actor=recorded_by,
            action="meeting.attendance_recorded",
            target=held,
            service=group.service,
            detail={"came": len(attended_user_ids)},
        )
        _tell_groups(held, recorded_by)
        if held is not meeting:
            meeting_reminders_plan(meeting=meeting)
    return held


def _tell_groups(meeting: Meeting, actor) -> None:
    """A meeting of the group was held: give the groups app the facts it acts on."""
    formation = selectors.group_formation_meeting(meeting.group)
    group_meeting_held(
        group=meeting.group,
        formation_on=formation.starts_at.astimezone(LONDON).date() if formation else None,
        held_meetings=selectors.group_held_meeting_count(meeting.group),
        actor=actor,
    )


def meeting_record(
    *,
    group: PeerGroup,
    recorded_by,
    starts_at: datetime,
    ends_at: datetime | None = None,
    face_to_face: bool = True,
    venue: str = "",
    attended_user_ids: set[int] | list[int] = (),
) -> Meeting:
    """Record a meeting that took place and who came (from the group's page, for a meeting not
    planned here).

    Allowed to those `selectors.can_record_meeting` names. Attendance is recorded for every
    current member (came / did not come). Then the groups app hears of it (`_tell_groups`): the
    group may become active and its PTV may step back.
    """
    if not selectors.can_record_meeting(group, recorded_by):
        raise PermissionDenied("cannot record meetings for this group")
    if group.status not in PeerGroup.OPEN_STATUSES:
        raise ValidationError("This group has closed")
    ends_at = ends_at or starts_at + timedelta(hours=2)
    errors = {}
    if starts_at > timezone.now():
        errors["day"] = "Record a meeting after it has happened. The date must be today or in the past"
    if ends_at <= starts_at:
        errors["ends_at"] = "The meeting must end after it starts"
    members = {m.user_id for m in group.memberships.filter(status=GroupMembership.Status.MEMBER)}
    attended = set(attended_user_ids)
    if not attended <= members:
        errors["attended"] = "Select people who are members of this group"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            group=group,
            starts_at=starts_at,
            ends_at=ends_at,
            face_to_face=face_to_face,
            venue=venue.strip(),
            status=Meeting.Status.HELD,
            created_by=recorded_by,
        )
        Attendance.objects.bulk_create(
            Attendance(meeting=meeting, user_id=uid, attended=uid in attended, recorded_by=recorded_by)
            for uid in sorted(members)
        )
        audit_record(
            actor=recorded_by,
            action="meeting.recorded",
            target=meeting,
            service=group.service,
            detail={"face_to_face": face_to_face, "attended": len(attended)},
        )
        _tell_groups(meeting, recorded_by)
    return meeting


# Attendance by text from the coordinator -----------------------------------------------------------

ATTENDANCE_HINT = "Reply with numbers like 1 3 4, or ALL, or NONE"
ATTENDANCE_QUESTION_DAYS = 3  # after the meeting ends: later, their free texts go to the usual places


def attendance_asked_to(meeting: Meeting):
    """Who is asked "who came?": the coordinator, else the co-coordinator, else the meeting's host
    or the PTV supporter if they may organise (the first meeting). None if nobody can."""
    group = meeting.group
    roles = {
        r.role: r.user
        for r in group.roles.filter(role__in=GroupRole.ORGANISER_ROLES, ended_at__isnull=True)
        .select_related("user")
        .order_by("started_at", "id")
    }
    for role in (GroupRole.Role.COORDINATOR, GroupRole.Role.CO_COORDINATOR):
        if role in roles:
            return roles[role]
    candidates = [meeting.host] + [
        s.user for s in group.supporters.filter(detached_at__isnull=True).select_related("user")
    ]
    for user in candidates:
        if user is not None and selectors.can_organise(group, user):
            return user
    return None


def short_names(users) -> list[str]:
    """First names for a numbered list ("Ann"); two people with the same first name get an initial."""
    words = [(u.preferred_name or "").split() or ["Member"] for u in users]
    firsts = [w[0] for w in words]
    names = []
    for first, parts in zip(firsts, words, strict=True):
        if firsts.count(first) > 1 and len(parts) > 1:
            names.append(f"{first} {parts[1][0]}")
        else:
            names.append(first)
    return names


def _attendance_context(meeting: Meeting, occurrence, coordinator, users) -> dict:
    local = occurrence.start.astimezone(LONDON)
    names = short_names(users)
    link = absolute_url("meetings:attendance", meeting.public_id) + f"?date={occurrence.date.isoformat()}"
    context = {
        "name": coordinator.display_name,
        "group_name": meeting.group.name,
        "day": f"{local:%A}",
        "place": _place(meeting),
        "names": ", ".join(f"{n} {name}" for n, name in enumerate(names, start=1)),
        "people": [f"{n} {name}" for n, name in enumerate(names, start=1)],
        "link": link,
    }
    _, body = render_message("meeting_attendance_question", "sms", context)
    if not sms_fits(body):
        context["names"] = ""  # too many or too long: the text points at the list instead
    return context


def attendance_ask(*, meeting: Meeting, occurrence) -> AttendanceQuestion | None:
    """Text the coordinator a numbered list of members after one date of a meeting: "Who came?".

    Asked once per date (the question row is the idempotency key); nothing is asked for a
    cancelled date, a date whose attendance is already recorded, or a group with nobody to ask.
    Their reply ("1 3 4", ALL, NONE) is recorded by `attendance_by_sms`."""
    if meeting.status == Meeting.Status.CANCELLED or occurrence.date.isoformat() in meeting.cancelled_dates:
        return None
    if AttendanceQuestion.objects.filter(meeting=meeting, occurrence_date=occurrence.date).exists():
        return None
    if _held_row(meeting, occurrence) is not None:
        return None  # already recorded on the web
    coordinator = attendance_asked_to(meeting)
    users = [m.user for m in _members(meeting.group)]
    if coordinator is None or not users:
        return None
    with transaction.atomic():
        question = AttendanceQuestion.objects.create(
            meeting=meeting, occurrence_date=occurrence.date, asked=coordinator, member_ids=[u.pk for u in users]
        )
        sent = member_notify(
            recipient=coordinator,
            template="meeting_attendance_question",
            context=_attendance_context(meeting, occurrence, coordinator, users),
            idempotency_key=f"attendance:{meeting.public_id}:{occurrence.date.isoformat()}",
            service=meeting.group.service,
            topic=f"group:{meeting.group.public_id}",
        )
        if any(m.channel == "sms" for m in sent):
            open_question_ask(
                user=coordinator,
                kind="meeting_attendance",
                object_ref=f"attendance:{question.public_id}",
                valid_replies=[ANY_TEXT],
                service=meeting.group.service,
                expires_at=occurrence.end + timedelta(days=ATTENDANCE_QUESTION_DAYS),
            )
        audit_record(actor=None, action="meeting.attendance_asked", target=meeting, service=meeting.group.service)
    return question


def parse_attendance_reply(text: str, count: int) -> set[int]:
    """Numbers (1-based) from "1 3 4", "1,3 and 4", "2-4", ALL or NONE. Raises ReplyNotUnderstood."""
    words = re.sub(r"[,;.&+/]|\bAND\b", " ", (text or "").upper()).split()
    if words in (["ALL"], ["ALL", "OF", "THEM"], ["EVERYONE"]):
        return set(range(1, count + 1))
    if words in (["NONE"], ["NOBODY"], ["NO", "ONE"], ["0"]):
        return set()
    chosen: set[int] = set()
    for word in words:
        match = re.fullmatch(r"(\d{1,3})(?:-(\d{1,3}))?", word)
        if not match:
            raise ReplyNotUnderstood(ATTENDANCE_HINT)
        low, high = int(match[1]), int(match[2] or match[1])
        if not 1 <= low <= high <= count:
            raise ReplyNotUnderstood(f"Reply with numbers from 1 to {count}, like 1 3 4, or ALL, or NONE")
        chosen.update(range(low, high + 1))
    if not chosen:
        raise ReplyNotUnderstood(ATTENDANCE_HINT)
    return chosen


def attendance_by_sms(*, user, question, reply, inbound=None) -> None:
    """Reply handler for "meeting_attendance" questions: records who came through `attendance_record`,
    as the web screen does. A reply that matches what is already recorded changes nothing."""
    public_id = question.object_ref.partition(":")[2]
    ask = AttendanceQuestion.objects.select_related("meeting", "meeting__group").filter(public_id=public_id).first()
    if ask is None:
        return
    meeting = ask.meeting
    numbers = parse_attendance_reply(inbound.body if inbound is not None else "", len(ask.member_ids))
    members = {m.user_id for m in _members(meeting.group)}
    came = {ask.member_ids[n - 1] for n in numbers} & members
    occurrence = recurrence_for(meeting).occurrence_on(ask.occurrence_date)
    held = _held_row(meeting, occurrence) if occurrence is not None else None
    if held is not None:
        recorded = dict(held.attendance.values_list("user_id", "attended"))
        if set(recorded) >= members and {u for u, a in recorded.items() if a and u in members} == came:
            return  # the same answer again (or as recorded on the web): nothing changes
    try:
        attendance_record(
            meeting=meeting, occurrence_date=ask.occurrence_date, recorded_by=user, attended_user_ids=came
        )
    except PermissionDenied as error:
        raise ReplyNotUnderstood("Only the group's coordinators can record who came") from error
    except ValidationError as error:
        raise ReplyNotUnderstood(error.messages[0]) from error
    AttendanceQuestion.objects.filter(pk=ask.pk).update(answered_at=timezone.now())
    member_notify(
        recipient=user,
        template="meeting_attendance_thanks",
        context={"name": user.display_name, "day": f"{occurrence.start.astimezone(LONDON):%A}", "came": len(came)},
        idempotency_key=f"attendance:{ask.public_id}:thanks:{inbound.notify_id if inbound is not None else ''}",
        service=meeting.group.service,
        topic=f"group:{meeting.group.public_id}",
    )


def _held_row(meeting: Meeting, occurrence) -> Meeting | None:
    """The held meeting for one date, if its attendance was recorded."""
    if meeting.frequency == Meeting.Frequency.ONE_OFF:
        return meeting if meeting.status == Meeting.Status.HELD else None
    return Meeting.objects.filter(series=meeting, starts_at=occurrence.start, status=Meeting.Status.HELD).first()


def attendance_questions_due(*, now: datetime | None = None, lookback: timedelta = timedelta(days=3)) -> int:
    """Ask "who came?" for every meeting date that ended in the last `lookback` (the daily job).
    Idempotent: a date already asked, or already recorded, is skipped. Returns how many were asked."""
    now = now or timezone.now()
    since = now - lookback
    candidates = (
        Meeting.objects.filter(status=Meeting.Status.SCHEDULED, series__isnull=True, starts_at__lt=now)
        .filter(
            Q(frequency=Meeting.Frequency.ONE_OFF, ends_at__gt=since, ends_at__lte=now)
            | (~Q(frequency=Meeting.Frequency.ONE_OFF) & (Q(until__isnull=True) | Q(until__gte=since.date())))
        )
        .select_related("group", "group__service", "location", "host")
    )
    asked = 0
    for meeting in candidates:
        duration = meeting.ends_at - meeting.starts_at
        try:
            for occurrence in recurrence_for(meeting).occurrences(
                start=since - duration, end=now, include_cancelled=False
            ):
                if since < occurrence.end <= now and attendance_ask(meeting=meeting, occurrence=occurrence):
                    asked += 1
        except Exception:  # noqa: BLE001 - one broken meeting must not stop the others; tried again tomorrow
            logger.exception("who-came question for meeting %s failed", meeting.public_id)
    return asked


# Handover and roles -----------------------------------------------------------------------------


def handover_ask(*, meeting: Meeting, user) -> int:
    """ "I'm unwell — can someone take this one?": in one step, ask the co-coordinator and every
    other member to run the next date. Returns how many people were asked."""
    _require_organiser(meeting.group, user)
    if meeting.status != Meeting.Status.SCHEDULED:
        raise ValidationError("Only a planned meeting can be handed over")
    occurrence = selectors.next_occurrence(meeting)
    if occurrence is None:
        raise ValidationError("This meeting has no more dates")
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
            raise ValidationError("Someone has already offered to run this meeting. Thank you")
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
        raise ValidationError({"remind_days_before": "Choose up to 14 days before"})
    if rotate_roles_every_weeks is not None and not 1 <= rotate_roles_every_weeks <= 52:
        raise ValidationError({"rotate_roles_every_weeks": "Enter a number of weeks from 1 to 52"})
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


# Calendar feeds ---------------------------------------------------------------------------------


def calendar_feed_token(*, user, regenerate: bool = False) -> str:
    """The member's private feed token, made on first use; regenerate=True makes the old URL stop working."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
        if feed is not None and feed.revoked_at is None and not regenerate:
            return feed.token
        token = secrets.token_urlsafe(32)
        if feed is None:
            CalendarFeed.objects.create(user=user, token=token)
        else:
            feed.token, feed.revoked_at = token, None
            feed.save(update_fields=["token", "revoked_at"])
        audit_record(actor=user, action="calendar_feed.issued", target=user)
    return token


def calendar_feed_revoke(*, user) -> None:
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        audit_record(actor=user, action="calendar_feed.revoked", target=user)
