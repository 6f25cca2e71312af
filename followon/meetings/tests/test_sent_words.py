"""Issue 21 item 7: a page says a text was "sent" only when it was; texts held for quiet hours
(9pm to 8am) say when they will go."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from followon.meetings.recurrence import LONDON
from followon.meetings.tests.test_poll_pattern import post_data

pytestmark = pytest.mark.django_db

NIGHT = "2026-12-04T22:30:00+00:00"  # 10:30pm in London: texts wait for 8am
DAY = "2026-12-04T10:30:00+00:00"
HELD = "Texts will be sent at 8am tomorrow, as FollowOn does not send texts between 9pm and 8am."


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


@pytest.mark.parametrize(("at", "words", "not_words"), [(NIGHT, HELD, "has been asked"), (DAY, "Poll sent.", HELD)])
def test_sending_a_poll(client, group, coordinator, at, words, not_words):
    client.force_login(coordinator)
    with time_machine.travel(at, tick=False):
        day = timezone.localdate(timezone=LONDON) + timedelta(days=5)
        response = client.post(reverse("meetings:poll-new-pattern", args=[group.public_id]), post_data([day]))
        assert response.status_code == 302
        text = said(response)
    assert words in text
    assert not_words not in text


@pytest.mark.parametrize(("at", "words", "not_words"), [(NIGHT, HELD, "has been told"), (DAY, "has been told", HELD)])
def test_setting_up_a_meeting(client, group, coordinator, at, words, not_words):
    client.force_login(coordinator)
    with time_machine.travel(at, tick=False):
        day = timezone.localdate(timezone=LONDON) + timedelta(days=5)
        response = client.post(
            reverse("meetings:meeting-new", args=[group.public_id]),
            {
                "first_date_0": day.day,
                "first_date_1": day.month,
                "first_date_2": day.year,
                "start_time": "10am",
                "end_time": "12 noon",
                "frequency": "one_off",
                "interval": "1",
                "mode": "in_person",
            },
        )
        body = response.content.decode()
        assert response.status_code == 302, body[body.find("There is a problem") :][:1500]
        text = said(response)
    assert words in text
    assert not_words not in text


@pytest.mark.parametrize(("at", "words", "not_words"), [(NIGHT, HELD, "has been told"), (DAY, "has been told", HELD)])
def test_cancelling_a_meeting(client, meeting, coordinator, at, words, not_words):
    client.force_login(coordinator)
    with time_machine.travel(at, tick=False):
        response = client.post(reverse("meetings:cancel", args=[meeting.public_id]), {"which": "all"})
        assert response.status_code == 302
        text = said(response)
    assert words in text
    assert not_words not in text


@pytest.mark.parametrize(("at", "words", "not_words"), [(NIGHT, HELD, "We have asked"), (DAY, "We have asked", HELD)])
def test_im_unwell_asking_the_group(client, meeting, coordinator, at, words, not_words):
    client.force_login(coordinator)
    with time_machine.travel(at, tick=False):
        response = client.post(reverse("meetings:handover", args=[meeting.public_id]), {"confirmed": "yes"})
        assert response.status_code == 302
        text = said(response)
    assert words in text
    assert "We will ask" in text or at == DAY
    assert not_words not in text
    count, who = re.search(r"(?:asked|ask) (\d+) (person|people) if someone", text).groups()
    assert who == ("person" if count == "1" else "people")
