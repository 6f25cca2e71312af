"""Delivery receipts: GOV.UK Notify's delivery-status callback."""

import json
import uuid

import pytest
from django.urls import reverse

from followon.notifications import services
from followon.notifications.models import OutboundMessage

pytestmark = pytest.mark.django_db

TOKEN = "delivery-receipt-token-0123456789"
URL = "/callbacks/notify/delivery-receipt"
Status = OutboundMessage.Status


@pytest.fixture(autouse=True)
def callback_token(settings):
    settings.NOTIFY_DELIVERY_RECEIPT_TOKEN = TOKEN


@pytest.fixture
def sent_message(tasks, texter, fake_notify, service):
    message = services.message_enqueue(
        template="notifications/started",
        context={},
        idempotency_key="r1",
        channel="sms",
        to_address=texter.mobile,
        recipient=texter,
        service=service,
        urgent=True,
    )
    tasks.run()
    message.refresh_from_db()
    assert message.status == Status.SENT
    return message


def receipt(message, status="delivered", **extra):
    return {
        "id": message.provider_reference,
        "reference": str(message.public_id),
        "to": message.to_address,
        "status": status,
        "created_at": "2026-06-10T10:00:00.000000Z",
        "completed_at": "2026-06-10T10:00:05.000000Z",
        "sent_at": "2026-06-10T10:00:01.000000Z",
        "notification_type": "sms",
    } | extra


def post(client, body, token=TOKEN):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token is not None else {}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json", **headers)


def test_url_is_named():
    assert reverse("notifications:notify-delivery-receipt") == URL


def test_delivered_receipt_marks_the_message_delivered(client, sent_message):
    response = post(client, receipt(sent_message))
    assert response.json() == {"result": "updated"}
    sent_message.refresh_from_db()
    assert sent_message.status == Status.DELIVERED
    assert sent_message.delivered_at.isoformat() == "2026-06-10T10:00:05+00:00"


def test_replayed_receipt_changes_nothing(client, sent_message):
    post(client, receipt(sent_message))
    assert post(client, receipt(sent_message)).json() == {"result": "unchanged"}
    assert post(client, receipt(sent_message, status="permanent-failure")).json() == {"result": "unchanged"}
    sent_message.refresh_from_db()
    assert sent_message.status == Status.DELIVERED


def test_receipt_can_be_matched_by_notify_id_alone(client, sent_message):
    assert post(client, receipt(sent_message, reference=None)).json() == {"result": "updated"}


def test_permanent_failure_is_recorded_for_staff(client, sent_message, service):
    post(client, receipt(sent_message, status="permanent-failure"))
    sent_message.refresh_from_db()
    assert sent_message.status == Status.FAILED
    assert sent_message.failure_kind == OutboundMessage.FailureKind.UNDELIVERABLE
    assert "does not exist" in sent_message.failure_reason
    from followon.notifications.selectors import failed_messages_for_service

    assert list(failed_messages_for_service(service)) == [sent_message]


def test_a_receipt_still_in_progress_changes_nothing(client, sent_message):
    assert post(client, receipt(sent_message, status="sending")).json() == {"result": "unchanged"}


def test_unknown_notification_is_acknowledged_and_ignored(client, db):
    body = {"id": str(uuid.uuid4()), "reference": str(uuid.uuid4()), "status": "delivered"}
    assert post(client, body).json() == {"result": "unknown"}


@pytest.mark.parametrize(("token", "status"), [(None, 401), ("nope-nope-nope", 403)])
def test_wrong_bearer_token_is_refused(client, sent_message, token, status):
    assert post(client, receipt(sent_message), token=token).status_code == status
    sent_message.refresh_from_db()
    assert sent_message.status == Status.SENT


@pytest.mark.parametrize(
    "change",
    [{"id": "12"}, {"status": "exploded"}, {"reference": 5}, {"completed_at": "soon"}],
)
def test_malformed_receipts_are_400(client, sent_message, change):
    assert post(client, receipt(sent_message, **change)).status_code == 400
    sent_message.refresh_from_db()
    assert sent_message.status == Status.SENT


def test_not_json_is_400(client, db):
    assert post(client, "{").status_code == 400


def test_delivered_receipt_for_a_message_we_gave_up_on_tells_the_truth(client, sent_message):
    OutboundMessage.objects.filter(pk=sent_message.pk).update(
        status=Status.FAILED, failure_kind=OutboundMessage.FailureKind.GAVE_UP, failure_reason="Tried 5 times"
    )
    assert post(client, receipt(sent_message)).json() == {"result": "updated"}
    sent_message.refresh_from_db()
    assert (sent_message.status, sent_message.failure_kind, sent_message.failure_reason) == (Status.DELIVERED, "", "")
