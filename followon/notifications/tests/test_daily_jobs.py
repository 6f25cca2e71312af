"""Daily jobs: registered by apps, started once a UK day by whichever worker's sweep gets there first."""

import datetime as dt

import pytest

from followon.notifications import registry, sweep
from followon.notifications.models import ScheduledRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def ran(monkeypatch):
    """Only this test's job is registered; returns the times it ran."""
    times = []
    with registry.isolated():
        for name in registry.daily_jobs():
            registry.unregister(daily_job=name)
        registry.register_daily_job("count-things", lambda *, now: times.append(now) or "3 things", hour=7)
        yield times


def uk(day, hour, minute=0):
    # 2026-06: British Summer Time, UTC+1.
    return dt.datetime(2026, 6, day, hour - 1, minute, tzinfo=dt.UTC)


def test_a_daily_job_waits_for_its_hour_then_runs_once_that_day(tasks, clock, ran):
    clock.set(uk(10, 6, 59))
    assert sweep.start_due_daily_jobs(now=clock()) == 0
    clock.set(uk(10, 7, 0))
    assert sweep.start_due_daily_jobs(now=clock()) == 1
    assert sweep.start_due_daily_jobs(now=clock()) == 0  # a second worker's sweep, same day
    assert tasks.run() == ["3 things"]
    assert ran == [uk(10, 7, 0)]
    clock.set(uk(10, 23, 30))
    assert sweep.start_due_daily_jobs(now=clock()) == 0
    assert list(ScheduledRun.objects.values_list("name", "period_key")) == [("daily-count-things", "2026-06-10")]


def test_a_worker_that_was_down_at_the_hour_still_runs_it_later_that_day(tasks, clock, ran):
    clock.set(uk(11, 15))
    assert sweep.start_due_daily_jobs(now=clock()) == 1
    tasks.run()
    clock.set(uk(12, 8))
    assert sweep.start_due_daily_jobs(now=clock()) == 1
    tasks.run()
    assert ran == [uk(11, 15), uk(12, 8)]


def test_a_job_no_longer_registered_is_logged_and_skipped(tasks, clock, ran, caplog):
    clock.set(uk(10, 9))
    sweep.start_due_daily_jobs(now=clock())
    registry.unregister(daily_job="count-things")
    assert tasks.run() == ["unknown"]
    assert ran == []
    assert "daily job count-things is not registered" in caplog.text
