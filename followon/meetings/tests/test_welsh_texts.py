"""Texts in the member's language (issue 18 item 4; ADR 0027): a Welsh-speaking member of a service
that offers Welsh gets the poll and the meeting in Welsh, days and months included, and their Welsh
reply through the real received-text path answers; English keywords still work; STOPIO stops."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from followon.meetings import services
from followon.meetings.models import Rsvp
from followon.notifications.models import InboundSms, OutboundMessage
from followon.notifications.services import inbound_sms_receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def welsh_member(group, people):
    service = group.service
    service.message_languages = ["cy"]
    service.save()
    member = people[2]
    member.language = "cy"
    member.mobile = "+447700900218"
    member.save()
    return member


def _meeting(group, coordinator):
    return services.meeting_create(
        group=group,
        created_by=coordinator,
        first_date=timezone.localdate() + timedelta(days=7),
        start_time=time(10, 30),
        end_time=time(12, 0),
        title="Coffee morning",
    )


def _text(member, template):
    return OutboundMessage.objects.filter(recipient=member, template=template, channel="sms").latest("created_at").body


def _reply(member, body, n=[0]):  # noqa: B006 - a counter for unique Notify ids
    n[0] += 1
    inbound, _ = inbound_sms_receive(
        notify_id=f"welsh-{n[0]}", source_number="07700900218", message=body, received_at=timezone.now()
    )
    return inbound


def test_a_welsh_member_gets_the_meeting_in_welsh_and_answers_ie(group, coordinator, people, welsh_member):
    meeting = _meeting(group, coordinator)
    text = _text(welsh_member, "meeting_confirmed")
    assert text.startswith(f"Mae {group.name} yn cyfarfod Dydd ")
    assert "Atebwch IE os gallwch ddod, NA os na allwch, neu DAL YMA" in text
    email = OutboundMessage.objects.filter(recipient=welsh_member, template="meeting_confirmed", channel="email")
    for message in email:
        assert "/cy/" in message.body  # the link opens the Welsh page
    # An English-speaking member of the same group gets English.
    assert _text(people[3], "meeting_confirmed").startswith(f"{group.name} meets ")

    inbound = _reply(welsh_member, "Ie diolch")
    assert inbound.keyword == "YES"
    assert inbound.outcome == InboundSms.Outcome.ANSWERED
    assert Rsvp.objects.get(meeting=meeting, user=welsh_member).response == "yes"


def test_english_keywords_still_work_and_a_welsh_no_answers_no(group, coordinator, welsh_member):
    meeting = _meeting(group, coordinator)
    _reply(welsh_member, "YES")
    assert Rsvp.objects.get(meeting=meeting, user=welsh_member).response == "yes"
    _reply(welsh_member, "Na")
    assert Rsvp.objects.get(meeting=meeting, user=welsh_member).response == "no"


def test_a_reply_that_does_not_fit_is_answered_in_welsh_with_the_welsh_words(group, coordinator, welsh_member):
    _meeting(group, coordinator)
    inbound = _reply(welsh_member, "Efallai")
    assert inbound.outcome == InboundSms.Outcome.INVALID_REPLY
    body = OutboundMessage.objects.filter(recipient=welsh_member, template="notifications/invalid_reply").get().body
    assert body == "FollowOn: mae'n ddrwg gennym, doedden ni ddim yn deall eich ateb. Atebwch NA, DAL YMA neu IE."


def test_stopio_stops_texts_and_help_is_honoured(group, coordinator, welsh_member):
    _meeting(group, coordinator)
    assert _reply(welsh_member, "Stopio").outcome == InboundSms.Outcome.STOP
    assert _reply(welsh_member, "Dechrau").outcome == InboundSms.Outcome.START
    assert _reply(welsh_member, "HELP").outcome == InboundSms.Outcome.HELP
    assert _reply(welsh_member, "Cymorth").outcome == InboundSms.Outcome.HELP


def test_a_welsh_sentence_is_free_text_not_a_keyword(group, coordinator, welsh_member):
    meeting = _meeting(group, coordinator)
    inbound = _reply(welsh_member, "Na, dw i ddim yn iawn")
    assert inbound.keyword == ""
    assert not Rsvp.objects.filter(meeting=meeting, user=welsh_member).exists()


def test_the_poll_text_is_welsh_with_a_welsh_closing_day(group, coordinator, welsh_member):
    start = timezone.now() + timedelta(days=10)
    services.poll_create(
        group=group,
        created_by=coordinator,
        title="",
        closes_at=timezone.now() + timedelta(days=5),
        options=[{"starts_at": start, "ends_at": start + timedelta(hours=2), "venue": None}],
    )
    message = OutboundMessage.objects.filter(recipient=welsh_member, template="meeting_poll", channel="sms").get()
    assert message.body.startswith(
        f"{group.name}: pryd allwch chi gyfarfod? Dywedwch Ydw, Os oes rhaid neu Nac ydw erbyn "
    )
    assert " ar Dydd " in message.body
