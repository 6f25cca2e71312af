"""Network event invitations and their replies by text in the member's language (issue 18; ADR 0027
"Keywords"): a Welsh member of a service offering Welsh is invited in Welsh, with the date in Welsh and
IE / NA to reply, within three parts; their IE / NA / EFALLAI through the received-text callback
answers and the reply text is Welsh (a full event's refusal too); English texts are unchanged."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from followon.network.models import EventInvitation
from followon.network.tests.test_event_sms_rsvp import group, invited_person, make_event, reply_to  # noqa: F401
from followon.notifications import lengths
from followon.notifications.models import InboundSms, OutboundMessage
from followon.notifications.testing.inbound import RECEIVED_TEXT_TOKEN, text_in

pytestmark = pytest.mark.django_db

STARTS = datetime(2026, 3, 31, 10, 30, tzinfo=ZoneInfo("Europe/London"))  # a Tuesday


@pytest.fixture(autouse=True)
def callback_token(settings):
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = RECEIVED_TEXT_TOKEN


@pytest.fixture(autouse=True)
def before_the_event(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: STARTS - timedelta(days=10))


def welsh_person(service, group):  # noqa: F811
    service.message_languages = ["cy"]
    service.save()
    person = invited_person(service, group)
    person.language = "cy"
    person.save()
    return person


def invitation_text(person):
    return OutboundMessage.objects.get(recipient=person, template="network_event_invitation", channel="sms").body


def test_a_welsh_member_is_invited_in_welsh_within_three_parts(service, clinician, group):  # noqa: F811
    person = welsh_person(service, group)
    make_event(service, clinician, starts_at=STARTS, ends_at=STARTS + timedelta(hours=2))
    text = invitation_text(person)
    assert text.startswith(
        "Gwahoddiad gan FollowOn: Spring network meeting, Dydd Mawrth 31 Mawrth am 10:30am, Southmead Hospital. "
        "Atebwch IE os hoffech ddod, NA os na. Manylion: "
    )
    assert "Reply" not in text and "Tuesday" not in text
    measured = lengths.text_length(text, "cy")
    assert not measured.unicode and measured.parts <= 3


def test_an_english_members_invitation_is_unchanged(service, clinician, group):  # noqa: F811
    person = invited_person(service, group)
    make_event(service, clinician, starts_at=STARTS, ends_at=STARTS + timedelta(hours=2))
    text = invitation_text(person)
    assert re.fullmatch(
        r"FollowOn: you're invited to Spring network meeting, Tuesday 31 March at 10:30am at Southmead Hospital\. "
        r"Reply YES if you'd like to come, NO if not\. Details: \S+/network/events/[0-9a-f-]+/",
        text,
    ), text


@pytest.mark.parametrize(
    ("reply", "rsvp", "says"),
    [
        ("Ie", EventInvitation.Rsvp.YES, "FollowOn: diolch, rydyn ni wedi nodi eich bod yn dod: Spring network "
         "meeting, Dydd Mawrth 31 Mawrth am 10:30am. Byddwn yn eich atgoffa 2 ddiwrnod cyn hynny. Atebwch NA os "
         "na allwch ddod mwyach."),
        ("Na diolch", EventInvitation.Rsvp.NO, "FollowOn: diolch, rydyn ni wedi nodi nad ydych yn dod: Spring "
         "network meeting. Atebwch IE os byddwch yn newid eich meddwl."),
        ("Efallai", "", "FollowOn: diolch. Atebwch IE pan fyddwch yn gwybod y gallwch ddod (Spring network "
         "meeting), neu NA os na."),
        ("yes", EventInvitation.Rsvp.YES, "FollowOn: diolch, rydyn ni wedi nodi eich bod yn dod"),
    ],
)  # fmt: skip
def test_a_welsh_reply_answers_and_the_reply_text_is_welsh(client, service, clinician, group, reply, rsvp, says):  # noqa: F811
    person = welsh_person(service, group)
    event = make_event(service, clinician, starts_at=STARTS, ends_at=STARTS + timedelta(hours=2))
    assert text_in(client, person, reply).outcome == InboundSms.Outcome.ANSWERED
    assert EventInvitation.objects.get(event=event, user=person).rsvp == rsvp
    assert reply_to(person).body.startswith(says)


def test_a_full_event_is_refused_in_welsh_and_in_english(client, service, clinician, group):  # noqa: F811
    first = invited_person(service, group)
    english = invited_person(service, group)
    welsh = welsh_person(service, group)
    make_event(service, clinician, capacity=1, starts_at=STARTS, ends_at=STARTS + timedelta(hours=2))
    text_in(client, first, "yes")
    text_in(client, welsh, "Ie")
    assert reply_to(welsh).body == (
        "FollowOn: Mae'n ddrwg gennym, mae'r digwyddiad hwn yn llawn. Byddwn yn dweud wrthych am yr un nesaf."
    )
    text_in(client, english, "yes")
    assert reply_to(english).body == "FollowOn: Sorry, this event is full. We will tell you about the next one."


def test_ie_followed_by_other_words_is_free_text_not_a_yes(client, service, clinician, group):  # noqa: F811
    person = welsh_person(service, group)
    event = make_event(service, clinician, starts_at=STARTS, ends_at=STARTS + timedelta(hours=2))
    inbound = text_in(client, person, "Ie ond dw i'n cael diwrnod gwael")
    assert inbound.outcome != InboundSms.Outcome.ANSWERED
    assert EventInvitation.objects.get(event=event, user=person).rsvp == ""
