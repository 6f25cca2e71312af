import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_page_shows_service_name_and_need_help_link(client):
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "FollowOn" in body
    assert reverse("core:need-help") in body
    assert "nhsuk-header" in body


def test_the_start_page_is_open_to_anonymous_people(client):
    assert client.get(reverse("home:index")).status_code == 200


def test_signed_in_member_sees_member_home_not_staff_home(client, member):
    client.force_login(member)
    response = client.get("/")
    assert response.status_code == 200
    assert "Hello, Maggie Member" in response.content.decode()


def test_signed_in_staff_are_sent_to_staff_home(staff_client, clinician):
    response = staff_client(clinician).get("/")
    assert response.status_code == 302
    assert response.url == reverse("home:staff-home")
