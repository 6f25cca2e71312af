"""Group pages in Welsh (issue 18 phase C; ADR 0027): the member's leave, role and "no longer part of
the group" pages and the staff group pages under /cy/, with realistic data so optional sections show
(a supporting PTV, members with roles, recorded meetings, a status history), and no English sentence
left on them. Names people gave (groups, programmes, people) are data, not the page's words."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from followon.core.tests.english import english_sentences
from followon.meetings.tests.factories import meet
from followon.notifications.models import OutboundMessage
from followon.peergroups import services
from followon.peergroups.models import GroupMembership, GroupRole
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join

pytestmark = pytest.mark.django_db


def welsh(name, *args):
    with translation.override("cy"):
        return reverse(name, args=args)


# The staff pages' "You are working in <service>" bar is the base layout's (templates/layout.jinja, still
# listed in core/tests/test_template_literals.py), not this app's.
STAFF_LAYOUT = frozenset({"You are working in North Bristol Pain Service"})


def no_english(body, allowed=frozenset()):
    found = english_sentences(body, "cy", allowed)
    assert found == [], found


@pytest.fixture
def programme(service, clinician, ptv):
    return finished_programme(service, clinician, ptvs=[ptv], title="Rhaglen yr hydref")


@pytest.fixture
def people(programme):
    enrolments = [join(programme, preferred_name=name) for name in ["Alun", "Betsan", "Cerys", "Dafydd"]]
    for enrolment in enrolments:
        answer(enrolment, "yes")
    return [enrolment.user for enrolment in enrolments]


@pytest.fixture
def group(programme, people, clinician, ptv):
    group = form_group(programme, clinician, name="Cerddwyr dydd Mawrth", supporter=ptv, accept=True)
    services.role_take(group=group, user=people[0], role="coordinator")
    meet(group, people[0], people[:3], days_ago=14)
    meet(group, people[0], people[:2], days_ago=7, face_to_face=False)
    services.group_transition(group=group, to_status="paused", actor=clinician)
    services.group_transition(group=group, to_status="active", actor=clinician)
    return group


def test_leaving_a_group_in_welsh(client, group, people):
    client.force_login(people[1])
    address = welsh("peergroups:member-leave", group.public_id)
    body = client.get(address).content.decode()
    assert "Gadael Cerddwyr dydd Mawrth" in body and "Nid yw&#39;n addas i mi" in body
    no_english(body)
    # A reason that is not offered: the message names the question, in Welsh.
    body = client.post(address, {"reason": "bored"}).content.decode()
    assert "Dewiswch pam rydych yn gadael, neu gadewch hyn yn wag" in body
    no_english(body)


def test_taking_on_a_role_in_welsh(client, group, people):
    client.force_login(people[1])
    address = welsh("peergroups:member-role", group.public_id)
    body = client.get(address).content.decode()
    assert "Pa rôl yr hoffech ei chymryd?" in body
    no_english(body)
    body = client.post(address, {}).content.decode()
    assert "Dewiswch rôl" in body
    no_english(body)
    for role, person in zip(GroupRole.Role.values[1:], people[1:], strict=True):
        services.role_take(group=group, user=person, role=role)
    body = client.get(address).content.decode()
    assert "Mae pob rôl wedi'i chymryd" in body
    no_english(body)
    body = client.post(welsh("peergroups:member-role-end", group.public_id), {"role": "co_coordinator"})
    assert "Camu i lawr o&#39;r rôl" in body.content.decode()
    no_english(body.content.decode())


def test_the_page_for_someone_removed_from_a_group_in_welsh(client, group, people, clinician):
    membership = group.memberships.get(user=people[3], status=GroupMembership.Status.MEMBER)
    services.membership_remove(membership=membership, actor=clinician, reason="confidentiality")
    client.force_login(people[3])
    body = client.get(welsh("peergroups:member-detail", group.public_id)).content.decode()
    assert "<h1>Dydych chi ddim yn rhan o Cerddwyr dydd Mawrth mwyach</h1>" in body
    no_english(body)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("peergroups:staff-list", lambda g, m: []),
        ("peergroups:staff-detail", lambda g, m: [g.public_id]),
        ("peergroups:staff-status", lambda g, m: [g.public_id]),
        ("peergroups:staff-remove", lambda g, m: [g.public_id, m.public_id]),
        ("peergroups:staff-new", lambda g, m: [g.programme.public_id]),
    ],
)
def test_staff_group_pages_in_welsh(staff_client, clinician, group, people, name, args):
    membership = group.memberships.get(user=people[1], status=GroupMembership.Status.MEMBER)
    body = staff_client(clinician).get(welsh(name, *args(group, membership))).content.decode()
    assert 'lang="cy"' in body
    no_english(body, STAFF_LAYOUT)


def test_staff_group_forms_show_welsh_errors(staff_client, clinician, group, people):
    client = staff_client(clinician)
    body = client.post(welsh("peergroups:staff-new", group.programme.public_id), {}).content.decode()
    assert "Rhowch enw i&#39;r grŵp" in body
    no_english(body, STAFF_LAYOUT)
    body = client.post(welsh("peergroups:staff-status", group.public_id), {}).content.decode()
    assert "Dewiswch beth sydd wedi digwydd i&#39;r grŵp" in body
    no_english(body, STAFF_LAYOUT)
    membership = group.memberships.get(user=people[1], status=GroupMembership.Status.MEMBER)
    body = client.post(welsh("peergroups:staff-remove", group.public_id, membership.public_id), {}).content.decode()
    assert "Dewiswch y rheswm dros dynnu&#39;r aelod hwn o&#39;r grŵp" in body
    no_english(body, STAFF_LAYOUT)


def test_a_welsh_member_is_told_kindly_in_welsh_when_removed(group, people, clinician):
    group.service.message_languages = ["cy"]
    group.service.save()
    person = people[3]
    person.language, person.mobile = "cy", "+447700900218"
    person.save()
    membership = group.memberships.get(user=person, status=GroupMembership.Status.MEMBER)
    services.membership_remove(membership=membership, actor=clinician, reason="confidentiality")
    text = OutboundMessage.objects.get(recipient=person, template="group_removed", channel="sms").body
    assert text.startswith(f"Helo Dafydd. Dydych chi ddim yn rhan o {group.name} mwyach.")
    assert "/cy/my/groups/" in text


def test_removing_a_member_tells_staff_in_welsh(staff_client, clinician, group, people):
    """The flash after a removal (peergroups.views._remove) is Welsh on a Welsh page, the member's and
    the group's names in it as data (issue 18)."""
    client = staff_client(clinician)
    membership = group.memberships.get(user=people[1], status=GroupMembership.Status.MEMBER)
    response = client.post(
        welsh("peergroups:staff-remove", group.public_id, membership.public_id),
        {"reason": GroupMembership.RemovalReason.CONFIDENTIALITY},
        follow=True,
    )
    body = response.content.decode()
    name = people[1].display_name
    assert f"Nid yw {name} yn aelod o Cerddwyr dydd Mawrth mwyach." in html.unescape(body)
    assert "is no longer a member of" not in body
    no_english(body, STAFF_LAYOUT)
