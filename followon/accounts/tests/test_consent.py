import pytest
from django.urls import reverse

from followon.accounts import selectors, services
from followon.accounts.models import ConsentKind, ConsentRecord
from followon.accounts.tests.factories import ServiceMembershipFactory, UserFactory
from followon.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SAFETY = ConsentKind.SAFETY_SCREEN.value
CONTACT = ConsentKind.CONTACT_SHARING.value


def decide_url(service, kind):
    return reverse("accounts:consent-decide", args=[service.public_id, kind.replace("_", "-")])


def withdraw_url(service, kind):
    return reverse("accounts:consent-withdraw", args=[service.public_id, kind.replace("_", "-")])


class TestMemberChoices:
    def test_agreeing_records_notice_version_channel_and_utc_time_and_is_audited(
        self, client, enrolled_member, service
    ):
        client.force_login(enrolled_member)
        response = client.post(decide_url(service, SAFETY), {"decision": "given"})
        assert response.status_code == 302
        record = ConsentRecord.objects.get(user=enrolled_member, kind=SAFETY, is_current=True)
        assert record.decision == "given" and record.version == 1 and record.channel == "web"
        assert record.notice == selectors.current_notice(service, SAFETY)
        assert record.recorded_at.utcoffset().total_seconds() == 0
        event = AuditEvent.objects.get(action="consent.given")
        assert event.detail == {"kind": SAFETY, "version": 1, "channel": "web"}
        assert selectors.safety_notice_accepted(enrolled_member, service)

    def test_every_consent_change_is_audited(self, client, enrolled_member, service):
        client.force_login(enrolled_member)
        client.post(decide_url(service, CONTACT), {"decision": "given"})
        client.post(withdraw_url(service, CONTACT))
        client.post(decide_url(service, CONTACT), {"decision": "declined"})
        services.consent_record(user=enrolled_member, service=service, kind=CONTACT, decision="given", channel="sms")
        actions = list(
            AuditEvent.objects.filter(action__startswith="consent.").order_by("id").values_list("action", flat=True)
        )
        assert actions == ["consent.given", "consent.withdrawn", "consent.declined", "consent.given"]
        assert ConsentRecord.objects.filter(user=enrolled_member, kind=CONTACT).count() == 4
        assert ConsentRecord.objects.filter(user=enrolled_member, kind=CONTACT, is_current=True).count() == 1

    def test_withdrawing_is_one_step_and_hides_the_data_in_the_same_request(self, client, enrolled_member, service):
        services.consent_record(user=enrolled_member, service=service, kind=CONTACT, decision="given")
        assert enrolled_member in selectors.consented_members(service, CONTACT)
        client.force_login(enrolled_member)
        response = client.post(withdraw_url(service, CONTACT), follow=True)
        assert "This has taken effect" in response.content.decode()
        assert not selectors.member_has_current_consent(enrolled_member, service, CONTACT)
        assert enrolled_member not in selectors.consented_members(service, CONTACT)

    def test_withdrawal_takes_effect_within_the_same_transaction(self, enrolled_member, service):
        from django.db import transaction

        services.consent_record(user=enrolled_member, service=service, kind=CONTACT, decision="given")
        with transaction.atomic():
            services.consent_withdraw(user=enrolled_member, service=service, kind=CONTACT)
            assert not selectors.consented_members(service, CONTACT).filter(pk=enrolled_member.pk).exists()

    def test_new_notice_version_needs_new_agreement(self, enrolled_member, service, service_admin):
        services.consent_record(user=enrolled_member, service=service, kind=SAFETY, decision="given")
        services.consent_notice_publish(
            service=service, kind=SAFETY, title="New", body="Changed", requires_new_agreement=True, actor=service_admin
        )
        assert not selectors.safety_notice_accepted(enrolled_member, service)
        services.consent_record(user=enrolled_member, service=service, kind=SAFETY, decision="given")
        assert selectors.safety_notice_accepted(enrolled_member, service)

    def test_small_correction_keeps_earlier_agreement(self, enrolled_member, service, service_admin):
        services.consent_record(user=enrolled_member, service=service, kind=SAFETY, decision="given")
        services.consent_notice_publish(
            service=service, kind=SAFETY, title="Typo", body="Fixed", requires_new_agreement=False, actor=service_admin
        )
        assert selectors.safety_notice_accepted(enrolled_member, service)

    def test_consent_belongs_to_the_service(self, enrolled_member, service, other_service):
        services.consent_record(user=enrolled_member, service=service, kind=SAFETY, decision="given")
        assert not selectors.safety_notice_accepted(enrolled_member, other_service)

    def test_choices_page_lists_the_notices(self, client, enrolled_member):
        client.force_login(enrolled_member)
        body = client.get(reverse("accounts:choices")).content.decode()
        assert "Keeping group messages safe" in body and "Not answered yet" in body

    def test_decision_is_required(self, client, enrolled_member, service):
        client.force_login(enrolled_member)
        body = client.post(decide_url(service, SAFETY), {}).content.decode()
        assert "Select yes if you agree, or no if you do not" in body

    def test_next_returns_to_the_page_that_asked(self, client, enrolled_member, service):
        client.force_login(enrolled_member)
        response = client.post(decide_url(service, SAFETY), {"decision": "given", "next": "/groups/x/"})
        assert response.url == "/groups/x/"
        response = client.post(decide_url(service, SAFETY), {"decision": "given", "next": "https://evil.test/"})
        assert response.url == reverse("accounts:choices")

    def test_another_services_notice_is_404(self, client, enrolled_member, other_service):
        services.consent_notices_ensure(service=other_service)
        client.force_login(enrolled_member)
        assert client.get(decide_url(other_service, SAFETY)).status_code == 404
        assert client.post(withdraw_url(other_service, SAFETY)).status_code == 404

    def test_unknown_kind_is_404(self, client, enrolled_member, service):
        client.force_login(enrolled_member)
        assert client.get(reverse("accounts:consent-decide", args=[service.public_id, "nonsense"])).status_code == 404

    def test_anonymous_people_are_sent_to_member_sign_in(self, client, service):
        for url in [reverse("accounts:choices"), decide_url(service, SAFETY)]:
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))
        assert client.get(withdraw_url(service, SAFETY)).status_code == 405

    def test_consented_members_is_a_queryset_of_current_members(self, service, enrolled_member):
        other = UserFactory()
        ServiceMembershipFactory(service=service, user=other)
        services.consent_record(user=enrolled_member, service=service, kind=CONTACT, decision="given")
        services.consent_record(user=other, service=service, kind=CONTACT, decision="declined")
        assert list(selectors.consented_members(service, CONTACT).values_list("pk", flat=True)) == [enrolled_member.pk]


