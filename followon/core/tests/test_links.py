"""Links in texts and emails open on the site that sent them (issue 21, item 3)."""

import pytest
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from followon.core.links import absolute_url, base_url
from followon.core.middleware import RequestIdMiddleware


def _served(host: str, *, secure: bool = False):
    """The base URL a service sees while the middleware serves a request to `host`."""
    seen = {}

    def view(request):
        seen["base"] = base_url()
        seen["link"] = absolute_url("accounts:sign-in")
        return HttpResponse("ok")

    request = RequestFactory().get("/", HTTP_HOST=host, secure=secure)
    RequestIdMiddleware(view)(request)
    return seen


@override_settings(FOLLOWON_LINKS_FROM_REQUEST=True, FOLLOWON_BASE_URL="http://127.0.0.1:8000")
def test_a_link_sent_while_serving_a_page_uses_the_port_the_site_was_started_on():
    seen = _served("127.0.0.1:8010")
    assert seen["base"] == "http://127.0.0.1:8010"
    assert seen["link"] == "http://127.0.0.1:8010/sign-in/"
    # Outside the request (the worker), the configured address is back in charge.
    assert base_url() == "http://127.0.0.1:8000"


@override_settings(
    FOLLOWON_LINKS_FROM_REQUEST=True, ALLOWED_HOSTS=["127.0.0.1"], FOLLOWON_BASE_URL="http://127.0.0.1:8000"
)
def test_a_forged_host_never_reaches_a_link():
    with pytest.raises(DisallowedHost):
        RequestFactory().get("/", HTTP_HOST="evil.example").get_host()
    seen = _served("evil.example")
    assert seen["base"] == "http://127.0.0.1:8000"


@override_settings(FOLLOWON_LINKS_FROM_REQUEST=False, FOLLOWON_BASE_URL="https://followon.example.nhs.uk")
def test_production_links_use_the_configured_public_address_whatever_the_request_host():
    assert _served("127.0.0.1:8010")["base"] == "https://followon.example.nhs.uk"
