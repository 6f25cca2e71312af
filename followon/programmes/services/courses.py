"""Programmes and their sessions: creating, changing and moving them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followon.core.formatting import LONDON, london_date
from followon.core.services import audit_record
from followon.organisations.models import StaffRole
from followon.organisations.selectors import staff_users
from followon.programmes.models import (
    Programme,
    ProgrammeSession,
    ProtocolStep,
)
from followon.programmes.services.common import MAX_LENGTH, MAX_SESSIONS, MIN_LENGTH, MIN_SESSIONS, _aware
from followon.programmes.services.protocol import protocol_template_ensure

# Programmes and sessions ---------------------------------------------------


def _check_session_count(count: int, confirmed: bool, errors: dict) -> None:
    if count is None or not MIN_SESSIONS <= count <= MAX_SESSIONS:
        errors["session_count"] = _("Enter a number of sessions between %(low)s and %(high)s") % {
            "low": MIN_SESSIONS,
            "high": MAX_SESSIONS,
        }
    elif count not in Programme.USUAL_SESSION_COUNTS and not confirmed:
        errors["session_count"] = _(
            "Programmes usually have 8 to 12 weekly sessions. Check the number, or confirm that this "
            "programme has %(count)s sessions"
        ) % {"count": count}


def _check_length(minutes: int, errors: dict) -> None:
    if minutes is None or not MIN_LENGTH <= minutes <= MAX_LENGTH:
        errors["session_length_minutes"] = _("Enter a session length between 30 minutes and 8 hours")


def _check_staff(service, facilitators, ptvs, errors: dict) -> None:
    def holders(role):
        return set(staff_users(service, role).values_list("id", flat=True))

    if not facilitators:
        errors["facilitators"] = _("Select at least one facilitating clinician")
    elif not {u.pk for u in facilitators} <= holders(StaffRole.Role.CLINICIAN):
        errors["facilitators"] = _("Select clinicians who work for this service")
    if ptvs and not {u.pk for u in ptvs} <= holders(StaffRole.Role.PTV):
        errors["ptvs"] = _("Select patient tutor volunteers who work for this service")


def _sessions_generate(programme: Programme, *, first_number: int = 1, first_day: date | None = None) -> None:
    first_day = first_day or programme.start_date
    length = timedelta(minutes=programme.session_length_minutes)
    sessions = []
    for offset, number in enumerate(range(first_number, programme.session_count + 1)):
        starts_at = _aware(first_day + timedelta(weeks=offset), programme.session_start_time)
        sessions.append(
            ProgrammeSession(programme=programme, number=number, starts_at=starts_at, ends_at=starts_at + length)
        )
    ProgrammeSession.objects.bulk_create(sessions)


def programme_create(
    *,
    service,
    created_by,
    title: str,
    venue: str,
    start_date: date,
    session_count: int,
    session_start_time: time,
    session_length_minutes: int = 180,
    facilitators: Iterable,
    ptvs: Iterable = (),
    confirm_unusual_session_count: bool = False,
    today: date | None = None,
) -> Programme:
    """Create a programme, its weekly sessions and its hand-over checklist.

    Refuses a start date in the past and staff from another service; a session
    count outside 8–12 needs `confirm_unusual_session_count`. The checklist is
    copied from the service's protocol template (created from the shipped
    default the first time), so later template edits do not change it.
    """
    facilitators, ptvs = list(facilitators), list(ptvs)
    today = today or timezone.localdate()
    errors: dict = {}
    if not title.strip():
        errors["title"] = _("Enter a title for the programme")
    if not venue.strip():
        errors["venue"] = _("Enter where the sessions take place")
    if start_date < today:
        errors["start_date"] = _("The start date must be today or in the future")
    _check_session_count(session_count, confirm_unusual_session_count, errors)
    _check_length(session_length_minutes, errors)
    _check_staff(service, facilitators, ptvs, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        programme = Programme.objects.create(
            service=service,
            title=title.strip(),
            venue=venue.strip(),
            start_date=start_date,
            session_count=session_count,
            session_start_time=session_start_time,
            session_length_minutes=session_length_minutes,
            created_by=created_by,
        )
        programme.facilitators.set(facilitators)
        programme.ptvs.set(ptvs)
        _sessions_generate(programme)
        steps = protocol_template_ensure(service=service)
        ProtocolStep.objects.bulk_create(
            ProtocolStep(
                programme=programme,
                sessions_before_end=s.sessions_before_end,
                position=s.position,
                title=s.title,
                guidance=s.guidance,
                lead=s.lead,
                ticks_when=s.ticks_when,
            )
            for s in steps
            if s.sessions_before_end < session_count
        )
        audit_record(
            actor=created_by, action="programme.created", target=programme, detail={"session_count": session_count}
        )
    return programme


def programme_update(
    *,
    programme: Programme,
    updated_by,
    title: str,
    venue: str,
    session_count: int,
    session_length_minutes: int,
    facilitators: Iterable,
    ptvs: Iterable = (),
    confirm_unusual_session_count: bool = False,
) -> Programme:
    """Change a programme's details. A changed session count adds weekly
    sessions after the last one or removes sessions from the end; a changed
    length moves every session's end time."""
    facilitators, ptvs = list(facilitators), list(ptvs)
    errors: dict = {}
    if not title.strip():
        errors["title"] = _("Enter a title for the programme")
    if not venue.strip():
        errors["venue"] = _("Enter where the sessions take place")
    _check_session_count(
        session_count, confirm_unusual_session_count or session_count == programme.session_count, errors
    )
    _check_length(session_length_minutes, errors)
    _check_staff(programme.service, facilitators, ptvs, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        changed = []
        old_count = programme.session_count
        for name, value in [
            ("title", title.strip()),
            ("venue", venue.strip()),
            ("session_count", session_count),
            ("session_length_minutes", session_length_minutes),
        ]:
            if getattr(programme, name) != value:
                setattr(programme, name, value)
                changed.append(name)
        programme.save()
        if "session_length_minutes" in changed:
            length = timedelta(minutes=session_length_minutes)
            for session in programme.sessions.all():
                session.ends_at = session.starts_at + length
                session.save(update_fields=["ends_at"])
        if session_count < old_count:
            programme.sessions.filter(number__gt=session_count).delete()
        elif session_count > old_count:
            last = programme.sessions.order_by("-number").first()
            next_day = last.starts_at.astimezone(LONDON).date() + timedelta(weeks=1)
            _sessions_generate(programme, first_number=old_count + 1, first_day=next_day)
        programme.facilitators.set(facilitators)
        programme.ptvs.set(ptvs)
        audit_record(actor=updated_by, action="programme.updated", target=programme, detail={"fields": changed})
    return programme


def session_move(*, session: ProgrammeSession, moved_by, day: date, start_time: time) -> ProgrammeSession:
    """Move one session (a bank holiday, a room clash). It must stay after the
    session before it and before the session after it, so numbers keep their order."""
    programme = session.programme
    starts_at = _aware(day, start_time)
    neighbours = {s.number: s for s in programme.sessions.filter(number__in=[session.number - 1, session.number + 1])}
    before, after = neighbours.get(session.number - 1), neighbours.get(session.number + 1)
    if before and starts_at <= before.starts_at:
        raise ValidationError(
            {
                "day": _("Session %(number)s must be after session %(other)s (%(date)s)")
                % {"number": session.number, "other": before.number, "date": london_date(before.starts_at)}
            }
        )
    if after and starts_at >= after.starts_at:
        raise ValidationError(
            {
                "day": _("Session %(number)s must be before session %(other)s (%(date)s)")
                % {"number": session.number, "other": after.number, "date": london_date(after.starts_at)}
            }
        )
    with transaction.atomic():
        session.ends_at = starts_at + (session.ends_at - session.starts_at)
        session.starts_at = starts_at
        session.moved = True
        session.save(update_fields=["starts_at", "ends_at", "moved"])
        audit_record(
            actor=moved_by, action="programme.session_moved", target=programme, detail={"session": session.number}
        )
    return session
