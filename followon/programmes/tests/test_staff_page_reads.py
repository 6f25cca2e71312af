"""The staff programme page's reads (issue 16, sixth pass: staff pages at scale).

The page reads the programme, its sessions, its clinicians' and PTVs' names, its hand-over steps, its
roster and its groups with SQL built once per process (core.prepared). What it shows must be what the
plain ORM reads gave, for this service's programme only, on the very next request after a change, and
in the same number of queries however big the programme is.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followon.accounts.tests.factories import UserFactory
from followon.peergroups.models import GroupRole
from followon.peergroups.tests.factories import form_group
from followon.programmes import selectors, services
from followon.programmes.models import Programme
from followon.programmes.tests.factories import answer, join, make_programme, share

pytestmark = pytest.mark.django_db

# The session with its user, the staff roles with "has an authenticator app" (ADR 0036); the programme,
# its sessions, clinicians, PTVs and hand-over steps (one read, ADR 0036), its roster, the audit event,
# its groups.
PROGRAMME_PAGE_QUERIES = 7


def _get(client, programme):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("programmes:staff-detail", args=[programme.public_id]))
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def test_the_same_queries_for_a_small_and_a_big_programme(staff_client, clinician, service, ptv):
    programme = make_programme(service, clinician, ptvs=[ptv])
    client = staff_client(clinician)
    _, small = _get(client, programme)
    assert small == PROGRAMME_PAGE_QUERIES
    for i in range(8):
        enrolment = join(programme)
        answer(enrolment, ["yes", "maybe", "no"][i % 3], days=["mon"], times_of_day=["morning"])
        share(enrolment, "name")
    programme.facilitators.add(UserFactory(preferred_name="Dr Second"))
    programme.ptvs.add(UserFactory(preferred_name="Another Tutor"))
    for name in ("One", "Two", "Three"):
        form_group(programme, clinician, name=name, accept=True)
    _, big = _get(client, programme)
    assert big == small


def test_clinicians_ptvs_groups_and_their_coordinator_as_the_orm_reads_them(staff_client, clinician, service, ptv):
    programme = make_programme(service, clinician, ptvs=[ptv])
    programme.facilitators.add(UserFactory(preferred_name="Aaron Early"))
    joined = join(programme, preferred_name="Cora Coordinator")
    answer(joined, "yes")
    group = form_group(programme, clinician, name="Tuesday group", accept=True)
    form_group(programme, clinician, name="Thursday group")
    client = staff_client(clinician)

    body, _ = _get(client, programme)
    assert "Aaron Early, Dr Clare Clinician" in body  # by name, as the prefetch ordered them
    assert "Pat Tutor" in body
    assert body.count("Not chosen yet") == 2

    GroupRole.objects.create(group=group, user=joined.user, role=GroupRole.Role.COORDINATOR)
    body, _ = _get(client, programme)
    assert body.count("Not chosen yet") == 1 and "Cora Coordinator" in body

    # The next request shows a change at once: a new PTV, a renamed coordinator, an ended role.
    programme.ptvs.add(UserFactory(preferred_name="Newly Added"))
    joined.user.preferred_name = "Cora Renamed"
    joined.user.save()
    body, _ = _get(client, programme)
    assert "Newly Added" in body and "Cora Renamed" in body
    GroupRole.objects.filter(group=group).update(ended_at=group.created_at)
    body, _ = _get(client, programme)
    assert body.count("Not chosen yet") == 2


def test_groups_counts_match_the_memberships(staff_client, clinician, service):
    programme = make_programme(service, clinician)
    for _ in range(3):
        answer(join(programme), "yes")
    group = form_group(programme, clinician, accept=False)
    [row] = selectors.programme_groups(programme)
    invited = group.memberships.filter(status="invited").count()
    assert (row.member_count, row.invited_count, row.coordinator_shown) == (
        group.memberships.filter(status="member").count(),
        invited,
        None,
    )
    assert invited > 0


def test_the_page_read_is_the_programme_of_this_service_only(service, other_service, clinician, other_clinician):
    mine = make_programme(service, clinician)
    theirs = make_programme(other_service, other_clinician)
    assert selectors.programme_page_for_staff(service, mine.public_id).pk == mine.pk
    with pytest.raises(Programme.DoesNotExist):
        selectors.programme_page_for_staff(service, theirs.public_id)


def test_another_services_clinician_gets_404_for_the_page(staff_client, clinician, other_clinician, service):
    programme = make_programme(service, clinician)
    response = staff_client(other_clinician).get(reverse("programmes:staff-detail", args=[programme.public_id]))
    assert response.status_code == 404


def test_sessions_and_stage_as_before(service, clinician):
    programme = make_programme(service, clinician, sessions=9)
    page = selectors.programme_page_for_staff(service, programme.public_id)
    assert [s.number for s in page.sessions.all()] == list(range(1, 10))
    assert selectors.programme_stage(page).label == selectors.programme_stage(programme).label
    steps = selectors.protocol_steps_for(page)
    assert [s.pk for s in steps] == [s.pk for s in programme.protocol_steps.all()]
    services.enrolment_invite(programme=programme, invited_by=clinician, name="Waiting", mobile="07700900777")
    rows, summary = selectors.programme_roster(page)
    assert [r.enrolment.name for r in rows] == ["Waiting"] and summary.joined == 0


def test_the_one_read_of_sessions_people_and_steps_is_what_the_orm_reads(service, clinician, ptv):
    """programme_page_for_staff's one read gives the sessions, names and steps the separate reads gave:
    every field of every session and step, who marked a step done, names in the same order."""
    programme = make_programme(service, clinician, ptvs=[ptv], sessions=8)
    programme.facilitators.add(UserFactory(preferred_name="aaron lower"), UserFactory(preferred_name="Zed Last"))
    programme.ptvs.add(UserFactory(preferred_name="Bea Tutor"))
    done = programme.protocol_steps.order_by("id")[1]
    services.protocol_step_mark(step=done, actor=clinician, done=True)
    page = selectors.programme_page_for_staff(service, programme.public_id)

    def fields(instances):
        return [{f.attname: getattr(i, f.attname) for f in i._meta.concrete_fields} for i in instances]

    assert fields(page.sessions.all()) == fields(programme.sessions.order_by("number"))
    orm_steps = list(programme.protocol_steps.select_related("done_by"))
    assert fields(selectors.protocol_steps_for(page)) == fields(orm_steps)
    assert [s.done_by and s.done_by.display_name for s in selectors.protocol_steps_for(page)] == [
        s.done_by and s.done_by.display_name for s in orm_steps
    ]
    assert any(s.done_by for s in orm_steps)
    assert page.facilitator_names == list(
        programme.facilitators.order_by("preferred_name", "id").values_list("preferred_name", flat=True)
    )
    assert page.ptv_names == list(
        programme.ptvs.order_by("preferred_name", "id").values_list("preferred_name", flat=True)
    )
