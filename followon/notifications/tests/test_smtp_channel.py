"""Email through SMTP, against a real aiosmtpd server on 127.0.0.1."""

import pytest

from followon.notifications import conf, services
from followon.notifications.models import OutboundMessage

pytestmark = pytest.mark.django_db

Status = OutboundMessage.Status
CONTEXT = {
    "items": [{"title": "Coffee on Tuesday?", "topic_label": "Walkers"}],
    "count": 1,
    "more": 0,
    "sign_in_url": "https://followon.example.nhs.uk/sign-in/",
}


def enqueue(member, to_address=None, key="mail-1"):
    return services.message_enqueue(
        template="notifications/digest",
        context=CONTEXT,
        idempotency_key=key,
        channel="email",
        to_address=to_address or member.email,
        recipient=member,
    )


def test_email_is_delivered_to_the_smtp_server_with_subject_body_and_our_message_id(tasks, emailer, smtp_server):
    message = enqueue(emailer)
    assert tasks.run() == ["sent"]
    [received] = smtp_server.messages
    assert received["To"] == "emma@example.org"
    assert received["From"] == "FollowOn <no-reply@followon.example.nhs.uk>"
    assert received["Subject"] == "Your FollowOn digest: 1 new post in your groups"
    assert received["Message-ID"] == f"<{message.public_id}@followon.example.nhs.uk>"
    assert "Coffee on Tuesday? (Walkers)" in received.get_content()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.provider_reference == f"{message.public_id}@followon.example.nhs.uk"
    assert smtp_server.envelopes == [("no-reply@followon.example.nhs.uk", ["emma@example.org"])]


def test_an_address_the_server_refuses_fails_for_good(tasks, emailer, smtp_server):
    smtp_server.refuse("emma@example.org")
    message = enqueue(emailer)
    assert tasks.run() == ["failed"]
    message.refresh_from_db()
    assert message.failure_kind == OutboundMessage.FailureKind.REJECTED
    assert message.failure_reason == "The mail server refused the address (550)"
    assert smtp_server.messages == []


def test_a_deferred_address_is_retried_later(tasks, emailer, smtp_server, clock):
    smtp_server.defer("emma@example.org")
    message = enqueue(emailer)
    assert tasks.run() == ["retry"]
    message.refresh_from_db()
    assert message.failure_reason == "The mail server deferred the address (451)"
    smtp_server.deferred.clear()
    clock.set(message.send_after)
    assert tasks.run() == ["sent"]
    assert len(smtp_server.messages) == 1


def test_mail_server_down_is_a_temporary_failure(tasks, emailer, smtp_server, settings):
    settings.SMTP_PORT = 9  # nothing listens on the discard port
    message = enqueue(emailer)
    assert tasks.run() == ["retry"]
    message.refresh_from_db()
    assert message.failure_reason == "Could not reach the mail server (ConnectionRefusedError)"


def test_a_service_can_choose_smtp_while_the_deployment_uses_notify(tasks, emailer, smtp_server, fake_notify, service):
    from followon.notifications.models import ServiceChannelSettings

    # fake_notify made Notify the deployment's email channel; this service uses its own mail server.
    assert conf.get("NOTIFICATIONS_EMAIL_CHANNEL") == "notify"
    ServiceChannelSettings.objects.create(service=service, email_channel="smtp")
    ours = services.message_enqueue(
        template="notifications/digest",
        context=CONTEXT,
        idempotency_key="ours",
        channel="email",
        to_address=emailer.email,
        service=service,
    )
    others = enqueue(emailer, key="others")
    tasks.run()
    assert [m["Message-ID"] for m in smtp_server.messages] == [f"<{ours.public_id}@followon.example.nhs.uk>"]
    assert [n["reference"] for n in fake_notify.sent] == [str(others.public_id)]
