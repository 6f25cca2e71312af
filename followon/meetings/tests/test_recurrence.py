"""Meeting recurrences: patterns, London wall-clock times across clock changes, RFC 5545 text, bad input."""

import calendar as stdlib_calendar
from datetime import UTC, date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from followon.meetings.recurrence import (
    LONDON,
    Frequency,
    Recurrence,
    RecurrenceError,
    format_clock,
)

HALF_TEN, NOON = time(10, 30), time(12, 0)


def weekly(first: date, **kwargs) -> Recurrence:
    return Recurrence(
        **{"first_date": first, "start_time": HALF_TEN, "end_time": NOON, "frequency": Frequency.WEEKLY, **kwargs}
    )


def dates(recurrence: Recurrence, n: int = 50) -> list[date]:
    return [o.date for o in recurrence.take(n)]


class TestPatterns:
    def test_one_off_happens_once(self):
        once = Recurrence(first_date=date(2027, 3, 2), start_time=HALF_TEN, end_time=NOON)
        assert dates(once) == [date(2027, 3, 2)]
        assert once.rrule_value() is None
        assert once.last() == once.first()
        assert once.describe() == "Tuesday 2 March 2027, 10:30am to 12 noon"

    def test_one_off_from_stored_aware_datetimes(self):
        once = Recurrence.once(datetime(2027, 7, 1, 9, 30, tzinfo=UTC), datetime(2027, 7, 1, 11, tzinfo=UTC))
        assert (once.first_date, once.start_time, once.end_time) == (date(2027, 7, 1), HALF_TEN, NOON)
        with pytest.raises(RecurrenceError, match="The meeting must end after it starts"):
            Recurrence.once(datetime(2027, 7, 1, 11, tzinfo=UTC), datetime(2027, 7, 1, 9, tzinfo=UTC))
        with pytest.raises(RecurrenceError, match="The meeting must end on the day it starts"):
            Recurrence.once(datetime(2027, 7, 1, 22, tzinfo=UTC), datetime(2027, 7, 2, 0, 30, tzinfo=UTC))

    def test_weekly_fortnightly_and_every_n_weeks(self):
        first = date(2027, 3, 2)
        assert dates(weekly(first, count=3)) == [date(2027, 3, 2), date(2027, 3, 9), date(2027, 3, 16)]
        assert dates(weekly(first, interval=2, count=3)) == [date(2027, 3, 2), date(2027, 3, 16), date(2027, 3, 30)]
        assert dates(weekly(first, interval=3, count=3)) == [date(2027, 3, 2), date(2027, 3, 23), date(2027, 4, 13)]

    def test_monthly_by_date(self):
        monthly = Recurrence(date(2027, 1, 15), HALF_TEN, NOON, Frequency.MONTHLY_BY_DATE, count=3)
        assert dates(monthly) == [date(2027, 1, 15), date(2027, 2, 15), date(2027, 3, 15)]
        assert monthly.rrule_value() == "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3"
        assert (
            monthly.describe() == "On the 15th of every month, 10:30am to 12 noon, starting 15 January 2027, 3 meetings"
        )

    def test_the_31st_falls_back_to_the_last_day_of_shorter_months(self):
        monthly = Recurrence(date(2027, 1, 31), HALF_TEN, NOON, Frequency.MONTHLY_BY_DATE, count=5)
        assert dates(monthly) == [
            date(2027, 1, 31),
            date(2027, 2, 28),
            date(2027, 3, 31),
            date(2027, 4, 30),
            date(2027, 5, 31),
        ]
        assert monthly.rrule_value() == "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1;COUNT=5"
        assert "(or the last day of shorter months)" in monthly.describe()

    def test_the_30th_and_the_29th_in_february(self):
        thirtieth = Recurrence(date(2027, 12, 30), HALF_TEN, NOON, Frequency.MONTHLY_BY_DATE, count=3)
        assert dates(thirtieth) == [date(2027, 12, 30), date(2028, 1, 30), date(2028, 2, 29)]
        leap_day = Recurrence(date(2028, 2, 29), HALF_TEN, NOON, Frequency.MONTHLY_BY_DATE, interval=12, count=2)
        assert dates(leap_day) == [date(2028, 2, 29), date(2029, 2, 28)]
        assert leap_day.describe().startswith("On the 29th of every 12 months")

    def test_second_tuesday_of_the_month(self):
        second = Recurrence(date(2027, 3, 9), HALF_TEN, NOON, Frequency.MONTHLY_BY_WEEKDAY, count=4)
        assert dates(second) == [date(2027, 3, 9), date(2027, 4, 13), date(2027, 5, 11), date(2027, 6, 8)]
        assert second.rrule_value() == "FREQ=MONTHLY;BYDAY=2TU;COUNT=4"
        assert second.describe().startswith("On the second Tuesday of every month, 10:30am to 12 noon")

    def test_last_friday_of_the_month(self):
        last = Recurrence(
            date(2027, 1, 29), time(14), time(15, 30), Frequency.MONTHLY_BY_WEEKDAY, last_weekday_of_month=True, count=4
        )
        assert dates(last) == [date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26), date(2027, 4, 30)]
        assert last.rrule_value() == "FREQ=MONTHLY;BYDAY=-1FR;COUNT=4"
        assert last.describe().startswith("On the last Friday of every month, 2pm to 3:30pm")

    def test_a_fourth_weekday_that_is_also_the_last_can_be_either(self):
        fourth = Recurrence(date(2027, 2, 26), HALF_TEN, NOON, Frequency.MONTHLY_BY_WEEKDAY, count=3)
        last = Recurrence(
            date(2027, 2, 26), HALF_TEN, NOON, Frequency.MONTHLY_BY_WEEKDAY, last_weekday_of_month=True, count=3
        )
        assert dates(fourth) == [date(2027, 2, 26), date(2027, 3, 26), date(2027, 4, 23)]
        assert dates(last) == [date(2027, 2, 26), date(2027, 3, 26), date(2027, 4, 30)]

    def test_every_six_months_for_network_meetings(self):
        network = Recurrence(date(2027, 3, 9), HALF_TEN, NOON, Frequency.MONTHLY_BY_WEEKDAY, interval=6, count=3)
        assert dates(network) == [date(2027, 3, 9), date(2027, 9, 14), date(2028, 3, 14)]
        assert network.describe().startswith("On the second Tuesday of every 6 months")

    def test_until_is_the_last_possible_date_inclusive(self):
        series = weekly(date(2027, 3, 2), until=date(2027, 3, 16))
        assert dates(series) == [date(2027, 3, 2), date(2027, 3, 9), date(2027, 3, 16)]
        assert series.last().date == date(2027, 3, 16)
        assert series.describe().endswith(", until 16 March 2027")

    def test_a_recurrence_with_no_end_goes_on(self):
        series = weekly(date(2027, 3, 2))
        assert not series.is_finite
        assert series.last() is None
        assert len(dates(series, 200)) == 200


