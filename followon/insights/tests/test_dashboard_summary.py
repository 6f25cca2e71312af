"""The dashboard's attendance months and group durations, kept by the worker (issue 16).

The kept figures must be the live ones: after a full refresh, after an incremental one that picks up
new meetings and ended groups, and (for what leaves no time stamp) after the daily rebuild. A summary
over an hour old is ignored; the page then works the figures out on the spot, in as many queries.
"""

import datetime as dt
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followon.core.testing import count_queries
from followon.insights.models import AttendanceMonth, DashboardSummary, GroupDuration
from followon.insights.outcome_change import SUMMARY_MAX_AGE_SECONDS, SUMMARY_REFRESH_SECONDS
from followon.insights.selectors import (
    ATTENDANCE_MONTHS,
    attendance_month_rows,
    dashboard,
    dashboard_history,
    group_durations,
    programme_figures,
)
from followon.insights.services import (
    REBUILD_SECONDS,
    dashboard_summaries_refresh,
    dashboard_summary_refresh,
    outcome_change_summary_refresh,
)
from followon.insights.suppression import suppress_counts
from followon.insights.survival import TABLE_MONTHS, kaplan_meier, km_table
from followon.meetings.models import Attendance, Meeting
from followon.peergroups.models import PeerGroup
from followon.programmes.tests.factories import join, make_programme

pytestmark = pytest.mark.django_db

URL = reverse("insights:dashboard")
LONDON = ZoneInfo("Europe/London")
TABLE2 = Path(__file__).resolve().parents[1] / "data" / "study_table2_groups.csv"


def held(group, when, people, *, status=Meeting.Status.HELD):
    """A meeting of `group` at `when` (London time) that `people` came to (and one person who did not)."""
    start = when.replace(tzinfo=LONDON) if when.tzinfo is None else when
    meeting = Meeting.objects.create(group=group, starts_at=start, ends_at=start + dt.timedelta(hours=2), status=status)
    for user in people:
        Attendance.objects.create(meeting=meeting, user=user, attended=True)
    return meeting


@pytest.fixture
def history(service, clinician, other_service):
    """Two years of meetings in two groups (one folded), an imported group, and another service's group."""
    programme = make_programme(service, clinician, start=dt.date(2023, 1, 9))
    people = [join(programme, preferred_name=f"Person {n}").user for n in range(7)]
    going = PeerGroup.objects.create(
        service=service, programme=programme, name="Going", status="active", formed_on=dt.date(2023, 4, 1)
    )
    folded = PeerGroup.objects.create(
        service=service, name="Folded", status="folded", formed_on=dt.date(2023, 5, 1), folded_on=dt.date(2024, 2, 1)
    )
    PeerGroup.objects.create(service=service, name="Never formed", status="forming")
    for month in range(24):
        year, index = divmod(3 + month, 12)
        held(going, dt.datetime(2023 + year, index + 1, 10, 19), people[: 3 + month % 5])
    for month in range(8):
        held(folded, dt.datetime(2023, 5 + month, 20, 19), people[:6])
    # Not counted: cancelled, or another service's.
    held(going, dt.datetime(2025, 3, 11, 19), people, status=Meeting.Status.CANCELLED)
    elsewhere = PeerGroup.objects.create(
        service=other_service, name="Elsewhere", status="active", formed_on=dt.date(2023, 1, 1)
    )
    held(elsewhere, dt.datetime(2025, 1, 10, 19), people)
    call_command("import_groups", str(TABLE2), "--service", service.slug, stdout=StringIO())
    # All of it recorded yesterday, so a refresh today sees only what changes after it.
    Meeting.objects.update(updated_at=timezone.now() - dt.timedelta(days=1))
    return {"going": going, "folded": folded, "people": people, "programme": programme}


def live(service):
    today = timezone.localdate()
    starts, ends, statuses = group_durations(service=service, today=today)
    return (
        attendance_month_rows(service=service, limit=ATTENDANCE_MONTHS),
        sorted(zip(starts, ends, statuses, strict=True)),
        programme_figures(service=service),
    )


def kept(service):
    history = dashboard_history(service=service, today=timezone.localdate())
    durations = sorted(zip(*history.durations, strict=True))
    return history.months, durations, history.figures, history.as_of


