"""Writes for insights: importing the follow-on groups a service already had, and the worker's
summaries for the dashboard (outcome change; attendance months and group durations)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import connection, models, transaction
from django.utils import timezone

from followon.core.services import audit_record
from followon.insights.models import (
    AttendanceMonth,
    DashboardSummary,
    GroupDuration,
    HistoricalGroupRecord,
    OutcomeChangeSummary,
)
from followon.insights.outcome_change import SUMMARY_REFRESH_SECONDS, change_summary
from followon.insights.selectors import attendance_month_rows, group_duration_rows, programme_figures
from followon.meetings.models import Meeting
from followon.organisations.models import PainService
from followon.peergroups.models import PeerGroup
from followon.peergroups.services import historical_group_record

REQUIRED_COLUMNS = ("name", "start_date", "last_contact", "status")
OPTIONAL_COLUMNS = ("max_size", "meeting_frequency", "communication_methods", "purposes")
# Statuses a historical group may have. "merged" needs the group it merged into, which a CSV
# cannot name reliably, so it is refused with a clear message.
IMPORT_STATUSES = {
    "forming": PeerGroup.Status.FORMING,
    "active": PeerGroup.Status.ACTIVE,
    "paused": PeerGroup.Status.PAUSED,
    "folded": PeerGroup.Status.FOLDED,
    "ended": PeerGroup.Status.FOLDED,
}


class ImportError_(Exception):  # noqa: N801 - not the builtin ImportError
    """The file cannot be read at all (missing columns, not a CSV)."""


@dataclass
class ImportRow:
    line: int
    name: str
    start_date: date
    last_contact: date
    status: str
    max_size: int | None
    meeting_frequency: str
    communication_methods: list[str]
    purposes: list[str]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    saved: bool = False


def _parse_date(value: str, label: str) -> date:
    value = (value or "").strip()
    if not value:
        raise ValueError(f"Enter the {label}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"The {label} must be a real date in the form YYYY-MM-DD, like 2018-10-01 (got {value!r})"
        ) from None


def _parse_list(value: str, allowed: tuple[str, ...], label: str) -> list[str]:
    items = [part.strip().lower() for part in (value or "").split(";") if part.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown:
        raise ValueError(f"Unknown {label} {', '.join(repr(u) for u in unknown)}: use {', '.join(allowed)}")
    return items


def parse_row(line: int, raw: dict[str, str]) -> ImportRow:
    """One CSV row, validated. Raises ValueError with every problem on the row."""
    problems = []
    name = (raw.get("name") or "").strip()
    if not name:
        problems.append("Enter the group's name")
    elif len(name) > 120:
        problems.append("The group's name must be 120 characters or fewer")
    start = last = None
    try:
        start = _parse_date(raw.get("start_date", ""), "start date")
    except ValueError as error:
        problems.append(str(error))
    try:
        last = _parse_date(raw.get("last_contact", ""), "last contact date")
    except ValueError as error:
        problems.append(str(error))
    if start and last and last < start:
        problems.append("The last contact date must be the same as or after the start date")
    if start and start > date.today():
        problems.append("The start date must be today or in the past")
    if last and last > date.today():
        problems.append("The last contact date must be today or in the past")
    status_text = (raw.get("status") or "").strip().lower()
    status = IMPORT_STATUSES.get(status_text)
    if status is None:
        if status_text == "merged":
            problems.append("Merged groups cannot be imported: give the status as folded")
        else:
            problems.append(f"The status must be one of {', '.join(IMPORT_STATUSES)} (got {status_text!r})")
    max_size = None
    size_text = (raw.get("max_size") or "").strip()
    if size_text:
        if not size_text.isdigit() or not 1 <= int(size_text) <= 500:
            problems.append(f"The maximum size must be a whole number from 1 to 500 (got {size_text!r})")
        else:
            max_size = int(size_text)
    frequency = (raw.get("meeting_frequency") or "").strip()
    if len(frequency) > 100:
        problems.append("The meeting frequency must be 100 characters or fewer")
    methods: list[str] = []
    purposes: list[str] = []
    try:
        methods = _parse_list(
            raw.get("communication_methods", ""), HistoricalGroupRecord.COMMUNICATION_METHODS, "communication method"
        )
    except ValueError as error:
        problems.append(str(error))
    try:
        purposes = _parse_list(raw.get("purposes", ""), HistoricalGroupRecord.PURPOSES, "purpose")
    except ValueError as error:
        problems.append(str(error))
    if problems:
        raise ValueError("; ".join(problems))
    return ImportRow(line, name, start, last, status, max_size, frequency, methods, purposes)


def read_rows(lines: Iterable[str]) -> tuple[list[ImportRow], list[str]]:
    reader = csv.DictReader(lines)
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    if missing:
        raise ImportError_(
            f"The file must have a header row with the columns {', '.join(REQUIRED_COLUMNS)}; "
            f"missing: {', '.join(missing)}"
        )
    reader.fieldnames = headers
    rows, errors, seen = [], [], {}
    for number, raw in enumerate(reader, start=2):
        try:
            row = parse_row(number, raw)
        except ValueError as error:
            errors.append(f"Row {number}: {error}")
            continue
        key = row.name.casefold()
        if key in seen:
            errors.append(f"Row {number}: the group name {row.name!r} is already on row {seen[key]}")
            continue
        seen[key] = number
        rows.append(row)
    return rows, errors


def historical_groups_import(*, service, lines: Iterable[str], actor=None, skip_invalid: bool = False) -> ImportResult:
    """Import historical groups from CSV lines into `service`, in one transaction.

    Every row is validated first. If any row is bad nothing is saved, unless `skip_invalid`, when
    the good rows are saved and the bad ones reported. Re-importing is idempotent: a group with the
    same name (case-insensitive) in the service that was imported before is updated, not duplicated.
    A live group with the same name is never overwritten: that row is reported as an error.
    """
    rows, errors = read_rows(lines)
    result = ImportResult(errors=errors)
    with transaction.atomic():
        existing = {
            group.name.casefold(): group
            for group in PeerGroup.objects.filter(service=service).select_related("history")
        }
        valid = []
        for row in rows:
            group = existing.get(row.name.casefold())
            if group is not None and not hasattr(group, "history"):
                result.errors.append(
                    f"Row {row.line}: {row.name!r} is already a group in FollowOn, not an imported one; rename the row"
                )
                continue
            valid.append((row, group))
        result.skipped = len(result.errors)
        if result.errors and not skip_invalid:
            return result
        for row, group in valid:
            folded_on = row.last_contact if row.status == PeerGroup.Status.FOLDED else None
            paused_on = row.last_contact if row.status == PeerGroup.Status.PAUSED else None
            formed_on = None if row.status == PeerGroup.Status.FORMING else row.start_date
            created = group is None
            group = historical_group_record(
                service=service,
                group=group,
                name=row.name,
                status=row.status,
                formed_on=formed_on,
                paused_on=paused_on,
                folded_on=folded_on,
                meeting_pattern=row.meeting_frequency[:200],
                created_by=actor,
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
            HistoricalGroupRecord.objects.update_or_create(
                group=group,
                defaults={
                    "start_date": row.start_date,
                    "last_contact": row.last_contact,
                    "max_size": row.max_size,
                    "meeting_frequency": row.meeting_frequency,
                    "communication_methods": row.communication_methods,
                    "purposes": row.purposes,
                },
            )
        audit_record(
            actor=actor,
            action="insights.groups_imported",
            service=service,
            detail={"created": result.created, "updated": result.updated, "skipped": result.skipped},
        )
        result.saved = True
    return result


# -- outcome-change summaries (issue 16) ------------------------------------------------------------------------

# At most this many services are summed up per worker heartbeat, oldest summary first, so one heartbeat
# stays short (about 0.1 s a service at the NHS-wide scale); 250 services are all fresh within minutes.
SUMMARY_BATCH = 25
# Any number that is the same in every worker: PostgreSQL's lock for "summing up outcome change".
SUMMARY_LOCK_KEY = 1_600_016


def outcome_change_summary_refresh(*, service) -> OutcomeChangeSummary:
    """Work out one service's outcome-change figures now and keep them (one query, one write)."""
    summary = change_summary(service=service)
    figures = [[qid, attended, row.n, row.mean, row.sd] for (qid, attended), row in sorted(summary.items())]
    kept, _ = OutcomeChangeSummary.objects.update_or_create(
        service=service, defaults={"figures": figures, "refreshed_at": timezone.now()}
    )
    return kept


