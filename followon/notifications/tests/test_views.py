"""Pages: failed messages and texts for staff (their own service only), and a member's choices."""

import datetime as dt

import pytest
from django.urls import reverse

from followon.accounts.tests.factories import UserFactory
from followon.core.models import AuditEvent
from followon.core.testing import count_queries
from followon.notifications import registry
from followon.notifications.models import InboundSms, NotificationPreference, OutboundMessage

pytestmark = pytest.mark.django_db

FAILED_URL = reverse("notifications:staff-failed")
REPLIES_URL = reverse("notifications:staff-replies")
PREFERENCES_URL = reverse("notifications:preferences")
Status = OutboundMessage.Status


def failed_message(service, recipient=None, kind=OutboundMessage.FailureKind.GAVE_UP, n=0):
    return OutboundMessage.objects.create(
        idempotency_key=f"failed-{service.pk}-{n}-{kind}",
        service=service,
        recipient=recipient,
        channel="sms",
        to_address="+447700900123",
        template="meetings/reminder",
        body="Reminder: secret body text",
        status=Status.FAILED,
        failure_kind=kind,
        failure_reason="Tried 5 times. Last problem: GOV.UK Notify had a problem (503)",
        failed_at=dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.UTC),
    )


# -- failed messages ------------------------------------------------------------------------------


