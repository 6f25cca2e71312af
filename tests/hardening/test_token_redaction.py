"""Bearer tokens never reach the access log or Django's request log (issue 19, item 1).

Built from the URL conf: every route with a token parameter is reversed with a fresh token and its path
formatted by the real gunicorn access-log formatter (gunicorn.conf.py) and logged by Django's real,
configured log handlers."""

from __future__ import annotations

import io
import logging
import re
import secrets
import sys

import pytest
from django.urls import get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from followon.core.log_redaction import REDACTED, RedactTokensFilter, redact_path, token_routes
from tests.hardening.access_log import environ_for, gunicorn_access_lines

ISSUE_19_ROUTES = {  # the routes the attack found tokens in: each must be in the generated list
    "calendar/<token:token>.ics",
    "m/<token:token>/",
    "questionnaire/<token:token>/",
    "questionnaires/<token:token>/",
    "q/<token:token>/",
    "invitations/<token:token>/",
}


def _all_routes(patterns=None, prefix=""):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry.pattern, LocalePrefixPattern):  # i18n_patterns: the same routes, any language
            yield from _all_routes(entry.url_patterns, prefix)
            continue
        if not isinstance(entry.pattern, RoutePattern):
            continue
        if hasattr(entry, "url_patterns"):
            yield from _all_routes(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern)


def _sample_path(route: str, token: str) -> str:
    def value(match):
        converter, _, name = match.group(1).rpartition(":")
        if converter == "token" or name in {"token", "code", "key"}:
            return token
        return {"uuid": "3f0e8f62-7b1c-4f0e-9a51-1c2d3e4f5a6b", "int": "7"}.get(converter, "phq-9")

    return "/" + re.sub(r"<([^>]+)>", value, route)


def test_every_route_with_a_token_parameter_is_listed():
    listed = {route.route for route in token_routes()}
    assert listed >= ISSUE_19_ROUTES
    with_token = {r for r in _all_routes() if re.search(r"<(token:|[^>]*:?(token|code|key)>)", r)}
    assert with_token == listed
    # No link route is left on the old "str" converter, which let NUL bytes and slashes through.
    assert not [r for r in _all_routes() if "<str:token>" in r]


def test_the_real_gunicorn_access_log_redacts_every_token_route():
    requests, tokens = [], []
    for route in token_routes():
        token = secrets.token_urlsafe(32)
        tokens.append(token)
        requests.append((environ_for("GET", _sample_path(route.route, token), query=f"t={token}"), 200, "r1"))
    requests.append((environ_for("GET", "/calendar/\x00.ics"), 404, "r2"))
    lines = gunicorn_access_lines(requests)
    assert len(lines) == len(requests)
    text = "\n".join(lines)
    for token in tokens:
        assert token not in text
    assert text.count(REDACTED) == len(requests)
    assert '"GET /calendar/[token].ics HTTP/1.1" 200' in text
    assert "request_id=r1" in text


def test_paths_without_tokens_are_logged_as_they_are():
    path = "/my/groups/3f0e8f62-7b1c-4f0e-9a51-1c2d3e4f5a6b/meetings/"
    assert redact_path(path) == path
    (line,) = gunicorn_access_lines([(environ_for("GET", path), 200, "r3")])
    assert f'"GET {path} HTTP/1.1" 200 10' in line


def test_a_path_that_goes_on_past_a_token_is_redacted_too():
    assert redact_path("/m/abc123/extra/more") == "/m/[token]/extra/more"
    assert redact_path("/calendar/abc") == "/calendar/[token]"


@pytest.fixture
def django_log():
    """The handlers Django's LOGGING configured (with their filters), writing to a buffer."""
    handlers = [h for h in logging.getLogger().handlers if any(isinstance(f, RedactTokensFilter) for f in h.filters)]
    assert handlers, "settings.LOGGING puts RedactTokensFilter on the root handler"
    buffer = io.StringIO()
    old = [h.setStream(buffer) for h in handlers]
    yield buffer
    for handler, stream in zip(handlers, old, strict=True):
        handler.setStream(stream)


@pytest.mark.django_db
def test_django_request_logging_redacts_tokens_in_not_found_lines(client, django_log):
    tokens = []
    for route in token_routes():
        token = secrets.token_urlsafe(24)
        tokens.append(token)
        client.get(_sample_path(route.route, token))
    client.get("/calendar/%00.ics")
    logged = django_log.getvalue()
    assert "Not Found: /calendar/[token].ics" in logged
    for token in tokens:
        assert token not in logged


def test_the_filter_redacts_formatted_messages_and_tracebacks():
    token = secrets.token_urlsafe(16)
    try:
        raise ValueError(f"bad link /q/{token}/")
    except ValueError:
        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "Internal Server Error: %s", (f"/m/{token}/",), exc_info=True
        )
        record.exc_info = sys.exc_info()
    RedactTokensFilter().filter(record)
    assert token not in record.getMessage() and token not in record.exc_text
    assert record.getMessage() == "Internal Server Error: /m/[token]/"


def test_a_token_in_a_page_in_another_language_is_redacted_too():
    # Pages in Welsh, Urdu and Polish live under /cy/, /ur/, /pl/ (ADR 0027): the same routes.
    token = secrets.token_urlsafe(24)
    for language in ("cy", "ur", "pl"):
        assert redact_path(f"/{language}/m/{token}/") == f"/{language}/m/{REDACTED}/"
        assert redact_path(f"/{language}/calendar/{token}.ics") == f"/{language}/calendar/{REDACTED}.ics"
