"""Reads for insights, always scoped to one service."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

import numpy as np
from django.db.models import Case, Count, F, Func, JSONField, Max, Min, Q, Value, When
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext

from followon.accounts.selectors import consented_members
from followon.core.prepared import PreparedQuery
from followon.insights.models import AttendanceMonth, DashboardSummary, GroupDuration
from followon.insights.outcome_change import (
    ATTENDER_MIN_MEETINGS,
    SUMMARY_MAX_AGE_SECONDS,
    outcome_change,
    outcome_change_svg,
    service_change_summary,
)
from followon.insights.suppression import (
    SUPPRESSION_NOTE,
    SUPPRESSION_RULE,
    SuppressedRow,
    activity_count,
    suppress_count,
    suppress_counts,
)
from followon.insights.survival import GroupSurvivalReport, group_survival_from_dates, km_table
from followon.meetings.models import Attendance, Meeting
from followon.outcomes.models import Response
from followon.peergroups.models import PeerGroup
from followon.programmes.models import Enrolment, InterestResponse, Programme

# The dashboard's attendance table shows the last this many months with meetings.
ATTENDANCE_MONTHS = 12
# The programmes table shows this many programmes a page (a busy service runs ~56 a year).
PROGRAMMES_PER_PAGE = 20


def group_duration_rows(
    *, service, today: date | None = None, only: Q | None = None
) -> list[tuple[int, date, date, str]]:
    """(group id, start, end, status) of every group of the service that counts for survival, in one
    query (`only` narrows it to some of them: the worker's refresh of the groups that may have changed).

    Imported groups: their recorded start date and last contact. Live groups that have formed:
    from the formed date to their last held meeting, their last contact (or, with no meeting
    held yet, today for a group still going and the date it folded or merged for an ended one).
    Groups still going are censored there, ended ones are events (see `survival`). Groups
    that never formed are left out: they never started.
    """
    today = today or timezone.localdate()
    groups = PeerGroup.objects.filter(service=service).filter(Q(history__isnull=False) | Q(formed_on__isnull=False))
    if only is not None:
        groups = groups.filter(only)
    rows = (
        groups.annotate(last_held=Max("meetings__starts_at", filter=Q(meetings__status=Meeting.Status.HELD)))
        .values_list(
            "id",
            "status",
            "formed_on",
            "folded_on",
            "merged_on",
            "history__start_date",
            "history__last_contact",
            "last_held",
        )
        .order_by("id")
    )
    result = []
    for group_id, status, formed_on, folded_on, merged_on, hist_start, hist_last, last_held in rows:
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
        result.append((group_id, start, max(end, start), status))
    return result


def group_durations(*, service, today: date | None = None) -> tuple[list[date], list[date], list[str]]:
    """Start, end and status of every group of the service that counts for survival, worked out now
    (`group_duration_rows`)."""
    rows = group_duration_rows(service=service, today=today)
    return [row[1] for row in rows], [row[2] for row in rows], [row[3] for row in rows]


def service_group_survival(*, service, today: date | None = None) -> GroupSurvivalReport:
    starts, ends, statuses = group_durations(service=service, today=today)
    return group_survival_from_dates(starts, ends, statuses)


def attendance_month_rows(
    *, service, since: datetime | None = None, limit: int | None = None
) -> list[tuple[date, int, int]]:
    """(month, meetings held, attendances) for each month with someone at a held meeting of the service's
    groups, newest first, worked out now (from `since` on when given: the worker's refresh of the months
    that changed). Months are London months."""
    attended = Attendance.objects.filter(
        meeting__group__service=service, meeting__status=Meeting.Status.HELD, attended=True
    )
    if since is not None:
        attended = attended.filter(meeting__starts_at__gte=since)
    rows = (
        attended.annotate(month=TruncMonth("meeting__starts_at"))
        .values("month")
        .annotate(people=Count("id"), meetings=Count("meeting", distinct=True))
        .order_by("-month")
        .values_list("month", "meetings", "people")
    )
    if limit is not None:
        rows = rows[:limit]
    return [(timezone.localtime(month).date(), meetings, people) for month, meetings, people in rows]


def programme_figures(*, service) -> dict:
    """The dashboard's counts about programmes, worked out now (two queries): per programme, newest first,
    [id, title, start date (ISO), participants who joined, formed a group (0 or 1)]; and how many people who
    joined gave each answer about joining a follow-on group, and each reason for not joining."""
    programmes = [
        [pk, title, start.isoformat(), participants, int(bool(formed))]
        for pk, title, start, participants, formed in Programme.objects.filter(service=service)
        .annotate(
            participants=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.JOINED), distinct=True),
            formed=Count("groups", filter=Q(groups__formed_on__isnull=False), distinct=True),
        )
        .order_by("-start_date", "id")
        .values_list("id", "title", "start_date", "participants", "formed")
    ]
    answers, reasons = {}, {}
    joined = InterestResponse.objects.filter(
        enrolment__programme__service=service, enrolment__status=Enrolment.Status.JOINED
    )
    for answer, reason, n in (
        joined.values("answer", "reason").annotate(n=Count("id")).order_by().values_list("answer", "reason", "n")
    ):
        answers[answer] = answers.get(answer, 0) + n
        if answer == InterestResponse.Answer.NO and reason:
            reasons[reason] = reasons.get(reason, 0) + n
    return {"programmes": programmes, "answers": answers, "reasons": reasons}


@dataclass(frozen=True)
class DashboardHistory:
    """The parts of the dashboard that follow the service's whole history, and when they were worked out."""

    months: list[tuple[date, int, int]]  # the last ATTENDANCE_MONTHS months: (month, meetings, attendances)
    durations: tuple[list[date], list[date], list[str]]  # every group's start, end and status
    figures: dict  # `programme_figures`
    as_of: datetime
    # What the dashboard works out from `durations` and `figures` (survival, participant cells, counts), kept
    # with them: one dict for as long as this process holds that summary (`_Held`), a new one when worked out now.
    derived: dict = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class _Held:
    """A worker's summary of one service as this process last read it: its row's id and time stamp, which
    together say which refresh wrote it, with what that refresh wrote and what the page worked out from it."""

    summary_id: int
    refreshed_at: datetime
    figures: dict
    durations: tuple[list[date], list[date], list[str]]
    derived: dict


# Per service, the summary this process last read (issue 16, eighth pass: ADR 0042). The dashboard's summary
# row carries the worker's figures (every programme: 40 KB at S = 1) and every group's duration only when it
# is not the summary held here, so a view of an unchanged summary reads its id and time stamp, whatever the
# size of the service. At most HELD_SERVICES services; the one read longest ago goes first.
HELD_SERVICES = 32
_held: dict[int, _Held] = {}
_held_lock = threading.Lock()
# What a process that holds no summary of the service asks for: no row has id 0.
_NONE_HELD = (0, datetime(1970, 1, 1, tzinfo=UTC))


def _unless_held(held_id, held_at, column):
    """`column` of the summary row, or NULL when the row is the one the process holds (`held_id`, `held_at`)."""
    return Case(When(pk=held_id, refreshed_at=held_at, then=Value(None)), default=F(column), output_field=JSONField())


# The worker's summaries as the dashboard reads them on every view, their SQL built once per process
# (core.prepared, ADR 0032; the time a summary must be newer than, and the summary held, are slots).
_KEPT_SUMMARY = PreparedQuery(
    lambda service_id, since, held_id, held_at: (
        DashboardSummary.objects.filter(service_id=service_id, refreshed_at__gte=since)
        .annotate(
            sent_figures=_unless_held(held_id, held_at, "figures"),
            sent_durations=_unless_held(held_id, held_at, "durations"),
        )
        .order_by("pk")
        .values_list("pk", "refreshed_at", "sent_figures", "sent_durations")[:1]
    ),
    service_id=int,
    since=datetime,
    held_id=int,
    held_at=datetime,
)
_SUMMARY_MONTHS = PreparedQuery(
    lambda service_id: (
        AttendanceMonth.objects.filter(service_id=service_id)
        .order_by("-month")
        .values_list("month", "meetings", "attendances")[:ATTENDANCE_MONTHS]
    ),
    service_id=int,
)
# Only for a summary written before the summary row carried the durations (migration 0005).
_SUMMARY_DURATIONS = PreparedQuery(
    lambda service_id: (
        GroupDuration.objects.filter(service_id=service_id).order_by("group_id").values_list("start", "end", "status")
    ),
    service_id=int,
)


def _columns(rows) -> tuple[list[date], list[date], list[str]]:
    starts, ends, statuses = [], [], []
    for start, end, status in rows:
        starts.append(start)
        ends.append(end)
        statuses.append(status)
    return starts, ends, statuses


def _summary_held(service_id: int, found: tuple, held: _Held | None) -> _Held:
    """The summary `found` (a `_KEPT_SUMMARY` row, asked for with `held`): `held` when it is that one,
    otherwise the row's figures and durations, held from now on. `held` is the one the query was asked
    with, not whatever `_held` holds now: another thread may have replaced it since, and the row's
    columns are NULL exactly when it matched the one asked with."""
    summary_id, refreshed_at, figures, durations = found
    if held is not None and (held.summary_id, held.refreshed_at) == (summary_id, refreshed_at):
        return held
    if durations is None:  # written before the row carried them: the worker's rows, as before (not held)
        return _Held(summary_id, refreshed_at, figures, _columns(_SUMMARY_DURATIONS.list(service_id=service_id)), {})
    durations = _columns(
        (date.fromisoformat(start), date.fromisoformat(end), status) for start, end, status in durations
    )
    held = _Held(summary_id, refreshed_at, figures, durations, {})
    with _held_lock:
        _held.pop(service_id, None)
        if len(_held) >= HELD_SERVICES:
            del _held[next(iter(_held))]
        _held[service_id] = held
    return held


def dashboard_history(*, service, today: date) -> DashboardHistory:
    """From the worker's summary (`DashboardSummary`, `AttendanceMonth`) while it is under
    SUMMARY_MAX_AGE_SECONDS old: two queries (the summary row, at most 12 months), whatever the number of
    meetings, enrolments, answers and groups; the row's figures and group durations travel only when this
    process does not hold that summary already (`_held`). Otherwise worked out now (a worker that is down
    never leaves the page wrong): five queries."""
    since = timezone.now() - timedelta(seconds=SUMMARY_MAX_AGE_SECONDS)
    held = _held.get(service.pk)
    held_id, held_at = (held.summary_id, held.refreshed_at) if held else _NONE_HELD
    found = _KEPT_SUMMARY.list(service_id=service.pk, since=since, held_id=held_id, held_at=held_at)
    if not found:
        return DashboardHistory(
            months=attendance_month_rows(service=service, limit=ATTENDANCE_MONTHS),
            durations=group_durations(service=service, today=today),
            figures=programme_figures(service=service),
            as_of=timezone.now(),
        )
    kept = _summary_held(service.pk, found[0], held)
    months = _SUMMARY_MONTHS.list(service_id=service.pk)
    return DashboardHistory(
        months=months, durations=kept.durations, figures=kept.figures, as_of=kept.refreshed_at, derived=kept.derived
    )


def _consented_count(service_id):
    distinct_ids = Func(F("pk"), function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    return consented_members(service_id, "research").order_by().values_list(distinct_ids)


def _consented_responses(service_id):
    return (
        Response.objects.filter(
            service_id=service_id, completed_at__isnull=False, member__in=consented_members(service_id, "research")
        )
        .order_by()
        .values("service_id")
        .annotate(n=Count("id"), first=Min("completed_at"), last=Max("completed_at"))
        .values_list("n", "first", "last")
    )


# The research export page's two reads, their SQL built once per process (core.prepared, ADR 0032).
_CONSENTED_COUNT = PreparedQuery(_consented_count, service_id=int)
_CONSENTED_RESPONSES = PreparedQuery(_consented_responses, service_id=int)


def research_export_summary(*, service) -> dict:
    """What a research export of the service would hold now: two queries, counts only."""

    [(members,)] = _CONSENTED_COUNT.list(service_id=service.pk)
    found = _CONSENTED_RESPONSES.list(service_id=service.pk)  # no row when there are no responses
    n, first, last = found[0] if found else (0, None, None)
    responses = {"n": n, "first": first, "last": last}
    return {
        "rule": SUPPRESSION_RULE,
        "note": SUPPRESSION_NOTE,
        "consented_members": suppress_count(members),
        "completed_responses": suppress_count(responses["n"]),
        # "March 2025" in the active language (Django's month names: "Mawrth 2025").
        "first_month": responses["first"] and date_format(timezone.localtime(responses["first"]), "F Y"),
        "last_month": responses["last"] and date_format(timezone.localtime(responses["last"]), "F Y"),
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

    # Each row is a step: across at the survival (and interval) before it, then down to its own. Worked out
    # for all rows at once (numpy), as a busy service has a row for each of hundreds of groups.
    rows = km.rows
    xs = np.round(SVG_PAD + plot_w * np.array([row.time for row in rows]) / max_time, 1)
    after = np.array([row.survival for row in rows])
    upper_after = np.array([row.survival if row.ci_upper is None else row.ci_upper for row in rows])
    lower_after = np.array([row.survival if row.ci_lower is None else row.ci_lower for row in rows])

    def steps(values: np.ndarray) -> list[tuple[float, float]]:
        before = np.concatenate(([1.0], values[:-1]))
        ys = np.round(SVG_PAD + plot_h * (1 - np.column_stack((before, values)).ravel()), 1)
        return [(x(0), y(1)), *zip(np.repeat(xs, 2).tolist(), ys.tolist(), strict=True)]

    points, upper, lower = steps(after), steps(upper_after), steps(lower_after)
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


@lru_cache(maxsize=256)
def _participant_cells(counts: tuple[int, ...]) -> SuppressedRow:
    """Participants per programme and their total through one suppression (a pure function of the counts,
    remembered: it costs ~13 ms for a busy service's 560 programmes and the counts change only when the
    worker refreshes them)."""
    return suppress_counts(list(counts), with_total=True)


@lru_cache(maxsize=256)
def _survival(groups: tuple[tuple[date, date, str], ...]) -> tuple[GroupSurvivalReport, dict | None, tuple]:
    """The survival report, its chart and its table from every group's (start, end, status), in group
    order: a pure function of the durations, remembered (~12 ms for a busy service's 380 groups, and the
    durations change only when the worker refreshes them)."""
    starts, ends, statuses = zip(*groups, strict=True) if groups else ((), (), ())
    report = group_survival_from_dates(list(starts), list(ends), list(statuses))
    return report, survival_svg(report), km_table(report.kaplan_meier)


def page_number(value, pages: int) -> int:
    """Page `value` (anything a query string holds) of `pages`: not a whole number means 1, past the end
    the last page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max(pages, 1))


def dashboard(*, service, today: date | None = None, programme_page=1) -> dict:
    """Every figure of the insights dashboard for one service, aggregates only, in a fixed number of
    queries; counts are suppressed below 5 (see `suppression`). The programmes table shows
    PROGRAMMES_PER_PAGE programmes a page (`programme_page`), newest first; its total is all of them."""

    today = today or timezone.localdate()
    # Attendance months, group durations and programme counts: kept by the worker (issue 16), or worked out now.
    history = dashboard_history(service=service, today=today)
    # What follows from every group and every programme is worked out once per summary this process holds
    # (`history.derived`), not on every view: a busy service has hundreds of each (issue 16, ADR 0042).
    derived = history.derived
    if "survival" not in derived:
        derived["survival"] = _survival(tuple(zip(*history.durations, strict=True)))
    report, svg, survival_rows = derived["survival"]
    all_programmes = history.figures["programmes"]
    # Participants per programme and their total go through one suppression, so the total cannot
    # give away a hidden programme's count (and the summary shows that same total cell).
    if "participants" not in derived:
        derived["participants"] = _participant_cells(tuple(p[3] for p in all_programmes))
    participants = derived["participants"]
    pages = -(-len(all_programmes) // PROGRAMMES_PER_PAGE)
    page = page_number(programme_page, pages)
    first = (page - 1) * PROGRAMMES_PER_PAGE
    shown = all_programmes[first : first + PROGRAMMES_PER_PAGE]
    today_text = today.isoformat()
    started = derived.get("started")
    if started is None or started[0] != today_text:
        finished = [p for p in all_programmes if p[2] <= today_text]  # ISO dates sort as dates
        started = derived["started"] = (today_text, len(finished), sum(1 for p in finished if p[4]))
    _, finished_programmes, formed_programmes = started
    # Summed up by the worker every few minutes (issue 16), or now if it has not.
    change_figures, changes_as_of = service_change_summary(service=service)
    changes = outcome_change(service=service, summary=change_figures)
    answers, reason_counts = history.figures["answers"], history.figures["reasons"]
    interest = suppress_counts(
        [answers.get(value, 0) for value, _ in InterestResponse.Answer.choices], with_total=False
    )
    reasons = suppress_counts(
        [reason_counts.get(value, 0) for value, _ in InterestResponse.Reason.choices], with_total=False
    )
    programmes = [
        {
            "title": title,
            "start_date": date.fromisoformat(start),
            "participants": cell,
            "formed": pgettext("formed a follow-on group", "Yes")
            if formed
            else pgettext("formed a follow-on group", "No"),
        }
        for (_, title, start, _, formed), cell in zip(
            shown, participants.cells[first : first + PROGRAMMES_PER_PAGE], strict=True
        )
    ]
    attendance = history.months
    return {
        "rule": SUPPRESSION_RULE,
        "note": SUPPRESSION_NOTE,
        "programme_count": activity_count(len(all_programmes)),
        "participant_count": participants.total,
        "programmes": programmes,
        "programme_page": page,
        "programme_pages": pages,
        "history_as_of": history.as_of,
        "km_table": survival_rows,
        # Programmes, not people: shown in full, as the table below lists each programme's answer.
        "formed_programmes": activity_count(formed_programmes),
        "finished_programmes": activity_count(finished_programmes),
        "formation_rate": f"{100 * formed_programmes / finished_programmes:.0f}%" if finished_programmes else None,
        "interest": list(zip([label for _, label in InterestResponse.Answer.choices], interest.cells, strict=True)),
        "reasons": list(zip([label for _, label in InterestResponse.Reason.choices], reasons.cells, strict=True)),
        "attendance": [
            {
                "month": month,
                "month_text": date_format(month, "F Y"),  # "March 2025" in the active language
                "people": suppress_count(people),
                "meetings": activity_count(meetings),
            }
            for month, meetings, people in reversed(attendance)
        ],
        "survival": report,
        "survival_svg": svg,
        "outcome_change": changes,
        "outcome_change_as_of": changes_as_of,
        "outcome_change_svg": outcome_change_svg(changes),
        "attender_min_meetings": ATTENDER_MIN_MEETINGS,
    }
