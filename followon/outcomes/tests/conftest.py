"""Fixtures for sending questionnaire messages through the real reminder machinery."""

import datetime as dt

import pytest
from django.utils import timezone

from followon.notifications.testing.fake_notify import FakeNotify
from followon.notifications.testing.tasks import DATABASE_TASKS, TaskRunner


@pytest.fixture(scope="session")
def notify_server():
    with FakeNotify() as server:
        yield server


@pytest.fixture
def notify(notify_server, settings):
    """The local fake GOV.UK Notify as both channels, removing sensitive bodies as production does."""
    notify_server.serve_as_channels(settings)
    # The test settings keep sensitive bodies (other tests read codes from the outbox); production does not.
    settings.NOTIFICATIONS_REMOVE_SENSITIVE_BODIES = True
    return notify_server


@pytest.fixture
def tasks(settings):
    """The database task backend; `tasks.run()` does what the worker would do now."""
    settings.TASKS = DATABASE_TASKS
    return TaskRunner()


@pytest.fixture
def now(monkeypatch):
    """timezone.now() set by the test: starts at 08:00 UK time on a Wednesday in June."""
    moment = {"now": dt.datetime(2026, 6, 10, 7, 0, tzinfo=dt.UTC)}
    monkeypatch.setattr(timezone, "now", lambda: moment["now"])
    return moment