class TestNoticeAdmin:
    def test_admin_edit_publishes_a_new_version_and_audits(self, staff_client, service_admin, service, enrolled_member):
        client = staff_client(service_admin)
        assert client.get(reverse("accounts:notice-edit", args=["safety-screen"])).status_code == 200
        response = client.post(
            reverse("accounts:notice-edit", args=["safety-screen"]),
            {"title": "Keeping messages safe", "body": "New words.", "requires_new_agreement": "yes"},
        )
        assert response.status_code == 302
        notice = selectors.current_notice(service, SAFETY)
        assert notice.version == 2 and notice.published_by == service_admin
        assert service.consent_notices.filter(kind=SAFETY).count() == 2
        assert AuditEvent.objects.filter(action="consent_notice.published", actor=service_admin).exists()

    def test_bad_input_keeps_what_was_typed(self, staff_client, service_admin):
        body = (
            staff_client(service_admin)
            .post(reverse("accounts:notice-edit", args=["research"]), {"title": "", "body": "My draft words"})
            .content.decode()
        )
        assert "Enter a title for the notice" in body and "My draft words" in body

    def test_only_service_admins(self, staff_client, clinician, client, member):
        assert staff_client(clinician).get(reverse("accounts:notice-list")).status_code == 403
        assert staff_client(clinician).get(reverse("accounts:notice-edit", args=["privacy"])).status_code == 403

    def test_list_allowed_and_query_count_does_not_grow(
        self, staff_client, service_admin, service, enrolled_member, django_assert_max_num_queries
    ):
        client = staff_client(service_admin)
        with django_assert_max_num_queries(25) as few:
            assert client.get(reverse("accounts:notice-list")).status_code == 200
        for _ in range(10):
            user = UserFactory()
            ServiceMembershipFactory(service=service, user=user)
            services.consent_record(user=user, service=service, kind=SAFETY, decision="given")
        with django_assert_max_num_queries(len(few.captured_queries)):
            body = client.get(reverse("accounts:notice-list")).content.decode()
        assert ">10<" in body

    def test_other_services_notices_are_not_shown(self, staff_client, service_admin, other_service, make_staff):
        from followon.organisations.models import StaffRole

        other_admin = make_staff(other_service, StaffRole.Role.SERVICE_ADMIN)
        services.consent_notice_publish(
            service=other_service,
            kind=SAFETY,
            title="Other words",
            body="x",
            requires_new_agreement=True,
            actor=other_admin,
        )
        body = staff_client(service_admin).get(reverse("accounts:notice-list")).content.decode()
        assert "Other words" not in body