class TestLondonTime:
    def test_a_half_ten_meeting_stays_at_half_ten_across_the_october_change(self):
        series = weekly(date(2027, 10, 19), count=3)  # clocks go back on Sunday 31 October 2027
        starts = [o.start for o in series.occurrences()]
        assert [s.astimezone(LONDON).time() for s in starts] == [HALF_TEN] * 3
        assert [s.astimezone(UTC).time() for s in starts] == [time(9, 30), time(9, 30), time(10, 30)]
        assert [o.end.astimezone(UTC).time() for o in series.occurrences()] == [time(11), time(11), time(12)]

    def test_a_half_ten_meeting_stays_at_half_ten_across_the_march_change(self):
        series = weekly(date(2027, 3, 16), count=3)  # clocks go forward on Sunday 28 March 2027
        starts = [o.start for o in series.occurrences()]
        assert [s.astimezone(LONDON).time() for s in starts] == [HALF_TEN] * 3
        assert [s.astimezone(UTC).time() for s in starts] == [time(10, 30), time(10, 30), time(9, 30)]

    def test_a_meeting_on_the_day_the_clocks_change_keeps_its_wall_time(self):
        sundays = Recurrence(date(2027, 10, 24), HALF_TEN, NOON, Frequency.WEEKLY, count=2)
        change_day = sundays.take(2)[1]
        assert change_day.date == date(2027, 10, 31)
        assert change_day.start.astimezone(UTC) == datetime(2027, 10, 31, 10, 30, tzinfo=UTC)
        assert change_day.end - change_day.start == timedelta(hours=1, minutes=30)

    def test_until_is_written_in_utc_from_london_time(self):
        summer = weekly(date(2027, 6, 1), until=date(2027, 6, 29))
        assert summer.rrule_value() == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T093000Z"
        winter = weekly(date(2027, 11, 2), until=date(2027, 11, 30))
        assert winter.rrule_value() == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20271130T103000Z"

    def test_windowed_expansion_uses_aware_bounds(self):
        series = weekly(date(2027, 3, 2))
        window = list(
            series.occurrences(start=datetime(2027, 3, 9, 9, 30, tzinfo=UTC), end=datetime(2027, 3, 23, tzinfo=LONDON))
        )
        assert [o.date for o in window] == [date(2027, 3, 9), date(2027, 3, 16)]
        assert series.next_after(datetime(2027, 3, 9, 10, 30, tzinfo=LONDON)).date == date(2027, 3, 16)
        with pytest.raises(ValueError):
            list(series.occurrences(start=datetime(2027, 3, 9)))


