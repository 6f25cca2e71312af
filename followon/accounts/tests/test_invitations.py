import re
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from followon.accounts import services
from followon.accounts.models import Invitation, ServiceMembership, User
from followon.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def link_path(outbox):
    body = outbox("invitation")[-1].body
    return re.search(r"https?://[^/\s]+(/invitations/[^\s]+/)", body).group(1)


@pytest.fixture
def invitation(service, clinician):
    return services.invitation_create(
        service=service, invited_by=clinician, preferred_name="Maggie", mobile="07700 900123"
    )


class TestCreate:
    def test_clinician_invites_by_mobile(self, staff_client, clinician, outbox):
        client = staff_client(clinician)
        response = client.post(
            reverse("accounts:invitation-new"),
            {"preferred_name": "Maggie", "channel": "sms", "mobile": "+44 7700 900123", "email": ""},
        )
        assert response.status_code == 302
        invitation = Invitation.objects.get()
        assert invitation.mobile == "+447700900123" and invitation.channel == "sms"
        message = outbox("invitation")[-1]
        assert message.to_address == "+447700900123" and "14 days" in message.body
        token = link_path(outbox).split("/")[2]
        assert token not in invitation.token_hash  # only a hash is stored
        assert AuditEvent.objects.filter(action="invitation.created").exists()

    @pytest.mark.parametrize(
        ("at", "channel", "said", "not_said"),
        [
            # 10:30pm: a text waits for 8am (quiet hours), so the page must not say it was sent.
            ("2026-12-04T22:30:00+00:00", "sms", "will be sent by text message at 8am tomorrow", "Invitation sent"),
            ("2026-12-05T06:15:00+00:00", "sms", "will be sent by text message at 8am today", "Invitation sent"),
            ("2026-12-04T10:30:00+00:00", "sms", "Invitation sent to Maggie by text message.", "will be sent"),
            # Email is not held overnight.
            ("2026-12-04T22:30:00+00:00", "email", "Invitation sent to Maggie by email.", "will be sent"),
        ],
    )
    def test_the_page_says_when_the_invitation_will_go(
        self, staff_client, clinician, outbox, at, channel, said, not_said
    ):
        with time_machine.travel(at, tick=False):
            response = staff_client(clinician).post(
                reverse("accounts:invitation-new"),
                {"preferred_name": "Maggie", "channel": channel, "mobile": "07700 900123", "email": "m@example.test"},
                follow=True,
            )
        page = response.content.decode()
        assert said in page
        assert not_said not in page

    def test_service_admin_invites_by_email(self, staff_client, service_admin, outbox):
        staff_client(service_admin).post(
            reverse("accounts:invitation-new"),
            {"preferred_name": "Sam", "channel": "email", "mobile": "", "email": "Sam@Example.test"},
        )
        assert outbox("invitation")[-1].to_address == "sam@example.test"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (
                {"preferred_name": "", "channel": "sms", "mobile": "07700 900123"},
                "Enter the name they like to be called",
            ),
            ({"preferred_name": "M", "mobile": "07700 900123"}, "Select how to send the invitation"),
            ({"preferred_name": "M", "channel": "sms", "mobile": ""}, "Enter a mobile phone number"),
            ({"preferred_name": "M", "channel": "sms", "mobile": "0117 496 0000"}, "This is not a mobile number"),
            (
                {"preferred_name": "M", "channel": "sms", "mobile": "+33 6 12 34 56 78"},
                "Enter a UK mobile phone number",
            ),
            ({"preferred_name": "M", "channel": "email", "email": "maggie@"}, "Enter an email address in the correct"),
            ({"preferred_name": "M", "channel": "email", "email": ""}, "Enter an email address"),
        ],
    )
    def test_bad_input_gets_specific_messages_and_keeps_what_was_typed(self, staff_client, clinician, data, message):
        response = staff_client(clinician).post(reverse("accounts:invitation-new"), data)
        body = response.content.decode()
        assert response.status_code == 200 and message in body
        for value in data.values():
            if value and value not in {"sms", "email"}:
                assert value in body
        assert not Invitation.objects.exists()

    def test_ptv_and_researcher_cannot_invite(self, staff_client, ptv, researcher):
        for user in (ptv, researcher):
            client = staff_client(user)
            assert client.get(reverse("accounts:invitation-new")).status_code == 403
            assert client.get(reverse("accounts:invitation-list")).status_code == 403

    def test_service_refuses_someone_without_the_role(self, service, ptv):
        with pytest.raises(PermissionDenied):
            services.invitation_create(service=service, invited_by=ptv, preferred_name="M", mobile="07700 900123")

    def test_programme_invitation_keeps_a_generic_hook(self, service, clinician):
        class Programme:
            public_id = "0b8e4c8e-9b7e-4a59-9c0b-6bb5b0a3c9a1"

        invitation = services.invitation_create(
            service=service, invited_by=clinician, preferred_name="M", email="m@example.test", programme=Programme()
        )
        assert invitation.purpose == "programme"
        assert str(invitation.target_public_id) == Programme.public_id


