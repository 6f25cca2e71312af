"""GOV.UK Notify through the official client against the local fake Notify over HTTP."""

import datetime as dt

import pytest

from followon.core.models import AuditEvent
from followon.notifications import delivery, services
from followon.notifications.channels import NotifyChannel
from followon.notifications.models import DeliveryAttempt, OutboundMessage

pytestmark = pytest.mark.django_db

Status = OutboundMessage.Status


def enqueue(member, key="k1", channel="sms", to_address=None, **kwargs):
    return services.message_enqueue(
        template="notifications/started" if channel == "sms" else "notifications/digest",
        context={}
        if channel == "sms"
        else {
            "items": [{"title": "Walk on Tuesday", "topic_label": "Walkers"}],
            "count": 1,
            "more": 0,
            "sign_in_url": "https://x.test/sign-in/",
        },
        idempotency_key=key,
        channel=channel,
        to_address=to_address or (member.mobile if channel == "sms" else member.email),
        recipient=member,
        urgent=True,
        **kwargs,
    )


def test_sms_goes_to_notify_with_our_wording_and_our_reference(tasks, texter, fake_notify):
    message = enqueue(texter)
    assert tasks.run() == ["sent"]
    [sent] = fake_notify.sent
    assert sent["phone_number"] == "+447700900111"
    assert sent["body"] == message.body
    assert sent["reference"] == str(message.public_id)
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.provider_reference == sent["id"]
    attempt = message.delivery_attempts.get()
    assert attempt.outcome == DeliveryAttempt.Outcome.SENT
    assert attempt.rate_key == f"notify:{fake_notify.service_id}"


def test_email_goes_to_notify_with_subject_and_body(tasks, emailer, fake_notify):
    message = enqueue(emailer, channel="email")
    tasks.run()
    [sent] = fake_notify.sent
    assert sent["email_address"] == "emma@example.org"
    assert sent["subject"] == message.subject == "Your FollowOn digest: 1 new post in your groups"
    assert "Walk on Tuesday (Walkers)" in sent["body"]


def test_temporary_failures_are_retried_with_growing_back_off_then_sent_once(tasks, texter, fake_notify, clock):
    fake_notify.fail_next(texter.mobile, 429, 500, 503)
    message = enqueue(texter)
    waits = []
    for expected in ["retry", "retry", "retry"]:
        assert tasks.run() == [expected]
        message.refresh_from_db()
        assert message.status == Status.QUEUED
        waits.append((message.send_after - clock.now).total_seconds())
        assert tasks.next_run_after() == message.send_after
        clock.set(message.send_after)
    assert tasks.run() == ["sent"]
    assert fake_notify.count_for(message.public_id) == 1
    # 429 waits at least the rate window; then 30s x 2^n with jitter of +/-20%.
    assert waits[0] >= 60 * 0.8
    assert 2 * 30 * 0.8 <= waits[1] <= 2 * 30 * 1.2
    assert 4 * 30 * 0.8 <= waits[2] <= 4 * 30 * 1.2
    outcomes = list(message.delivery_attempts.values_list("status_code", "outcome"))
    assert outcomes == [(429, "temporary"), (500, "temporary"), (503, "temporary"), (201, "sent")]


def test_a_5xx_makes_the_next_attempt_ask_notify_first(tasks, texter, fake_notify, clock):
    fake_notify.fail_next(texter.mobile, 502)
    message = enqueue(texter)
    tasks.run()
    message.refresh_from_db()
    assert message.needs_reconcile
    clock.set(message.send_after)
    assert tasks.run() == ["sent"]
    message.refresh_from_db()
    assert not message.needs_reconcile
    assert fake_notify.count_for(message.public_id) == 1


def test_gives_up_after_the_maximum_attempts_in_a_final_failed_state(tasks, texter, fake_notify, clock, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    fake_notify.fail_always(texter.mobile, 503)
    message = enqueue(texter)
    results = []
    for _ in range(6):
        results += tasks.run()
        message.refresh_from_db()
        if message.status == Status.FAILED:
            break
        clock.set(message.send_after)
    assert results == ["retry", "retry", "retry", "failed"]
    assert message.failure_kind == OutboundMessage.FailureKind.GAVE_UP
    assert message.failure_reason == "Tried 4 times. Last problem: GOV.UK Notify had a problem (503)"
    assert message.can_be_retried
    assert fake_notify.count_for(message.public_id) == 0
    event = AuditEvent.objects.get(action="notification.failed")
    assert event.target_id == str(message.public_id)
    assert event.detail == {"template": "notifications/started", "channel": "sms", "failure_kind": "gave_up"}
    # Nothing more is scheduled: the worker is done with it.
    clock.advance(days=1)
    assert tasks.run() == []


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("+441174960000", "Not a UK mobile number"),  # a landline
        ("+44770090", "Not a UK mobile number"),  # too short
    ],
)
def test_numbers_notify_rejects_fail_at_once_and_clearly(tasks, texter, fake_notify, number, reason):
    message = enqueue(texter, to_address=number)
    assert tasks.run() == ["failed"]
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.failure_kind == OutboundMessage.FailureKind.REJECTED
    assert message.failure_reason == f"GOV.UK Notify refused the message (400): phone_number {reason}"
    assert message.attempts == 1
    assert not message.can_be_retried


