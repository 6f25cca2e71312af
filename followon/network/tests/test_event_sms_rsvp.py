"""Network event invitations by text: "Reply YES if you'd like to come, NO if not", answered through
Notify's received-text callback and recorded by event_rsvp, as on the web (capacity included)."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from followon.accounts.models import ConsentKind, ConsentRecord
from followon.accounts.services import consent_notices_ensure, consent_record
from followon.network import services
from followon.network.models import EventInvitation, NetworkEvent
from followon.network.tests.factories import add_member
from followon.notifications.models import InboundSms, NotificationPreference, OpenQuestion, OutboundMessage, Reminder
from followon.notifications.testing.inbound import RECEIVED_TEXT_TOKEN, text_in
from followon.peergroups.models import PeerGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def callback_token(settings):
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = RECEIVED_TEXT_TOKEN


def reply_to(user):
    return OutboundMessage.objects.filter(recipient=user, template="network_event_rsvp_reply").latest("id")


def invited_person(service, group, channel="sms"):
    person = add_member(group)
    NotificationPreference.objects.update_or_create(user=person, defaults={"channel": channel})
    consent_notices_ensure(service=service)
    consent_record(user=person, service=service, kind=ConsentKind.PRIVACY, decision=ConsentRecord.Decision.GIVEN)
    return person


def make_event(service, clinician, **kwargs):
    starts = timezone.now() + timedelta(days=10)
    values = {
        "title": "Spring network meeting",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "place": "Southmead Hospital",
    }
    values.update(kwargs)
    return services.event_create(service=service, actor=clinician, **values)


@pytest.fixture
def group(service):
    return PeerGroup.objects.create(service=service, name="Kingswood group", status="active")


def test_a_text_invitation_asks_yes_or_no_and_an_email_one_does_not(service, clinician, group):
    texter = invited_person(service, group, "sms")
    emailer = invited_person(service, group, "email")
    event = make_event(service, clinician)
    sms = OutboundMessage.objects.get(recipient=texter, template="network_event_invitation")
    assert sms.channel == "sms"
    assert "Reply YES if you'd like to come, NO if not." in sms.body
    [question] = OpenQuestion.objects.filter(user=texter)
    assert (question.kind, question.object_ref) == ("network_event", f"network_event:{event.public_id}")
    assert sorted(question.valid_replies) == ["MAYBE", "NO", "YES"]
    assert question.expires_at == event.starts_at
    assert not OpenQuestion.objects.filter(user=emailer).exists()


def test_yes_by_text_records_coming_and_plans_the_reminder(client, service, clinician, group):
    person = invited_person(service, group)
    event = make_event(service, clinician)
    inbound = text_in(client, person, "Yes!")
    assert inbound.outcome == InboundSms.Outcome.ANSWERED
    invitation = EventInvitation.objects.get(event=event, user=person)
    assert invitation.rsvp == EventInvitation.Rsvp.YES
    assert Reminder.objects.filter(key=f"network-event:{event.public_id}:{person.public_id}:2d").exists()
    assert "we have you down as coming to Spring network meeting" in reply_to(person).body


def test_no_then_yes_changes_the_reply(client, service, clinician, group):
    person = invited_person(service, group)
    event = make_event(service, clinician)
    text_in(client, person, "no")
    invitation = EventInvitation.objects.get(event=event, user=person)
    assert invitation.rsvp == EventInvitation.Rsvp.NO
    assert "not coming" in reply_to(person).body
    text_in(client, person, "y")
    invitation.refresh_from_db()
    assert invitation.rsvp == EventInvitation.Rsvp.YES


def test_maybe_changes_nothing_and_says_how_to_reply(client, service, clinician, group):
    person = invited_person(service, group)
    event = make_event(service, clinician)
    text_in(client, person, "maybe")
    assert EventInvitation.objects.get(event=event, user=person).rsvp == ""
    assert "Reply YES when you know you can come" in reply_to(person).body


def test_yes_to_a_full_event_is_refused_with_the_webs_words(client, service, clinician, group):
    first, second = invited_person(service, group), invited_person(service, group)
    event = make_event(service, clinician, capacity=1)
    text_in(client, first, "yes")
    inbound = text_in(client, second, "yes")
    assert inbound.outcome == InboundSms.Outcome.ANSWERED
    assert EventInvitation.objects.get(event=event, user=second).rsvp == ""
    assert reply_to(second).body == "FollowOn: Sorry, this event is full. We will tell you about the next one."
    # A repeated YES from someone already coming is fine even when full.
    text_in(client, first, "yes")
    assert EventInvitation.objects.get(event=event, user=first).rsvp == EventInvitation.Rsvp.YES
    assert "we have you down as coming" in reply_to(first).body


def test_a_reply_to_a_cancelled_event_is_refused(client, service, clinician, group):
    person = invited_person(service, group)
    event = make_event(service, clinician)
    NetworkEvent.objects.filter(pk=event.pk).update(is_cancelled=True)
    text_in(client, person, "yes")
    assert EventInvitation.objects.get(event=event, user=person).rsvp == ""
    assert "You can no longer reply to this invitation." in reply_to(person).body


def test_notify_sending_the_callback_twice_answers_once(client, service, clinician, group):
    person = invited_person(service, group)
    make_event(service, clinician)
    notify_id = str(uuid.uuid4())
    text_in(client, person, "yes", notify_id=notify_id)
    text_in(client, person, "yes", notify_id=notify_id)
    assert OutboundMessage.objects.filter(recipient=person, template="network_event_rsvp_reply").count() == 1