class TestListAndDetail:
    def test_list_shows_own_service_only(self, staff_client, clinician, other_clinician, other_service, invitation):
        services.invitation_create(
            service=other_service, invited_by=other_clinician, preferred_name="Elsewhere", email="e@example.test"
        )
        body = staff_client(clinician).get(reverse("accounts:invitation-list")).content.decode()
        assert "Maggie" in body and "Elsewhere" not in body

    def test_other_services_invitation_is_404(self, staff_client, other_clinician, invitation):
        client = staff_client(other_clinician)
        assert client.get(reverse("accounts:invitation-detail", args=[invitation.public_id])).status_code == 404
        assert client.post(reverse("accounts:invitation-resend", args=[invitation.public_id])).status_code == 404
        assert client.post(reverse("accounts:invitation-revoke", args=[invitation.public_id])).status_code == 404

    def test_detail_allowed_for_own_service(self, staff_client, clinician, invitation):
        body = staff_client(clinician).get(reverse("accounts:invitation-detail", args=[invitation.public_id]))
        assert body.status_code == 200 and "07700 900123" in body.content.decode()

    def test_members_and_anonymous_are_kept_out(self, client, member, invitation):
        for name, args in [("accounts:invitation-list", []), ("accounts:invitation-detail", [invitation.public_id])]:
            assert client.get(reverse(name, args=args)).status_code == 302
        client.force_login(member)
        assert client.get(reverse("accounts:invitation-list")).status_code == 403
        assert client.post(reverse("accounts:invitation-resend", args=[invitation.public_id])).status_code == 403

    def test_list_query_count_does_not_grow(self, staff_client, clinician, service, django_assert_max_num_queries):
        client = staff_client(clinician)
        services.invitation_create(service=service, invited_by=clinician, preferred_name="A", email="a@example.test")
        with django_assert_max_num_queries(20) as few:
            client.get(reverse("accounts:invitation-list"))
        for i in range(25):
            services.invitation_create(
                service=service, invited_by=clinician, preferred_name=f"P{i}", email=f"p{i}@e.test"
            )
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(reverse("accounts:invitation-list"))


class TestResendAndRevoke:
    def test_resend_sends_a_new_link_and_the_old_one_stops_working(self, staff_client, clinician, client, outbox):
        admin_client = staff_client(clinician)
        admin_client.post(
            reverse("accounts:invitation-new"), {"preferred_name": "Maggie", "channel": "sms", "mobile": "07700900123"}
        )
        old_link = link_path(outbox)
        invitation = Invitation.objects.get()
        response = admin_client.post(reverse("accounts:invitation-resend", args=[invitation.public_id]))
        assert response.status_code == 302
        new_link = link_path(outbox)
        assert new_link != old_link
        admin_client.logout()
        assert client.get(old_link).status_code == 404
        assert client.get(new_link).status_code == 200
        invitation.refresh_from_db()
        assert invitation.send_count == 2

    def test_revoked_invitation_cannot_be_accepted(self, staff_client, clinician, client, outbox, invitation):
        path = link_path(outbox)
        staff_client(clinician).post(reverse("accounts:invitation-revoke", args=[invitation.public_id]))
        staff_client(clinician).logout()
        response = client.post(path)
        assert "This invitation was cancelled" in response.content.decode()
        assert not User.objects.filter(mobile="+447700900123").exists()
        assert AuditEvent.objects.filter(action="invitation.revoked").exists()

    def test_resend_refuses_get(self, staff_client, clinician, invitation):
        url = reverse("accounts:invitation-resend", args=[invitation.public_id])
        assert staff_client(clinician).get(url).status_code == 405


