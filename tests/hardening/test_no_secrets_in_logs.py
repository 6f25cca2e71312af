"""No token, code, message body, phone number or email in any log line (issue 19, item 4b).

Real journeys (an invitation link, a sign-in code, a calendar feed, a questionnaire link, a received
text) run with every logger at DEBUG through Django's configured handlers, and each request is also
written by the real gunicorn access-log formatter (gunicorn.conf.py). Every secret the journeys
handle is then looked for in every captured line."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from followon.accounts import services as account_services
from followon.accounts.tests.factories import ServiceMembershipFactory, UserFactory
from followon.core.log_redaction import RedactTokensFilter
from followon.meetings import services as meeting_services
from followon.notifications.models import OutboundMessage
from followon.outcomes.services import DEFAULT_QUESTIONNAIRES, questionnaire_set_create, set_token
from tests.hardening.access_log import environ_for, gunicorn_access_lines

pytestmark = pytest.mark.django_db

CALLBACK_TOKEN = "log-test-callback-token-0123456789"


@pytest.fixture
def debug_log(settings):
    """Every logger at DEBUG, through the handlers settings.LOGGING configured, into one buffer."""
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = CALLBACK_TOKEN
    root = logging.getLogger()
    handlers = [h for h in root.handlers if any(isinstance(f, RedactTokensFilter) for f in h.filters)]
    assert handlers
    buffer = io.StringIO()
    streams = [h.setStream(buffer) for h in handlers]
    levels = {name: logging.getLogger(name).level for name in [None, *logging.root.manager.loggerDict]}
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield buffer
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
    for handler, stream in zip(handlers, streams, strict=True):
        handler.setStream(stream)


class Recorder:
    """A test client whose every request is also written to the real gunicorn access log."""

    def __init__(self, client):
        self.client, self.requests = client, []

    def _record(self, method, path, response, query=""):
        self.requests.append((environ_for(method, path, query), response.status_code, response.get("X-Request-ID")))
        return response

    def get(self, path, **kwargs):
        return self._record("GET", path, self.client.get(path, **kwargs))

    def post(self, path, data=None, **kwargs):
        return self._record("POST", path, self.client.post(path, data, **kwargs))


def test_journeys_leave_no_secret_in_any_log_line(client, debug_log, service, clinician, outbox_bodies):
    web = Recorder(client)
    secrets_seen = []

    # An invitation, opened and accepted (a new account, signed in).
    account_services.invitation_create(
        service=service, invited_by=clinician, preferred_name="Nia", mobile="07700 900456"
    )
    invitation_path = re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", outbox_bodies("invitation")).group(1)
    secrets_seen += [invitation_path.split("/")[2], "+447700900456", "07700 900456", "07700900456"]
    web.get(invitation_path)
    web.post(invitation_path)
    web.post(reverse("accounts:sign-out"))

    # A sign-in code by email, typed (once wrongly, then rightly).
    member = UserFactory(preferred_name="Ola", email="ola.secret@example.org", mobile="+447700900789")
    ServiceMembershipFactory(service=service, user=member)
    web.post(reverse("accounts:sign-in"), {"contact": "ola.secret@example.org"})
    web.post(reverse("accounts:sign-in"), {"contact": "07700 900789"})
    codes = re.findall(r"\b(\d{6})\b", outbox_bodies("sign_in_code"))
    secrets_seen += ["ola.secret@example.org", "+447700900789", "07700 900789", *codes]
    web.post(reverse("accounts:sign-in-code"), {"code": "000000"})
    if codes:
        web.post(reverse("accounts:sign-in-code"), {"code": codes[-1]})

    # A calendar feed, made and fetched; a wrong one too.
    feed_token = meeting_services.calendar_feed_issue(user=member)
    secrets_seen.append(feed_token)
    web.get(reverse("meetings:feed", args=[feed_token]))
    web.get(reverse("meetings:feed", args=[feed_token[::-1]]))

    # A questionnaire link, opened; and one that does not exist.
    qset = questionnaire_set_create(
        member=member,
        service=service,
        timepoint="baseline",
        due_on=timezone.localdate(),
        questionnaire_ids=DEFAULT_QUESTIONNAIRES,
    )
    token = set_token(qset)
    secrets_seen.append(token)
    web.get(reverse("outcomes:set_by_link", args=[token]))
    web.get(reverse("outcomes:set_answer", args=[token, "phq-9"]))
    web.get(reverse("outcomes:set_by_link", args=[token[:-1] + "x"]))

    # A received text from Notify.
    body = "Secret body: I cannot make Thursday"
    secrets_seen += [body, "Thursday"]
    web.post(
        "/callbacks/notify/received-text",
        json.dumps(
            {
                "id": str(uuid.uuid4()),
                "source_number": "447700900789",
                "message": body,
                "date_received": "2026-06-10T10:15:30.000000Z",
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {CALLBACK_TOKEN}",
    )
    secrets_seen += ["447700900789", CALLBACK_TOKEN]

    access = gunicorn_access_lines(web.requests)
    lines = access + debug_log.getvalue().splitlines()
    assert len(access) == len(web.requests) >= 12
    assert any("/calendar/[token].ics" in line for line in access)
    assert any("django" in line or "followon" in line for line in lines[len(access) :])  # DEBUG lines captured
    leaks = [(secret, line) for secret in secrets_seen for line in lines if secret and secret in line]
    assert leaks == []


@pytest.fixture
def outbox_bodies():
    def bodies(template):
        return "\n".join(m.body for m in OutboundMessage.objects.filter(template=template).order_by("id"))

    return bodies