def test_a_full_refresh_keeps_exactly_the_live_figures(service, history):
    summary = dashboard_summary_refresh(service=service)
    months, durations, figures, as_of = kept(service)
    assert (months, durations, figures) == live(service)
    assert figures["programmes"][0][3] == 7
    assert as_of == summary.refreshed_at == summary.rebuilt_at
    # Every month is kept (the page reads the last 12): 24 months of one group, 8 of them with the other too.
    assert AttendanceMonth.objects.filter(service=service).count() == 24
    assert months[0] == (dt.date(2025, 3, 1), 1, 3 + 23 % 5)
    assert (dt.date(2023, 12, 1), 2, 3 + 8 % 5 + 6) in attendance_month_rows(service=service)
    # 2 live groups that formed and the study's 11 imported ones; never the group that never formed.
    assert GroupDuration.objects.filter(service=service).count() == 13
    assert (dt.date(2023, 5, 1), dt.date(2023, 12, 20), "folded") in durations


def test_an_incremental_refresh_picks_up_new_meetings_and_ended_groups(service, history):
    first = dashboard_summary_refresh(service=service)
    going, people = history["going"], history["people"]
    # Since then: a meeting in a month already kept, one in a new month, and the group folds.
    held(going, dt.datetime(2025, 3, 25, 19), people)
    held(going, timezone.localtime() - dt.timedelta(hours=3), people[:4])
    PeerGroup.objects.filter(pk=going.pk).update(status="folded", folded_on=timezone.localdate())
    join(history["programme"], preferred_name="Late joiner")
    assert kept(service)[:3] != live(service)
    second = dashboard_summary_refresh(service=service)
    assert second.rebuilt_at == first.rebuilt_at  # not a full rebuild
    assert kept(service)[:3] == live(service)
    assert kept(service)[0][1] == (dt.date(2025, 3, 1), 2, 3 + 23 % 5 + 7)


def test_a_closed_month_is_not_worked_out_again_until_the_daily_rebuild(service, history):
    dashboard_summary_refresh(service=service)
    # A change that leaves no time stamp on a meeting: an attendance row erased with its member's account.
    Attendance.objects.filter(meeting__starts_at__date=dt.date(2023, 6, 20)).delete()
    dashboard_summary_refresh(service=service)
    assert AttendanceMonth.objects.get(service=service, month=dt.date(2023, 6, 1)).attendances == 3 + 2 % 5 + 6
    DashboardSummary.objects.filter(service=service).update(
        rebuilt_at=timezone.now() - dt.timedelta(seconds=REBUILD_SECONDS + 1)
    )
    rebuilt = dashboard_summary_refresh(service=service)
    assert rebuilt.rebuilt_at == rebuilt.refreshed_at
    month = AttendanceMonth.objects.get(service=service, month=dt.date(2023, 6, 1))
    assert (month.meetings, month.attendances) == (1, 3 + 2 % 5)
    assert kept(service)[:3] == live(service)


def test_a_summary_over_an_hour_old_is_ignored(service, history):
    dashboard_summary_refresh(service=service)
    AttendanceMonth.objects.filter(service=service).update(attendances=999)
    assert kept(service)[0][0][2] == 999  # fresh: read as kept
    DashboardSummary.objects.filter(service=service).update(
        refreshed_at=timezone.now() - dt.timedelta(seconds=SUMMARY_MAX_AGE_SECONDS + 1)
    )
    *figures, as_of = kept(service)
    assert tuple(figures) == live(service)
    assert timezone.now() - as_of < dt.timedelta(minutes=1)


def test_the_dashboard_is_the_same_from_the_summary_and_live(service, history):
    today = timezone.localdate()
    worked_out_now = dashboard(service=service, today=today)
    dashboard_summary_refresh(service=service)
    from_summary = dashboard(service=service, today=today)
    assert from_summary["attendance"] == worked_out_now["attendance"]
    assert from_summary["survival"] == worked_out_now["survival"]
    assert len(from_summary["attendance"]) == ATTENDANCE_MONTHS
    assert str(from_summary["attendance"][-1]["people"]) == str(3 + 23 % 5)


