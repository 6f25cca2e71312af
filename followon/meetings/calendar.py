"""iCalendar files for meetings (RFC 5545), built with the ``icalendar`` library. Pure, no database.

- :func:`meeting_ics`: one meeting (or one repeating series) for the "Add to calendar" download.
- :func:`member_feed_ics`: every meeting of a member's groups, for their private feed URL.

Policy (docs/adr/0008-meeting-poll-ranking-recurrence-and-calendar-files.md):

- UID is ``meeting-<public uuid>@followon`` and never changes for the life of the meeting.
- SEQUENCE is stored with the meeting and goes up by one on every change that shows in its calendar
  entry (time, date, repeat pattern, skipped or cancelled dates, place, title, details, cancellation);
  :meth:`CalendarMeeting.revised` does it. Clients replace the entry they have with the higher SEQUENCE.
- A cancelled meeting stays in the file with STATUS:CANCELLED and a higher SEQUENCE, so calendars that
  have it remove or strike it out. A single cancelled date of a repeating meeting is an override
  VEVENT (same UID, RECURRENCE-ID, STATUS:CANCELLED); a skipped date is an EXDATE.
- METHOD:PUBLISH on both files: they are published copies, not iTIP invitations, so there is no
  ORGANIZER or ATTENDEE (those would be other members' personal data).
- Times carry TZID=Europe/London with a VTIMEZONE that states the UK rule; DTSTAMP and LAST-MODIFIED
  are the meeting's last change (UTC), so the same data always gives the same bytes.
- CLASS:PRIVATE, so a calendar shared with colleagues shows the time as busy and nothing more.
- Nothing about other members: the file holds the meeting, its place and the venue's accessibility
  facts. ``details`` is shown to everyone who gets the file: keep it to the meeting's plan.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from uuid import UUID

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from followon.core.memo import BoundedMemo
from followon.meetings import recurrence
from followon.meetings.recurrence import LONDON, TZID, Recurrence

__all__ = [
    "ICS_CONTENT_TYPE",
    "PRODID",
    "CalendarMeeting",
    "CalendarVenue",
    "london_vtimezone",
    "meeting_ics",
    "meeting_events",
    "meeting_ics_filename",
    "meeting_uid",
    "member_feed_ics",
]

PRODID = "-//FollowOn//Meetings//EN"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"
#: How often a subscribed calendar should fetch the feed again.
FEED_REFRESH = timedelta(hours=6)


def meeting_uid(public_id: UUID) -> str:
    return f"meeting-{public_id}@followon"


@dataclass(frozen=True)
class CalendarVenue:
    """Where a meeting is. ``accessibility`` holds plain sentences, like "Step-free access from the car park"."""

    name: str = ""
    address: str = ""  # lines separated by newlines or commas
    accessibility: tuple[str, ...] = ()
    online_url: str = ""  # a meeting link for online and hybrid meetings

    @property
    def in_person(self) -> bool:
        return bool(self.name or self.address)


@dataclass(frozen=True)
class CalendarMeeting:
    """What a calendar entry needs to know about a meeting or a repeating series of meetings."""

    public_id: UUID
    title: str  # like "Thursday group meeting"; calendars may show it to others as busy only
    when: Recurrence
    updated_at: datetime  # aware; the meeting's last change
    sequence: int = 0
    cancelled: bool = False  # the whole meeting (every date of a series)
    venue: CalendarVenue = field(default_factory=CalendarVenue)
    details: str = ""  # the plan for the meeting, shown to every member
    url: str = ""  # absolute URL of the meeting page

    def __post_init__(self) -> None:
        if self.updated_at.tzinfo is None:
            raise ValueError("updated_at must be timezone-aware")
        if self.sequence < 0:
            raise ValueError("sequence cannot be negative")

    @property
    def uid(self) -> str:
        return meeting_uid(self.public_id)

    def revised(self, *, updated_at: datetime, **changes) -> CalendarMeeting:
        """A copy with ``changes`` applied, the same UID and the next SEQUENCE."""
        if "public_id" in changes or "sequence" in changes:
            raise ValueError("a revision keeps the meeting's id and takes the next sequence number")
        return replace(self, updated_at=updated_at, sequence=self.sequence + 1, **changes)


def london_vtimezone() -> Timezone:
    """VTIMEZONE for Europe/London: the UK rule since 1996 (last Sunday of March and of October, at 01:00 UTC)."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("tzoffsetfrom", timedelta(hours=0))
    summer.add("tzoffsetto", timedelta(hours=1))
    summer.add("dtstart", datetime(1981, 3, 29, 1, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("tzoffsetfrom", timedelta(hours=1))
    winter.add("tzoffsetto", timedelta(hours=0))
    winter.add("dtstart", datetime(1996, 10, 27, 2, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    timezone.add_component(summer)
    timezone.add_component(winter)
    return timezone


def _one_line(text: str) -> str:
    parts = [p.strip() for p in text.replace("\r", "\n").replace("\n", ",").split(",")]
    return ", ".join(p for p in parts if p)


def _location(venue: CalendarVenue) -> str:
    place = _one_line(", ".join(p for p in (venue.name, venue.address) if p))
    if place and venue.online_url:
        return f"{place} (or join online)"
    if venue.online_url:
        return "Online"
    return place


def _description(meeting: CalendarMeeting, cancelled: bool) -> str:
    venue = meeting.venue
    blocks: list[str] = []
    if cancelled:
        blocks.append("This meeting has been cancelled.")
    if meeting.details.strip():
        blocks.append(meeting.details.strip())
    if venue.in_person:
        lines = ["Where:"] + [line for line in (venue.name, *venue.address.splitlines()) if line.strip()]
        blocks.append("\n".join(line.strip() for line in lines))
    if venue.accessibility:
        blocks.append("\n".join(["Access:"] + [f"- {fact}" for fact in venue.accessibility]))
    if venue.online_url:
        blocks.append(f"Join online: {venue.online_url}")
    if meeting.url:
        blocks.append(f"Meeting page: {meeting.url}")
    return "\n\n".join(blocks)


def _event(meeting: CalendarMeeting, *, start: datetime, end: datetime, cancelled: bool) -> Event:
    event = Event()
    event.add("uid", meeting.uid)
    event.add("dtstamp", meeting.updated_at.astimezone(UTC))
    event.add("last-modified", meeting.updated_at.astimezone(UTC))
    event.add("sequence", meeting.sequence)
    event.add("summary", f"Cancelled: {meeting.title}" if cancelled else meeting.title)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("class", "PRIVATE")
    location = _location(meeting.venue)
    if location:
        event.add("location", location)
    description = _description(meeting, cancelled)
    if description:
        event.add("description", description)
    if meeting.url:
        event.add("url", meeting.url)
    return event


def meeting_events(meeting: CalendarMeeting) -> list[Event]:
    """The VEVENTs of one meeting: the meeting (with RRULE and EXDATE when it repeats), then one
    cancelled override per cancelled date of a repeating meeting."""
    when = meeting.when
    first_end = datetime.combine(when.first_date, when.end_time, tzinfo=LONDON)
    whole_cancelled = meeting.cancelled or (not when.repeats and when.first_date in when.cancelled)
    master = _event(meeting, start=when.dtstart, end=first_end, cancelled=whole_cancelled)
    rule = when.rrule_value()
    if rule is not None:
        master.add("rrule", vRecur.from_ical(rule))
        if when.skipped:
            master.add("exdate", when.exdates())
    events = [master]
    if when.repeats and not meeting.cancelled:
        for day in sorted(when.cancelled):
            occurrence = when.occurrence_on(day)
            override = _event(meeting, start=occurrence.start, end=occurrence.end, cancelled=True)
            override.add("recurrence-id", occurrence.start)
            events.append(override)
    return events


def _calendar(meetings: Iterable[CalendarMeeting], *, name: str | None, refresh: timedelta | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
    if refresh is not None:
        calendar.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", refresh)
    calendar.add_component(london_vtimezone())
    seen: set[str] = set()
    for meeting in sorted(meetings, key=lambda m: (m.when.dtstart, m.uid)):
        if meeting.uid in seen:
            raise ValueError(f"meeting {meeting.uid} appears twice")
        seen.add(meeting.uid)
        for event in meeting_events(meeting):
            calendar.add_component(event)
    return calendar


def meeting_ics(meeting: CalendarMeeting) -> bytes:
    """The .ics file for one meeting's "Add to calendar" download (serve as ``ICS_CONTENT_TYPE``)."""
    return _calendar([meeting], name=None, refresh=None).to_ical()


def meeting_ics_filename(meeting: CalendarMeeting) -> str:
    """A download name with no personal data, like ``meeting-2027-03-02.ics``."""
    return f"meeting-{meeting.when.first_date.isoformat()}.ics"


# What else decides a feed's bytes besides its meetings: this module, the recurrence rules and the
# icalendar library. Any change to them gives every feed a new ETag, so no calendar keeps an old copy.
_FEED_CODE = hashlib.sha256(
    Path(__file__).read_bytes() + Path(recurrence.__file__).read_bytes() + version("icalendar").encode()
).hexdigest()


def member_feed_etag(
    meetings: Sequence[CalendarMeeting], *, name: str = "FollowOn meetings", refresh: timedelta = FEED_REFRESH
) -> str:
    """A strong ETag for ``member_feed_ics(meetings)`` without building the file (issue 16: building
    and folding the iCalendar text is most of the feed's cost, and calendars ask every few hours).

    The feed is a pure function of the meetings (frozen dataclasses: their ``repr`` is their value,
    DTSTAMP included, which comes from ``updated_at``), the name, the refresh interval and the code.
    """
    value = repr((_FEED_CODE, name, refresh, tuple(meetings)))
    return '"' + hashlib.sha256(value.encode()).hexdigest()[:32] + '"'


def member_feed_ics(
    meetings: Iterable[CalendarMeeting], *, name: str = "FollowOn meetings", refresh: timedelta = FEED_REFRESH
) -> bytes:
    """A member's calendar feed: every meeting given (pass only the member's own groups' meetings).

    Always holds the VTIMEZONE, so a feed with no meetings is still a valid calendar.
    """
    return _calendar(meetings, name=name, refresh=refresh).to_ical()


# Feed files remembered by what they hold (ADR 0031's rule, ADR 0032): the key is the strong ETag,
# a hash of everything the bytes are made from (the meetings as read on this request, the name, the
# refresh interval, this code), so a remembered file is only ever given for a request that would have
# built exactly those bytes, and any change to what a feed shows gives a new key. Per process, in
# memory only; the least recently used forgotten first (core/memo.py, ADR 0045). Files over
# FEED_FILE_MAX_BYTES are given but not kept.
FEED_FILES_MAX = 256
FEED_FILE_MAX_BYTES = 256 * 1024
FEED_FILES: BoundedMemo[bytes] = BoundedMemo(FEED_FILES_MAX)


def _small_enough(built: bytes) -> bool:
    return len(built) <= FEED_FILE_MAX_BYTES


def member_feed_ics_remembered(meetings: Sequence[CalendarMeeting], *, etag: str) -> bytes:
    """member_feed_ics(meetings) with the default name and refresh, whose member_feed_etag is `etag`:
    built once per process for each ETag (building and folding the iCalendar text was about 60 % of
    the feed's cost). Pass the ETag worked out from these same meetings on this request."""
    return FEED_FILES.get_or_make(etag, lambda: member_feed_ics(meetings), keep=_small_enough)