def test_a_400_for_a_chosen_number_is_permanent(tasks, texter, fake_notify):
    fake_notify.fail_always(texter.mobile, 400)
    message = enqueue(texter)
    assert tasks.run() == ["failed"]
    message.refresh_from_db()
    assert "team-only API key" in message.failure_reason


def test_wrong_api_key_is_a_temporary_failure_that_staff_can_retry_once_fixed(
    tasks, texter, fake_notify, settings, clock
):
    settings.NOTIFY_API_KEY = f"followon_test-{fake_notify.service_id}-{'0' * 8}-0000-0000-0000-{'0' * 12}"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    message = enqueue(texter)
    assert tasks.run() == ["failed"]
    message.refresh_from_db()
    assert message.failure_reason == "Tried 1 times. Last problem: GOV.UK Notify refused our API key (403)"
    assert message.can_be_retried
    settings.NOTIFY_API_KEY = fake_notify.api_key
    services.message_retry(message=message, actor=None)
    assert tasks.run() == ["sent"]
    assert fake_notify.count_for(message.public_id) == 1


def test_notify_unreachable_is_temporary_and_ambiguous(tasks, texter, fake_notify, settings):
    settings.NOTIFY_BASE_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    message = enqueue(texter)
    assert tasks.run() == ["retry"]
    message.refresh_from_db()
    assert message.needs_reconcile
    assert message.failure_reason == "Could not reach GOV.UK Notify (network error or time-out)"


def test_missing_notify_configuration_is_reported_not_crashed(tasks, texter, fake_notify, settings):
    settings.NOTIFY_SMS_TEMPLATE_ID = ""
    message = enqueue(texter)
    assert tasks.run() == ["retry"]
    message.refresh_from_db()
    assert message.failure_reason == "GOV.UK Notify is not set up: NOTIFY_SMS_TEMPLATE_ID is empty"


class WorkerKilled(BaseException):
    """Stands in for kill -9: nothing after it runs, not even `except Exception`."""


def test_crash_after_notify_accepted_is_reconciled_not_resent(tasks, texter, fake_notify, clock, monkeypatch):
    message = enqueue(texter)

    def killed(*args, **kwargs):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(delivery, "_record_sent", killed)
        tasks.run()
    message.refresh_from_db()
    assert message.status == Status.SENDING
    assert fake_notify.count_for(message.public_id) == 1

    # A duplicate task while the lease runs does nothing but look again later.
    assert services.message_deliver(message_id=message.pk) == "in-flight"
    assert fake_notify.count_for(message.public_id) == 1

    clock.set(message.lease_expires_at + dt.timedelta(seconds=1))
    assert services.message_deliver(message_id=message.pk) == "reconciled"
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.provider_reference == fake_notify.sent[0]["id"]
    assert fake_notify.count_for(message.public_id) == 1
    outcomes = list(message.delivery_attempts.values_list("outcome", flat=True))
    assert outcomes == ["lost", "reconciled"]


def test_crash_before_notify_was_called_sends_after_checking(tasks, texter, fake_notify, clock, monkeypatch):
    message = enqueue(texter)

    def killed(self, message):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(NotifyChannel, "send", killed)
        tasks.run()
    message.refresh_from_db()
    assert message.status == Status.SENDING
    clock.set(message.lease_expires_at + dt.timedelta(seconds=1))
    assert services.message_deliver(message_id=message.pk) == "sent"
    assert fake_notify.count_for(message.public_id) == 1


def test_an_unexpected_error_in_a_channel_never_crashes_the_worker(tasks, texter, fake_notify, monkeypatch):
    message = enqueue(texter)

    def broken(self, message):
        raise KeyError("surprise")

    monkeypatch.setattr(NotifyChannel, "send", broken)
    assert tasks.run() == ["retry"]
    message.refresh_from_db()
    assert message.failure_reason == "Unexpected error while sending (KeyError)"
    assert message.needs_reconcile
