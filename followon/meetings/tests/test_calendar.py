"""iCalendar files: read back with icalendar, expanded with recurring-ical-events, across clock changes."""

from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

import icalendar
import pytest
import recurring_ical_events
from hypothesis import given, settings
from hypothesis import strategies as st

from followon.meetings.calendar import (
    ICS_CONTENT_TYPE,
    CalendarMeeting,
    CalendarVenue,
    london_vtimezone,
    meeting_ics,
    meeting_ics_filename,
    meeting_uid,
    member_feed_ics,
)
from followon.meetings.recurrence import LONDON, Frequency, Recurrence

MEETING_ID = UUID("0b6f3f0e-1c1d-4d55-9a55-6f1b0c0ffee1")
OTHER_ID = UUID("7d7c0a52-55a4-4a8b-8d7e-2f2a3e4b5c6d")
CHANGED = datetime(2027, 9, 1, 12, 0, tzinfo=UTC)
HALL = CalendarVenue(
    name="Southmead Community Hall; Room 2",
    address="12 Greystoke Avenue\nBristol, BS10 6AS",
    accessibility=("Step-free access from the car park", "Accessible toilet", "Chairs with backs and arms"),
)


def meeting(when: Recurrence, **kwargs) -> CalendarMeeting:
    fields = {
        "public_id": MEETING_ID,
        "title": "Thursday group meeting",
        "when": when,
        "updated_at": CHANGED,
        "venue": HALL,
        "url": "https://followon.example/meetings/0b6f3f0e/",
    }
    return CalendarMeeting(**{**fields, **kwargs})


def weekly(first: date, **kwargs) -> Recurrence:
    return Recurrence(first, time(10, 30), time(12), Frequency.WEEKLY, **kwargs)


