"""Reads for meetings, always scoped to a member's own groups (or a link's one member and poll).

The group page and the poll page each run a fixed number of queries, whatever the number of
members, options, meetings and past polls (asserted in tests/test_views.py)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import islice
from typing import NamedTuple

from django.db import connection
from django.db.models import BooleanField, Count, F, Func, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language

from followon.accounts.models import User
from followon.core.links import absolute_url, token_hash
from followon.core.memo import BoundedMemo
from followon.core.prepared import PreparedQuery
from followon.meetings import ranking
from followon.meetings.calendar import CalendarMeeting, CalendarVenue
from followon.meetings.models import CalendarFeed, Meeting, Poll, PollAnswer, PollLink, PollOption, Rsvp, Venue
from followon.meetings.recurrence import LONDON, Occurrence, Recurrence, day_end
from followon.organisations.models import StaffRole
from followon.organisations.selectors import holds_staff_role
from followon.peergroups import selectors as group_selectors
from followon.peergroups.models import GroupMembership, GroupRole, GroupSupporter, PeerGroup
from followon.programmes.models import InterestResponse

MEMBER = GroupMembership.Status.MEMBER
RECORDING_STAFF_ROLES = (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN, StaffRole.Role.PTV)
_DAY_NUMBERS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def recurrence_for(meeting: Meeting) -> Recurrence:
    """The meeting's dates as a Recurrence (a one-off from its stored times)."""
    return _recurrence(
        meeting.frequency,
        meeting.starts_at,
        meeting.ends_at,
        meeting.interval,
        meeting.last_weekday_of_month,
        meeting.until,
        tuple(meeting.skipped_dates),
        tuple(meeting.cancelled_dates),
    )


# A Recurrence is a frozen value built from these fields alone, and building one validates it (its rule
# parsed, every skipped and cancelled date checked against it): 0.05-0.1 ms each. Member home builds one
# for each of the member's meetings, a meeting's page three or four for the same meeting, on every
# request; so each is remembered in this process by the fields it is built from (a changed meeting has
# a new key; nothing to forget). Its words (`describe`) are worked out when asked, in the active
# language, as before (issue 16, ADR 0041).
RECURRENCES_REMEMBERED = 4096


@lru_cache(maxsize=RECURRENCES_REMEMBERED)
def _recurrence(frequency, starts_at, ends_at, interval, last_weekday_of_month, until, skipped, cancelled):
    if frequency == Meeting.Frequency.ONE_OFF:
        # Rows recorded before meetings were cut at midnight (or loaded from elsewhere) may run into the
        # next day: read them as ending with their day rather than fail every page that shows them.
        return Recurrence.once(starts_at, min(ends_at, day_end(starts_at)))
    start = starts_at.astimezone(LONDON)
    end = ends_at.astimezone(LONDON)
    return Recurrence(
        first_date=start.date(),
        start_time=start.time(),
        end_time=end.time(),
        frequency=frequency,
        interval=interval,
        last_weekday_of_month=last_weekday_of_month,
        until=until,
        skipped=frozenset(date.fromisoformat(d) for d in skipped),
        cancelled=frozenset(date.fromisoformat(d) for d in cancelled),
    )


def _viewer_in(model, group_field: str, user) -> dict:
    """Where `user` stands in the group that `model`'s `group_field` names, as annotations: read in the
    same query as the group, poll or meeting that a member page opens with (issue 16).

    Three EXISTS written out rather than built by the ORM: Django compiled each (and again in the
    WHERE) on every request, 2 of the 3.5 ms the poll page's first query cost in application CPU,
    for SQL that never changes. The same conditions as GroupMembership.filter(status=MEMBER),
    GroupRole.filter(role__in=ORGANISER_ROLES, ended_at__isnull=True) and
    GroupSupporter.filter(detached_at__isnull=True) for the group and user (test_views.py compares them)."""
    qn = connection.ops.quote_name
    outer = f"{qn(model._meta.db_table)}.{qn(model._meta.get_field(group_field).column)}"
    user_id = user if isinstance(user, int) else getattr(user, "pk", None)  # a user, or a user's id

    def exists(related, condition: str, params: tuple) -> RawSQL:
        group_column = qn(related._meta.get_field("group").column)
        user_column = qn(related._meta.get_field("user").column)
        # Names from the models' metadata and constants only; every value is a parameter.
        table = qn(related._meta.db_table)
        where = f"V0.{group_column} = {outer} AND V0.{user_column} = %s AND {condition}"
        sql = f"EXISTS (SELECT 1 FROM {table} V0 WHERE {where})"  # noqa: S608 - model metadata, not input
        return RawSQL(sql, (user_id, *params), output_field=BooleanField())  # noqa: S611 - as above

    roles = ", ".join(["%s"] * len(GroupRole.ORGANISER_ROLES))
    return {
        "viewer_is_member": exists(GroupMembership, f"V0.{qn('status')} = %s", (str(MEMBER),)),
        "viewer_is_organiser": exists(
            GroupRole,
            f"V0.{qn('role')} IN ({roles}) AND V0.{qn('ended_at')} IS NULL",
            tuple(str(r) for r in GroupRole.ORGANISER_ROLES),
        ),
        "viewer_is_supporter": exists(GroupSupporter, f"V0.{qn('detached_at')} IS NULL", ()),
    }