def test_staff_see_their_own_services_failed_messages_without_bodies(
    staff_client, clinician, service, other_service, member
):
    failed_message(service, member)
    failed_message(other_service, member, n=1)
    OutboundMessage.objects.create(
        idempotency_key="fine", service=service, channel="sms", to_address="+447700900124", template="x", body="b"
    )
    response = staff_client(clinician).get(FAILED_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Tried 5 times") == 1
    assert "Maggie Member" in body
    assert ">Reminder</td>" in body
    assert "secret body text" not in body
    assert "+447700900123" not in body  # only a masked address
    assert "Try again" in body


@pytest.mark.parametrize("role", ["service_admin", "clinician"])
def test_service_admins_and_clinicians_may_see_failed_messages(staff_client, make_staff, service, role):
    assert staff_client(make_staff(service, role)).get(FAILED_URL).status_code == 200


@pytest.mark.parametrize("role", ["ptv", "researcher"])
def test_other_staff_roles_may_not_see_failed_messages(staff_client, make_staff, service, role):
    assert staff_client(make_staff(service, role)).get(FAILED_URL).status_code == 403


def test_members_may_not_see_failed_messages(client, member):
    client.force_login(member)
    assert client.get(FAILED_URL).status_code == 403


def test_anonymous_people_are_sent_to_sign_in_for_failed_messages(client):
    response = client.get(FAILED_URL)
    assert response.status_code == 302
    assert "sign-in" in response.url


def test_failed_messages_page_query_count_does_not_grow_with_the_list(staff_client, clinician, service):
    client = staff_client(clinician)
    failed_message(service, UserFactory(), n=0)
    client.get(FAILED_URL)
    with count_queries() as few:
        assert client.get(FAILED_URL).status_code == 200
    for n in range(1, 12):
        failed_message(service, UserFactory(), n=n)
    with count_queries() as many:
        assert client.get(FAILED_URL).status_code == 200
    assert len(many) == len(few)


def test_a_failed_message_can_be_tried_again_by_staff_and_it_is_audited(staff_client, clinician, service, member):
    message = failed_message(service, member)
    response = staff_client(clinician).post(reverse("notifications:staff-retry", args=[message.public_id]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert (message.status, message.attempts, message.needs_reconcile) == (Status.QUEUED, 0, True)
    event = AuditEvent.objects.get(action="notification.retried")
    assert event.actor == clinician
    assert event.service == service


def test_a_refused_message_cannot_be_tried_again(staff_client, clinician, service):
    message = failed_message(service, kind=OutboundMessage.FailureKind.REJECTED)
    client = staff_client(clinician)
    response = client.post(reverse("notifications:staff-retry", args=[message.public_id]), follow=True)
    assert "cannot be sent again as it is" in response.content.decode()
    message.refresh_from_db()
    assert message.status == Status.FAILED


def test_another_services_message_cannot_be_retried(staff_client, clinician, other_service):
    message = failed_message(other_service)
    response = staff_client(clinician).post(reverse("notifications:staff-retry", args=[message.public_id]))
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.status == Status.FAILED


def test_retry_is_refused_to_researchers_and_to_get_requests(staff_client, researcher, clinician, service):
    message = failed_message(service)
    url = reverse("notifications:staff-retry", args=[message.public_id])
    assert staff_client(researcher).post(url).status_code == 403
    assert staff_client(clinician).get(url).status_code == 405


# -- texts for staff -------------------------------------------------------------------------------


def inbound(service, user, body="Is the group still on?", n=0, outcome=InboundSms.Outcome.FOR_STAFF):
    return InboundSms.objects.create(
        notify_id=f"id-{service.pk}-{n}",
        received_at=dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.UTC),
        user=user,
        service=service,
        from_number=user.mobile,
        body=body,
        outcome=outcome,
    )


def test_staff_read_texts_left_for_them_and_the_reading_is_audited(
    staff_client, clinician, service, other_service, member
):
    inbound(service, member)
    inbound(other_service, member, body="Other service's text", n=1)
    inbound(service, member, body="Passed to the coordinator", n=2, outcome=InboundSms.Outcome.PASSED_ON)
    response = staff_client(clinician).get(REPLIES_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Is the group still on?" in body
    assert "Other service" not in body
    assert "Passed to the coordinator" not in body
    event = AuditEvent.objects.get(action="notifications.replies_viewed")
    assert event.detail == {"page": 1, "shown": 1}


@pytest.mark.parametrize("role", ["ptv", "researcher"])
def test_other_staff_roles_may_not_read_texts(staff_client, make_staff, service, role):
    assert staff_client(make_staff(service, role)).get(REPLIES_URL).status_code == 403


def test_members_and_anonymous_people_may_not_read_texts(client, member):
    assert client.get(REPLIES_URL).status_code == 302
    client.force_login(member)
    assert client.get(REPLIES_URL).status_code == 403


def test_texts_page_query_count_does_not_grow_with_the_list(staff_client, clinician, service):
    client = staff_client(clinician)
    inbound(service, UserFactory(), n=0)
    with count_queries() as few:
        client.get(REPLIES_URL)
    for n in range(1, 12):
        inbound(service, UserFactory(), n=n)
    with count_queries() as many:
        client.get(REPLIES_URL)
    assert len(many) == len(few)


# -- a member's choices --------------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in_for_preferences(client):
    response = client.get(PREFERENCES_URL)
    assert response.status_code == 302


def test_a_member_sees_their_current_choices(client, member):
    client.force_login(member)
    response = client.get(PREFERENCES_URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "How we contact you" in body
    assert 'value="sms" checked' in body
    assert "Groups you do not want messages about" not in body  # no groups to mute yet


def test_a_member_saves_their_choices(client, member):
    client.force_login(member)
    response = client.post(
        PREFERENCES_URL, {"channel": "both", "texts": "no", "quiet_hours": "yes", "digest": "weekly"}, follow=True
    )
    assert "Your choices have been saved." in response.content.decode()
    preference = NotificationPreference.objects.get(user=member)
    assert (preference.channel, preference.sms_stopped, preference.quiet_hours, preference.digest) == (
        "both",
        True,
        False,
        "weekly",
    )
    assert "You asked us to stop sending you text messages" in response.content.decode()


def test_a_member_can_mute_groups_offered_by_other_apps(client, member):
    def groups(user):
        return [("group:walkers", "Southmead walkers"), ("group:readers", "Book group")]

    registry.register_topic_source(groups)
    try:
        client.force_login(member)
        assert "Southmead walkers" in client.get(PREFERENCES_URL).content.decode()
        client.post(
            PREFERENCES_URL,
            {"channel": "sms", "texts": "yes", "quiet_hours": "no", "digest": "off", "muted_topics": ["group:readers"]},
        )
        bad = client.post(
            PREFERENCES_URL,
            {"channel": "sms", "texts": "yes", "quiet_hours": "no", "digest": "off", "muted_topics": ["group:other"]},
        )
    finally:
        registry.unregister(topic_source=groups)
    assert NotificationPreference.objects.get(user=member).muted_topics == ["group:readers"]
    assert bad.status_code == 200
    assert "Select groups you do not want messages about" in bad.content.decode()


def test_choosing_texts_without_a_mobile_number_is_explained_and_nothing_typed_is_lost(client, emailer):
    client.force_login(emailer)
    response = client.post(PREFERENCES_URL, {"channel": "sms", "texts": "yes", "quiet_hours": "no", "digest": "daily"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "We do not have a mobile phone number for you" in body
    assert 'value="daily" checked' in body
    assert not NotificationPreference.objects.filter(user=emailer).exists()


def test_missing_answers_get_nhs_style_messages(client, member):
    client.force_login(member)
    body = client.post(PREFERENCES_URL, {}).content.decode()
    for text in [
        "Select how we should contact you",
        "Select whether you want text messages",
        "Select whether we can text you between 9pm and 8am",
        "Select how you want to hear about new posts",
    ]:
        assert text in body


def test_preferences_refuse_other_methods(client, member):
    client.force_login(member)
    assert client.put(PREFERENCES_URL).status_code == 405
