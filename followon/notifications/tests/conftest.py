"""Fixtures for the notifications tests: the fake GOV.UK Notify, a real SMTP server, the task queue, a clock."""

import datetime as dt

import pytest
from django.utils import timezone

from followon.accounts.tests.factories import UserFactory
from followon.notifications import registry
from followon.notifications.testing.fake_notify import FakeNotify
from followon.notifications.testing.smtp_server import LocalSmtpServer
from followon.notifications.testing.tasks import DATABASE_TASKS, TaskRunner


@pytest.fixture(autouse=True)
def isolated_registry():
    """Registrations a test makes (or removes) do not leak into other tests, here or in other apps."""
    with registry.isolated():
        yield


@pytest.fixture(scope="session")
def fake_notify_server():
    with FakeNotify() as server:
        yield server


@pytest.fixture
def fake_notify(fake_notify_server, settings):
    """GOV.UK Notify as the SMS and email channel, answered by the local fake over real HTTP."""
    fake_notify_server.serve_as_channels(settings)
    fake_notify_server.delay = 0.0
    settings.NOTIFY_TIMEOUT_SECONDS = 5
    return fake_notify_server


@pytest.fixture(scope="session")
def smtp_server_session():
    with LocalSmtpServer() as server:
        yield server


@pytest.fixture
def smtp_server(smtp_server_session, settings):
    """A real aiosmtpd server on 127.0.0.1 as the email channel."""
    server = smtp_server_session
    with server.lock:
        server.messages.clear()
        server.envelopes.clear()
    server.refused.clear()
    server.deferred.clear()
    settings.SMTP_HOST = server.host
    settings.SMTP_PORT = server.port
    settings.SMTP_STARTTLS = False
    settings.SMTP_USERNAME = ""
    settings.EMAIL_FROM = "FollowOn <no-reply@followon.example.nhs.uk>"
    settings.NOTIFICATIONS_EMAIL_CHANNEL = "smtp"
    return server


@pytest.fixture
def tasks(settings):
    """The real database task backend; `tasks.run()` does what the worker would do now."""
    settings.TASKS = DATABASE_TASKS
    return TaskRunner()


class Clock:
    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self):
        return self.now

    def set(self, moment: dt.datetime) -> None:
        self.now = moment

    def advance(self, **delta) -> dt.datetime:
        self.now = self.now + dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() under the test's control; starts at 11:00 UK time on a Wednesday."""
    fixed = Clock(dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(timezone, "now", fixed)
    return fixed


@pytest.fixture
def texter(db):
    """A member who prefers text messages."""
    return UserFactory(preferred_name="Terry Texter", mobile="+447700900111", email="terry@example.org")


@pytest.fixture
def emailer(db):
    """A member who prefers email."""
    return UserFactory(preferred_name="Emma Emailer", mobile=None, email="emma@example.org", preferred_channel="email")
