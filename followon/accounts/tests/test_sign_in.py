"""Members' code sign-in and staff password + authenticator sign-in."""

import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from followon.accounts.tests.factories import STAFF_PASSWORD
from followon.accounts.tests.helpers import give_totp, totp_code
from followon.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")
CODE = reverse("accounts:sign-in-code")
STAFF_SIGN_IN = reverse("accounts:staff-sign-in")


def code_from(outbox):
    message = outbox("sign_in_code")[-1]
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def ask_for_code(client, contact):
    return client.post(SIGN_IN, {"contact": contact})


class TestMemberCodeSignIn:
    def test_sms_code_signs_the_member_in(self, client, enrolled_member, outbox):
        response = ask_for_code(client, "07700 900982")
        assert response.status_code == 302 and response.url.startswith(CODE)
        message = outbox("sign_in_code")[-1]
        assert message.channel == "sms" and message.to_address == "+447700900982"
        response = client.post(CODE, {"code": code_from(outbox)})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(enrolled_member.pk)
        enrolled_member.refresh_from_db()
        assert enrolled_member.mobile_verified_at is not None

    def test_email_code_signs_the_member_in_and_verifies_the_address(self, client, enrolled_member, outbox):
        ask_for_code(client, "Maggie@Example.test")
        message = outbox("sign_in_code")[-1]
        assert message.channel == "email" and message.to_address == "maggie@example.test"
        assert message.subject == "Your FollowOn sign-in code"
        client.post(CODE, {"code": code_from(outbox)})
        assert client.session["_auth_user_id"] == str(enrolled_member.pk)
        enrolled_member.refresh_from_db()
        assert enrolled_member.email_verified_at is not None

    @pytest.mark.parametrize("typed", ["+44 7700 900982", "07700900982", "0044 (0)7700-900-982", "+447700900982"])
    def test_any_common_uk_form_of_the_number_works(self, client, enrolled_member, outbox, typed):
        ask_for_code(client, typed)
        assert outbox("sign_in_code")[-1].to_address == "+447700900982"

    def test_unknown_number_gets_the_same_response_and_no_message(self, client, enrolled_member, outbox):
        known = ask_for_code(client, "07700 900982")
        client.logout()
        unknown = ask_for_code(client, "07700 900111")
        assert known.status_code == unknown.status_code == 302
        assert known.url == unknown.url
        assert [m.to_address for m in outbox("sign_in_code")] == ["+447700900982"]
        page = client.get(CODE).content.decode()
        assert "If we have an account for 07700 900111" in page

    def test_staff_never_get_a_code(self, client, clinician, outbox):
        response = ask_for_code(client, clinician.email)
        assert response.status_code == 302
        assert outbox("sign_in_code") == []

    def test_code_is_six_digits_and_message_says_it_expires_in_ten_minutes(self, client, enrolled_member, outbox):
        ask_for_code(client, "07700 900982")
        body = outbox("sign_in_code")[-1].body
        assert re.match(r"^\d{6} is your FollowOn sign-in code\. It works for 10 minutes", body)

    def test_a_welsh_speaker_gets_the_code_in_welsh_when_the_service_writes_in_welsh(
        self, client, enrolled_member, service, outbox
    ):
        """Issue 18: texts and emails in the person's language, the sign-in code included (it was English)."""
        service.message_languages = ["cy"]
        service.save()
        enrolled_member.language = "cy"
        enrolled_member.save(update_fields=["language"])
        ask_for_code(client, "07700 900982")
        text = outbox("sign_in_code")[-1].body
        assert re.match(r"^\d{6} yw eich cod mewngofnodi FollowOn\. Mae'n gweithio am 10 munud", text)
        assert text.isascii()  # GSM-7: one text part, not a 70-character Unicode one
        ask_for_code(client, "Maggie@Example.test")
        email = outbox("sign_in_code")[-1]
        assert email.subject == "Eich cod mewngofnodi FollowOn" and "gweithio i'r GIG" in email.body
        client.post(CODE, {"code": code_from(outbox)})
        assert client.session["_auth_user_id"] == str(enrolled_member.pk)

    def test_a_language_still_in_review_sends_the_code_in_english(self, client, enrolled_member, service, outbox):
        service.message_languages = ["ur"]
        service.save()
        enrolled_member.language = "ur"
        enrolled_member.save(update_fields=["language"])
        ask_for_code(client, "07700 900982")
        assert re.match(r"^\d{6} is your FollowOn sign-in code\.", outbox("sign_in_code")[-1].body)

    def test_remember_this_device_keeps_the_session_for_30_days(self, client, enrolled_member, outbox):
        ask_for_code(client, "07700 900982")
        client.post(CODE, {"code": code_from(outbox), "remember": "on"})
        assert client.session.get_expiry_age() == 30 * 24 * 3600
        assert not client.session.get_expire_at_browser_close()

    def test_without_remember_the_session_ends_when_the_browser_closes(self, client, enrolled_member, outbox):
        ask_for_code(client, "07700 900982")
        client.post(CODE, {"code": code_from(outbox)})
        assert client.session.get_expire_at_browser_close()