def _remember_viewer(group: PeerGroup, user, row) -> None:
    group.viewer_standing = (user.pk, row.viewer_is_member, row.viewer_is_organiser, row.viewer_is_supporter)


def _standing(group: PeerGroup, user):
    """(member, organiser, supporter) read with the group for this same user, else None."""
    standing = getattr(group, "viewer_standing", None)
    if standing is None or user is None or standing[0] != getattr(user, "pk", None):
        return None
    return standing[1:]


def viewer_is_member(group: PeerGroup, user) -> bool:
    """group_selectors.is_group_member, from what was read with the group when it was for this user."""
    standing = _standing(group, user)
    return standing[0] if standing is not None else group_selectors.is_group_member(group, user)


def can_organise(group: PeerGroup, user) -> bool:
    """Who may organise the group's meetings (polls, meetings, venues, the reminder plan): its
    coordinator and co-coordinator, and its PTV supporter while the group has held no meeting yet
    (the first meeting). The one definition: views, services and templates all ask this. Where the
    group was read for this same user (group_for_member, poll_for_member), their roles come with it."""
    standing = _standing(group, user)
    organiser = standing[1] if standing is not None else group_selectors.is_group_organiser(group, user)
    if organiser:
        return True
    supporter = standing[2] if standing is not None else group_selectors.is_group_supporter(group, user)
    return supporter and not group.meetings.filter(status=Meeting.Status.HELD).exists()


def can_record_meeting(group: PeerGroup, user) -> bool:
    """Who may record a meeting that took place (and who came) from the group's page: its
    coordinator or co-coordinator, its PTV supporter while attached, and the service's staff."""
    return (
        group_selectors.is_group_organiser(group, user)
        or group_selectors.is_group_supporter(group, user)
        or holds_staff_role(user, group.service, RECORDING_STAFF_ROLES)
    )


def group_held_meeting_count(group: PeerGroup) -> int:
    return group.meetings.filter(status=Meeting.Status.HELD).count()


def group_formation_meeting(group: PeerGroup) -> Meeting | None:
    """The first held, face-to-face meeting after the programme's last session
    at which at least three programme participants were present (Farr et al.'s
    definition of a formed follow-on group), or None."""
    if group.programme_id is None:
        return None
    programme = group.programme
    ended = programme.sessions.aggregate(end=Max("ends_at"))["end"]
    if ended is None:
        return None
    participants = programme.enrolments.filter(user__isnull=False).values("user_id")
    return (
        group.meetings.filter(status=Meeting.Status.HELD, face_to_face=True, starts_at__gte=ended)
        .annotate(
            participants_present=Count(
                "attendance", filter=Q(attendance__attended=True, attendance__user_id__in=participants)
            )
        )
        .filter(participants_present__gte=3)
        .order_by("starts_at", "id")
        .first()
    )


def _recent_meetings_query(group_id, limit: int):
    return (
        Meeting.objects.filter(group_id=group_id, status=Meeting.Status.HELD)
        .annotate(came=Count("attendance", filter=Q(attendance__attended=True)))
        .order_by("-starts_at")[:limit]
    )


# The group page asks on every visit: built once per process and limit (core.prepared, ADR 0032).
_RECENT_MEETINGS: dict[int, PreparedQuery] = {}


