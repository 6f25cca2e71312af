"""The fake GOV.UK Notify itself checks what the real one checks."""

import time

import jwt
import pytest
import requests
from notifications_python_client.errors import HTTPError
from notifications_python_client.notifications import NotificationsAPIClient


@pytest.fixture
def fake(fake_notify_server):
    fake_notify_server.reset()
    return fake_notify_server


def client_for(fake, api_key=None):
    return NotificationsAPIClient(api_key or fake.api_key, base_url=fake.base_url)


def test_the_official_client_can_send_and_read_back_by_reference(fake):
    client = client_for(fake)
    sent = client.send_sms_notification("07700900111", fake.sms_template_id, {"body": "Hi"}, reference="ref-1")
    assert sent["content"]["body"] == "Hi"
    assert client.get_notification_by_id(sent["id"])["reference"] == "ref-1"
    assert [n["id"] for n in client.get_all_notifications(reference="ref-1")["notifications"]] == [sent["id"]]
    assert client.get_all_notifications(reference="other")["notifications"] == []
    assert fake.count_for("ref-1") == 1


def test_a_key_with_the_wrong_secret_is_refused_with_403(fake):
    wrong = f"followon_test-{fake.service_id}-00000000-0000-0000-0000-000000000000"
    with pytest.raises(HTTPError) as error:
        client_for(fake, wrong).send_sms_notification("07700900111", fake.sms_template_id, {"body": "Hi"})
    assert error.value.status_code == 403
    assert fake.sent == []


def test_a_token_from_another_service_or_too_old_is_refused(fake):
    url = fake.base_url + "/v2/notifications"
    other = jwt.encode({"iss": "someone-else", "iat": int(time.time())}, fake.secret, algorithm="HS256")
    old = jwt.encode({"iss": fake.service_id, "iat": int(time.time()) - 120}, fake.secret, algorithm="HS256")
    assert requests.get(url, headers={"Authorization": f"Bearer {other}"}, timeout=5).status_code == 403
    assert requests.get(url, headers={"Authorization": f"Bearer {old}"}, timeout=5).status_code == 403
    assert requests.get(url, timeout=5).status_code == 401


def test_wrong_template_and_missing_personalisation_are_400(fake):
    client = client_for(fake)
    with pytest.raises(HTTPError) as error:
        client.send_sms_notification("07700900111", fake.email_template_id, {"body": "Hi"})
    assert error.value.status_code == 400
    with pytest.raises(HTTPError) as error:
        client.send_email_notification("a@example.org", fake.email_template_id, {"body": "no subject"})
    assert "Missing personalisation: subject" in str(error.value)


def test_scripted_and_random_failures(fake):
    client = client_for(fake)
    fake.fail_next("+447700900111", 429)
    with pytest.raises(HTTPError) as error:
        client.send_sms_notification("07700 900111", fake.sms_template_id, {"body": "Hi"})
    assert error.value.status_code == 429
    client.send_sms_notification("07700 900111", fake.sms_template_id, {"body": "Hi"})
    fake.fail_fraction(0.5, 500, seed=1)
    outcomes = []
    for _ in range(40):
        try:
            client.send_sms_notification("07700900222", fake.sms_template_id, {"body": "Hi"})
            outcomes.append(201)
        except HTTPError as exc:
            outcomes.append(exc.status_code)
    assert 10 < outcomes.count(500) < 30
    assert outcomes.count(201) + outcomes.count(500) == 40


def test_on_accept_runs_after_each_accepted_send_before_the_answer(fake):
    seen = []
    fake.on_accept = lambda count: seen.append((count, fake.count_for(f"ref-{count}")))
    client = client_for(fake)
    for n in (1, 2):
        client.send_sms_notification("07700900111", fake.sms_template_id, {"body": "Hi"}, reference=f"ref-{n}")
    fake.fail_next("07700900111", 500)
    with pytest.raises(HTTPError):
        client.send_sms_notification("07700900111", fake.sms_template_id, {"body": "Hi"}, reference="ref-3")
    assert seen == [(1, 1), (2, 1)]  # counted already; not called for a refused send
    fake.reset()
    assert fake.on_accept is None