@settings(max_examples=200, deadline=None)
@given(
    first=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
    start=st.times(),
    frequency=st.sampled_from([Frequency.WEEKLY, Frequency.MONTHLY_BY_DATE, Frequency.MONTHLY_BY_WEEKDAY]),
    interval=st.integers(1, 4),
)
def test_every_occurrence_keeps_the_local_wall_time_and_the_pattern(first, start, frequency, interval):
    start = start.replace(second=0, microsecond=0)
    end = (datetime.combine(first, start) + timedelta(minutes=30)).time()
    if end <= start:
        start, end = time(10, 30), time(12)
    # A fifth weekday (the 29th to 31st) can only repeat as the last one of the month.
    last_weekday = frequency is Frequency.MONTHLY_BY_WEEKDAY and first.day > 28
    series = Recurrence(first, start, end, frequency, interval=interval, last_weekday_of_month=last_weekday, count=40)
    occurrences = list(series.occurrences())
    assert len(occurrences) == 40
    assert occurrences[0].date == first
    for previous, current in zip(occurrences, occurrences[1:], strict=False):
        assert previous.start < current.start
        if frequency is not Frequency.WEEKLY:  # no month is ever missed out
            months_apart = (current.date.year - previous.date.year) * 12 + current.date.month - previous.date.month
            assert months_apart == interval
    for occurrence in occurrences:
        local = occurrence.start.astimezone(LONDON)
        if not (time(1) <= start < time(2)):  # the spring-forward gap moves a 1am meeting by an hour
            assert local.time() == start
        assert occurrence.start.tzinfo is LONDON
        if frequency is Frequency.WEEKLY:
            assert occurrence.date.weekday() == first.weekday()
            assert (occurrence.date - first).days % (7 * interval) == 0
        elif frequency is Frequency.MONTHLY_BY_DATE:
            days_in_month = stdlib_calendar.monthrange(occurrence.date.year, occurrence.date.month)[1]
            assert occurrence.date.day == min(first.day, days_in_month)
        else:
            assert occurrence.date.weekday() == first.weekday()
            if last_weekday:
                assert (occurrence.date + timedelta(7)).month != occurrence.date.month
            else:
                assert (occurrence.date.day - 1) // 7 == (first.day - 1) // 7
    # The RRULE text, read back by dateutil on its own, gives the same starts.
    reread = rrulestr(series.rrule_value(), dtstart=series.dtstart)
    assert list(reread) == [o.start for o in occurrences]