def group_recent_meetings(group: PeerGroup, limit: int = 10) -> list[Meeting]:
    prepared = _RECENT_MEETINGS.get(limit)
    if prepared is None:
        if not isinstance(limit, int) or isinstance(limit, bool) or not 0 < limit <= 100:
            raise ValueError(f"recent meetings are asked for 1 to 100 at a time, not {limit!r}")
        prepared = _RECENT_MEETINGS[limit] = PreparedQuery(
            lambda group_id: _recent_meetings_query(group_id, limit), group_id=int
        )
    return prepared.list(group_id=group)


def _groups_for_member(user, public_id):
    return (
        PeerGroup.objects.filter(public_id=public_id)
        .annotate(**_viewer_in(PeerGroup, "id", user))
        .filter(Q(viewer_is_member=True) | Q(viewer_is_supporter=True))
        .select_related("service", "programme")
    )


_GROUP_FOR_MEMBER = PreparedQuery(_groups_for_member, user=int, public_id=uuid.UUID)
_GROUP_FOR_MEETINGS_PAGE = PreparedQuery(
    lambda user, public_id: _groups_for_member(user, public_id).annotate(
        polls_count=Subquery(
            Poll.objects.filter(group=OuterRef("pk")).order_by().values("group").annotate(n=Count("pk")).values("n")
        )
    ),
    user=int,
    public_id=uuid.UUID,
)


def group_for_member(user, public_id) -> PeerGroup:
    """A group the user is a current member of (or supports as its PTV). Raises PeerGroup.DoesNotExist.
    Where they stand in it (member, organiser, supporter) is read in the same query (its SQL built
    once per process: core.prepared)."""
    group = _GROUP_FOR_MEMBER.get(user=user.pk, public_id=public_id)
    _remember_viewer(group, user, group)
    return group


def group_for_meetings_page(user, public_id) -> PeerGroup:
    """group_for_member, with how many polls the group has ever had (`polls_count`) read in the same
    query: the group's meetings page shows the earlier ones' number (issue 16)."""
    group = _GROUP_FOR_MEETINGS_PAGE.get(user=user.pk, public_id=public_id)
    _remember_viewer(group, user, group)
    return group


def poll_is_open(poll: Poll) -> bool:
    return poll.status == Poll.Status.OPEN and poll.closes_at > timezone.now()


_POLL_FOR_MEMBER = PreparedQuery(
    lambda user_id, public_id: (
        Poll.objects.select_related("group", "group__service", "meeting")
        .annotate(**_viewer_in(Poll, "group", user_id))
        .filter(Q(viewer_is_member=True) | Q(viewer_is_supporter=True), public_id=public_id)
    ),
    user_id=int,
    public_id=uuid.UUID,
)


def poll_for_member(user, public_id) -> Poll:
    """A poll of a group the user is a current member of (or supports); where they stand in the
    group is read in the same query (its SQL built once per process: core.prepared). Raises Poll.DoesNotExist."""
    poll = _POLL_FOR_MEMBER.get(user_id=user.pk, public_id=public_id)
    _remember_viewer(poll.group, user, poll)
    return poll


_MEETING_FOR_MEMBER = PreparedQuery(
    lambda user_id, public_id: (
        Meeting.objects.select_related("group", "group__service", "location", "host")
        .annotate(**_viewer_in(Meeting, "group", user_id))
        .filter(
            Q(viewer_is_member=True) | Q(viewer_is_supporter=True),
            public_id=public_id,
            series__isnull=True,
        )
    ),
    user_id=int,
    public_id=uuid.UUID,
)


def meeting_for_member(user, public_id) -> Meeting:
    """A meeting (not a held occurrence row) of a group the user is a current member of (or
    supports); where they stand in the group is read in the same query, as EXISTS rather than joins
    and DISTINCT (issue 16), its SQL built once per process (core.prepared). Raises Meeting.DoesNotExist."""
    meeting = _MEETING_FOR_MEMBER.get(user_id=user.pk, public_id=public_id)
    _remember_viewer(meeting.group, user, meeting)
    return meeting


