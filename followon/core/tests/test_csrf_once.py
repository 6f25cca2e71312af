"""The page's CSRF field made once per request (core/csrf_once.py): every form of a response carries
the same masked token, the next response another, and Django's CSRF check accepts it."""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token, rotate_token
from django.test import Client, RequestFactory
from django.urls import reverse

from followon.accounts.tests.factories import UserFactory
from followon.core import csrf_once

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_one_token_per_response_and_a_new_one_each_response():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    first = TOKEN.findall(client.get(reverse("home:index")).content.decode())
    second = TOKEN.findall(client.get(reverse("home:index")).content.decode())
    assert len(first) >= 2 and len(set(first)) == 1  # sign out and the language toggle at least
    assert second[0] != first[0]  # masked afresh for every response


def test_the_token_passes_the_csrf_check():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    token = TOKEN.findall(client.get(reverse("home:index")).content.decode())[0]
    refused = client.post(reverse("accounts:sign-out"), {"csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403
    assert client.post(reverse("accounts:sign-out"), {"csrfmiddlewaretoken": token}).status_code == 302


def test_a_new_secret_gives_a_new_token_within_the_request():
    request = RequestFactory().get("/")
    first = csrf_once.token_for(request)
    assert csrf_once.token_for(request) == first
    assert str(csrf_once.csrf_context(request)["csrf_token"]) == first
    assert first in str(csrf_once.csrf_context(request)["csrf_input"])
    assert _unmask_cipher_token(first) == request.META["CSRF_COOKIE"]
    rotate_token(request)  # as signing in does
    again = csrf_once.token_for(request)
    assert again != first and _unmask_cipher_token(again) == request.META["CSRF_COOKIE"]