class TestExceptionsAndCancellations:
    def test_skipped_dates_are_left_out_and_written_as_exdate(self):
        series = weekly(date(2027, 12, 14), count=4, skipped={date(2027, 12, 28), date(2027, 12, 21)})
        assert dates(series) == [date(2027, 12, 14), date(2028, 1, 4)]
        assert series.to_rfc5545() == (
            "DTSTART;TZID=Europe/London:20271214T103000\n"
            "DTEND;TZID=Europe/London:20271214T120000\n"
            "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4\n"
            "EXDATE;TZID=Europe/London:20271221T103000,20271228T103000"
        )
        assert series.occurrence_on(date(2027, 12, 21)) is None

    def test_cancelled_dates_stay_marked_cancelled_and_are_not_exdates(self):
        series = weekly(date(2027, 3, 2), count=3, cancelled={date(2027, 3, 9)})
        assert [(o.date, o.cancelled) for o in series.occurrences()] == [
            (date(2027, 3, 2), False),
            (date(2027, 3, 9), True),
            (date(2027, 3, 16), False),
        ]
        assert [o.date for o in series.occurrences(include_cancelled=False)] == [date(2027, 3, 2), date(2027, 3, 16)]
        assert "EXDATE" not in series.to_rfc5545()
        assert series.next_after(datetime(2027, 3, 3, tzinfo=LONDON)).date == date(2027, 3, 16)
        assert series.occurrence_on(date(2027, 3, 9)).cancelled

    def test_one_off_text(self):
        once = Recurrence(date(2027, 10, 31), time(14), time(16))
        assert once.to_rfc5545() == (
            "DTSTART;TZID=Europe/London:20271031T140000\nDTEND;TZID=Europe/London:20271031T160000"
        )