def poll_link_find(token: str) -> PollLink | None:
    """The live link for this token: not revoked or superseded, poll still open, member still in the group."""

    if not token or len(token) > 64:
        return None
    link = (
        PollLink.objects.select_related("poll", "poll__group", "poll__group__service", "user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None or not poll_is_open(link.poll):
        return None
    if not link.poll.group.memberships.filter(user=link.user, status=MEMBER).exists():
        return None
    return link


def next_occurrence(meeting: Meeting, *, after: datetime | None = None) -> Occurrence | None:
    """The next date of the meeting that has not ended and is not cancelled."""

    if meeting.status != Meeting.Status.SCHEDULED:
        return None
    when = recurrence_for(meeting)
    moment = after or timezone.now()
    for occurrence in when.occurrences(start=moment - (meeting.ends_at - meeting.starts_at), include_cancelled=False):
        if occurrence.end > moment:
            return occurrence
    return None


@dataclass(frozen=True)
class NextMeeting:
    """The next date of any of some groups' meetings: what member home and the group page show."""

    meeting: Meeting
    group: PeerGroup
    starts_at: datetime


def _next_meeting_candidates(group_ids, now: datetime, today: date):
    return (
        Meeting.objects.filter(group_id__in=group_ids, status=Meeting.Status.SCHEDULED, series__isnull=True)
        .filter(
            Q(ends_at__gt=now)
            | (~Q(frequency=Meeting.Frequency.ONE_OFF) & (Q(until__isnull=True) | Q(until__gte=today)))
        )
        .select_related("group")
        .order_by("starts_at", "id")
    )


def _soonest(candidates, now: datetime) -> NextMeeting | None:
    best = None
    for meeting in candidates:
        occurrence = next_occurrence(meeting, after=now)
        if occurrence is not None and (best is None or occurrence.start < best.starts_at):
            best = NextMeeting(meeting=meeting, group=meeting.group, starts_at=occurrence.start)
    return best


def next_meeting_for_groups(group_ids) -> NextMeeting | None:
    """The soonest meeting date, not ended and not cancelled, across the groups whose ids are given
    (a list or a values("group_id") queryset). The one definition of "next meeting": member home
    asks it for all the member's groups (`next_meeting_for_member`, the same read prepared), the group
    page for one group (through the `peergroups.next_meeting` hook), so the two always agree. One query,
    then the recurrence rules (a repeating meeting keeps its first date in `starts_at`, so the filter
    keeps every repeating meeting that has not reached its `until`)."""

    now = timezone.now()
    return _soonest(_next_meeting_candidates(group_ids, now, now.date()), now)


# Member home asks it on every visit, for the groups the member is in: built once per process
# (core.prepared, ADR 0032).
_NEXT_MEETING_FOR_MEMBER = PreparedQuery(
    lambda user_id, now, today: _next_meeting_candidates(
        GroupMembership.objects.filter(user_id=user_id, status=GroupMembership.Status.MEMBER).values("group_id"),
        now,
        today,
    ),
    user_id=int,
    now=datetime,
    today=date,
)


def next_meeting_for_member(user) -> NextMeeting | None:
    """`next_meeting_for_groups` of every group the member is a member of."""
    now = timezone.now()
    return _soonest(_NEXT_MEETING_FOR_MEMBER.list(user_id=user, now=now, today=now.date()), now)


_NEXT_MEETING_FOR_GROUP = PreparedQuery(
    lambda group_id, now, today: _next_meeting_candidates([group_id], now, today),
    group_id=int,
    now=datetime,
    today=date,
)


def group_next_meeting(group: PeerGroup) -> NextMeeting | None:
    """`next_meeting_for_groups([group.pk])`, the group page's, with SQL built once per process."""
    now = timezone.now()
    return _soonest(_NEXT_MEETING_FOR_GROUP.list(group_id=group, now=now, today=now.date()), now)


def upcoming_dates(meeting: Meeting, n: int = 4) -> list[Occurrence]:

    if meeting.status == Meeting.Status.CANCELLED:
        return []
    start = timezone.now() - (meeting.ends_at - meeting.starts_at)
    return list(islice(recurrence_for(meeting).occurrences(start=start), n))


def last_started_date(meeting: Meeting) -> Occurrence | None:
    """The most recent date that has started (for recording attendance)."""

    last = None
    for occurrence in recurrence_for(meeting).occurrences(end=timezone.now(), include_cancelled=False):
        last = occurrence
    return last


# The group page -----------------------------------------------------------------------------------


@dataclass
class GroupMeetingsPage:
    group: PeerGroup
    organiser: bool
    meetings: list
    polls: list
    past_polls: int
    venues: list
    my_rsvps: dict


# The group's meetings page's reads, each the same SQL on every request: built once per process
# (core.prepared, ADR 0032).
_GROUP_PAGE_MEETINGS = PreparedQuery(
    lambda group_id: Meeting.objects.filter(
        group_id=group_id, status=Meeting.Status.SCHEDULED, series__isnull=True
    ).select_related("location"),
    group_id=int,
)


def _count(queryset, field: str, *, distinct: bool = False) -> Subquery:
    """`COUNT(field)` (or `COUNT(DISTINCT field)`) of `queryset`'s rows as a subquery: one row, 0 when none."""
    template = "%(function)s(DISTINCT %(expressions)s)" if distinct else "%(function)s(%(expressions)s)"
    counted = Func(F(field), function="COUNT", template=template, output_field=IntegerField())
    return Subquery(queryset.order_by().annotate(n=counted).values("n"), output_field=IntegerField())


def _group_page_polls_query(group_id, now):
    # Each open poll's number of times and of people who answered, counted by a subquery per poll: the
    # same numbers as Count("options", distinct=True) and Count("options__answers__user", distinct=True),
    # without joining and sorting one wide row per answer (a 15 x 60 poll: 900 rows; 0.7 -> 0.45 ms in
    # PostgreSQL). Ordered by id, the order the grouped query's plan gave (it had no ORDER BY: Django
    # leaves Meta.ordering out of an aggregation).
    return (
        Poll.objects.filter(group_id=group_id, status=Poll.Status.OPEN, closes_at__gt=now)
        .annotate(
            options_count=_count(PollOption.objects.filter(poll_id=OuterRef("pk")), "id"),
            answered=_count(PollAnswer.objects.filter(option__poll_id=OuterRef("pk")), "user_id", distinct=True),
        )
        .order_by("id")
    )


_GROUP_PAGE_POLLS = PreparedQuery(_group_page_polls_query, group_id=int, now=datetime)
_GROUP_PAGE_VENUES = PreparedQuery(
    lambda group_id, service_id: Venue.objects.filter(
        Q(group_id=group_id) | Q(group__isnull=True, service_id=service_id)
    ),
    group_id=int,
    service_id=int,
)
_GROUP_PAGE_RSVPS = PreparedQuery(
    lambda group_id, user_id, first, last: Rsvp.objects.filter(
        meeting__group_id=group_id, user_id=user_id, occurrence_date__range=(first, last)
    ).values_list("meeting_id", "occurrence_date", "response"),
    group_id=int,
    user_id=int,
    first=date,
    last=date,
)


def group_meetings_page(group: PeerGroup, user) -> GroupMeetingsPage:
    organiser = can_organise(group, user)
    # The page shows each meeting's venue, not its host (no join for a user row it never reads).
    meetings = _GROUP_PAGE_MEETINGS.list(group_id=group.pk)
    polls = _GROUP_PAGE_POLLS.list(group_id=group.pk, now=timezone.now())
    # The group read for this page (group_for_meetings_page) brings the number of its polls with it.
    if hasattr(group, "polls_count"):
        past = (group.polls_count or 0) - len(polls)
    else:
        past = group.polls.exclude(pk__in=[p.pk for p in polls]).count()
    venues = _GROUP_PAGE_VENUES.list(group_id=group.pk, service_id=group.service_id)
    coming = [(meeting, occurrence) for meeting in meetings if (occurrence := next_occurrence(meeting)) is not None]
    # Only the member's answers from the first to the last date shown, not every answer they ever gave;
    # one query even when nothing is coming up (an empty IN list would skip it, changing the count).
    days = [occurrence.date for _, occurrence in coming] or [timezone.localdate(timezone=LONDON)]
    my_rsvps = {
        (meeting_id, day): response
        for meeting_id, day, response in _GROUP_PAGE_RSVPS.list(
            group_id=group.pk, user_id=user.pk, first=min(days), last=max(days)
        )
    }
    rows = [(meeting, occurrence, my_rsvps.get((meeting.pk, occurrence.date))) for meeting, occurrence in coming]
    rows.sort(key=lambda row: row[1].start)
    return GroupMeetingsPage(group, organiser, rows, polls, past, venues, my_rsvps)


# The poll page ------------------------------------------------------------------------------------


def _preference_columns(group: PeerGroup | int) -> dict:
    """Each member's standing preferences (the programme's interest answers: days that suit, times of
    day) as annotations on the group's memberships: read with the members (issue 16). A user has at
    most one enrolment per programme and one interest answer per enrolment; no answer reads as None,
    which _preferences_from takes as "not said"."""
    programme_id = group if isinstance(group, int) else group.programme_id  # a group, or its programme's id
    answers = InterestResponse.objects.filter(
        enrolment__programme_id=programme_id, enrolment__user_id=OuterRef("user_id")
    )
    return {
        "interest_days": Subquery(answers.values("days")[:1]),
        "interest_times_of_day": Subquery(answers.values("times_of_day")[:1]),
    }


def _preferences_from(days, times_of_day) -> ranking.StandingPreferences:
    """Standing preferences from an interest answer's days that suit and times of day."""
    suits = {_DAY_NUMBERS[d] for d in days or [] if d in _DAY_NUMBERS}
    return ranking.StandingPreferences(
        times_of_day=frozenset(t for t in times_of_day or [] if t in set(ranking.TimeOfDay)),
        unavailable_weekdays=frozenset(set(range(7)) - suits) if suits else frozenset(),
    )


def _fairness_history_query(group_id):
    recent = (
        Poll.objects.filter(group_id=group_id, status=Poll.Status.CONFIRMED)
        .order_by("-created_at", "-id")
        .values("id")[: ranking.FAIRNESS_WINDOW]
    )
    return (
        Poll.objects.filter(id__in=recent)
        .order_by("-created_at", "-id")
        .values_list("id", "chosen_option__answers__user_id", "chosen_option__answers__answer")
    )


# The poll page's reads: the same SQL on every request, built once per process (core.prepared, ADR 0032).
_FAIRNESS_HISTORY = PreparedQuery(_fairness_history_query, group_id=int)
_POLL_OPTIONS = PreparedQuery(
    lambda poll_id: (
        PollOption.objects.filter(poll_id=poll_id)
        .order_by(*PollOption._meta.ordering)
        .values_list("id", "starts_at", "ends_at", "venue_id", "venue__name")
    ),
    poll_id=int,
)
_POLL_ANSWERS = PreparedQuery(
    lambda poll_id: PollAnswer.objects.filter(option__poll_id=poll_id).values_list("option_id", "user_id", "answer"),
    poll_id=int,
)
_POLL_MEMBERS = PreparedQuery(
    lambda group_id: (
        GroupMembership.objects.filter(group_id=group_id, status=MEMBER)
        .order_by("user__preferred_name", "id")
        .values_list("user_id", "user__preferred_name")
    ),
    group_id=int,
)
_POLL_MEMBERS_WITH_PREFERENCES = PreparedQuery(
    lambda group_id, programme_id: (
        GroupMembership.objects.filter(group_id=group_id, status=MEMBER)
        .order_by("user__preferred_name", "id")
        .annotate(**_preference_columns(programme_id))
        .values_list("user_id", "user__preferred_name", "interest_days", "interest_times_of_day")
    ),
    group_id=int,
    programme_id=int,
)


def _fairness_history(group: PeerGroup) -> list[set[int]]:
    """For the group's last confirmed polls, most recent first: who the chosen time left out (said No).
    One query: those polls with every answer to their chosen time (a poll nobody answered No to still
    counts), the same however many polls the group had before."""
    left_out: dict[int, set[int]] = {}
    for poll_id, user_id, answer in _FAIRNESS_HISTORY.list(group_id=group.pk):
        people = left_out.setdefault(poll_id, set())
        if answer == PollAnswer.Answer.NO:
            people.add(user_id)
    return list(left_out.values())


class PollOptionRow(NamedTuple):
    """What the poll pages show and rank of an option: its times and its venue's name (issue 16: read
    as values, not as option and venue objects). A named tuple: made, hashed and compared in C, where a
    frozen dataclass took 1.2 µs to make (60 a page; ADR 0044)."""

    pk: int
    starts_at: datetime
    ends_at: datetime
    venue_id: int | None
    venue_name: str | None

    @property
    def id(self) -> int:
        return self.pk


class PollOptionRows(list):
    """A poll's options (PollOptionRow), and `key`: the rows as read (tuples), what the per-process
    memos of the ranking and of the options' words are keyed by. Tuples of ints, datetimes and strings
    hash and compare in C; the dataclasses do it in Python (issue 16, ADR 0044)."""

    key: tuple = ()


def poll_option_rows(poll: Poll) -> PollOptionRows:
    """The poll's options in order (starts_at, id), with their venues' names."""
    rows = _POLL_OPTIONS.list(poll_id=poll.pk)
    options = PollOptionRows(map(PollOptionRow._make, rows))
    options.key = tuple(rows)
    return options


@dataclass(frozen=True)
class PollMemberRow:
    """A current member of the poll's group as the poll page uses them: their id, the name the
    ranking's "Leaves out" shows, and their standing preferences (organisers only; None otherwise).
    Read as values, not membership and user objects (issue 16)."""

    user_id: int
    display_name: str
    interest_days: list | None = None
    interest_times_of_day: list | None = None


@dataclass
class PollPage:
    poll: Poll
    options: list
    members: list[PollMemberRow]
    my_answers: dict
    ranked: list | None
    answered_count: int
    is_open: bool


def _poll_members(group: PeerGroup, *, with_preferences: bool) -> list[PollMemberRow]:
    if not with_preferences or group.programme_id is None:
        return [
            PollMemberRow(user_id, User.name_shown(preferred_name))
            for user_id, preferred_name in _POLL_MEMBERS.list(group_id=group.pk)
        ]
    rows = _POLL_MEMBERS_WITH_PREFERENCES.list(group_id=group.pk, programme_id=group.programme_id)
    return [PollMemberRow(user_id, User.name_shown(name), days, times) for user_id, name, days, times in rows]


# Rankings remembered by everything they are worked out from (ADR 0031's rule, ADR 0039): the key is
# the page's language (the reasons are translated when first read) and the rows this request read (the
# options, the members with their usual times, every answer to the poll, the fairness history), so a
# remembered ranking is only ever given for a request that would have worked out exactly that ranking,
# and any change by any writer gives a new key. Per process, in memory only; the least recently used
# forgotten first (core/memo.py, ADR 0045). A coordinator's page reads the same poll again and again; a member's
# page never ranks.
RANKINGS_MAX = 64
RANKINGS: BoundedMemo[list[ranking.RankedOption]] = BoundedMemo(RANKINGS_MAX)


def _ranking_key(options, members, answer_rows, history, ranks) -> tuple:
    return (
        get_language(),
        ranks,  # whether the members' usual times count (the group's programme): part of what it is worked out from
        getattr(options, "key", None) or tuple(options),  # the rows as read, when they are at hand (ADR 0044)
        tuple(
            (
                m.user_id,
                m.display_name,
                None if m.interest_days is None else tuple(m.interest_days),
                None if m.interest_times_of_day is None else tuple(m.interest_times_of_day),
            )
            for m in members
        ),
        frozenset(answer_rows),
        tuple(frozenset(left_out) for left_out in history),
    )


def _rank_poll(options, members, answers, answer_rows, history, *, ranks: bool) -> list[ranking.RankedOption]:
    """`ranking.rank_poll_options` on the page's rows, or the list it gave for the same rows before in
    this process (a new list of the same ranked options: they are immutable, their reasons worked out
    once, in the key's language)."""
    key = _ranking_key(options, members, answer_rows, history, ranks)
    return list(RANKINGS.get_or_make(key, lambda: _ranked(options, members, answers, history, ranks=ranks)))


def _ranked(options, members, answers, history, *, ranks: bool) -> list[ranking.RankedOption]:
    member_ids = {m.user_id for m in members}
    preferences = (
        {m.user_id: _preferences_from(m.interest_days, m.interest_times_of_day) for m in members} if ranks else {}
    )
    return ranking.rank_poll_options(
        options=[ranking.PollOption(id=o.pk, start=o.starts_at, end=o.ends_at, venue_id=o.venue_id) for o in options],
        members=[
            ranking.PollMember(
                id=m.user_id,
                name=m.display_name,
                preferences=preferences.get(m.user_id, ranking.StandingPreferences()),
            )
            for m in members
        ],
        answers={uid: by_option for uid, by_option in answers.items() if uid in member_ids},
        history=history,
    )


def poll_page(poll: Poll, user, *, organiser: bool) -> PollPage:
    group = poll.group
    options = poll_option_rows(poll)
    ranks = organiser and group.programme_id is not None
    members = _poll_members(group, with_preferences=ranks)
    answers: dict[int, dict[int, str]] = defaultdict(dict)
    answer_rows = _POLL_ANSWERS.list(poll_id=poll.pk)
    for option_id, user_id, value in answer_rows:
        answers[user_id][option_id] = value
    ranked = None
    member_ids = {m.user_id for m in members}
    if organiser and options:
        ranked = _rank_poll(options, members, answers, answer_rows, _fairness_history(group), ranks=ranks)
    return PollPage(
        poll=poll,
        options=options,
        members=members,
        my_answers=dict(answers.get(user.pk, {})),
        ranked=ranked,
        answered_count=len(set(answers) & member_ids),
        is_open=poll_is_open(poll),
    )


# Meeting page -------------------------------------------------------------------------------------


def rsvp_counts_and_mine(meeting: Meeting, user, day: date) -> tuple[dict[str, int], str | None]:
    """How many gave each answer for the date, and `user`'s own answer (None if none or no user): one
    query for the meeting page (issue 16)."""
    counts = dict.fromkeys(Rsvp.Response.values, 0)
    mine = None
    rows = Rsvp.objects.filter(meeting=meeting, occurrence_date=day).values("response")
    user_id = getattr(user, "pk", None)
    rows = rows.annotate(n=Count("id"), mine=Count("id", filter=Q(user_id=user_id)) if user_id else Value(0))
    for row in rows:
        counts[row["response"]] = row["n"]
        if row["mine"]:
            mine = row["response"]
    return counts, mine


# Calendar -----------------------------------------------------------------------------------------


def calendar_meeting(meeting: Meeting, *, url: str = "") -> CalendarMeeting:

    venue = CalendarVenue()
    if meeting.location_id or meeting.venue or meeting.online_url:
        location = meeting.location
        venue = CalendarVenue(
            name=location.name if location else (meeting.venue if meeting.mode != Meeting.Mode.ONLINE else ""),
            address=location.address if location else "",
            accessibility=location.access_facts if location else (),
            online_url=meeting.online_url if meeting.mode != Meeting.Mode.IN_PERSON else "",
        )
    return CalendarMeeting(
        public_id=meeting.public_id,
        title=meeting.title or f"{meeting.group.name} meeting",
        when=recurrence_for(meeting),
        updated_at=meeting.updated_at,
        sequence=meeting.sequence,
        cancelled=meeting.status == Meeting.Status.CANCELLED,
        venue=venue,
        details=meeting.details,
        url=url,
    )


def feed_user(token: str):
    if not token or len(token) > 64:
        return None
    found = _FEED_BY_TOKEN.list(token_hash=token_hash(token))
    feed = found[0] if found else None
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def feed_meetings(user) -> list[Meeting]:
    """Every planned or cancelled meeting (not held occurrence rows) of the member's current groups."""
    # A join and DISTINCT, not EXISTS: the ORM takes longer to build the subquery (3.6 against 3.1 ms of
    # CPU here) than PostgreSQL takes over a member's few meetings (issue 16).
    return _FEED_MEETINGS.list(user_id=user.pk)


def _first(queryset):
    """queryset.first() as a slice: the model's ordering, else the primary key."""
    return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]


# The calendar feed's two reads, asked by every calendar every few hours: SQL built once per process
# (core.prepared, ADR 0032).
_FEED_BY_TOKEN = PreparedQuery(
    lambda token_hash: _first(
        CalendarFeed.objects.select_related("user").filter(token_hash=token_hash, revoked_at__isnull=True)
    ),
    token_hash=str,
)
_FEED_MEETINGS = PreparedQuery(
    lambda user_id: (
        Meeting.objects.filter(
            group__memberships__user_id=user_id, group__memberships__status=MEMBER, series__isnull=True
        )
        .select_related("group", "location")
        .distinct()
    ),
    user_id=int,
)


def current_feed(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_url(token: str) -> str:
    """A feed's full address: shown to the member once, when the token is made (only its hash is kept)."""
    return absolute_url("meetings:feed", token)


def my_account_calendar_section(user) -> dict:
    """The calendar section of the member's account page (accounts' MY_ACCOUNT_SECTIONS_HOOK)."""
    feed = current_feed(user)
    return {
        "template": "meetings/_my_account_calendar.jinja",
        "has_feed": feed is not None,
        "reissued_at": feed.reissued_at if feed else None,
    }


def service_venues(service) -> list[Venue]:
    """The venues a service keeps for all its groups (not those a group added for itself)."""
    return list(Venue.objects.filter(service=service, group__isnull=True).order_by("name", "id"))


def service_venue(service, public_id) -> Venue:
    """One of the service's own venues. Raises Venue.DoesNotExist (another service's, or a group's)."""
    return Venue.objects.get(service=service, group__isnull=True, public_id=public_id)