def outcome_change_summaries_refresh(*, batch: int = SUMMARY_BATCH) -> int:
    """The worker's periodic job (core.worker_hooks): refresh the services whose summary is missing or
    older than SUMMARY_REFRESH_SECONDS, oldest first. Returns how many were refreshed."""
    return _refresh_due_services(SUMMARY_LOCK_KEY, "outcome_change_summary", outcome_change_summary_refresh, batch)


def _refresh_due_services(lock_key: int, summary: str, refresh, batch: int) -> int:
    """Refresh, oldest first, up to `batch` services whose `summary` (the reverse name of a per-service
    summary row) is missing or older than SUMMARY_REFRESH_SECONDS. One worker at a time: a PostgreSQL
    advisory lock held for the transaction; the others skip this heartbeat."""
    cutoff = timezone.now() - timedelta(seconds=SUMMARY_REFRESH_SECONDS)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock_key])
            if not cursor.fetchone()[0]:
                return 0
        due = list(
            PainService.objects.exclude(**{f"{summary}__refreshed_at__gte": cutoff}).order_by(
                models.F(f"{summary}__refreshed_at").asc(nulls_first=True), "id"
            )[:batch]
        )
        for service in due:
            refresh(service=service)
    return len(due)


# -- attendance months and group durations (issue 16) -----------------------------------------------------------

