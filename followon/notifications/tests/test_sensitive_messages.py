"""Sensitive messages (sign-in codes, links with a token) lose their body once sent; reminder context
resolvers add secret values at send time, so they never wait in the Reminder row."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from followon.notifications import delivery, registry, services
from followon.notifications.models import OutboundMessage, Reminder
from followon.notifications.rendering import MessageTemplateError

pytestmark = pytest.mark.django_db

Status = OutboundMessage.Status
CODE = "482913"


@pytest.fixture(autouse=True)
def remove_sensitive_bodies(settings):
    # The test settings keep bodies (other apps' tests read codes from the outbox); production removes them.
    settings.NOTIFICATIONS_REMOVE_SENSITIVE_BODIES = True


def send_code(member, *, key="code-1", channel="sms", sensitive=True, service=None, to_address=None):
    return services.message_enqueue(
        template="sign_in_code",
        context={"code": CODE, "minutes": 10, "service_name": "FollowOn"},
        idempotency_key=key,
        channel=channel,
        to_address=to_address or (member.mobile if channel == "sms" else member.email),
        recipient=member,
        service=service,
        urgent=True,
        sensitive=sensitive,
    )


def test_a_sent_code_reaches_notify_and_its_body_is_removed_but_the_row_stays(tasks, texter, fake_notify, service):
    message = send_code(texter, service=service)
    assert message.sensitive and CODE in message.body
    assert tasks.run() == ["sent"]
    [sent] = fake_notify.sent
    assert CODE in sent["body"]
    message.refresh_from_db()
    assert message.body == "" and CODE not in message.subject
    assert message.body_removed_at is not None
    assert message.status == Status.SENT and message.sent_at is not None
    assert message.template == "sign_in_code" and message.recipient == texter
    assert message.to_address == texter.mobile and message.provider_reference == sent["id"]


def test_an_email_code_keeps_its_subject_but_not_its_body(tasks, emailer, fake_notify):
    message = send_code(emailer, channel="email")
    tasks.run()
    message.refresh_from_db()
    assert message.subject and message.body == ""
    assert CODE in fake_notify.sent[0]["body"]


def test_a_message_not_marked_sensitive_keeps_its_body(tasks, texter, fake_notify):
    message = send_code(texter, sensitive=False)
    tasks.run()
    message.refresh_from_db()
    assert message.status == Status.SENT and CODE in message.body and message.body_removed_at is None


def test_the_removal_can_be_turned_off(tasks, texter, fake_notify, settings):
    settings.NOTIFICATIONS_REMOVE_SENSITIVE_BODIES = False
    message = send_code(texter)
    tasks.run()
    message.refresh_from_db()
    assert message.status == Status.SENT and CODE in message.body


def test_a_retry_after_a_temporary_failure_still_has_the_body(tasks, texter, fake_notify, clock):
    fake_notify.fail_next(texter.mobile, 503, 429)
    message = send_code(texter)
    for _ in range(2):
        assert tasks.run() == ["retry"]
        message.refresh_from_db()
        assert message.status == Status.QUEUED and CODE in message.body
        clock.set(message.send_after)
    assert tasks.run() == ["sent"]
    assert [CODE in n["body"] for n in fake_notify.sent] == [True]
    message.refresh_from_db()
    assert message.body == ""


def test_a_message_found_already_sent_after_a_crash_is_removed_too(tasks, texter, fake_notify, clock, monkeypatch):
    message = send_code(texter)

    class WorkerKilled(BaseException):
        pass

    def killed(*args, **kwargs):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(delivery, "_record_sent", killed)
        tasks.run()
    message.refresh_from_db()
    assert message.status == Status.SENDING and CODE in message.body
    clock.set(message.lease_expires_at + dt.timedelta(seconds=1))
    assert services.message_deliver(message_id=message.pk) == "reconciled"
    message.refresh_from_db()
    assert message.status == Status.SENT and message.body == ""
    assert fake_notify.count_for(message.public_id) == 1


def test_a_message_that_gave_up_keeps_its_body_so_staff_can_try_again(tasks, texter, fake_notify, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    fake_notify.fail_next(texter.mobile, 503)
    message = send_code(texter)
    assert tasks.run() == ["failed"]
    message.refresh_from_db()
    assert message.can_be_retried and CODE in message.body
    services.message_retry(message=message, actor=None)
    assert tasks.run() == ["sent"]
    assert CODE in fake_notify.sent[0]["body"]
    message.refresh_from_db()
    assert message.body == ""


def test_a_refused_message_loses_its_body_and_still_shows_on_the_failed_page(
    tasks, texter, fake_notify, service, staff_client, clinician
):
    message = send_code(texter, service=service, to_address="+441174960000")  # a landline
    assert tasks.run() == ["failed"]
    message.refresh_from_db()
    assert message.failure_kind == OutboundMessage.FailureKind.REJECTED and message.body == ""
    response = staff_client(clinician).get(reverse("notifications:staff-failed"))
    assert response.status_code == 200
    assert "Not a UK mobile number" in response.content.decode()


def test_a_message_cancelled_after_stop_loses_its_body(tasks, texter, fake_notify):
    services.sms_opt_out(user=texter, via="test")
    message = services.message_enqueue(
        template="sign_in_code",
        context={"code": CODE, "minutes": 10, "service_name": "FollowOn"},
        idempotency_key="not-essential",
        channel="sms",
        to_address=texter.mobile,
        recipient=texter,
        sensitive=True,
    )
    assert message.status == Status.CANCELLED
    message.refresh_from_db()
    assert message.body == "" and message.body_removed_at is not None


def test_a_delivery_receipt_still_applies_after_the_body_is_removed(client, tasks, texter, fake_notify, settings):
    settings.NOTIFY_DELIVERY_RECEIPT_TOKEN = "delivery-receipt-token-0123456789"
    message = send_code(texter)
    tasks.run()
    message.refresh_from_db()
    response = client.post(
        "/callbacks/notify/delivery-receipt",
        data={
            "id": message.provider_reference,
            "reference": str(message.public_id),
            "to": message.to_address,
            "status": "delivered",
            "created_at": "2026-06-10T10:00:00.000000Z",
            "completed_at": "2026-06-10T10:00:05.000000Z",
            "sent_at": "2026-06-10T10:00:01.000000Z",
            "notification_type": "sms",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer delivery-receipt-token-0123456789",
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == Status.DELIVERED and message.body == ""


def test_sign_in_codes_and_account_invitations_are_sent_as_sensitive(
    client, tasks, fake_notify, clock, service, clinician
):
    from followon.accounts import services as accounts
    from followon.accounts.tests.factories import ServiceMembershipFactory, UserFactory

    member = UserFactory(preferred_name="Maggie Member", mobile="+447700900982")
    ServiceMembershipFactory(service=service, user=member)
    accounts.consent_notices_ensure(service=service)
    client.post(reverse("accounts:sign-in"), {"contact": "07700 900982"})
    accounts.invitation_create(service=service, invited_by=clinician, preferred_name="Maggie", mobile="07700 900123")
    by_template = {m.template: m for m in OutboundMessage.objects.all()}
    assert by_template["sign_in_code"].sensitive
    assert by_template["invitation"].sensitive
    tasks.run()
    assert len(fake_notify.sent) == 2
    by_template = {m.template: m for m in OutboundMessage.objects.all()}
    assert by_template["sign_in_code"].body == by_template["invitation"].body == ""


# -- reminder context resolvers ------------------------------------------------------------------


SECRET_LINK = "https://followon.test/answer/0123456789abcdef/"


@pytest.fixture
def secret_things():
    """A stand-in app whose reminders carry a link with a token: only an id is stored."""
    looked_up = []

    def resolver(*, key, context):
        looked_up.append(context["thing"])
        return {"action": f"Answer here: {SECRET_LINK}"}

    registry.register_reminder_context("thing:", resolver)
    return looked_up


def plan(member, run_at, key="thing:42:invite"):
    return services.reminder_schedule(
        key=key,
        run_at=run_at,
        template="notifications/reminder",
        context={"what": "A questionnaire", "when": run_at, "where": "Online", "thing": "42"},
        recipient=member,
        sensitive=True,
    )


def test_a_resolver_adds_the_link_at_send_time_and_it_is_never_stored(tasks, texter, fake_notify, clock, secret_things):
    run_at = clock.now + dt.timedelta(days=1)
    reminder = plan(texter, run_at)
    assert secret_things == ["42"]  # the template was checked with the resolved context
    reminder.refresh_from_db()
    assert "Answer here" not in str(reminder.context) and reminder.sensitive
    clock.set(run_at)
    assert tasks.run() == ["sent"]
    assert secret_things == ["42", "42"]
    [sent] = fake_notify.sent
    assert SECRET_LINK in sent["body"]
    message = OutboundMessage.objects.get(idempotency_key__startswith="reminder:thing:42:invite:")
    assert message.sensitive and message.body == "" and message.status == Status.SENT
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.SENT and SECRET_LINK not in str(reminder.context)


def test_the_longest_registered_prefix_wins():
    registry.register_reminder_context("thing:", lambda **kw: {"a": 1})
    registry.register_reminder_context("thing:special:", lambda **kw: {"a": 2})
    assert registry.reminder_context_resolver("thing:special:1")(key="", context={}) == {"a": 2}
    assert registry.reminder_context_resolver("thing:1")(key="", context={}) == {"a": 1}
    assert registry.reminder_context_resolver("other:1") is None


def test_without_its_resolver_the_template_is_refused_when_planned(texter, clock):
    with pytest.raises(MessageTemplateError):
        plan(texter, clock.now + dt.timedelta(days=1))


def test_a_resolver_that_fails_at_send_time_fails_the_reminder_not_the_worker(
    tasks, texter, fake_notify, clock, secret_things
):
    run_at = clock.now + dt.timedelta(days=1)
    reminder = plan(texter, run_at)

    def broken(*, key, context):
        raise LookupError("gone")

    registry.register_reminder_context("thing:", broken)
    clock.set(run_at)
    assert tasks.run() == ["failed"]
    reminder.refresh_from_db()
    assert reminder.status == Reminder.Status.FAILED
    assert reminder.failure_reason == "The message could not be written: its details are missing"
    assert fake_notify.sent == []
    assert re.search("gone", reminder.failure_reason) is None
