"""The quick way to ask when people can meet: tick days, type the times once (issue 21 item 5)."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from followon.meetings.forms import PATTERN_DAYS, parse_times
from followon.meetings.models import Poll
from followon.meetings.recurrence import LONDON
from followon.notifications.models import OutboundMessage

pytestmark = pytest.mark.django_db


def url(group):
    return reverse("meetings:poll-new-pattern", args=[group.public_id])


def post_data(days, times="10am and 2pm", length="120", closes=None, title="Our next one"):
    closes = closes or timezone.localdate(timezone=LONDON) + timedelta(days=1)
    return {
        "title": title,
        "days": [d.isoformat() for d in days],
        "times": times,
        "length": length,
        "closes_on_0": closes.day,
        "closes_on_1": closes.month,
        "closes_on_2": closes.year,
        "closes_time": "6pm",
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("10am and 2pm", [time(10), time(14)]),
        ("noon, 2:30 pm", [time(12), time(14, 30)]),
        ("midday & 14:30", [time(12), time(14, 30)]),
        ("12pm; 12.30", [time(12), time(12, 30)]),
        ("12 noon or 9am", [time(9), time(12)]),
        ("2pm and 2pm", [time(14)]),
        ("half past two pm and 11am", [time(11), time(14, 30)]),
    ],
)
def test_times_are_read_by_the_one_time_parser(typed, expected):
    assert parse_times(typed) == (expected, [])


def test_a_part_that_is_not_a_time_is_named():
    assert parse_times("10am and teatime") == ([time(10)], ["teatime"])


def test_the_page_offers_the_next_weeks_days_and_links_both_ways(client, group, coordinator):
    client.force_login(coordinator)
    body = client.get(url(group)).content.decode()
    today = timezone.localdate(timezone=LONDON)
    tomorrow, last = today + timedelta(days=1), today + timedelta(days=PATTERN_DAYS)
    assert f'value="{tomorrow.isoformat()}"' in body
    assert f'value="{last.isoformat()}"' in body
    assert f'value="{today.isoformat()}"' not in body
    assert f"{tomorrow:%A} {tomorrow.day} {tomorrow:%B}" in body
    assert reverse("meetings:poll-new", args=[group.public_id]) in body
    detailed = client.get(reverse("meetings:poll-new", args=[group.public_id])).content.decode()
    assert url(group) in detailed


def test_each_ticked_day_at_each_time_becomes_an_option(client, group, coordinator, people):
    client.force_login(coordinator)
    today = timezone.localdate(timezone=LONDON)
    days = [today + timedelta(days=5), today + timedelta(days=8)]
    response = client.post(url(group), post_data(days, times="10am and 2:30 pm", length="90"))
    assert response.status_code == 302
    poll = Poll.objects.get()
    assert response["Location"] == reverse("meetings:poll", args=[poll.public_id])
    got = [(o.starts_at.astimezone(LONDON), o.ends_at.astimezone(LONDON)) for o in poll.options.order_by("starts_at")]
    expected = []
    for day in days:
        for start in (time(10), time(14, 30)):
            starts = datetime.combine(day, start, tzinfo=LONDON)
            expected.append((starts, starts + timedelta(minutes=90)))
    assert got == expected
    assert poll.title == "Our next one"
    # Every member is asked, as with the detailed form.
    asked = OutboundMessage.objects.filter(recipient__in=people[1:]).count()
    assert asked >= len(people) - 1


def test_a_mistake_keeps_everything_typed(client, group, coordinator):
    client.force_login(coordinator)
    today = timezone.localdate(timezone=LONDON)
    days = [today + timedelta(days=4), today + timedelta(days=6)]
    response = client.post(url(group), post_data(days, times="10am and teatime", title="Summer"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "“teatime” is not a time" in body
    assert "There is a problem" in body
    assert 'value="Summer"' in body
    assert 'value="10am and teatime"' in body
    for day in days:
        assert f'value="{day.isoformat()}" checked' in body
    assert f'value="{(today + timedelta(days=5)).isoformat()}" checked' not in body
    assert 'value="120" checked' in body
    assert not Poll.objects.exists()


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"days": []}, "Tick at least one day the group could meet"),
        ({"times": ""}, "Enter the times the meeting could start, like 10am and 2pm"),
        ({"length": ""}, "Select how long the meeting is"),
        ({"times": "11pm", "length": "120"}, "would end after midnight"),
    ],
)
def test_what_is_missing_is_said(client, group, coordinator, change, error):
    client.force_login(coordinator)
    data = post_data([timezone.localdate(timezone=LONDON) + timedelta(days=4)])
    data.update(change)
    body = client.post(url(group), data).content.decode()
    assert error in body
    assert not Poll.objects.exists()


def test_the_poll_must_close_before_the_first_day(client, group, coordinator):
    client.force_login(coordinator)
    today = timezone.localdate(timezone=LONDON)
    data = post_data([today + timedelta(days=2)], closes=today + timedelta(days=3))
    body = client.post(url(group), data).content.decode()
    assert "The poll must close before the first date people can choose" in body
    assert not Poll.objects.exists()


def test_a_day_outside_the_offered_weeks_is_refused(client, group, coordinator):
    client.force_login(coordinator)
    data = post_data([date(2099, 1, 1)])
    assert client.post(url(group), data).status_code == 200
    assert not Poll.objects.exists()


def test_members_who_do_not_organise_get_404(client, group, people):
    client.force_login(people[3])
    assert client.get(url(group)).status_code == 404