def parse(ics: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(ics)


def expand(ics: bytes, start: date, end: date) -> list:
    events = recurring_ical_events.of(parse(ics)).between(start, end)
    return sorted(events, key=lambda e: e.decoded("dtstart"))


class TestSingleMeetingFile:
    def test_round_trip_through_icalendar(self):
        once = Recurrence(date(2027, 3, 4), time(10, 30), time(12))
        ics = meeting_ics(meeting(once))
        calendar = parse(ics)
        assert calendar["METHOD"] == "PUBLISH"
        assert calendar["VERSION"] == "2.0"
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"meeting-{MEETING_ID}@followon" == meeting_uid(MEETING_ID)
        assert event["SEQUENCE"] == 0
        assert event["STATUS"] == "CONFIRMED"
        assert event["CLASS"] == "PRIVATE"
        assert event["SUMMARY"] == "Thursday group meeting"
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert event.decoded("dtstart") == datetime(2027, 3, 4, 10, 30, tzinfo=LONDON)
        assert event.decoded("dtend") == datetime(2027, 3, 4, 12, 0, tzinfo=LONDON)
        assert event.decoded("dtstamp") == CHANGED
        assert str(event["LOCATION"]) == "Southmead Community Hall; Room 2, 12 Greystoke Avenue, Bristol, BS10 6AS"
        assert str(event["URL"]) == "https://followon.example/meetings/0b6f3f0e/"
        assert "RRULE" not in event
        description = str(event["DESCRIPTION"])
        assert "- Step-free access from the car park\n- Accessible toilet\n- Chairs with backs and arms" in description
        assert "Where:\nSouthmead Community Hall; Room 2\n12 Greystoke Avenue\nBristol, BS10 6AS" in description
        assert description.endswith("Meeting page: https://followon.example/meetings/0b6f3f0e/")

    def test_times_carry_london_time_in_summer_and_winter(self):
        summer = parse(meeting_ics(meeting(Recurrence(date(2027, 7, 1), time(14), time(16)))))
        winter = parse(meeting_ics(meeting(Recurrence(date(2027, 12, 2), time(14), time(16)))))
        [summer_event], [winter_event] = summer.walk("VEVENT"), winter.walk("VEVENT")
        assert summer_event.decoded("dtstart").astimezone(UTC) == datetime(2027, 7, 1, 13, tzinfo=UTC)
        assert winter_event.decoded("dtstart").astimezone(UTC) == datetime(2027, 12, 2, 14, tzinfo=UTC)
        assert b"DTSTART;TZID=Europe/London:20270701T140000" in meeting_ics(
            meeting(Recurrence(date(2027, 7, 1), time(14), time(16)))
        )

    def test_a_changed_meeting_keeps_its_uid_with_a_higher_sequence(self):
        original = meeting(Recurrence(date(2027, 3, 4), time(10, 30), time(12)))
        moved = original.revised(
            updated_at=CHANGED + timedelta(days=1), when=Recurrence(date(2027, 3, 4), time(13), time(14, 30))
        )
        [before] = parse(meeting_ics(original)).walk("VEVENT")
        [after] = parse(meeting_ics(moved)).walk("VEVENT")
        assert after["UID"] == before["UID"]
        assert after["SEQUENCE"] == before["SEQUENCE"] + 1 == 1
        assert after.decoded("dtstart") == datetime(2027, 3, 4, 13, tzinfo=LONDON)
        assert after.decoded("dtstamp") > before.decoded("dtstamp")
        with pytest.raises(ValueError):
            original.revised(updated_at=CHANGED, sequence=7)

    def test_a_cancelled_meeting_keeps_its_uid_and_says_cancelled(self):
        original = meeting(Recurrence(date(2027, 3, 4), time(10, 30), time(12)), sequence=2)
        cancelled = original.revised(updated_at=CHANGED + timedelta(hours=1), cancelled=True)
        [event] = parse(meeting_ics(cancelled)).walk("VEVENT")
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 3
        assert str(event["UID"]) == original.uid
        assert event["SUMMARY"] == "Cancelled: Thursday group meeting"
        assert str(event["DESCRIPTION"]).startswith("This meeting has been cancelled.")

    def test_online_and_hybrid_locations(self):
        online = CalendarVenue(online_url="https://meet.example/abc")
        [event] = parse(meeting_ics(meeting(Recurrence(date(2027, 3, 4), time(18), time(19)), venue=online))).walk(
            "VEVENT"
        )
        assert event["LOCATION"] == "Online"
        assert "Join online: https://meet.example/abc" in str(event["DESCRIPTION"])
        hybrid = CalendarVenue(name="Library", address="1 High Street", online_url="https://meet.example/abc")
        [event] = parse(meeting_ics(meeting(Recurrence(date(2027, 3, 4), time(18), time(19)), venue=hybrid))).walk(
            "VEVENT"
        )
        assert event["LOCATION"] == "Library, 1 High Street (or join online)"

    def test_no_personal_data_or_scheduling_parties(self):
        ics = meeting_ics(meeting(weekly(date(2027, 3, 4), count=3, cancelled={date(2027, 3, 11)})))
        for forbidden in (b"ORGANIZER", b"ATTENDEE", b"CONTACT", b"mailto:", b"tel:"):
            assert forbidden not in ics
        assert meeting_ics_filename(meeting(weekly(date(2027, 3, 4)))) == "meeting-2027-03-04.ics"
        assert ICS_CONTENT_TYPE == "text/calendar; charset=utf-8"

    def test_same_meeting_gives_the_same_bytes(self):
        series = weekly(date(2027, 3, 4), count=5, skipped={date(2027, 3, 18)})
        assert meeting_ics(meeting(series)) == meeting_ics(meeting(series))

    def test_naive_change_time_is_refused(self):
        with pytest.raises(ValueError, match="timezone-aware"):
            meeting(weekly(date(2027, 3, 4)), updated_at=datetime(2027, 1, 1))


class TestRepeatingMeetings:
    def test_expansion_keeps_half_ten_local_across_the_october_change(self):
        ics = meeting_ics(meeting(weekly(date(2027, 10, 14), count=5)))  # clocks go back 31 October 2027
        events = expand(ics, date(2027, 10, 1), date(2027, 12, 1))
        starts = [e.decoded("dtstart") for e in events]
        assert [s.date() for s in starts] == [date(2027, 10, d) for d in (14, 21, 28)] + [
            date(2027, 11, 4),
            date(2027, 11, 11),
        ]
        assert {s.astimezone(LONDON).time() for s in starts} == {time(10, 30)}
        assert [s.astimezone(UTC).hour for s in starts] == [9, 9, 9, 10, 10]
        assert [e.decoded("dtend").astimezone(UTC).time() for e in events][2:4] == [time(11), time(12)]

    def test_expansion_keeps_half_ten_local_across_the_march_change(self):
        ics = meeting_ics(meeting(weekly(date(2027, 3, 18), count=4)))  # clocks go forward 28 March 2027
        starts = [e.decoded("dtstart") for e in expand(ics, date(2027, 3, 1), date(2027, 5, 1))]
        assert {s.astimezone(LONDON).time() for s in starts} == {time(10, 30)}
        assert [s.astimezone(UTC).hour for s in starts] == [10, 10, 9, 9]

    def test_monthly_last_day_and_last_friday_expand_like_our_recurrence(self):
        for when in (
            Recurrence(date(2027, 1, 31), time(18), time(19, 30), Frequency.MONTHLY_BY_DATE, count=12),
            Recurrence(
                date(2027, 1, 29),
                time(18),
                time(19),
                Frequency.MONTHLY_BY_WEEKDAY,
                last_weekday_of_month=True,
                count=12,
            ),
            Recurrence(date(2027, 3, 9), time(10), time(11), Frequency.MONTHLY_BY_WEEKDAY, until=date(2028, 3, 14)),
        ):
            events = expand(meeting_ics(meeting(when)), date(2027, 1, 1), date(2029, 1, 1))
            assert [e.decoded("dtstart") for e in events] == [o.start for o in when.occurrences()]

    def test_skipped_dates_disappear_and_cancelled_dates_show_as_cancelled(self):
        series = weekly(date(2027, 12, 9), count=5, skipped={date(2027, 12, 23)}, cancelled={date(2027, 12, 30)})
        ics = meeting_ics(meeting(series, sequence=4))
        events = expand(ics, date(2027, 12, 1), date(2028, 2, 1))
        assert [(e.decoded("dtstart").date(), str(e["STATUS"])) for e in events] == [
            (date(2027, 12, 9), "CONFIRMED"),
            (date(2027, 12, 16), "CONFIRMED"),
            (date(2027, 12, 30), "CANCELLED"),
            (date(2028, 1, 6), "CONFIRMED"),
        ]
        assert {e["SEQUENCE"] for e in events} == {4}
        assert {str(e["UID"]) for e in events} == {meeting_uid(MEETING_ID)}
        master, override = parse(ics).walk("VEVENT")
        assert master["EXDATE"].to_ical() == b"20271223T103000"
        assert master["EXDATE"].params["TZID"] == "Europe/London"
        assert override.decoded("recurrence-id") == datetime(2027, 12, 30, 10, 30, tzinfo=LONDON)
        assert override["SUMMARY"] == "Cancelled: Thursday group meeting"

    def test_a_cancelled_series_cancels_every_date(self):
        series = weekly(date(2027, 3, 4), count=3, cancelled={date(2027, 3, 11)})
        ics = meeting_ics(meeting(series, cancelled=True, sequence=1))
        assert len(parse(ics).walk("VEVENT")) == 1
        events = expand(ics, date(2027, 3, 1), date(2027, 4, 1))
        assert [str(e["STATUS"]) for e in events] == ["CANCELLED"] * 3

    def test_a_one_off_meeting_whose_date_is_cancelled_is_cancelled(self):
        once = Recurrence(date(2027, 3, 4), time(10), time(11), cancelled={date(2027, 3, 4)})
        [event] = parse(meeting_ics(meeting(once))).walk("VEVENT")
        assert event["STATUS"] == "CANCELLED"
        assert "RECURRENCE-ID" not in event

    def test_rrule_in_the_file_is_our_rule(self):
        series = weekly(date(2027, 3, 4), interval=2, until=date(2027, 6, 30))
        [event] = parse(meeting_ics(meeting(series))).walk("VEVENT")
        rule = event["RRULE"]
        assert rule["FREQ"] == ["WEEKLY"]
        assert rule["INTERVAL"] == [2]
        assert rule["BYDAY"] == ["TH"]
        assert rule["UNTIL"] == [datetime(2027, 6, 30, 9, 30, tzinfo=UTC)]  # 10:30am BST on the last date


@settings(max_examples=60, deadline=None)
@given(
    first=st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)),
    hour=st.integers(6, 21),
    frequency=st.sampled_from([Frequency.WEEKLY, Frequency.MONTHLY_BY_DATE, Frequency.MONTHLY_BY_WEEKDAY]),
    interval=st.integers(1, 3),
    skip=st.integers(1, 6),
)
def test_recurring_ical_events_agrees_with_our_expansion(first, hour, frequency, interval, skip):
    last = frequency is Frequency.MONTHLY_BY_WEEKDAY and first.day > 28
    pattern = Recurrence(
        first, time(hour, 15), time(hour + 1, 45), frequency, interval=interval, last_weekday_of_month=last
    )
    skipped_day = pattern.take(skip + 1)[skip].date
    cancelled_day = pattern.take(skip + 2)[skip + 1].date
    when = Recurrence(
        first,
        time(hour, 15),
        time(hour + 1, 45),
        frequency,
        interval=interval,
        last_weekday_of_month=last,
        count=20,
        skipped={skipped_day},
        cancelled={cancelled_day},
    )
    events = expand(meeting_ics(meeting(when)), first, first + timedelta(days=366 * 6))
    ours = [(o.start, o.end, o.cancelled) for o in when.occurrences()]
    theirs = [(e.decoded("dtstart"), e.decoded("dtend"), e["STATUS"] == "CANCELLED") for e in events]
    assert theirs == ours
    assert {s.astimezone(LONDON).time() for s, _, _ in theirs} == {time(hour, 15)}


