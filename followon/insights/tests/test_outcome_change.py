"""Attenders vs non-attenders: hand-checked means and t-intervals, suppression, fixed query count.

PHQ-9, attended (5 people, 3 or more meetings): changes -5, -3, -4, -6, -2. Mean -4.0; deviations
-1, 1, 0, -2, 2, sum of squares 10, variance 10/4 = 2.5, SD 1.5811, SE 1.5811/sqrt(5) = 0.70711;
t(0.975, 4) = 2.77645, half-width 1.9632: 95% CI -5.96 to -2.04, shown as -6.0 to -2.0.
PHQ-9, did not attend (5 people, 0 to 2 meetings): changes -1, 0, 1, -3, -2. Mean -1.0, same
spread: 95% CI -2.96 to 0.96, shown as -3.0 to +1.0.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from followon.core.testing import count_queries
from followon.insights.models import OutcomeChangeSummary
from followon.insights.outcome_change import (
    ATTENDER_MIN_MEETINGS,
    SUMMARY_MAX_AGE_SECONDS,
    SUMMARY_REFRESH_SECONDS,
    change_rows,
    change_summary,
    outcome_change,
    service_change_summary,
    t_interval,
)
from followon.insights.services import outcome_change_summaries_refresh, outcome_change_summary_refresh
from followon.meetings.models import Attendance, Meeting
from followon.outcomes.models import QuestionnaireInvitation, Response
from followon.peergroups.models import PeerGroup
from followon.programmes.tests.factories import join, make_programme

pytestmark = pytest.mark.django_db

URL = reverse("insights:dashboard")
MINUS = "\u2212"


def scored(enrolment, questionnaire_id, timepoint, total):
    invitation = QuestionnaireInvitation.objects.create(
        member=enrolment.user,
        service=enrolment.programme.service,
        enrolment=enrolment,
        questionnaire_id=questionnaire_id,
        timepoint=timepoint,
        due_on=timezone.localdate(),
        expires_at=timezone.now() + dt.timedelta(days=28),
        token_hash=f"{enrolment.pk}-{questionnaire_id}-{timepoint}",
        completed_at=timezone.now(),
    )
    Response.objects.create(
        invitation=invitation,
        member=enrolment.user,
        service=invitation.service,
        questionnaire_id=questionnaire_id,
        questionnaire_version="1",
        completed_at=timezone.now(),
        total=total,
    )


def attend(group, user, meetings, *, held=True):
    for number in range(meetings):
        start = timezone.now() - dt.timedelta(days=7 * (number + 1))
        meeting = Meeting.objects.create(
            group=group,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            status=Meeting.Status.HELD if held else Meeting.Status.SCHEDULED,
        )
        Attendance.objects.create(meeting=meeting, user=user, attended=True)


@pytest.fixture
def study(service, clinician, other_service):
    programme = make_programme(service, clinician, start=dt.date(2025, 1, 6))
    group = PeerGroup.objects.create(
        service=service, programme=programme, name="Tuesday group", status="active", formed_on=dt.date(2025, 4, 1)
    )
    other_group = PeerGroup.objects.create(
        service=other_service, name="Elsewhere", status="active", formed_on=dt.date(2025, 4, 1)
    )
    # (PHQ-9 baseline, follow-up at 6 months or (3m, total)) , meetings attended
    attenders = [((15, 10), 3), ((12, 9), 4), ((14, 10), 5), ((16, 10), 3), ((10, 8), 6)]
    others = [((9, 8), 0), ((8, 8), 2), ((7, 8), 1), ((11, 8), 0), ((12, 10), 0)]
    for index, ((base, follow), meetings) in enumerate(attenders + others):
        enrolment = join(programme, preferred_name=f"Person {index}")
        scored(enrolment, "phq-9", "baseline", base)
        if index % 2:
            scored(enrolment, "phq-9", "3m", follow)  # 3 months only
        else:
            scored(enrolment, "phq-9", "3m", 27)  # the 6-month one wins over this
            scored(enrolment, "phq-9", "6m", follow)
        attend(group, enrolment.user, meetings)
        if index >= len(attenders):
            # Meetings elsewhere, or not yet held, do not make an attender.
            attend(other_group, enrolment.user, 3)
            attend(group, enrolment.user, 3, held=False)
        if index < 4:  # GAD-7 from four attenders only: hidden
            scored(enrolment, "gad-7", "baseline", 10)
            scored(enrolment, "gad-7", "6m", 6)
    # A baseline with no follow-up, and a follow-up with no total, are left out.
    lonely = join(programme, preferred_name="No follow-up")
    scored(lonely, "phq-9", "baseline", 20)
    return programme


def test_t_interval_by_hand():
    import numpy as np

    mean, low, high = t_interval(np.array([-5, -3, -4, -6, -2], dtype=float))
    assert mean == -4.0
    assert low == pytest.approx(-5.96333, abs=1e-4) and high == pytest.approx(-2.03667, abs=1e-4)


def test_hand_checked_phq9(service, study):
    assert ATTENDER_MIN_MEETINGS == 3
    rows = change_rows(service=service)
    phq9 = sorted((attended, change) for qid, attended, change in rows if qid == "phq-9")
    assert sorted(change for attended, change in phq9 if attended) == [-6, -5, -4, -3, -2]
    assert sorted(change for attended, change in phq9 if not attended) == [-3, -2, -1, 0, 1]

    measures = {m.questionnaire_id: m for m in outcome_change(service=service)}
    attended, did_not = measures["phq-9"].groups
    assert (attended.n.display, attended.mean.display) == ("5", f"{MINUS}4.0")
    assert (attended.ci_lower.display, attended.ci_upper.display) == (f"{MINUS}6.0", f"{MINUS}2.0")
    assert attended.ci_lower.value == pytest.approx(-5.96333, abs=1e-4)
    assert (did_not.n.display, did_not.mean.display) == ("5", f"{MINUS}1.0")
    assert (did_not.ci_lower.display, did_not.ci_upper.display) == (f"{MINUS}3.0", "+1.0")
    assert measures["phq-9"].better == "lower" and measures["pseq-10"].better == "higher"

    gad7_attended, gad7_did_not = measures["gad-7"].groups
    assert gad7_attended.n.display == "<5" and gad7_attended.mean.display == "[c]"
    assert gad7_attended.mean.value is None and gad7_attended.ci_lower.value is None
    assert gad7_did_not.n.display == "0" and gad7_did_not.mean.display == "No data"


def test_dashboard_shows_chart_table_and_hides_small_numbers(service, clinician, staff_client, study):
    body = staff_client(clinician).get(URL).content.decode()
    assert "Outcome change: attended follow-on groups or not" in body
    assert f"at least {ATTENDER_MIN_MEETINGS} follow-on group meetings" in body
    assert 'id="change-phq-9-title"' in body and "app-chart__point--flare" in body
    assert f"{MINUS}6.0 to {MINUS}2.0" in body and f"{MINUS}3.0 to +1.0" in body  # wraps on a phone
    assert "Under 5: hidden" in body  # GAD-7 attenders in the chart
    # Meetings held per month are counts of meetings, not of people, and are shown in full (ADR 0025):
    # every other numeric cell counts people.
    people = re.sub(
        r"<h2>Attendance at group meetings</h2>.*?</table>",
        lambda table: re.sub(
            r'(<tr>\s*<td>[^<]*</td>\s*<td class="nhsuk-table__cell--numeric">)[^<]*<', r"\1meetings<", table[0]
        ),
        body,
        flags=re.S,
    )
    cells = re.findall(r'nhsuk-table__cell--numeric">([^<]*)<', people)
    assert "meetings<" in people  # the table is there and only its meetings column was set aside
    assert all(cell.strip() not in {"1", "2", "3", "4"} for cell in cells)
    assert "style=" not in body


def test_query_count_fixed(service, clinician, other_service, staff_client):
    client = staff_client(clinician)
    programme = make_programme(service, clinician, start=dt.date(2025, 1, 6))
    with count_queries() as empty:
        assert client.get(URL).status_code == 200
    group = PeerGroup.objects.create(service=service, programme=programme, name="G", status="active")
    for index in range(12):
        enrolment = join(programme, preferred_name=f"P{index}")
        scored(enrolment, "pseq-10", "baseline", 20 + index)
        scored(enrolment, "pseq-10", "6m", 30 + index % 4)
        attend(group, enrolment.user, index % 5)
    with count_queries() as full:
        body = client.get(URL).content.decode()
    assert len(full) == len(empty)
    assert "Pain self-efficacy" in body


# -- the worker's summary (issue 16) ---------------------------------------------------------------------------


def test_summary_in_the_database_matches_the_rows_by_hand(service, study):
    """change_summary sums up in SQL exactly what change_rows gives row by row."""
    import numpy as np

    rows = change_rows(service=service)
    summary = change_summary(service=service)
    for qid, attended in {(qid, attended) for qid, attended, _ in rows}:
        values = np.array([change for q, a, change in rows if (q, a) == (qid, attended)], dtype=float)
        figures = summary[(qid, attended)]
        assert figures.n == len(values)
        assert figures.mean == pytest.approx(values.mean())
        if len(values) > 1:
            assert figures.sd == pytest.approx(values.std(ddof=1))
    assert sum(f.n for f in summary.values()) == len(rows)


def test_dashboard_reads_the_workers_summary_with_the_same_figures(service, clinician, staff_client, study):
    client = staff_client(clinician)
    live = client.get(URL).content.decode()
    kept = outcome_change_summary_refresh(service=service)
    assert kept.figures and all(len(row) == 5 for row in kept.figures)  # measure, attended, n, mean, SD only
    from_summary = client.get(URL).content.decode()
    # The same cells (hidden ones included) whether worked out now or read from the summary.
    cells = re.compile(r"<table.*?</table>", re.S)
    assert cells.findall(from_summary) == cells.findall(live)
    assert f"{MINUS}6.0 to {MINUS}2.0" in from_summary and "Under 5: hidden" in from_summary
    assert "These figures were worked out at" in from_summary


def test_summary_is_used_while_fresh_then_ignored(service, study):
    kept = outcome_change_summary_refresh(service=service)
    # Changed by hand, so it shows which source was read.
    kept.figures = [["phq-9", True, 7, -9.0, 1.0]]
    kept.save()
    figures, as_of = service_change_summary(service=service)
    assert figures[("phq-9", True)].n == 7 and as_of == kept.refreshed_at
    type(kept).objects.filter(pk=kept.pk).update(
        refreshed_at=timezone.now() - dt.timedelta(seconds=SUMMARY_MAX_AGE_SECONDS + 60)
    )
    figures, _ = service_change_summary(service=service)
    assert figures[("phq-9", True)].n == 5  # worked out now: the worker has not kept up


def test_dashboard_query_count_fixed_with_the_summary(service, clinician, other_service, staff_client):
    client = staff_client(clinician)
    make_programme(service, clinician, start=dt.date(2025, 1, 6))
    outcome_change_summaries_refresh()
    with count_queries() as empty:
        assert client.get(URL).status_code == 200
    programme = make_programme(service, clinician, start=dt.date(2025, 3, 6), title="Second")
    group = PeerGroup.objects.create(service=service, programme=programme, name="G", status="active")
    for index in range(12):
        enrolment = join(programme, preferred_name=f"P{index}")
        scored(enrolment, "pseq-10", "baseline", 20 + index)
        scored(enrolment, "pseq-10", "6m", 30 + index % 4)
        attend(group, enrolment.user, index % 5)
    outcome_change_summary_refresh(service=service)
    with count_queries() as full:
        body = client.get(URL).content.decode()
    assert len(full) == len(empty)
    assert not any("outcomes_response" in q["sql"] for q in full.captured_queries)  # read from the summary
    assert "Pain self-efficacy" in body


def test_worker_job_refreshes_due_services_oldest_first_in_batches(service, other_service, study):
    from followon.core import worker_hooks

    assert outcome_change_summaries_refresh in worker_hooks.JOBS
    assert outcome_change_summaries_refresh(batch=1) == 1
    assert OutcomeChangeSummary.objects.count() == 1
    assert outcome_change_summaries_refresh(batch=5) == 1  # the other one; the first is fresh
    assert outcome_change_summaries_refresh(batch=5) == 0
    OutcomeChangeSummary.objects.filter(service=service).update(
        refreshed_at=timezone.now() - dt.timedelta(seconds=SUMMARY_REFRESH_SECONDS + 1)
    )
    assert outcome_change_summaries_refresh(batch=5) == 1
    kept = OutcomeChangeSummary.objects.get(service=service)
    assert kept.figures[[row[:2] for row in kept.figures].index(["phq-9", True])][:4] == ["phq-9", True, 5, -4.0]
