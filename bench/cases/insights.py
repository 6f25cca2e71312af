"""The insights dashboard at the issue's size: 200 programmes, 2,000 participants and 150 groups over
10 years (with held meetings and attendance), plus the study's eleven imported groups, and for the
outcome-change table a baseline and a 3- or 6-month score on the five main measures for every
participant (20,000 responses).

Prints `bench insights_dashboard p95_ms=<n> queries=<n> ...` (the standard page figures) and fails if
the query count differs from the same page with almost no data.
"""

import datetime as dt
from pathlib import Path

from django.db import connection
from django.utils import timezone

PROGRAMMES = 200
PER_PROGRAMME = 10
GROUPS = 150
MEETINGS_PER_GROUP = 6
TABLE2 = Path(__file__).resolve().parents[2] / "followon" / "insights" / "data" / "study_table2_groups.csv"


def _seed(ctx) -> None:
    from followon.accounts.models import User
    from followon.meetings.models import Attendance, Meeting
    from followon.peergroups.models import PeerGroup
    from followon.programmes.models import Enrolment, InterestResponse, Programme

    service = ctx.service
    today = timezone.localdate()
    programmes = Programme.objects.bulk_create(
        [
            Programme(
                service=service,
                title=f"Bench PMP {n}",
                venue="Southmead",
                start_date=today - dt.timedelta(days=18 * n + 30),
                session_count=8,
                session_start_time=dt.time(10),
            )
            for n in range(PROGRAMMES)
        ]
    )
    users = User.objects.bulk_create(
        [User(email=f"insights-bench-{n}@bench.followon.test") for n in range(PROGRAMMES * PER_PROGRAMME)]
    )
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(programme=programmes[n // PER_PROGRAMME], user=user, name="Bench", status="joined")
            for n, user in enumerate(users)
        ]
    )
    InterestResponse.objects.bulk_create(
        [
            InterestResponse(
                enrolment=e, answer=("yes", "maybe", "no")[n % 3], reason="travel_timing" if n % 3 == 2 else ""
            )
            for n, e in enumerate(enrolments)
        ]
    )
    groups = PeerGroup.objects.bulk_create(
        [
            PeerGroup(
                service=service,
                programme=programmes[n],
                name=f"Bench group {n}",
                status="folded" if n % 3 == 0 else "active",
                formed_on=programmes[n].start_date + dt.timedelta(days=60),
                folded_on=today if n % 3 == 0 else None,
            )
            for n in range(GROUPS)
        ]
    )
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                group=g,
                starts_at=now - dt.timedelta(days=30 * m + 1),
                ends_at=now - dt.timedelta(days=30 * m + 1) + dt.timedelta(hours=2),
                status="held",
            )
            for g in groups
            for m in range(MEETINGS_PER_GROUP)
        ]
    )
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=m, user=users[(i * 7 + k) % len(users)], attended=True)
            for i, m in enumerate(meetings)
            for k in range(5)
        ]
    )
    _seed_outcomes(enrolments)


def _score(n: int, invitation) -> int:
    """A made-up total between 0 and 11: follow-ups a little lower than baselines for some people."""
    base = (n * 7 + len(invitation.questionnaire_id)) % 9 + 3
    return base - (n % 4 if invitation.timepoint != "baseline" else 0)


def _seed_outcomes(enrolments) -> None:
    from followon.insights.outcome_change import MEASURES
    from followon.outcomes.models import QuestionnaireInvitation, Response

    now = timezone.now()
    plan = [
        (e, qid, timepoint, n)
        for n, e in enumerate(enrolments)
        for qid, _, _ in MEASURES
        for timepoint in ("baseline", "6m" if n % 2 else "3m")
    ]
    invitations = QuestionnaireInvitation.objects.bulk_create(
        [
            QuestionnaireInvitation(
                member_id=e.user_id,
                service_id=e.programme.service_id,
                enrolment=e,
                questionnaire_id=qid,
                timepoint=timepoint,
                due_on=now.date(),
                expires_at=now,
                token_hash=f"bench-{e.pk}-{qid}-{timepoint}",
                completed_at=now,
            )
            for e, qid, timepoint, _ in plan
        ],
        batch_size=2000,
    )
    Response.objects.bulk_create(
        [
            Response(
                invitation=invitation,
                member_id=invitation.member_id,
                service_id=invitation.service_id,
                questionnaire_id=invitation.questionnaire_id,
                questionnaire_version="1",
                completed_at=now,
                total=_score(n, invitation),
            )
            for invitation, (_, _, _, n) in zip(invitations, plan, strict=True)
        ],
        batch_size=2000,
    )


def run(ctx):
    from followon.insights.services import dashboard_summary_refresh, outcome_change_summary_refresh

    # The worker keeps each service's outcome-change summary, attendance months and group durations
    # fresh (insights.services, every few minutes); the bench has no worker, so it does the same once
    # before each measurement.
    outcome_change_summary_refresh(service=ctx.service)
    dashboard_summary_refresh(service=ctx.service)
    small = ctx.measure_page("insights_dashboard_empty", "/staff/insights/", user="clinician", emit=False)
    ctx.manage_run("import_groups", str(TABLE2), "--service", ctx.service.slug)
    _seed(ctx)
    # A live database has planner statistics for its tables (autovacuum keeps them); freshly bulk-loaded
    # ones have none until autovacuum gets round to them, and PostgreSQL then plans the dashboard's
    # aggregates as if every table held one row (nested loops over 20,000 responses). Measure what a
    # running service would see.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    outcome_change_summary_refresh(service=ctx.service)
    dashboard_summary_refresh(service=ctx.service)
    figures = ctx.measure_page("insights_dashboard", "/staff/insights/", user="clinician")
    if figures["queries"] != small["queries"]:
        raise AssertionError(f"insights dashboard queries grew with data: {small['queries']} -> {figures['queries']}")
