"""A meeting recorded as starting late in the evening (an online group at 10:30pm).

The form records two hours from the start; before this, a meeting started after 10pm ended the next
day, and every page that reads a meeting's dates (the meeting page, the group's meetings, member home)
raised "The meeting must end on the day it starts" for as long as the row existed: a 500 every time.
Rows already stored that way (and meetings made outside the forms) are read as ending at the end of
the day they start."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from followon.meetings import selectors
from followon.meetings.models import Meeting
from followon.meetings.recurrence import LONDON, day_end
from followon.meetings.services import meeting_record

pytestmark = pytest.mark.django_db


def _yesterday_at(hour, minute):
    return datetime.combine(timezone.localdate() - timedelta(days=1), time(hour, minute), tzinfo=LONDON)


def test_a_meeting_recorded_at_half_past_ten_at_night_ends_that_day_and_its_pages_open(client, group, coordinator):
    client.force_login(coordinator)
    day = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("meetings:record-member", args=[group.public_id]),
        {
            "day_0": day.day,
            "day_1": day.month,
            "day_2": day.year,
            "start_time": "10:30pm",
            "face_to_face": "no",
            "venue": "",
            "attended": [str(coordinator.pk)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(group=group)
    start, end = meeting.starts_at.astimezone(LONDON), meeting.ends_at.astimezone(LONDON)
    assert start.time() == time(22, 30)
    assert end.date() == start.date() and end > start
    for url in (
        reverse("meetings:meeting", args=[meeting.public_id]),
        reverse("meetings:group", args=[group.public_id]),
        reverse("home:index"),
    ):
        assert client.get(url).status_code == 200, url


def test_a_stored_meeting_that_runs_past_midnight_is_read_as_ending_with_its_day(client, group, coordinator):
    start = _yesterday_at(23, 0)
    meeting = meeting_record(group=group, recorded_by=coordinator, starts_at=start, attended_user_ids={coordinator.pk})
    # As rows recorded before the rule (or loaded from elsewhere) may be: 11pm to 1am.
    Meeting.objects.filter(pk=meeting.pk).update(ends_at=start + timedelta(hours=2))
    meeting.refresh_from_db()
    occurrence = selectors.recurrence_for(meeting).first()
    assert occurrence.start == start
    assert occurrence.end == day_end(start) and occurrence.end.date() == start.date()
    client.force_login(coordinator)
    assert client.get(reverse("meetings:meeting", args=[meeting.public_id])).status_code == 200
    assert client.get(reverse("meetings:group", args=[group.public_id])).status_code == 200


def test_recording_keeps_two_hours_when_they_fit_in_the_day(group, coordinator):
    start = _yesterday_at(19, 0)
    meeting = meeting_record(group=group, recorded_by=coordinator, starts_at=start)
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2)


def test_day_end_is_the_last_moment_of_the_london_day_across_the_clock_change():
    # 25 October 2026: the clocks go back at 2am; the day still ends at 23:59:59 London time.
    start = datetime(2026, 10, 25, 22, 0, tzinfo=LONDON)
    end = day_end(start)
    assert end.astimezone(LONDON).date() == start.date()
    assert end.astimezone(LONDON).time() == time(23, 59, 59)
