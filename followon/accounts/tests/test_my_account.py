import json

import pytest
from django.urls import reverse

from followon.accounts import services
from followon.accounts.models import AccountClosureRequest, ConsentRecord, ServiceMembership
from followon.core.models import AuditEvent

pytestmark = pytest.mark.django_db


class TestMyData:
    def test_page_shows_everything_held(self, client, enrolled_member, service):
        services.consent_record(user=enrolled_member, service=service, kind="research", decision="given")
        client.force_login(enrolled_member)
        body = client.get(reverse("accounts:my-data")).content.decode()
        assert "Maggie Member" in body and "+447700900982" in body
        assert "Research use of your data" in body and service.name in body

    def test_download_is_json_with_every_section_and_is_audited(self, client, enrolled_member):
        client.force_login(enrolled_member)
        response = client.get(reverse("accounts:my-data-download"))
        assert response["Content-Disposition"].startswith("attachment")
        data = json.loads(response.content)
        assert set(data["sections"]) >= {"profile", "memberships", "consents", "activity"}
        assert data["sections"]["profile"]["items"][0]["Email address"] == "maggie@example.test"
        assert AuditEvent.objects.filter(action="my_data.downloaded", actor=enrolled_member).exists()

    def test_only_your_own_data(self, client, enrolled_member, member):
        client.force_login(member)
        data = json.loads(client.get(reverse("accounts:my-data-download")).content)
        assert "maggie@example.test" not in json.dumps(data)

    def test_anonymous_people_are_sent_to_sign_in(self, client):
        for name in ["accounts:my-account", "accounts:my-data", "accounts:my-data-download", "accounts:close-account"]:
            response = client.get(reverse(name))
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))

    def test_account_page_allowed(self, client, enrolled_member):
        client.force_login(enrolled_member)
        assert "Your account" in client.get(reverse("accounts:my-account")).content.decode()


class TestClosure:
    def test_member_asks_and_admin_sees_task_with_retention_rule(
        self, client, staff_client, enrolled_member, service_admin
    ):
        client.force_login(enrolled_member)
        page = client.get(reverse("accounts:close-account")).content.decode()
        assert "8 years" in page
        client.post(reverse("accounts:close-account"), {"reason": "Moving away"})
        closure = AccountClosureRequest.objects.get()
        admin = staff_client(service_admin)
        assert enrolled_member.preferred_name in admin.get(reverse("accounts:closure-list")).content.decode()
        detail = admin.get(reverse("accounts:closure-detail", args=[closure.public_id])).content.decode()
        assert "Retention rule" in detail and "8 years" in detail and "Moving away" in detail

    def test_admin_completes_it_and_the_account_is_closed_at_once(
        self, client, staff_client, enrolled_member, service_admin, service
    ):
        from django.test import Client

        services.consent_record(user=enrolled_member, service=service, kind="contact_sharing", decision="given")
        client = Client()  # the member's own browser (staff_client uses the `client` fixture)
        client.force_login(enrolled_member)
        client.post(reverse("accounts:close-account"), {})
        closure = AccountClosureRequest.objects.get()
        response = staff_client(service_admin).post(reverse("accounts:closure-detail", args=[closure.public_id]))
        assert response.status_code == 302
        enrolled_member.refresh_from_db()
        assert not enrolled_member.is_active and enrolled_member.mobile is None and enrolled_member.email is None
        assert enrolled_member.preferred_name == "Former member"
        assert not ServiceMembership.objects.filter(user=enrolled_member, left_at__isnull=True).exists()
        assert ConsentRecord.objects.get(user=enrolled_member, is_current=True).decision == "withdrawn"
        assert AuditEvent.objects.filter(action="account_closure.completed").exists()
        # The member's session no longer works.
        assert client.get(reverse("accounts:my-account")).status_code == 302

    def test_non_members_cannot_ask(self, client, member):
        client.force_login(member)
        assert client.get(reverse("accounts:close-account")).status_code == 403

    def test_only_service_admins_see_requests(
        self, staff_client, clinician, enrolled_member, other_service, make_staff
    ):
        from followon.organisations.models import StaffRole

        (closure,) = services.closure_request_create(user=enrolled_member)
        assert staff_client(clinician).get(reverse("accounts:closure-list")).status_code == 403
        other_admin = make_staff(other_service, StaffRole.Role.SERVICE_ADMIN)
        response = staff_client(other_admin).get(reverse("accounts:closure-detail", args=[closure.public_id]))
        assert response.status_code == 404

    def test_closure_list_query_count_does_not_grow(
        self, staff_client, service_admin, service, django_assert_max_num_queries
    ):
        from followon.accounts.tests.factories import ServiceMembershipFactory, UserFactory

        client = staff_client(service_admin)
        user = UserFactory()
        ServiceMembershipFactory(service=service, user=user)
        services.closure_request_create(user=user)
        with django_assert_max_num_queries(20) as few:
            client.get(reverse("accounts:closure-list"))
        for _ in range(10):
            user = UserFactory()
            ServiceMembershipFactory(service=service, user=user)
            services.closure_request_create(user=user)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(reverse("accounts:closure-list"))
