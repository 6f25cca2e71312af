"""Test helpers for programmes: real services, so tests exercise the same paths as the app."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from followon.accounts.models import ServiceMembership
from followon.accounts.tests.factories import UserFactory
from followon.programmes import services


def make_programme(service, clinician, *, ptvs=(), start: date | None = None, sessions: int = 10, title="Spring PMP"):
    """A programme created through programme_create. `start` may be in the past."""
    start = start or timezone.localdate() + timedelta(days=7)
    return services.programme_create(
        service=service,
        created_by=clinician,
        title=title,
        venue="Southmead Hospital, Learning and Research building",
        start_date=start,
        session_count=sessions,
        session_start_time=time(10, 0),
        session_length_minutes=180,
        facilitators=[clinician],
        ptvs=list(ptvs),
        confirm_unusual_session_count=True,
        today=min(start, timezone.localdate()),
    )


def finished_programme(service, clinician, *, ptvs=(), weeks_ago: int = 12, sessions: int = 10, title="Autumn PMP"):
    start = timezone.localdate() - timedelta(weeks=weeks_ago)
    return make_programme(service, clinician, ptvs=ptvs, start=start, sessions=sessions, title=title)


def member_of(service, user=None, **user_kwargs):
    """A member of the service, as invitation acceptance would leave them."""
    user = user or UserFactory(**user_kwargs)
    ServiceMembership.objects.get_or_create(service=service, user=user)
    return user


def join(programme, user=None, **user_kwargs):
    """A joined participant of `programme` (service member + enrolment). Returns the enrolment."""
    user = member_of(programme.service, user, **user_kwargs)
    return services.enrolment_add(programme=programme, user=user)


def answer(enrolment, value="yes", **kwargs):
    return services.interest_record(enrolment=enrolment, actor=enrolment.user, answer=value, **kwargs)


def share(enrolment, *fields):
    return services.contact_sharing_set(enrolment=enrolment, actor=enrolment.user, fields=fields)
