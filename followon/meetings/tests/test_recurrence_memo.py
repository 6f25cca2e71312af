"""`selectors.recurrence_for` builds a meeting's Recurrence once per process for the fields it is built
from (ADR 0041): the same fields give the same (frozen) value, any changed field a new one, and an
invalid meeting raises every time, as before."""

from datetime import datetime, timedelta

import pytest

from followon.meetings import selectors
from followon.meetings.models import Meeting
from followon.meetings.recurrence import LONDON, Recurrence, RecurrenceError


def _weekly(**fields) -> Meeting:
    starts = datetime(2027, 3, 2, 10, 30, tzinfo=LONDON)  # a Tuesday
    values = {"starts_at": starts, "ends_at": starts + timedelta(hours=1), "frequency": "weekly", "interval": 1}
    return Meeting(**{**values, **fields})


def test_the_same_fields_give_the_same_recurrence_and_changed_ones_a_new_one():
    first = selectors.recurrence_for(_weekly())
    assert isinstance(first, Recurrence)
    assert selectors.recurrence_for(_weekly()) is first
    cancelled = selectors.recurrence_for(_weekly(cancelled_dates=["2027-03-09"]))
    assert cancelled is not first and cancelled.cancelled == {datetime(2027, 3, 9).date()}
    skipped = selectors.recurrence_for(_weekly(skipped_dates=["2027-03-16"]))
    assert skipped.skipped == {datetime(2027, 3, 16).date()} and not first.skipped
    fortnightly = selectors.recurrence_for(_weekly(interval=2))
    assert fortnightly.interval == 2 and first.interval == 1
    later = _weekly(starts_at=datetime(2027, 3, 2, 14, tzinfo=LONDON), ends_at=datetime(2027, 3, 2, 15, tzinfo=LONDON))
    assert selectors.recurrence_for(later).start_time.hour == 14 and first.start_time.hour == 10
    ending = selectors.recurrence_for(_weekly(until=datetime(2027, 4, 27).date()))
    assert ending.until is not None and first.until is None


def test_an_invalid_meeting_raises_every_time():
    wrong = _weekly(skipped_dates=["2027-03-10"])  # a Wednesday: not a date of the meeting
    for _ in range(2):
        with pytest.raises(RecurrenceError):
            selectors.recurrence_for(wrong)


def test_a_one_off_is_cut_at_midnight_as_before():
    starts = datetime(2027, 3, 2, 22, tzinfo=LONDON)
    once = selectors.recurrence_for(Meeting(starts_at=starts, ends_at=starts + timedelta(hours=3), frequency="one_off"))
    assert once.end_time.hour == 23 and once.end_time.minute == 59