class TestAccept:
    def test_accepting_creates_the_member_verifies_the_channel_and_signs_in(self, client, outbox, invitation, service):
        path = link_path(outbox)
        page = client.get(path)
        assert page.status_code == 200 and "has invited you" in page.content.decode()
        response = client.post(path)
        assert response.status_code == 302 and response.url == reverse("accounts:choices")
        user = User.objects.get(mobile="+447700900123")
        assert user.mobile_verified_at is not None and not user.has_usable_password()
        assert ServiceMembership.objects.filter(service=service, user=user, left_at__isnull=True).exists()
        assert client.session["_auth_user_id"] == str(user.pk)
        assert service.consent_notices.count() == 4

    def test_link_is_single_use(self, client, outbox, invitation):
        path = link_path(outbox)
        client.post(path)
        client.post(reverse("accounts:sign-out"))
        response = client.post(path)
        assert "You have already accepted this invitation" in response.content.decode()
        assert User.objects.filter(mobile="+447700900123").count() == 1

    def test_link_expires_after_14_days(self, client, outbox, service, clinician):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            services.invitation_create(service=service, invited_by=clinician, preferred_name="M", mobile="07700900123")
            path = link_path(outbox)
            traveller.shift(timedelta(days=14, seconds=1))
            response = client.post(path)
        assert "This invitation has expired" in response.content.decode()
        assert not User.objects.filter(mobile="+447700900123").exists()

    def test_a_link_for_an_existing_account_never_signs_in_to_it(self, client, outbox, service, clinician, member):
        services.invitation_create(service=service, invited_by=clinician, preferred_name="M", email=member.email)
        path = link_path(outbox)
        response = client.post(path)
        assert response.status_code == 200
        assert "You already have a FollowOn account" in response.content.decode()
        assert "_auth_user_id" not in client.session
        assert not ServiceMembership.objects.filter(service=service, user=member).exists()
        assert Invitation.objects.get(service=service, email=member.email).status == Invitation.Status.PENDING
        assert User.objects.filter(email=member.email).count() == 1

    def test_the_owner_signed_in_with_their_own_code_accepts_for_their_account(
        self, client, outbox, enrolled_member, other_service, other_clinician
    ):
        # A member of one service invited by a second service: the link alone does nothing for them.
        services.invitation_create(
            service=other_service, invited_by=other_clinician, preferred_name="M", email=enrolled_member.email
        )
        path = link_path(outbox)
        assert "You already have a FollowOn account" in client.post(path).content.decode()
        assert not ServiceMembership.objects.filter(service=other_service, user=enrolled_member).exists()
        # Their own sign-in: a code sent to their email, typed on the code page.
        client.post(reverse("accounts:sign-in"), {"contact": enrolled_member.email})
        code = re.search(r"\b(\d{6})\b", outbox("sign_in_code")[-1].body).group(1)
        client.post(reverse("accounts:sign-in-code"), {"code": code})
        assert client.session["_auth_user_id"] == str(enrolled_member.pk)
        response = client.post(path)
        assert response.status_code == 302
        assert ServiceMembership.objects.filter(service=other_service, user=enrolled_member).exists()
        assert User.objects.filter(email=enrolled_member.email).count() == 1

    def test_unknown_link_is_404(self, client):
        response = client.get(reverse("accounts:invitation-accept", args=["nonsense"]))
        assert response.status_code == 404
        assert "This invitation link does not work" in response.content.decode()

    def test_signed_in_as_someone_else_is_refused(self, client, outbox, invitation, member):
        client.force_login(member)
        response = client.post(link_path(outbox))
        assert "You are signed in as someone else" in response.content.decode()
        invitation.refresh_from_db()
        assert invitation.status == Invitation.Status.PENDING

    def test_acceptance_signal_lets_other_apps_act(self, client, outbox, invitation):
        from followon.accounts.signals import invitation_accepted

        seen = []

        def receiver(sender, invitation, user, **kwargs):
            seen.append((invitation.public_id, user.mobile))

        invitation_accepted.connect(receiver)
        try:
            client.post(link_path(outbox))
        finally:
            invitation_accepted.disconnect(receiver)
        assert seen == [(invitation.public_id, "+447700900123")]
