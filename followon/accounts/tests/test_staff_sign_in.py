import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_wrong_password_shows_error_summary_and_keeps_email(client, clinician):
    response = client.post(reverse("accounts:staff-sign-in"), {"username": clinician.email, "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert clinician.email in body


def test_empty_form_names_each_missing_field(client):
    body = client.post(reverse("accounts:staff-sign-in"), {}).content.decode()
    assert "Enter your email address" in body
    assert "Enter your password" in body


def test_sign_in_page_is_open_to_anonymous(client):
    assert client.get(reverse("accounts:staff-sign-in")).status_code == 200
    assert client.get(reverse("accounts:sign-in")).status_code == 200


def test_sign_out_requires_post(client, clinician):
    client.force_login(clinician)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    assert client.post(reverse("accounts:sign-out")).status_code == 302