def test_the_page_says_when_and_reads_no_meeting_with_a_fresh_summary(service, clinician, staff_client, history):
    client = staff_client(clinician)
    outcome_change_summary_refresh(service=service)  # (its own summary: test_outcome_change)
    with count_queries() as worked_out_now:
        assert client.get(URL).status_code == 200
    summary = dashboard_summary_refresh(service=service)
    with count_queries() as from_summary:
        body = client.get(URL).content.decode()
    # The summary row replaces the programme and interest queries and carries the group durations: three fewer.
    assert len(from_summary) == len(worked_out_now) - 3
    assert not any("insights_groupduration" in q["sql"] for q in from_summary.captured_queries)
    assert not any("meetings_attendance" in q["sql"] for q in from_summary.captured_queries)
    assert not any("meetings_meeting" in q["sql"] for q in from_summary.captured_queries)
    as_of = timezone.localtime(summary.refreshed_at, LONDON)
    assert f"These figures were worked out at {as_of:%-d %B %Y}" in body
    assert "March 2025" in body and "13 groups" in body


def test_worker_job_refreshes_due_services_oldest_first_in_batches(service, other_service, history):
    from followon.core import worker_hooks

    assert dashboard_summaries_refresh in worker_hooks.JOBS
    assert dashboard_summaries_refresh(batch=1) == 1
    assert DashboardSummary.objects.count() == 1
    assert dashboard_summaries_refresh(batch=5) == 1  # the other one; the first is fresh
    assert dashboard_summaries_refresh(batch=5) == 0
    DashboardSummary.objects.filter(service=service).update(
        refreshed_at=timezone.now() - dt.timedelta(seconds=SUMMARY_REFRESH_SECONDS + 1)
    )
    assert dashboard_summaries_refresh(batch=5) == 1
    assert DashboardSummary.objects.get(service=service).refreshed_at > timezone.now() - dt.timedelta(minutes=1)
    assert GroupDuration.objects.filter(service=other_service).count() == 1


def test_the_programmes_table_shows_a_page_at_a_time_with_one_suppression_over_all(service, clinician, staff_client):
    # 45 programmes, newest first; sizes cycle 2, 6, 7, so small counts are on every page.
    for number in range(45):
        programme = make_programme(
            service, clinician, start=dt.date(2020, 1, 6) + dt.timedelta(days=30 * number), title=f"PMP {number}"
        )
        for _ in range((2, 6, 7)[number % 3]):
            join(programme)
    dashboard_summary_refresh(service=service)
    client = staff_client(clinician)
    first = client.get(URL).content.decode()
    assert "PMP 44" in first and "PMP 25" in first and "PMP 24" not in first
    assert "Newest first: page 1 of 3. The total is for all programmes." in first
    assert "Older programmes" in first and "Newer programmes" not in first
    last = client.get(URL, {"page": "3"}).content.decode()
    assert "PMP 4<" in last and "PMP 0<" in last and "PMP 5<" not in last and "Newer programmes" in last
    # Not a page number, or past the end: the first or the last page, never an error.
    assert "PMP 44" in client.get(URL, {"page": "abc"}).content.decode()
    assert "PMP 0<" in client.get(URL, {"page": "99999999999999999999"}).content.decode()
    # The cells on every page are those of one suppression of all 45 counts with their total.
    cells = suppress_counts([(2, 6, 7)[n % 3] for n in reversed(range(45))], with_total=True)
    shown = dashboard(service=service, programme_page=2)
    assert [p["participants"] for p in shown["programmes"]] == list(cells.cells[20:40])
    assert shown["participant_count"] == cells.total
    assert str(cells.total) in first


def test_the_survival_table_reads_the_curve_at_fixed_months():
    # Hand-worked: durations 2, 5, 5, 14 (ended) and 7, 30 (still going); six groups.
    km = kaplan_meier([2, 5, 5, 14, 7, 30], [True, True, True, True, False, False])
    rows = km_table(km, months=(3, 6, 12, 24))
    assert [row.time for row in rows] == [3, 6, 12, 24, 30]
    assert [row.at_risk for row in rows] == [5, 3, 2, 1, 1]
    assert [row.events for row in rows] == [1, 2, 0, 1, 0]
    assert [row.censored for row in rows] == [0, 0, 1, 0, 1]
    # S(3) = 5/6; S(6) = 5/6 * 3/5 = 1/2; S(12) the same; S(24) = 1/2 * 1/2 = 1/4, and on to 30.
    assert [round(row.survival, 4) for row in rows] == [0.8333, 0.5, 0.5, 0.25, 0.25]
    assert rows[1].ci_lower == km.rows[1].ci_lower  # the step's own interval
    assert km_table(kaplan_meier([], [])) == ()
    # Before any group ends the curve is 1 with no interval; a short history gives one row, its longest.
    only = km_table(kaplan_meier([1.5], [False]))
    assert [(row.time, row.at_risk, row.survival, row.ci_lower) for row in only] == [(1.5, 1, 1.0, None)]
    # Bounded: 5,000 groups over ten years give at most one row per table month and the longest.
    many = kaplan_meier(np.linspace(0.5, 119.5, 5000), np.arange(5000) % 3 == 0)
    assert len(km_table(many)) <= len(TABLE_MONTHS) + 1