# Any number that is the same in every worker: PostgreSQL's lock for "keeping the dashboard's history".
DASHBOARD_LOCK_KEY = 1_600_017
# Once a day a service's attendance months and group durations are worked out again in full, which also
# catches what leaves no time stamp to find it by (a deleted meeting, attendance erased with its member).
REBUILD_SECONDS = 24 * 60 * 60
# A change is looked for from this long before the last refresh started, so one in a transaction that
# was still open then (or stamped by an app machine whose clock is a little behind) is not missed.
CHANGE_MARGIN = timedelta(minutes=5)


def _month_start(moment: datetime) -> datetime:
    """The start of `moment`'s London month, as an aware time."""
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime.combine(local.date().replace(day=1), time.min))


def dashboard_summary_refresh(*, service, full: bool = False) -> DashboardSummary:
    """Bring the service's dashboard summary up to date. The programme and interest counts are worked out
    in full each time; the attendance months and group durations in full when asked, when there is no
    summary yet or once a day, otherwise only what may have changed since the last refresh:

    * attendance: the months from the earliest meeting changed since then (a meeting is stamped when it
      is recorded as held and when its attendance is recorded) to now; earlier months stay as they are.
    * durations: the groups still going, or still going at the last refresh (they may have ended since),
      groups with a meeting or an imported record changed since then, and groups not kept yet. An ended
      group with no change keeps its row: its start, end and status are final.
    """
    started = timezone.now()
    kept = DashboardSummary.objects.filter(service=service).first()
    full = full or kept is None or kept.rebuilt_at < started - timedelta(seconds=REBUILD_SECONDS)
    today = timezone.localdate()
    with transaction.atomic():
        if full:
            months = attendance_month_rows(service=service)
            AttendanceMonth.objects.filter(service=service).delete()
            durations = group_duration_rows(service=service, today=today)
            GroupDuration.objects.filter(service=service).delete()
        else:
            since = kept.refreshed_at - CHANGE_MARGIN
            changed = Meeting.objects.filter(group__service=service, updated_at__gte=since).order_by()
            first = changed.aggregate(first=models.Min("starts_at"))["first"]
            months = []
            if first is not None:
                from_month = _month_start(first)
                months = attendance_month_rows(service=service, since=from_month)
                AttendanceMonth.objects.filter(service=service, month__gte=from_month.date()).delete()
            open_statuses = list(PeerGroup.OPEN_STATUSES)
            durations = group_duration_rows(
                service=service,
                today=today,
                only=models.Q(status__in=open_statuses)
                | models.Q(
                    id__in=GroupDuration.objects.filter(service=service, status__in=open_statuses).values("group_id")
                )
                | models.Q(id__in=changed.values("group_id"))
                | models.Q(history__updated_at__gte=since)
                | ~models.Q(id__in=GroupDuration.objects.filter(service=service).values("group_id")),
            )
            GroupDuration.objects.filter(group_id__in=[row[0] for row in durations]).delete()
        AttendanceMonth.objects.bulk_create(
            AttendanceMonth(service=service, month=month, meetings=meetings, attendances=people)
            for month, meetings, people in months
        )
        GroupDuration.objects.bulk_create(
            GroupDuration(group_id=group_id, service=service, start=start, end=end, status=status)
            for group_id, start, end, status in durations
        )
        summary, _ = DashboardSummary.objects.update_or_create(
            service=service,
            defaults={
                # Counts that any enrolment may change: worked out in full each time (two queries).
                "figures": programme_figures(service=service),
                # Every group's duration as kept above, in the row the dashboard reads (ADR 0042).
                "durations": [
                    [start.isoformat(), end.isoformat(), status]
                    for start, end, status in GroupDuration.objects.filter(service=service)
                    .order_by("group_id")
                    .values_list("start", "end", "status")
                ],
                "refreshed_at": started,
                "rebuilt_at": started if full else kept.rebuilt_at,
            },
        )
    return summary


def dashboard_summaries_refresh(*, batch: int = SUMMARY_BATCH) -> int:
    """The worker's periodic job (core.worker_hooks): refresh the services whose attendance months and group
    durations are missing or older than SUMMARY_REFRESH_SECONDS, oldest first. Returns how many were
    refreshed."""
    return _refresh_due_services(DASHBOARD_LOCK_KEY, "dashboard_summary", dashboard_summary_refresh, batch)
