"""The service switcher: staff with roles in several services choose which one they work in (POST,
checked against their roles now, audited), and every staff page says which service it shows."""

import pytest
from django.urls import reverse

from followon.core.models import AuditEvent
from followon.core.permissions import SESSION_SERVICE_KEY
from followon.organisations.models import StaffRole
from followon.organisations.tests.factories import PainServiceFactory
from followon.peergroups.models import PeerGroup

pytestmark = pytest.mark.django_db

SWITCH = reverse("core:switch-service")
GROUPS = reverse("peergroups:staff-list")


@pytest.fixture
def both(clinician, other_service):
    """A clinician of North Bristol who is also a PTV of the other service."""
    StaffRole.objects.create(user=clinician, service=other_service, role=StaffRole.Role.PTV)
    return clinician


@pytest.fixture
def groups(service, other_service):
    return (
        PeerGroup.objects.create(service=service, name="CANARY-NORTH-BRISTOL-GROUP"),
        PeerGroup.objects.create(service=other_service, name="CANARY-OTHER-SERVICE-GROUP"),
    )


def detail(group):
    return reverse("peergroups:staff-detail", args=[group.public_id])


def test_every_staff_page_says_which_service_and_offers_the_others(staff_client, both, other_service):
    client = staff_client(both)
    for url in [reverse("home:staff-home"), GROUPS, reverse("home:service-detail")]:
        body = client.get(url).content.decode()
        assert "You are working in <strong>North Bristol Pain Service</strong>" in body, url
        assert f'<option value="{other_service.public_id}">Other Pain Service</option>' in body, url


def test_staff_of_one_service_see_its_name_and_no_switcher(staff_client, clinician):
    body = staff_client(clinician).get(GROUPS).content.decode()
    assert "You are working in <strong>North Bristol Pain Service</strong>" in body
    assert "Switch service" not in body


def test_members_pages_have_no_service_bar(client, member):
    client.force_login(member)
    assert "You are working in" not in client.get(reverse("peergroups:my-groups")).content.decode()


def test_switching_shows_the_other_service_only_and_is_audited(staff_client, both, service, other_service, groups):
    north, other = groups
    client = staff_client(both)
    response = client.post(SWITCH, {"service": str(other_service.public_id)})
    assert response.status_code == 302 and response["Location"] == reverse("home:staff-home")
    assert client.session[SESSION_SERVICE_KEY] == other_service.pk
    body = client.get(GROUPS).content.decode()
    assert "You are working in <strong>Other Pain Service</strong>" in body
    assert other.name in body and north.name not in body
    assert client.get(detail(north)).status_code == 404
    events = AuditEvent.objects.filter(action="staff.service_switched", actor=both)
    assert {e.service_id for e in events} == {service.pk, other_service.pk}
    # Their roles are the other service's: a PTV there cannot change a group's status.
    assert client.get(reverse("peergroups:staff-status", args=[other.public_id])).status_code == 403


def test_after_switching_back_nothing_of_the_other_service_shows(staff_client, both, service, other_service, groups):
    north, other = groups
    client = staff_client(both)
    client.post(SWITCH, {"service": str(other_service.public_id)})
    assert client.get(detail(other)).status_code == 200
    client.post(SWITCH, {"service": str(service.public_id)})
    body = client.get(GROUPS).content.decode()
    assert north.name in body and other.name not in body and "CANARY-OTHER" not in body
    assert client.get(detail(other)).status_code == 404
    assert "CANARY-OTHER" not in client.get(reverse("home:staff-home")).content.decode()
    assert "CANARY-OTHER" not in client.get(reverse("core:audit-list")).content.decode()


def test_a_service_they_do_not_work_for_is_refused(staff_client, both, service):
    stranger = PainServiceFactory(name="Stranger Pain Service", slug="stranger")
    client = staff_client(both)
    for value in [str(stranger.public_id), "not-a-uuid", "\x00", ""]:
        assert client.post(SWITCH, {"service": value}).status_code == 404
    assert SESSION_SERVICE_KEY not in client.session
    assert not AuditEvent.objects.filter(action="staff.service_switched").exists()


def test_a_role_that_ends_after_switching_takes_them_back_to_their_other_service(
    staff_client, both, other_service, groups
):
    north, other = groups
    client = staff_client(both)
    client.post(SWITCH, {"service": str(other_service.public_id)})
    StaffRole.objects.filter(user=both, service=other_service).update(is_active=False)
    body = client.get(GROUPS).content.decode()
    assert north.name in body and other.name not in body
    assert client.get(detail(other)).status_code == 404


def test_switching_needs_a_post_and_a_staff_member(client, staff_client, member, both, other_service):
    assert client.post(SWITCH, {"service": str(other_service.public_id)}).status_code == 302  # to sign in
    client.force_login(member)
    assert client.post(SWITCH, {"service": str(other_service.public_id)}).status_code == 403
    assert staff_client(both).get(SWITCH).status_code == 405