def test_the_same_queries_for_a_service_with_no_programmes_and_a_busy_one_with_the_summary(
    service, clinician, other_service, other_clinician, staff_client, history
):
    """As `make bench`'s insights case checks: the same queries for a page with no programmes (the other
    service has one group and no programme) and a full one, both from the summary."""
    for each in (other_service, service):
        dashboard_summary_refresh(service=each)
        outcome_change_summary_refresh(service=each)
    client = staff_client(other_clinician)
    client.get(URL)
    with count_queries() as quiet:
        assert "1 groups (including imported ones)" in client.get(URL).content.decode()
    client = staff_client(clinician)
    client.get(URL)
    with count_queries() as busy:
        assert "13 groups (including imported ones)" in client.get(URL).content.decode()
    assert len(quiet) == len(busy)


def test_a_summary_the_process_holds_is_not_read_again_until_the_next_refresh(service, history):
    """ADR 0042: the summary row's figures and durations travel only when this process does not hold that
    summary; a refresh makes a new one, which is read (and held) on the next view."""
    from followon.insights import selectors

    today = timezone.localdate()
    outcome_change_summary_refresh(service=service)
    first = dashboard_summary_refresh(service=service)
    assert kept(service)[:3] == live(service)
    holding = selectors._held[service.pk]
    assert (holding.summary_id, holding.refreshed_at) == (first.pk, first.refreshed_at)
    since = timezone.now() - dt.timedelta(hours=1)
    [(pk, refreshed_at, figures, durations)] = selectors._KEPT_SUMMARY.list(
        service_id=service.pk, since=since, held_id=first.pk, held_at=first.refreshed_at
    )
    assert (pk, refreshed_at, figures, durations) == (first.pk, first.refreshed_at, None, None)
    # Held: the same figures and durations, and what the page works out from them, on every view.
    again = dashboard_history(service=service, today=today)
    assert again.figures is holding.figures and again.durations is holding.durations
    assert again.derived is holding.derived
    assert dashboard(service=service, today=today) == dashboard(service=service, today=today)
    # Since then: a meeting, the group folds and someone joins; the next refresh is read and held.
    going, people = history["going"], history["people"]
    held(going, timezone.localtime() - dt.timedelta(hours=3), people[:4])
    PeerGroup.objects.filter(pk=going.pk).update(status="folded", folded_on=timezone.localdate())
    join(history["programme"], preferred_name="Late joiner")
    second = dashboard_summary_refresh(service=service)
    assert kept(service)[:3] == live(service)
    assert selectors._held[service.pk].refreshed_at == second.refreshed_at
    assert kept(service)[2]["programmes"][0][3] == 8


def test_a_summary_written_before_it_carried_the_durations_reads_the_kept_rows(service, history):
    dashboard_summary_refresh(service=service)
    DashboardSummary.objects.filter(service=service).update(durations=None, refreshed_at=timezone.now())
    with count_queries() as queries:
        assert kept(service)[:3] == live(service)
    assert any("insights_groupduration" in q["sql"] for q in queries.captured_queries)
    summary = DashboardSummary.objects.get(service=service)
    durations = sorted(zip(*dashboard_history(service=service, today=timezone.localdate()).durations, strict=True))
    assert summary.durations is None and len(durations) == GroupDuration.objects.filter(service=service).count()


def test_a_summary_held_by_another_thread_since_the_query_is_not_taken_for_the_one_asked_with(service, history):
    """The row's columns are NULL when it matched the summary the query was asked with; if another thread
    held a different summary meanwhile, the one asked with is still the one that matched (never NULL figures)."""
    from followon.insights import selectors

    today = timezone.localdate()
    first = dashboard_summary_refresh(service=service)
    dashboard_history(service=service, today=today)
    asked_with = selectors._held[service.pk]
    selectors._held[service.pk] = selectors._Held(0, first.refreshed_at, {}, ([], [], []), {})
    try:
        kept_now = selectors._summary_held(service.pk, (first.pk, first.refreshed_at, None, None), asked_with)
        assert kept_now is asked_with and kept_now.figures is not None
    finally:
        selectors._held.pop(service.pk, None)
