"""No 500 from input, at one boundary (issue 19, item 3): the cases the attack found, each as a test."""

from __future__ import annotations

import json
import uuid

import pytest
from django import forms
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from followon.accounts.tests.factories import UserFactory
from followon.core.forms import NhsDateField
from followon.core.input_boundary import PayloadRefused, clean_text, json_object
from followon.notifications.models import InboundSms
from followon.peergroups import selectors as group_selectors
from followon.peergroups import services as group_services
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join

RECEIVED = "/callbacks/notify/received-text"
RECEIPT = "/callbacks/notify/delivery-receipt"
TOKEN = "callback-token-0123456789abcdef"


@pytest.fixture
def callbacks(settings):
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = TOKEN
    settings.NOTIFY_DELIVERY_RECEIPT_TOKEN = TOKEN


def post_json(client, url, body):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")


def test_unstorable_characters_are_removed_and_the_rest_kept():
    assert clean_text("Hi\x00 there\ufffe\ud800\U0010ffff!") == "Hi there!"
    assert clean_text("Café 👍 \t\n") == "Café 👍 \t\n"


@pytest.mark.django_db
def test_a_nul_in_the_calendar_token_is_a_404(client):
    assert client.get("/calendar/%00.ics").status_code == 404


@pytest.mark.django_db
class TestCallbacks:
    def test_a_received_text_with_nul_and_surrogates_is_cleaned_and_kept(self, client, callbacks):
        UserFactory(preferred_name="Ann", mobile="+447700900111")
        message = "Running late\\u0000 \\ud800sorry\\uffff"  # JSON escapes: NUL, a lone surrogate, U+FFFF
        body = (
            f'{{"id": "{uuid.uuid4()}", "source_number": "447700900111", "message": "{message}", '
            '"date_received": "2026-06-10T10:15:30.000000Z"}'
        )
        response = post_json(client, RECEIVED, body)
        assert response.status_code == 200
        assert InboundSms.objects.get().body == "Running late sorry"

    @pytest.mark.parametrize("url", [RECEIVED, RECEIPT])
    def test_deeply_nested_json_is_a_400(self, client, callbacks, url):
        response = post_json(client, url, "[" * 5000 + "]" * 5000)
        assert response.status_code == 400
        response = post_json(client, url, {"id": {"a": [[[[[[[[[[1]]]]]]]]]]}})
        assert response.status_code == 400

    @pytest.mark.parametrize("url", [RECEIVED, RECEIPT])
    def test_a_huge_body_is_a_413(self, client, callbacks, url):
        response = post_json(client, url, {"id": "x" * 100_000})
        assert response.status_code == 413

    def test_the_bounds_themselves(self):
        assert json_object(b'{"a": {"b": [1, "x\\u0000"]}}') == {"a": {"b": [1, "x"]}}
        with pytest.raises(PayloadRefused):
            json_object(b'"just a string"')
        with pytest.raises(PayloadRefused):
            json_object(b"\xff\xfe")


class DateForm(forms.Form):
    when = NhsDateField(label="Date", label_lower=pgettext_lazy("a field, in an error message", "date"))


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "1", "99999999999", "The year of the date must include 4 numbers"),
        ("99999999999999999999", "1", "2030", "The date must be a real date"),
        ("1", "1", "２０３０", "The date must be a real date"),
        ("1", "-1", "2030", "The date must be a real date"),
        ("31", "2", "2030", "The date must be a real date"),
    ],
)
def test_odd_dates_get_a_message_and_keep_what_was_entered(day, month, year, message):
    form = DateForm({"when_0": day, "when_1": month, "when_2": year})
    assert not form.is_valid()
    assert form.errors["when"] == [message]
    assert form["when"].value() == [day, month, year]


@pytest.mark.django_db
def test_a_nul_in_the_step_down_role_is_not_a_500(client, service, clinician, ptv):
    programme = finished_programme(service, clinician, ptvs=[ptv])
    enrolments = [join(programme, preferred_name=n) for n in ["Ann", "Bea", "Cal"]]
    for enrolment in enrolments:
        answer(enrolment, "yes")
    group = form_group(programme, clinician, supporter=ptv, accept=True)
    member = enrolments[1].user
    group_services.role_take(group=group, user=member, role="reminders")
    client.force_login(member)
    url = reverse("peergroups:member-role-end", args=[group.public_id])
    response = client.post(url, {"role": "remin\x00ders"})
    assert response.status_code < 500
    # Stepping down asks first (issue 21, item 6): confirm, with the NUL still in the posted role.
    response = client.post(url, {"role": "remin\x00ders", "confirmed": "yes"})
    assert response.status_code < 500
    # NUL removed at the boundary: what is left is the role the member holds, so they step down.
    assert [r.role for r in group_selectors.group_current_roles(group) if r.user == member] == []
