import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

STAFF_URLS = ["home:staff-home", "home:service-detail"]


@pytest.mark.parametrize("name", STAFF_URLS)
@pytest.mark.parametrize("role_fixture", ["clinician", "service_admin", "ptv", "researcher"])
def test_staff_pages_allow_each_staff_role(request, staff_client, name, role_fixture):
    user = request.getfixturevalue(role_fixture)
    assert staff_client(user).get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", STAFF_URLS)
def test_staff_pages_forbid_members(client, member, name):
    client.force_login(member)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", STAFF_URLS)
def test_staff_pages_send_anonymous_people_to_sign_in(client, name):
    assert client.get(reverse(name)).status_code == 302


def test_inactive_staff_role_gives_no_access(staff_client, clinician):
    clinician.staff_roles.update(is_active=False)
    assert staff_client(clinician).get(reverse("home:staff-home")).status_code == 403


def test_service_detail_lists_own_staff_only(staff_client, clinician, other_clinician):
    body = staff_client(clinician).get(reverse("home:service-detail")).content.decode()
    assert clinician.preferred_name in body
    assert other_clinician.preferred_name not in body
