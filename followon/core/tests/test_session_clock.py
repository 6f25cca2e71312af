"""The test-session clock (`--clock`, FOLLOWON_TEST_CLOCK): the instants it reads, and that the moved
clock reaches other threads (the browser tests' live server runs in one) and survives a test's own travel."""

import datetime as dt
import threading

import pytest
import time_machine
from django.utils import timezone

from followon.core.tests.clock import LONDON, describe, parse_clock


@pytest.mark.parametrize(
    ("value", "utc"),
    [
        ("2026-12-08T21:30 Europe/London", dt.datetime(2026, 12, 8, 21, 30, tzinfo=dt.UTC)),  # GMT
        ("2026-07-08T21:30 Europe/London", dt.datetime(2026, 7, 8, 20, 30, tzinfo=dt.UTC)),  # BST
        ("2027-03-28T01:30Z", dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC)),
        ("2027-03-28T02:30+01:00", dt.datetime(2027, 3, 28, 1, 30, tzinfo=dt.UTC)),
        (" 2028-02-29T12:00  Europe/London ", dt.datetime(2028, 2, 29, 12, 0, tzinfo=dt.UTC)),
    ],
)
def test_an_instant_is_read_in_its_zone(value, utc):
    assert parse_clock(value) == utc


@pytest.mark.parametrize(
    "value",
    ["2026-12-08T21:30", "2026-12-08T21:30Z Europe/London", "2026-12-08T21:30 Europe/Bristol", "9pm", ""],
)
def test_an_instant_without_a_zone_or_unreadable_is_refused(value):
    with pytest.raises(ValueError):
        parse_clock(value)


def test_the_header_says_what_the_instant_is_in_the_uk():
    assert describe(parse_clock("2027-03-28T01:30Z")) == (
        "2027-03-28T01:30:00+00:00 (Sunday 28 March 2027 02:30 BST UK), ticking"
    )


def test_the_moved_clock_ticks_reaches_other_threads_and_outlives_a_tests_own_travel():
    instant = parse_clock("2026-12-31T23:00 Europe/London")
    seen = []
    traveller = time_machine.travel(instant, tick=True)  # as the root conftest starts it
    traveller.start()
    try:
        worker = threading.Thread(target=lambda: seen.append(timezone.now()))
        worker.start()
        worker.join()
        with time_machine.travel(dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.UTC), tick=False):
            assert timezone.now() == dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.UTC)
        back = timezone.now()
    finally:
        traveller.stop()
    assert instant <= seen[0] < instant + dt.timedelta(minutes=5)
    assert seen[0].astimezone(LONDON).date() == dt.date(2026, 12, 31)
    assert seen[0] <= back < instant + dt.timedelta(minutes=5)
