"""Reads for insights, always scoped to one service."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from followon.accounts.selectors import consented_members
from followon.insights.outcome_change import (
    ATTENDER_MIN_MEETINGS,
    outcome_change,
    outcome_change_svg,
    service_change_summary,
)
from followon.insights.suppression import (
    SUPPRESSION_NOTE,
    SUPPRESSION_RULE,
    activity_count,
    suppress_count,
    suppress_counts,
)
from followon.insights.survival import GroupSurvivalReport, group_survival_from_dates
from followon.meetings.models import Attendance, Meeting
from followon.outcomes.models import Response
from followon.peergroups.models import PeerGroup
from followon.programmes.models import Enrolment, InterestResponse, Programme


def group_durations(*, service, today: date | None = None) -> tuple[list[date], list[date], list[str]]:
    """Start, end and status of every group of the service that counts for survival, in one query.

    Imported groups: their recorded start date and last contact. Live groups that have formed:
    from the formed date to their last held meeting, their last contact (or, with no meeting
    held yet, today for a group still going and the date it folded or merged for an ended one).
    Groups still going are censored there, ended ones are events (see `survival`). Groups
    that never formed are left out: they never started.
    """
    today = today or timezone.localdate()
    rows = (
        PeerGroup.objects.filter(service=service)
        .filter(Q(history__isnull=False) | Q(formed_on__isnull=False))
        .annotate(last_held=Max("meetings__starts_at", filter=Q(meetings__status=Meeting.Status.HELD)))
        .values_list(
            "status", "formed_on", "folded_on", "merged_on", "history__start_date", "history__last_contact", "last_held"
        )
        .order_by("id")
    )
    starts, ends, statuses = [], [], []
    for status, formed_on, folded_on, merged_on, hist_start, hist_last, last_held in rows:
        if hist_start is not None:
            start, end = hist_start, hist_last
        else:
            start = formed_on
            ended_on = folded_on or merged_on
            if last_held is not None:
                end = timezone.localtime(last_held).date()
            elif status in PeerGroup.OPEN_STATUSES:
                end = today
            else:
                end = ended_on or today
        starts.append(start)
        ends.append(max(end, start))
        statuses.append(status)
    return starts, ends, statuses


def service_group_survival(*, service, today: date | None = None) -> GroupSurvivalReport:
    starts, ends, statuses = group_durations(service=service, today=today)
    return group_survival_from_dates(starts, ends, statuses)


def research_export_summary(*, service) -> dict:
    """What a research export of the service would hold now: two queries, counts only."""

    consented = consented_members(service, "research")
    members = consented.count()
    responses = Response.objects.filter(service=service, completed_at__isnull=False, member__in=consented).aggregate(
        n=Count("id"), first=Min("completed_at"), last=Max("completed_at")
    )
    return {
        "rule": SUPPRESSION_RULE,
        "note": SUPPRESSION_NOTE,
        "consented_members": suppress_count(members),
        "completed_responses": suppress_count(responses["n"]),
        "first_month": responses["first"] and timezone.localtime(responses["first"]).strftime("%B %Y"),
        "last_month": responses["last"] and timezone.localtime(responses["last"]).strftime("%B %Y"),
    }


# -- the dashboard ---------------------------------------------------------------------------------------------

SVG_WIDTH, SVG_HEIGHT, SVG_PAD = 560, 280, 40


def survival_svg(report: GroupSurvivalReport) -> dict | None:
    """Coordinates for a server-rendered Kaplan-Meier step curve, its 95% CI band and the median."""
    km = report.kaplan_meier
    if km.n == 0:
        return None
    max_time = max(row.time for row in km.rows) or 1.0
    plot_w, plot_h = SVG_WIDTH - 2 * SVG_PAD, SVG_HEIGHT - 2 * SVG_PAD

    def x(t: float) -> float:
        return round(SVG_PAD + plot_w * t / max_time, 1)

    def y(s: float) -> float:
        return round(SVG_PAD + plot_h * (1 - s), 1)

    points, upper, lower = [(x(0), y(1))], [(x(0), y(1))], [(x(0), y(1))]
    survival, hi, lo = 1.0, 1.0, 1.0
    for row in km.rows:
        points.append((x(row.time), y(survival)))
        upper.append((x(row.time), y(hi)))
        lower.append((x(row.time), y(lo)))
        survival = row.survival
        hi = row.ci_upper if row.ci_upper is not None else survival
        lo = row.ci_lower if row.ci_lower is not None else survival
        points.append((x(row.time), y(survival)))
        upper.append((x(row.time), y(hi)))
        lower.append((x(row.time), y(lo)))
    band = upper + list(reversed(lower))
    ticks = [round(max_time * i / 4, 1) for i in range(5)]
    return {
        "width": SVG_WIDTH,
        "height": SVG_HEIGHT,
        "curve": " ".join(f"{px},{py}" for px, py in points),
        "band": " ".join(f"{px},{py}" for px, py in band),
        "median_x": x(km.median) if km.median is not None else None,
        "half_y": y(0.5),
        "x_ticks": [(x(t), t) for t in ticks],
        "y_ticks": [(y(s), f"{int(s * 100)}%") for s in (0, 0.25, 0.5, 0.75, 1)],
        "left": SVG_PAD,
        "bottom": SVG_HEIGHT - SVG_PAD,
        "right": SVG_WIDTH - SVG_PAD,
        "top": SVG_PAD,
    }


def dashboard(*, service, today: date | None = None) -> dict:
    """Every figure of the insights dashboard for one service, aggregates only, in a fixed number of
    queries; counts are suppressed below 5 (see `suppression`)."""

    today = today or timezone.localdate()
    programmes = list(
        Programme.objects.filter(service=service)
        .annotate(
            participants=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.JOINED), distinct=True),
            formed=Count("groups", filter=Q(groups__formed_on__isnull=False), distinct=True),
        )
        .order_by("-start_date", "id")
        .values("title", "start_date", "participants", "formed")
    )
    # Participants per programme and their total go through one suppression, so the total cannot
    # give away a hidden programme's count (and the summary shows that same total cell).
    participants = suppress_counts([p["participants"] for p in programmes], with_total=True)
    finished = [p for p in programmes if p["start_date"] <= today]
    formed_programmes = sum(1 for p in finished if p["formed"])
    interest_rows = dict(
        InterestResponse.objects.filter(
            enrolment__programme__service=service, enrolment__status=Enrolment.Status.JOINED
        )
        .values("answer")
        .annotate(n=Count("id"))
        .values_list("answer", "n")
    )
    reason_rows = dict(
        InterestResponse.objects.filter(
            enrolment__programme__service=service,
            enrolment__status=Enrolment.Status.JOINED,
            answer=InterestResponse.Answer.NO,
        )
        .exclude(reason="")
        .values("reason")
        .annotate(n=Count("id"))
        .values_list("reason", "n")
    )
    attendance = list(
        Attendance.objects.filter(meeting__group__service=service, meeting__status=Meeting.Status.HELD, attended=True)
        .annotate(month=TruncMonth("meeting__starts_at"))
        .values("month")
        .annotate(people=Count("id"), meetings=Count("meeting", distinct=True))
        .order_by("-month")[:12]
    )
    report = service_group_survival(service=service, today=today)
    # Summed up by the worker every few minutes (issue 16), or now if it has not.
    change_figures, changes_as_of = service_change_summary(service=service)
    changes = outcome_change(service=service, summary=change_figures)
    interest = suppress_counts(
        [interest_rows.get(value, 0) for value, _ in InterestResponse.Answer.choices], with_total=False
    )
    reasons = suppress_counts(
        [reason_rows.get(value, 0) for value, _ in InterestResponse.Reason.choices], with_total=False
    )
    return {
        "rule": SUPPRESSION_RULE,
        "note": SUPPRESSION_NOTE,
        "programme_count": activity_count(len(programmes)),
        "participant_count": participants.total,
        "programmes": [
            {
                "title": p["title"],
                "start_date": p["start_date"],
                "participants": cell,
                "formed": "Yes" if p["formed"] else "No",
            }
            for p, cell in zip(programmes, participants.cells, strict=True)
        ],
        # Programmes, not people: shown in full, as the table below lists each programme's answer.
        "formed_programmes": activity_count(formed_programmes),
        "finished_programmes": activity_count(len(finished)),
        "formation_rate": f"{100 * formed_programmes / len(finished):.0f}%" if finished else None,
        "interest": list(zip([label for _, label in InterestResponse.Answer.choices], interest.cells, strict=True)),
        "reasons": list(zip([label for _, label in InterestResponse.Reason.choices], reasons.cells, strict=True)),
        "attendance": [
            {
                "month": row["month"],
                "people": suppress_count(row["people"]),
                "meetings": activity_count(row["meetings"]),
            }
            for row in reversed(attendance)
        ],
        "survival": report,
        "survival_svg": survival_svg(report),
        "outcome_change": changes,
        "outcome_change_as_of": changes_as_of,
        "outcome_change_svg": outcome_change_svg(changes),
        "attender_min_meetings": ATTENDER_MIN_MEETINGS,
    }