class TestBadCodes:
    def test_wrong_code_is_refused_with_tries_left(self, client, enrolled_member, outbox):
        ask_for_code(client, "07700 900982")
        wrong = "000000" if code_from(outbox) != "000000" else "111111"
        body = client.post(CODE, {"code": wrong}).content.decode()
        assert "The code is not right" in body
        assert "You have 2 more tries" in body
        assert "_auth_user_id" not in client.session

    def test_badly_typed_code_is_not_counted_as_a_guess(self, client, enrolled_member, outbox):
        ask_for_code(client, "07700 900982")
        body = client.post(CODE, {"code": "12a"}).content.decode()
        assert "Enter the 6-digit code we sent you, like 123456" in body
        assert "12a" in body  # what was typed is kept
        client.post(CODE, {"code": code_from(outbox)})
        assert client.session["_auth_user_id"] == str(enrolled_member.pk)

    def test_expired_code_is_refused_with_a_clear_message(self, client, enrolled_member, outbox):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            ask_for_code(client, "07700 900982")
            traveller.shift(10 * 60 + 1)
            response = client.post(CODE, {"code": code_from(outbox)}, follow=True)
        assert "_auth_user_id" not in client.session
        assert "Your code has expired" in response.content.decode()

    def test_code_still_works_just_before_ten_minutes(self, client, enrolled_member, outbox):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            ask_for_code(client, "07700 900982")
            traveller.shift(9 * 60 + 50)
            client.post(CODE, {"code": code_from(outbox)})
        assert client.session["_auth_user_id"] == str(enrolled_member.pk)

    def test_used_code_cannot_be_used_again(self, client, enrolled_member, outbox):
        ask_for_code(client, "07700 900982")
        code = code_from(outbox)
        client.post(CODE, {"code": code})
        client.post(reverse("accounts:sign-out"))
        response = client.post(CODE, {"code": code}, follow=True)
        assert "_auth_user_id" not in client.session
        assert "already been used or has expired" in response.content.decode()

    def test_three_wrong_codes_void_the_code_and_are_audited(self, client, enrolled_member, outbox):
        ask_for_code(client, "07700 900982")
        code = code_from(outbox)
        wrong = "000000" if code != "000000" else "111111"
        client.post(CODE, {"code": wrong})
        client.post(CODE, {"code": wrong})
        response = client.post(CODE, {"code": wrong}, follow=True)
        assert "wrong code too many times" in response.content.decode()
        # Even the right code no longer works: a new one is needed.
        response = client.post(CODE, {"code": code}, follow=True)
        assert "_auth_user_id" not in client.session
        event = AuditEvent.objects.get(action="sign_in.code_attempts_exceeded")
        assert event.target_id == str(enrolled_member.public_id)

    def test_brute_force_is_locked_out_temporarily_and_logged(self, client, enrolled_member, outbox, caplog):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            for _ in range(5):
                assert ask_for_code(client, "07700 900982").status_code == 302
            response = ask_for_code(client, "07700 900982")
            assert response.status_code == 200
            body = response.content.decode()
            assert "too many sign-in codes" in body
            assert "or sign in with your email address instead" in body  # the other way in
            assert "If you cannot do either, contact your pain service" in body  # and if there is none
            assert "07700 900982" in body  # what was typed is kept
            assert len(outbox("sign_in_code")) == 5
            assert AuditEvent.objects.filter(action="sign_in.locked_out").count() == 1
            assert "sign-in lock-out" in caplog.text
            assert "900982" not in caplog.text  # never the number itself
            traveller.shift(15 * 60 + 1)
            assert ask_for_code(client, "07700 900982").status_code == 302
        assert len(outbox("sign_in_code")) == 6

    def test_a_locked_email_address_points_to_the_mobile_number(self, client, enrolled_member):
        for _ in range(5):
            ask_for_code(client, enrolled_member.email)
        body = ask_for_code(client, enrolled_member.email).content.decode()
        assert "too many sign-in codes" in body and "or sign in with your mobile phone number instead" in body

    def test_unknown_numbers_are_locked_out_the_same_way(self, client, enrolled_member):
        for _ in range(5):
            ask_for_code(client, "07700 900123")
        assert "too many sign-in codes" in ask_for_code(client, "07700 900123").content.decode()


