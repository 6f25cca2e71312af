from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from followon.meetings import services
from followon.meetings.recurrence import LONDON
from followon.peergroups import services as group_services
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join


@pytest.fixture
def programme(service, clinician, ptv):
    return finished_programme(service, clinician, ptvs=[ptv])


@pytest.fixture
def people(programme):
    enrolments = [join(programme, preferred_name=n) for n in ["Ann", "Bea", "Cal", "Dot"]]
    for enrolment in enrolments:
        answer(enrolment, "yes")
    return [e.user for e in enrolments]


@pytest.fixture
def group(programme, people, clinician, ptv):
    group = form_group(programme, clinician, supporter=ptv, accept=True)
    group_services.role_take(group=group, user=people[0], role="coordinator")
    group_services.role_take(group=group, user=people[1], role="co_coordinator")
    return group


@pytest.fixture
def coordinator(people):
    return people[0]


def at(days: int, hour: int = 10, minute: int = 30) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def option(days: int, hour: int = 10, length: int = 2, venue=None) -> dict:
    return {"starts_at": at(days, hour, 0), "ends_at": at(days, hour + length, 0), "venue": venue}


@pytest.fixture
def poll(group, coordinator):
    return services.poll_create(
        group=group,
        created_by=coordinator,
        title="First meeting",
        closes_at=at(5),
        options=[option(10), option(11, 14), option(12)],
    )


@pytest.fixture
def meeting(group, coordinator):
    return services.meeting_create(
        group=group,
        created_by=coordinator,
        first_date=timezone.localdate() + timedelta(days=7),
        start_time=time(10, 30),
        end_time=time(12, 0),
        title="Coffee morning",
    )
