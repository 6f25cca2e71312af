"""MFA gate on every staff page, session time limits, the platform admin, security pages."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from followon.accounts.tests.factories import STAFF_PASSWORD, UserFactory
from followon.accounts.tests.helpers import give_totp, pass_mfa, totp_code

pytestmark = pytest.mark.django_db

STAFF_HOME = reverse("home:staff-home")


def staff_urls():
    return [
        reverse("home:staff-home"),
        reverse("home:service-detail"),
        reverse("core:audit-list"),
        reverse("accounts:invitation-list"),
        reverse("accounts:invitation-new"),
        reverse("accounts:notice-list"),
        reverse("accounts:closure-list"),
    ]


class TestMFAGate:
    def test_staff_without_an_authenticator_can_reach_only_the_set_up_page(self, client, service_admin):
        client.force_login(service_admin)
        for url in staff_urls():
            response = client.get(url)
            assert response.status_code == 302, url
            assert response.url == reverse("mfa_activate_totp"), url
        # Not signed in with a password in this session: allauth asks for it first.
        response = client.get(reverse("mfa_activate_totp"))
        assert response.url.startswith(reverse("account_reauthenticate"))
        assert client.get(response.url).status_code == 200
        client.post(response.url, {"password": STAFF_PASSWORD})
        assert client.get(reverse("mfa_activate_totp")).status_code == 200

    def test_staff_session_that_skipped_the_authenticator_step_must_sign_in_again(self, client, clinician):
        give_totp(clinician)
        client.force_login(clinician)  # signed in without using the app in this session
        response = client.get(STAFF_HOME)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:staff-sign-in"))
        assert "_auth_user_id" not in client.session

    def test_setting_up_the_authenticator_opens_staff_pages(self, client, clinician):
        client.post(reverse("accounts:staff-sign-in"), {"login": clinician.email, "password": STAFF_PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
        assert page.status_code == 200
        secret = client.session["mfa.totp.secret"]
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
        assert response.status_code == 302 and response.url == reverse("mfa_view_recovery_codes")
        codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
        assert "Keep these codes safe" in codes_page
        assert client.get(STAFF_HOME).status_code == 200

    def test_wrong_code_at_set_up_is_refused_and_nothing_is_saved(self, client, clinician):
        client.post(reverse("accounts:staff-sign-in"), {"login": clinician.email, "password": STAFF_PASSWORD})
        body = client.post(reverse("mfa_activate_totp"), {"code": "abc"}).content.decode()
        assert "There is a problem" in body
        assert client.get(STAFF_HOME).status_code == 302

    def test_a_recovery_code_works_instead_of_the_app(self, client, clinician):
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

        give_totp(clinician)
        codes = RecoveryCodes.activate(clinician).generate_codes()
        client.post(reverse("accounts:staff-sign-in"), {"login": clinician.email, "password": STAFF_PASSWORD})
        client.post(reverse("mfa_authenticate"), {"code": codes[0]})
        assert client.get(STAFF_HOME).status_code == 200

    def test_members_get_403_on_security_pages(self, client, member):
        client.force_login(member)
        for name in ["mfa_activate_totp", "mfa_index", "mfa_view_recovery_codes", "mfa_generate_recovery_codes"]:
            assert client.get(reverse(name)).status_code == 403, name

    def test_security_pages_send_anonymous_people_to_staff_sign_in(self, client):
        for name in ["mfa_activate_totp", "mfa_index", "mfa_view_recovery_codes"]:
            response = client.get(reverse(name))
            assert response.status_code == 302 and response.url.startswith(reverse("accounts:staff-sign-in"))

    def test_security_index_allowed_for_staff(self, staff_client, clinician):
        body = staff_client(clinician).get(reverse("mfa_index")).content.decode()
        assert "Turned on since" in body

    def test_staff_cannot_remove_their_authenticator(self, staff_client, clinician):
        client = staff_client(clinician)
        response = client.get(reverse("mfa_deactivate_totp"), follow=True)
        assert "Staff must keep an authenticator app" in response.content.decode()
        assert clinician.authenticator_set.filter(type="totp").exists()

    def test_totp_secret_is_encrypted_at_rest(self, clinician):
        from allauth.mfa.models import Authenticator

        secret = give_totp(clinician)
        stored = Authenticator.objects.get(user=clinician, type="totp").data["secret"]
        assert secret not in stored and stored.startswith("fernet:")


class TestSessionTimeouts:
    def test_staff_session_ends_after_30_minutes_idle(self, client, clinician):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            client.force_login(clinician)
            pass_mfa(client, clinician)
            assert client.get(STAFF_HOME).status_code == 200
            traveller.shift(29 * 60)
            assert client.get(STAFF_HOME).status_code == 200
            traveller.shift(29 * 60)  # active 29 minutes ago: still fine
            assert client.get(STAFF_HOME).status_code == 200
            traveller.shift(31 * 60)
            response = client.get(STAFF_HOME)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:staff-sign-in"))
        assert "_auth_user_id" not in client.session

    def test_staff_session_ends_after_12_hours_even_when_busy(self, client, clinician):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            client.force_login(clinician)
            pass_mfa(client, clinician)
            for _ in range(24):  # a request every 25 minutes for 10 hours
                traveller.shift(25 * 60)
                assert client.get(STAFF_HOME).status_code == 200
            traveller.shift(2 * 3600 + 60)
            response = client.get(STAFF_HOME)
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session

    def test_member_session_lasts_30_days_not_longer(self, client, member):
        home = reverse("accounts:my-account")
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            client.force_login(member)
            assert client.get(home).status_code == 200
            traveller.shift(29 * 24 * 3600)  # idle for weeks: members are not timed out when idle
            assert client.get(home).status_code == 200
            traveller.shift(2 * 24 * 3600)
            response = client.get(home)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))
        assert "_auth_user_id" not in client.session

    def test_signed_out_message_says_why(self, client, clinician):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            client.force_login(clinician)
            pass_mfa(client, clinician)
            client.get(STAFF_HOME)
            traveller.shift(31 * 60)
            response = client.get(STAFF_HOME, follow=True)
        assert "had not used FollowOn for 30 minutes" in response.content.decode()


class TestPlatformAdmin:
    def test_operator_with_mfa_can_use_the_admin(self, client):
        operator = UserFactory(is_staff=True, is_superuser=True, password=STAFF_PASSWORD)
        client.force_login(operator)
        pass_mfa(client, operator)
        assert client.get("/platform-admin/").status_code == 200

    def test_operator_without_mfa_is_sent_to_set_it_up(self, client):
        operator = UserFactory(is_staff=True, is_superuser=True, password=STAFF_PASSWORD)
        client.force_login(operator)
        response = client.get("/platform-admin/", follow=True)
        # Set-up, after confirming the password (not used yet in this session).
        assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
        assert "authenticator" in response.redirect_chain[-1][0]

    def test_operator_who_skipped_mfa_this_session_must_sign_in_again(self, client):
        operator = UserFactory(is_staff=True, is_superuser=True, password=STAFF_PASSWORD)
        give_totp(operator)
        client.force_login(operator)
        response = client.get("/platform-admin/", follow=True)
        assert reverse("accounts:staff-sign-in") in response.redirect_chain[-1][0]
        assert "_auth_user_id" not in client.session

    def test_pain_service_staff_are_not_platform_operators(self, staff_client, clinician):
        assert staff_client(clinician).get("/platform-admin/", follow=True).status_code == 403

    def test_django_admin_password_form_is_never_shown(self, client):
        response = client.get("/platform-admin/login/")
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:staff-sign-in"))
        assert client.get("/platform-admin/").status_code == 302


def test_operator_can_open_the_accounts_admin_pages(client):
    operator = UserFactory(is_staff=True, is_superuser=True, password=STAFF_PASSWORD)
    client.force_login(operator)
    pass_mfa(client, operator)
    for model in ["user", "invitation", "consentrecord", "consentnotice", "servicemembership", "accountclosurerequest"]:
        assert client.get(f"/platform-admin/accounts/{model}/").status_code == 200, model
    assert client.get("/platform-admin/mfa/authenticator/").status_code == 200
