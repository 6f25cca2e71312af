"""The outbox: written in the caller's transaction, delivered once by the worker."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from followon.notifications import services
from followon.notifications.delivery import deliver_message
from followon.notifications.models import OutboundMessage
from followon.notifications.rendering import MessageTemplateError

pytestmark = pytest.mark.django_db

Status = OutboundMessage.Status


def enqueue(member, key="k1", **kwargs):
    defaults = {
        "template": "notifications/started",
        "context": {},
        "idempotency_key": key,
        "channel": "sms",
        "to_address": member.mobile,
        "recipient": member,
        "urgent": True,
    }
    return services.message_enqueue(**(defaults | kwargs))


class Rollback(Exception):
    pass


def test_outbox_row_and_its_task_roll_back_with_the_callers_transaction(tasks, texter, fake_notify):
    with pytest.raises(Rollback), transaction.atomic():
        enqueue(texter)
        assert OutboundMessage.objects.count() == 1
        raise Rollback
    assert OutboundMessage.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    tasks.run()
    assert fake_notify.sent == []


def test_the_delivery_task_is_written_in_the_same_transaction_as_the_message(tasks, texter):
    with transaction.atomic():
        message = enqueue(texter)
        pending = DBTaskResult.objects.get()
        assert pending.args_kwargs == {"args": [message.pk], "kwargs": {}}
        assert pending.queue_name == "notifications"


def test_same_idempotency_key_gives_the_first_message_and_one_send(tasks, texter, fake_notify):
    first = enqueue(texter, key="once")
    second = enqueue(texter, key="once", template="notifications/stopped")
    assert first.pk == second.pk
    assert second.template == "notifications/started"
    tasks.run()
    assert fake_notify.count_for(first.public_id) == 1
    assert len(fake_notify.sent) == 1


def test_duplicated_task_sends_once(tasks, texter, fake_notify):
    message = enqueue(texter)
    deliver_message.enqueue(message.pk)
    deliver_message.enqueue(message.pk)
    results = tasks.run()
    assert sorted(results) == ["sent", "skipped", "skipped"]
    assert fake_notify.count_for(message.public_id) == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1


def test_retried_delivery_of_a_sent_message_does_nothing(tasks, texter, fake_notify):
    message = enqueue(texter)
    tasks.run()
    assert services.message_deliver(message_id=message.pk) == "skipped"
    assert fake_notify.count_for(message.public_id) == 1


def test_unknown_placeholder_is_refused_to_the_caller_and_nothing_is_written(tasks, texter):
    with pytest.raises(MessageTemplateError, match="reminder.sms.txt"):
        enqueue(texter, template="notifications/reminder", context={"what": "Walk"})
    assert OutboundMessage.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_unknown_channel_is_refused(texter):
    with pytest.raises(ValueError, match="unknown channel"):
        enqueue(texter, channel="pigeon")


def test_mobile_numbers_are_stored_in_international_format(tasks, texter, fake_notify):
    message = enqueue(texter, to_address="07700 900111")
    assert message.to_address == "+447700900111"


def test_delivery_of_a_missing_message_is_harmless(db):
    assert services.message_deliver(message_id=987654) == "missing"


def test_console_channel_prints_after_commit_with_the_test_suites_immediate_backend(
    texter, capsys, django_capture_on_commit_callbacks, settings
):
    settings.NOTIFICATIONS_SMS_CHANNEL = "console"
    with django_capture_on_commit_callbacks(execute=True):
        message = enqueue(texter)
        assert capsys.readouterr().out == ""
    out = capsys.readouterr().out
    assert "[SMS to +44…111]" in out
    assert "you will get texts from us again" in out
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.provider_reference == f"console-{message.public_id}"
