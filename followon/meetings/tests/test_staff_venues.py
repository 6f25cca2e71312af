"""Staff screens for the service's venues: list, add, change; clinicians and service admins of that service only."""

import pytest
from django.urls import reverse

from followon.core.models import AuditEvent
from followon.meetings.models import Venue

pytestmark = pytest.mark.django_db

LIST = reverse("meetings:staff-venues")
NEW = reverse("meetings:staff-venue-new")


@pytest.fixture
def venue(service):
    return Venue.objects.create(service=service, name="The Hub", address="1 High Street", step_free=True)


def form_data(**changes):
    data = {"name": "Southmead Community Centre", "address": "Greystoke Avenue", "outcode": "bs10", "drink_cost": "£1"}
    data.update(changes)
    return data


@pytest.mark.parametrize("who", ["clinician", "service_admin"])
def test_clinicians_and_admins_list_add_and_change_venues(request, staff_client, who, venue, service, other_service):
    Venue.objects.create(service=other_service, name="Elsewhere Library")
    client = staff_client(request.getfixturevalue(who))
    page = client.get(LIST)
    assert page.status_code == 200
    text = page.content.decode()
    assert "The Hub" in text and "Step-free access" in text
    assert "Elsewhere Library" not in text

    assert client.get(NEW).status_code == 200
    response = client.post(NEW, form_data(step_free="on", accessible_toilet="on", near_bus_stop="on"))
    assert response.status_code == 302 and response.url == LIST
    added = Venue.objects.get(name="Southmead Community Centre")
    assert (added.service, added.group, added.outcode) == (service, None, "BS10")
    assert added.access_facts == ("Step-free access", "Accessible toilet", "Near a bus stop", "A drink costs about £1")

    edit = reverse("meetings:staff-venue", args=[venue.public_id])
    assert client.get(edit).status_code == 200
    response = client.post(edit, form_data(name="The Hub café", quiet_area="on"))
    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.name == "The Hub café"
    assert (venue.quiet_area, venue.step_free) == (True, False)
    assert AuditEvent.objects.filter(action__in=["venue.created", "venue.changed"]).count() == 2


def test_the_staff_home_links_to_venues(staff_client, clinician):
    page = staff_client(clinician).get(reverse("home:staff-home"))
    assert LIST in page.content.decode()


def test_bad_input_shows_an_error_and_keeps_what_was_typed(staff_client, clinician):
    client = staff_client(clinician)
    response = client.post(NEW, form_data(name="", outcode="123", address="Greystoke Avenue"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Enter the name of the venue" in text
    assert "Enter the first part of the postcode, like BS10" in text
    assert "Greystoke Avenue" in text
    assert not Venue.objects.exists()


def test_a_blank_name_on_change_changes_nothing(staff_client, clinician, venue):
    edit = reverse("meetings:staff-venue", args=[venue.public_id])
    response = staff_client(clinician).post(edit, form_data(name="  "))
    assert response.status_code == 200
    assert "Enter the name of the venue" in response.content.decode()
    venue.refresh_from_db()
    assert venue.name == "The Hub"


def test_another_services_staff_cannot_see_or_change_our_venues(staff_client, other_clinician, venue):
    client = staff_client(other_clinician)
    assert "The Hub" not in client.get(LIST).content.decode()
    edit = reverse("meetings:staff-venue", args=[venue.public_id])
    assert client.get(edit).status_code == 404
    assert client.post(edit, form_data(name="Taken")).status_code == 404
    venue.refresh_from_db()
    assert venue.name == "The Hub"


def test_a_groups_own_venue_is_not_changed_here(staff_client, clinician, service):
    from followon.peergroups.tests.factories import form_group
    from followon.programmes.tests.factories import answer, finished_programme, join

    programme = finished_programme(service, clinician)
    for name in ["Ann", "Bea"]:
        answer(join(programme, preferred_name=name), "yes")
    group = form_group(programme, clinician, accept=True)
    own = Venue.objects.create(service=service, group=group, name="Ann's kitchen")
    client = staff_client(clinician)
    assert "Ann's kitchen" not in client.get(LIST).content.decode()
    assert client.get(reverse("meetings:staff-venue", args=[own.public_id])).status_code == 404


@pytest.mark.parametrize("who", ["ptv", "researcher"])
def test_other_staff_roles_are_refused(request, staff_client, who, venue):
    client = staff_client(request.getfixturevalue(who))
    for url in (LIST, NEW, reverse("meetings:staff-venue", args=[venue.public_id])):
        assert client.get(url).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    assert Venue.objects.count() == 1


def test_members_and_signed_out_people_are_refused(client, member, venue):
    for url in (LIST, NEW, reverse("meetings:staff-venue", args=[venue.public_id])):
        response = client.get(url)
        assert response.status_code == 302
        assert url not in response.url.split("?")[0]
    client.force_login(member)
    for url in (LIST, NEW, reverse("meetings:staff-venue", args=[venue.public_id])):
        assert client.get(url).status_code == 403
    assert client.post(NEW, form_data()).status_code == 403
    assert Venue.objects.count() == 1