class TestBadInput:
    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("", "Enter your mobile phone number or email address"),
            ("0117 496 0000", "You cannot get a text message on a landline"),
            ("+33 6 12 34 56 78", "Enter a UK mobile phone number"),
            ("maggie@", "Enter an email address in the correct format, like name@example.com"),
            ("maggie@example", "Enter an email address in the correct format"),
            ("07700 90098", "Enter a mobile phone number, like 07700 900 982, or an email address"),
            ("hello", "Enter a mobile phone number, like 07700 900 982, or an email address"),
        ],
    )
    def test_bad_input_gets_a_specific_message_and_keeps_what_was_typed(self, client, typed, message):
        response = ask_for_code(client, typed)
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert message in body
        if typed:
            assert f'value="{typed}"' in body

    def test_very_long_input_is_refused_not_crashed(self, client):
        response = ask_for_code(client, "7" * 5000)
        assert response.status_code == 200


class TestStaffSignIn:
    def test_password_then_authenticator_code_signs_staff_in(self, client, clinician):
        secret = give_totp(clinician)
        response = client.post(STAFF_SIGN_IN, {"login": clinician.email, "password": STAFF_PASSWORD})
        assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
        assert "_auth_user_id" not in client.session
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(clinician.pk)
        assert client.get(reverse("home:staff-home")).status_code == 200

    def test_wrong_authenticator_code_is_refused(self, client, clinician):
        give_totp(clinician)
        client.post(STAFF_SIGN_IN, {"login": clinician.email, "password": STAFF_PASSWORD})
        body = client.post(reverse("mfa_authenticate"), {"code": "000000"}).content.decode()
        assert "The code is not right" in body or "There is a problem" in body
        assert "_auth_user_id" not in client.session

    def test_staff_without_authenticator_is_sent_to_set_it_up(self, client, clinician):
        response = client.post(STAFF_SIGN_IN, {"login": clinician.email, "password": STAFF_PASSWORD})
        assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")

    def test_wrong_password_shows_error_summary_and_keeps_email(self, client, clinician):
        response = client.post(STAFF_SIGN_IN, {"login": clinician.email, "password": "wrong"})
        body = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in body
        assert "Enter a correct email address and password" in body
        assert clinician.email in body

    def test_empty_form_names_each_missing_field(self, client):
        body = client.post(STAFF_SIGN_IN, {}).content.decode()
        assert "Enter your email address" in body
        assert "Enter your password" in body

    def test_members_cannot_sign_in_with_a_password(self, client, enrolled_member):
        body = client.post(STAFF_SIGN_IN, {"login": enrolled_member.email, "password": ""}).content.decode()
        assert "_auth_user_id" not in client.session
        assert "Enter your password" in body

    def test_repeated_wrong_passwords_lock_out_temporarily_and_are_audited(self, client, clinician):
        give_totp(clinician)
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            for _ in range(5):
                client.post(STAFF_SIGN_IN, {"login": clinician.email, "password": "wrong"})
            body = client.post(STAFF_SIGN_IN, {"login": clinician.email, "password": STAFF_PASSWORD}).content.decode()
            assert "You have tried to sign in too many times" in body
            assert AuditEvent.objects.filter(action="sign_in.locked_out").exists()
            traveller.shift(15 * 60 + 1)
            response = client.post(STAFF_SIGN_IN, {"login": clinician.email, "password": STAFF_PASSWORD})
            assert response.status_code == 302


class TestPagesAndSignOut:
    def test_sign_in_pages_are_open_to_anonymous(self, client):
        assert client.get(SIGN_IN).status_code == 200
        assert client.get(STAFF_SIGN_IN).status_code == 200

    def test_code_page_without_a_pending_code_goes_back_to_sign_in(self, client):
        response = client.get(CODE)
        assert response.status_code == 302 and response.url.startswith(SIGN_IN)

    def test_mfa_step_without_a_password_first_goes_to_staff_sign_in(self, client):
        response = client.get(reverse("mfa_authenticate"))
        assert response.status_code == 302 and response.url.startswith(STAFF_SIGN_IN)

    def test_signed_in_member_is_sent_home_from_sign_in(self, client, enrolled_member):
        client.force_login(enrolled_member)
        assert client.get(SIGN_IN).status_code == 302

    def test_sign_out_requires_post(self, client, clinician):
        client.force_login(clinician)
        assert client.get(reverse("accounts:sign-out")).status_code == 405
        assert client.post(reverse("accounts:sign-out")).status_code == 302
        assert "_auth_user_id" not in client.session

    def test_no_sign_up_or_password_reset_pages_exist(self, client):
        for path in ["/accounts/signup/", "/signup/", "/accounts/password/reset/", "/accounts/login/", "/accounts/"]:
            assert client.get(path).status_code == 404