class TestFeed:
    def test_feed_holds_every_meeting_in_date_order_with_a_london_timezone(self):
        later = meeting(weekly(date(2027, 4, 1), count=2), public_id=OTHER_ID, title="Network meeting")
        earlier = meeting(Recurrence(date(2027, 3, 4), time(10), time(11)))
        ics = member_feed_ics([later, earlier], name="Your FollowOn meetings")
        calendar = parse(ics)
        assert calendar["X-WR-CALNAME"] == "Your FollowOn meetings"
        assert calendar["NAME"] == "Your FollowOn meetings"
        assert calendar["METHOD"] == "PUBLISH"
        assert calendar.decoded("refresh-interval") == timedelta(hours=6)
        assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
        assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [meeting_uid(MEETING_ID), meeting_uid(OTHER_ID)]
        assert len(calendar.walk("VTIMEZONE")) == 1
        events = expand(ics, date(2027, 3, 1), date(2027, 5, 1))
        assert [e.decoded("dtstart").date() for e in events] == [date(2027, 3, 4), date(2027, 4, 1), date(2027, 4, 8)]

    def test_an_empty_feed_is_still_a_valid_calendar(self):
        calendar = parse(member_feed_ics([]))
        assert calendar.walk("VEVENT") == []
        assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]

    def test_a_meeting_cannot_appear_twice(self):
        once = meeting(Recurrence(date(2027, 3, 4), time(10), time(11)))
        with pytest.raises(ValueError, match="appears twice"):
            member_feed_ics([once, once.revised(updated_at=CHANGED)])


def test_the_vtimezone_agrees_with_the_tz_database_from_1997_to_2037():
    # dateutil builds a tzinfo from our VTIMEZONE text alone (no lookup by name): compare around every change.
    parsed = icalendar.Timezone.from_ical(london_vtimezone().to_ical()).to_tz(lookup_tzid=False)
    for year in range(1997, 2038):
        for month in (3, 10):
            last_sunday = max(date(year, month, d) for d in range(25, 32) if date(year, month, d).weekday() == 6)
            moment = datetime.combine(last_sunday, time(0), tzinfo=UTC) - timedelta(hours=2)
            for _ in range(10):
                assert moment.astimezone(parsed).utcoffset() == moment.astimezone(LONDON).utcoffset(), moment
                moment += timedelta(minutes=30)
        midsummer = datetime(year, 7, 1, 12, tzinfo=UTC)
        assert midsummer.astimezone(parsed).utcoffset() == timedelta(hours=1)
