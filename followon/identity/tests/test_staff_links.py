"""A service admin links a staff member's CIS2 identity by invitation; the staff member uses it."""

import pytest
from django.urls import reverse

from followon.core.models import AuditEvent
from followon.identity.models import NationalIdentity, StaffIdentityInvitation
from followon.identity.providers import Environment, Provider
from followon.notifications.models import OutboundMessage

pytestmark = pytest.mark.django_db
LINKS = "/staff/cis2/"


def invite(staff_client, admin, staff_user):
    staff_client(admin).post(reverse("identity:staff-link-invite", args=[staff_user.public_id]))
    message = OutboundMessage.objects.filter(template="cis2_link_invitation").order_by("-id").first()
    return message.body.split("/staff/cis2/link/")[1].split("/")[0]


def test_only_service_admins_see_the_page(staff_client, service_admin, clinician):
    assert staff_client(clinician).get(LINKS).status_code == 403
    page = staff_client(service_admin).get(LINKS).content.decode()
    assert "Dr Clare Clinician" in page and "Not linked" in page


def test_the_page_does_not_grow_its_queries_with_staff(
    staff_client, service_admin, service, make_staff, django_assert_max_num_queries
):
    client = staff_client(service_admin)
    for n in range(3):
        make_staff(service, "clinician", preferred_name=f"Clin {n}")
    client.get(LINKS)
    with django_assert_max_num_queries(12) as few:
        client.get(LINKS)
    for n in range(10):
        make_staff(service, "ptv", preferred_name=f"Ptv {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(LINKS)


def test_another_services_staff_cannot_be_invited(staff_client, service_admin, other_clinician):
    response = staff_client(service_admin).post(reverse("identity:staff-link-invite", args=[other_clinician.public_id]))
    assert response.status_code == 404
    assert not StaffIdentityInvitation.objects.exists()


def test_a_staff_member_links_cis2_from_the_emailed_link_and_signs_in(
    client, staff_client, national, service, service_admin, clinician
):
    national.enable(service)
    national.staff("clare", sub="555000000123")
    token = invite(staff_client, service_admin, clinician)
    message = OutboundMessage.objects.get(template="cis2_link_invitation")
    assert message.to_address == clinician.email and message.sensitive
    assert StaffIdentityInvitation.objects.get().token_hash != token  # only the hash is kept
    client.logout()
    page = client.get(f"/staff/cis2/link/{token}/").content.decode()
    assert "This link is for Dr Clare Clinician" in page
    response = national.through_provider(client, f"/staff/cis2/link/{token}/start/", person="clare")
    assert response["Location"] == reverse("home:staff-home")
    identity = NationalIdentity.objects.get(user=clinician)
    assert (identity.provider, identity.environment, identity.subject) == ("cis2", "mock", "555000000123")
    assert StaffIdentityInvitation.objects.get().status == "accepted"
    assert AuditEvent.objects.filter(action="national_identity.linked", detail__how="staff_invitation").exists()
    # The link works once.
    client.logout()
    assert "already been used" in client.get(f"/staff/cis2/link/{token}/").content.decode()
    # The admin sees the link and the CIS2 roles; removing it stops CIS2 sign-in.
    admin = staff_client(service_admin)
    assert "Linked on" in admin.get(LINKS).content.decode()
    admin.post(reverse("identity:staff-link-remove", args=[clinician.public_id]))
    assert not NationalIdentity.objects.filter(user=clinician, provider=Provider.CIS2).exists()


def test_a_cancelled_or_expired_link_does_not_work(
    client, staff_client, national, service, service_admin, clinician, caplog
):
    national.enable(service)
    token = invite(staff_client, service_admin, clinician)
    invitation = StaffIdentityInvitation.objects.get()
    staff_client(service_admin).post(reverse("identity:staff-link-cancel", args=[invitation.public_id]))
    client.logout()
    assert "This link was cancelled" in client.get(f"/staff/cis2/link/{token}/").content.decode()
    assert client.get("/staff/cis2/link/not-a-token/").status_code == 404
    assert "not-a-token" not in caplog.text and token not in caplog.text  # link tokens stay out of the logs


def test_an_identity_linked_to_someone_else_is_not_linked_again(
    client, staff_client, national, service, service_admin, clinician, ptv
):
    national.enable(service)
    national.staff("pat", sub="555000000777")
    NationalIdentity.objects.create(
        user=ptv, provider=Provider.CIS2, environment=Environment.MOCK, subject="555000000777", how="demo"
    )
    token = invite(staff_client, service_admin, clinician)
    client.logout()
    response = national.through_provider(client, f"/staff/cis2/link/{token}/start/", person="pat")
    assert "linked to another FollowOn account" in response.content.decode()
    assert StaffIdentityInvitation.objects.get().status == "pending"
