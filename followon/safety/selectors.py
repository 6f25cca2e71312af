"""Reads for the safety net, always scoped to a service (staff) or to a member.

service_hours(service)                 {weekday: (opens, closes)} in Europe/London (Mon-Fri 9-5 by default)
service_is_open(service, when=None)    is the service watching its queue now?
service_minutes_after(service, start, minutes)  when `minutes` of service-hours time have passed
duty_clinicians(service, when=None)    clinicians on the rota now
queue_items(service, open_only=True)   the queue, newest first (a fixed number of queries)
queue_item_for_staff(service, public_id)
item_context_posts(item)               the post; for a flagged one, a few earlier posts by its author only
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from followon.core import hooks
from followon.core.board_privacy import CONTEXT_DAYS, CONTEXT_POSTS
from followon.core.formatting import LONDON
from followon.core.prepared import PreparedQuery
from followon.organisations.models import StaffRole
from followon.organisations.selectors import staff_users
from followon.safety.models import ConcernItem, DutyShift, SafetySettings, ServiceHours

DEFAULT_HOURS = dict.fromkeys(range(5), (ServiceHours.DEFAULT_OPENS, ServiceHours.DEFAULT_CLOSES))


def safety_settings(service) -> SafetySettings:
    found = SafetySettings.objects.filter(service=service).first()
    return found or SafetySettings(service=service)


# The queue page's reads, their SQL built once per process (core.prepared, ADR 0032); every call runs its
# query, so a shift, an hour or an item changed counts on the very next request.
_SERVICE_HOURS = PreparedQuery(
    lambda service_id: ServiceHours.objects.filter(service_id=service_id).values_list("weekday", "opens", "closes"),
    service_id=int,
)


def service_hours(service) -> dict[int, tuple[dt.time, dt.time]]:
    rows = _SERVICE_HOURS.list(service_id=service.pk)
    if not rows:
        return dict(DEFAULT_HOURS)
    return {weekday: (opens, closes) for weekday, opens, closes in rows}


def _open_spans(hours, day: dt.date):
    span = hours.get(day.weekday())
    if span is None:
        return None
    opens = dt.datetime.combine(day, span[0], tzinfo=LONDON)
    closes = dt.datetime.combine(day, span[1], tzinfo=LONDON)
    return opens, closes


def service_is_open(service, when: dt.datetime | None = None, *, hours=None) -> bool:
    when = (when or timezone.now()).astimezone(LONDON)
    span = _open_spans(hours if hours is not None else service_hours(service), when.date())
    return bool(span) and span[0] <= when < span[1]


def service_minutes_after(service, start: dt.datetime, minutes: int, *, hours=None) -> dt.datetime:
    """The moment `minutes` of service-hours time have passed after `start` (out of hours do not count)."""
    hours = hours if hours is not None else service_hours(service)
    remaining = dt.timedelta(minutes=minutes)
    cursor = start.astimezone(LONDON)
    for _ in range(15):
        span = _open_spans(hours, cursor.date())
        if span is not None and cursor < span[1]:
            begin = max(cursor, span[0])
            available = span[1] - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        cursor = dt.datetime.combine(cursor.date() + dt.timedelta(days=1), dt.time(0), tzinfo=LONDON)
    return start + dt.timedelta(minutes=minutes)  # no service hours at all: plain clock time


def _duty_clinicians(service_id, when):
    on_shift = DutyShift.objects.filter(service_id=service_id, starts_at__lte=when, ends_at__gt=when).values(
        "clinician_id"
    )
    return staff_users(service_id, StaffRole.Role.CLINICIAN).filter(pk__in=on_shift, is_active=True).order_by("id")


_DUTY_CLINICIANS = PreparedQuery(_duty_clinicians, service_id=int, when=dt.datetime)


def duty_clinicians(service, when: dt.datetime | None = None) -> list:
    """The clinicians on the rota at `when` (now by default) who hold an active clinician role, by id."""
    return _DUTY_CLINICIANS.list(service_id=service.pk, when=when or timezone.now())


def service_admins(service):

    return staff_users(service, StaffRole.Role.SERVICE_ADMIN).filter(is_active=True).order_by("id")


def duty_shifts(service, *, since: dt.datetime | None = None):
    since = since or timezone.now() - dt.timedelta(days=1)
    return (
        DutyShift.objects.filter(service=service, ends_at__gt=since).select_related("clinician").order_by("starts_at")
    )


def queue_items(service, *, open_only: bool = True):
    items = ConcernItem.objects.filter(service=service).select_related("member", "acknowledged_by", "group")
    if open_only:
        items = items.exclude(state=ConcernItem.State.CLOSED)
    return items.order_by("-raised_at", "-id")


def _queue_page_items(service_id, open_only: bool):
    items = ConcernItem.objects.filter(service_id=service_id).select_related("member")
    if open_only:
        items = items.exclude(state=ConcernItem.State.CLOSED)
    return items.order_by("-raised_at", "-id")[:QUEUE_PAGE_ITEMS]


QUEUE_PAGE_ITEMS = 200
_QUEUE_PAGE = {
    open_only: PreparedQuery(
        lambda service_id, open_only=open_only: _queue_page_items(service_id, open_only), service_id=int
    )
    for open_only in (True, False)
}


def queue_page_items(service, *, open_only: bool = True) -> list[ConcernItem]:
    """queue_items as the queue page shows them: the newest QUEUE_PAGE_ITEMS, each with its member
    (what the page shows of an item: level, source, member's name, raised, state). One query."""
    return _QUEUE_PAGE[open_only].list(service_id=service.pk)


_OPEN_BY_LEVEL = PreparedQuery(
    lambda service_id: (
        ConcernItem.objects.filter(service_id=service_id)
        .exclude(state=ConcernItem.State.CLOSED)
        .order_by()
        .values_list("level")
        .annotate(n=Count("id"))
    ),
    service_id=int,
)


def queue_waiting_counts(service) -> dict[str, int]:
    """How many of the service's queue items are still open (not closed), by level: what the staff
    home's duty queue card shows. One aggregate query, whatever the number of items."""
    levels = ConcernItem.Level
    counts = dict(_OPEN_BY_LEVEL.list(service_id=service.pk))
    return {level.value: counts.get(level, 0) for level in (levels.URGENT, levels.CONCERN, levels.UNSCREENED)}


def queue_item_for_staff(service, public_id) -> ConcernItem:
    return (
        ConcernItem.objects.select_related(
            "member", "raised_by", "group", "post", "acknowledged_by", "action_by", "closed_by"
        )
        .filter(service=service)
        .get(public_id=public_id)
    )


# Posts are the conversations app's (above safety): it answers this hook (core.hooks) with
# `conversations.selectors.post_with_context(post, before=, within_days=)`.
CONTEXT_POSTS_HOOK = "safety.context_posts"


def item_context_posts(item: ConcernItem) -> list:
    """What members are told the clinician sees (core/board_privacy.py, ADR 0019): the post; for a post
    the message check flagged, also at most CONTEXT_POSTS earlier posts by the same author in the same
    group from the CONTEXT_DAYS days before it. A reported post is shown alone. Never another member's
    post, never the whole board."""
    if item.post_id is None:
        return []
    if item.source != ConcernItem.Source.POST:
        return [item.post]
    return hooks.ask(CONTEXT_POSTS_HOOK, item.post, before=CONTEXT_POSTS, within_days=CONTEXT_DAYS)


def escalations_due(when: dt.datetime | None = None):
    when = when or timezone.now()
    return ConcernItem.objects.filter(
        escalate_at__lte=when, escalated_at__isnull=True, acknowledged_at__isnull=True
    ).select_related("service")
