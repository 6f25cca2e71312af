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


@pytest.mark.parametrize(
    ("role_fixture", "words"),
    [
        ("ptv", "Your role in this service: Patient tutor volunteer (PTV)"),
        ("service_admin", "Your role in this service: Service admin"),
        ("researcher", "Your role in this service: Researcher"),
    ],
)
def test_staff_home_names_the_role_in_words_not_its_code(request, staff_client, role_fixture, words):
    # Issue 21, item 11: "You are signed in as ptv" showed the stored code.
    body = staff_client(request.getfixturevalue(role_fixture)).get(reverse("home:staff-home")).content.decode()
    assert words in body
    assert "signed in as ptv" not in body and "service_admin" not in body.split("<main", 1)[-1]
