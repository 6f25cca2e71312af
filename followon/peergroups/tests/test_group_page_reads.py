"""The member's group page's reads (issue 16, seventh pass; ADR 0036).

The group is read with where the viewer stands (their membership's status, whether they organise it)
in one query, and the members with their memberships' addresses in another. They must answer what
the separate selectors answer, refuse whom they refuse, and the page must run the same number of
queries however big the group is.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followon.accounts.tests.factories import UserFactory
from followon.peergroups import selectors, services
from followon.peergroups.models import GroupMembership, PeerGroup
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join

pytestmark = pytest.mark.django_db

# The session with its user; the group with where the viewer stands; its roles; its members with their
# memberships; its PTV supporters; its recent meetings; its next meeting.
MY_GROUP_QUERIES = 7


@pytest.fixture
def programme(service, clinician, ptv):
    return finished_programme(service, clinician, ptvs=[ptv])


@pytest.fixture
def people(programme):
    enrolments = [join(programme, preferred_name=n) for n in ["Cal", "ann", "Bea", ""]]
    for enrolment in enrolments:
        answer(enrolment, "yes")
    return [e.user for e in enrolments]


@pytest.fixture
def group(programme, people, clinician, ptv):
    group = form_group(programme, clinician, supporter=ptv, accept=True)
    services.role_take(group=group, user=people[0], role="coordinator")
    return group


def test_where_the_viewer_stands_is_what_the_selectors_answer(group, people, clinician):
    invited = UserFactory(preferred_name="Ivy")
    GroupMembership.objects.create(group=group, user=invited, status=GroupMembership.Status.INVITED)
    for user in [*people, invited]:
        page = selectors.group_page_for_member(user, group.public_id)
        membership = selectors.group_membership_for(group, user)
        assert page.pk == group.pk
        assert page.viewer_status == membership.status
        assert page.viewer_organises == selectors.is_group_organiser(group, user)
    assert selectors.group_page_for_member(people[0], group.public_id).viewer_organises


def test_it_refuses_whom_group_for_member_refuses(group, people, clinician):
    stranger = UserFactory()
    for user in (stranger, clinician):
        with pytest.raises(PeerGroup.DoesNotExist):
            selectors.group_page_for_member(user, group.public_id)
    membership = group.memberships.get(user=people[1], status=GroupMembership.Status.MEMBER)
    services.membership_remove(
        membership=membership, actor=people[0], reason=GroupMembership.RemovalReason.CONFIDENTIALITY
    )
    with pytest.raises(PeerGroup.DoesNotExist):
        selectors.group_page_for_member(people[1], group.public_id)


def test_member_rows_are_the_current_members_and_the_removable_ones_their_memberships(group, people):
    rows = selectors.group_member_rows(group)
    users = (
        get_user_model()
        .objects.filter(group_memberships__group=group, group_memberships__status=GroupMembership.Status.MEMBER)
        .order_by("preferred_name", "id")
    )
    assert [(r.pk, r.display_name) for r in rows] == [(u.pk, u.display_name) for u in users]
    memberships = GroupMembership.objects.filter(group=group, status=GroupMembership.Status.MEMBER).exclude(
        user=people[0]
    )
    removable = selectors.removable_member_rows(rows, people[0])
    assert {user_id: r.public_id for user_id, r in removable.items()} == {m.user_id: m.public_id for m in memberships}
    assert people[0].pk not in removable


def _get(client, group):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("peergroups:member-detail", args=[group.public_id]))
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def test_the_same_queries_for_a_small_and_a_big_group(client, group, people, programme):
    client.force_login(people[0])
    body, small = _get(client, group)
    assert small == MY_GROUP_QUERIES
    assert body.count("(<a href=") == len(people) - 1  # a remove link for everyone but the coordinator
    for n in range(6):
        enrolment = join(programme, preferred_name=f"Later {n}")
        GroupMembership.objects.create(group=group, user=enrolment.user, status=GroupMembership.Status.MEMBER)
    body, big = _get(client, group)
    assert big == small
    assert body.count("(<a href=") == len(people) - 1 + 6
