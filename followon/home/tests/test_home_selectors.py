"""home.selectors.is_staff_member: organisations.selectors.is_staff_member with its SQL built once
per process (ADR 0035); the same answer in every state of a person's staff roles."""

import pytest
from django.contrib.auth.models import AnonymousUser

from followon.home import selectors
from followon.organisations import selectors as organisations
from followon.organisations.models import StaffRole

pytestmark = pytest.mark.django_db


def test_the_same_answer_as_organisations(member, clinician, ptv, other_clinician):
    people = [member, clinician, ptv, other_clinician]
    for person in [*people, AnonymousUser()]:
        assert selectors.is_staff_member(person) == organisations.is_staff_member(person)
    assert [selectors.is_staff_member(p) for p in people] == [False, True, True, True]
    # A role ended: no longer staff, on the very next call.
    StaffRole.objects.filter(user=clinician).update(is_active=False)
    assert selectors.is_staff_member(clinician) is False is organisations.is_staff_member(clinician)
    StaffRole.objects.create(service=other_clinician.staff_roles.get().service, user=member, role="ptv")
    assert selectors.is_staff_member(member) is True is organisations.is_staff_member(member)


def test_a_staff_member_is_sent_to_staff_home(client, clinician, member):
    client.force_login(clinician)
    assert client.get("/").headers["Location"].endswith("/staff/")
    client.force_login(member)
    assert client.get("/").status_code == 200