class TestBadInput:
    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"end_time": time(10)}, "end_time", "The meeting must end after it starts"),
            ({"end_time": HALF_TEN}, "end_time", "The meeting must end after it starts"),
            ({"count": 0}, "count", "The number of meetings must be 1 or more"),
            ({"count": 521}, "count", "The number of meetings must be 520 or fewer"),
            (
                {"until": date(2027, 3, 1)},
                "until",
                "The date of the last meeting must be the same as or after the date of the first meeting",
            ),
            (
                {"count": 3, "until": date(2027, 4, 1)},
                "count",
                "Enter either how many meetings there will be or the date of the last meeting, not both",
            ),
            ({"interval": 0}, "interval", "The number of weeks between meetings must be between 1 and 52"),
            ({"interval": 53}, "interval", "The number of weeks between meetings must be between 1 and 52"),
            ({"skipped": {date(2027, 3, 3)}}, "skipped", "There is no meeting on 3 March 2027 to skip"),
            ({"cancelled": {date(2027, 3, 3)}}, "cancelled", "There is no meeting on 3 March 2027 to cancel"),
            (
                {"count": 2, "skipped": {date(2027, 3, 2), date(2027, 3, 9)}},
                "skipped",
                "The meeting never takes place because every date is skipped. Keep at least one date",
            ),
            (
                {"skipped": {date(2027, 3, 9)}, "cancelled": {date(2027, 3, 9)}},
                "cancelled",
                "The meeting on 9 March 2027 cannot be both skipped and cancelled",
            ),
            ({"start_time": "10:30"}, "start_time", "Enter a time, like 10:30am"),
        ],
    )
    def test_weekly_series_errors(self, changes, field, message):
        with pytest.raises(RecurrenceError) as raised:
            weekly(date(2027, 3, 2), **changes)
        assert str(raised.value) == message
        assert raised.value.field == field
        assert isinstance(raised.value, ValueError)

    def test_a_fifth_weekday_is_refused_with_a_way_out(self):
        with pytest.raises(RecurrenceError) as raised:
            Recurrence(date(2027, 3, 30), HALF_TEN, NOON, Frequency.MONTHLY_BY_WEEKDAY)
        assert str(raised.value) == (
            "30 March 2027 is the fifth Tuesday of the month, which most months do not have. "
            "Choose the last Tuesday of every month instead"
        )
        assert raised.value.field == "first_date"
        assert Recurrence(date(2027, 3, 30), HALF_TEN, NOON, Frequency.MONTHLY_BY_WEEKDAY, last_weekday_of_month=True)

    def test_last_weekday_needs_a_last_weekday(self):
        with pytest.raises(RecurrenceError, match="9 March 2027 is not the last Tuesday of the month"):
            Recurrence(date(2027, 3, 9), HALF_TEN, NOON, Frequency.MONTHLY_BY_WEEKDAY, last_weekday_of_month=True)

    def test_monthly_interval_limit(self):
        with pytest.raises(RecurrenceError, match="months between meetings must be between 1 and 12"):
            Recurrence(date(2027, 3, 9), HALF_TEN, NOON, Frequency.MONTHLY_BY_DATE, interval=13)

    def test_a_one_off_meeting_cannot_repeat(self):
        with pytest.raises(RecurrenceError, match="A one-off meeting cannot repeat"):
            Recurrence(date(2027, 3, 9), HALF_TEN, NOON, count=3)

    def test_a_one_off_meeting_whose_date_is_skipped_never_occurs(self):
        with pytest.raises(RecurrenceError, match="never takes place"):
            Recurrence(date(2027, 3, 9), HALF_TEN, NOON, skipped={date(2027, 3, 9)})

    def test_a_datetime_is_not_a_date(self):
        with pytest.raises(RecurrenceError, match="Enter the date of the first meeting"):
            Recurrence(datetime(2027, 3, 9, 10, 30), HALF_TEN, NOON)

    def test_an_unknown_frequency_is_refused(self):
        with pytest.raises(ValueError):
            Recurrence(date(2027, 3, 9), HALF_TEN, NOON, "daily")

    def test_changing_a_valid_recurrence_validates_again(self):
        from dataclasses import replace

        series = weekly(date(2027, 3, 2), count=3)
        with pytest.raises(RecurrenceError, match="must end after it starts"):
            replace(series, end_time=time(9))


class TestWords:
    @pytest.mark.parametrize(
        ("value", "text"),
        [
            (time(10, 30), "10:30am"),
            (time(12), "12 noon"),
            (time(0), "12 midnight"),
            (time(14), "2pm"),
            (time(16, 5), "4:05pm"),
        ],
    )
    def test_clock_times(self, value, text):
        assert format_clock(value) == text

    def test_repeat_descriptions(self):
        first = date(2027, 3, 2)
        assert weekly(first).describe() == "Every Tuesday, 10:30am to 12 noon, starting 2 March 2027"
        assert weekly(first, interval=2, count=1).describe() == (
            "Every other Tuesday (fortnightly), 10:30am to 12 noon, starting 2 March 2027, 1 meeting"
        )
        assert weekly(first, interval=3, count=6).describe() == (
            "Every 3 weeks on a Tuesday, 10:30am to 12 noon, starting 2 March 2027, 6 meetings"
        )
        assert (
            Recurrence(date(2027, 3, 1), HALF_TEN, NOON, Frequency.MONTHLY_BY_DATE).describe().startswith("On the 1st")
        )
        assert (
            Recurrence(date(2027, 3, 22), HALF_TEN, NOON, Frequency.MONTHLY_BY_DATE)
            .describe()
            .startswith("On the 22nd")
        )
        assert (
            Recurrence(date(2027, 3, 13), HALF_TEN, NOON, Frequency.MONTHLY_BY_DATE)
            .describe()
            .startswith("On the 13th")
        )
