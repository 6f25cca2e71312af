"""Attendance: who came, recorded on the page or by the coordinator's text, and a meeting recorded
after it took place. Each tells the groups app (`group_meeting_held`)."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from followon.core.formatting import weekday_name
from followon.core.links import absolute_url
from followon.core.services import audit_record
from followon.meetings import selectors
from followon.meetings.models import (
    Attendance,
    AttendanceQuestion,
    Meeting,
)
from followon.meetings.recurrence import LONDON, day_end
from followon.meetings.selectors import recurrence_for
from followon.meetings.services.common import _members, _place, _require_organiser
from followon.meetings.services.series import meeting_reminders_plan
from followon.notifications.rendering import render_message, sms_fits
from followon.notifications.services import (
    ANY_TEXT,
    ReplyNotUnderstood,
    member_notify,
    message_language,
    open_question_ask,
)
from followon.peergroups.models import GroupMembership, GroupRole, PeerGroup
from followon.peergroups.services import group_meeting_held

logger = logging.getLogger(__package__)


# Attendance -------------------------------------------------------------------------------------


def attendance_record(*, meeting: Meeting, occurrence_date: date, recorded_by, attended_user_ids: set[int]) -> Meeting:
    """Who came to one date of a meeting, recorded by an organiser after it.

    Marks that date held (a repeating meeting gets a held row for the date) and then tells the
    groups app (`_tell_groups`), which applies its formation and PTV rules."""
    group = meeting.group
    _require_organiser(group, recorded_by)
    # Lazy messages: the page shows them in its language, a text reply in the coordinator's.
    if meeting.status == Meeting.Status.CANCELLED or occurrence_date.isoformat() in meeting.cancelled_dates:
        raise ValidationError(gettext_lazy("This meeting was cancelled, so there is no attendance to record"))
    occurrence = recurrence_for(meeting).occurrence_on(occurrence_date)
    if occurrence is None:
        raise ValidationError(gettext_lazy("The meeting does not take place on that date"))
    if occurrence.start > timezone.now():
        raise ValidationError(gettext_lazy("Record who came after the meeting has started"))
    members = {m.user_id for m in _members(group)}
    if set(attended_user_ids) - members:
        raise ValidationError(gettext_lazy("Choose people from the group"))
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
        raise ValidationError(gettext("This group has closed"))
    # A meeting ends on the day it starts (every page reads its dates as a Recurrence, which refuses
    # anything else): two hours from a 10:30pm start are cut at the end of that day.
    ends_at = min(ends_at or starts_at + timedelta(hours=2), day_end(starts_at))
    errors = {}
    if starts_at > timezone.now():
        errors["day"] = gettext("Record a meeting after it has happened. The date must be today or in the past")
    if ends_at <= starts_at:
        errors["ends_at"] = gettext("The meeting must end after it starts")
    members = {m.user_id for m in group.memberships.filter(status=GroupMembership.Status.MEMBER)}
    attended = set(attended_user_ids)
    if not attended <= members:
        errors["attended"] = gettext("Select people who are members of this group")
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

# Hints texted back when a reply cannot be read: lazy, so they are written in the coordinator's message
# language when the reply is (notifications ReplyNotUnderstood). ALL and NONE work in every language;
# Welsh PAWB and NEB too (the Welsh hint asks for them).
ATTENDANCE_HINT = gettext_lazy("Reply with numbers like 1 3 4, or ALL, or NONE")
ATTENDANCE_RANGE_HINT = gettext_lazy("Reply with numbers from 1 to %(count)s, like 1 3 4, or ALL, or NONE")
ATTENDANCE_COORDINATORS_ONLY = gettext_lazy("Only the group's coordinators can record who came")
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
    # In the language the text will be written in (the coordinator's, where the service offers it): the day's
    # name matches the words around it, and whether the list fits is measured on the words actually sent.
    with translation.override(message_language(coordinator, meeting.group.service)):
        context = {
            "name": coordinator.display_name,
            "group_name": meeting.group.name,
            "day": weekday_name(local.date()),
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
    """Numbers (1-based) from "1 3 4", "1,3 and 4", "2-4", ALL or NONE (Welsh PAWB or NEB). Raises
    ReplyNotUnderstood."""
    words = re.sub(r"[,;.&+/]|\bAND\b", " ", (text or "").upper()).split()
    if words in (["ALL"], ["ALL", "OF", "THEM"], ["EVERYONE"], ["PAWB"]):
        return set(range(1, count + 1))
    if words in (["NONE"], ["NOBODY"], ["NO", "ONE"], ["0"], ["NEB"]):
        return set()
    chosen: set[int] = set()
    for word in words:
        match = re.fullmatch(r"(\d{1,3})(?:-(\d{1,3}))?", word)
        if not match:
            raise ReplyNotUnderstood(ATTENDANCE_HINT)
        low, high = int(match[1]), int(match[2] or match[1])
        if not 1 <= low <= high <= count:
            raise ReplyNotUnderstood(ATTENDANCE_RANGE_HINT, {"count": count})
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
        raise ReplyNotUnderstood(ATTENDANCE_COORDINATORS_ONLY) from error
    except ValidationError as error:
        # Its message is lazy (attendance_record): written in the coordinator's language with the reply.
        raise ReplyNotUnderstood(error) from error
    AttendanceQuestion.objects.filter(pk=ask.pk).update(answered_at=timezone.now())
    # The thanks, and its day, in the coordinator's message language (as the outbox writes it).
    with translation.override(message_language(user, meeting.group.service)):
        day = weekday_name(occurrence.start.astimezone(LONDON).date())
    member_notify(
        recipient=user,
        template="meeting_attendance_thanks",
        context={"name": user.display_name, "day": day, "came": len(came)},
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
