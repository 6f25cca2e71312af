"""Signing in with NHS login and CIS2, end to end against the local mock provider over HTTP."""

import logging
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from followon.accounts.models import Invitation, User
from followon.accounts.security import MFA_METHOD_KEY
from followon.accounts.services import invitation_create
from followon.accounts.tests.factories import ServiceMembershipFactory, UserFactory
from followon.core.models import AuditEvent
from followon.identity.models import NationalIdentity
from followon.identity.providers import Cis2Level, Environment, NhsLoginLevel, Provider
from followon.identity.services import nhs_number_decrypt

pytestmark = pytest.mark.django_db

NHS_LOGIN = "/sign-in/nhs-login/"
CIS2 = "/staff/sign-in/cis2/"

JWT_SHAPE = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.")


def audit(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def signed_in_as(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def link(user, provider, subject):
    return NationalIdentity.objects.create(
        user=user, provider=provider, environment=Environment.MOCK, subject=subject, how=NationalIdentity.How.DEMO
    )


@pytest.fixture
def mo(service):
    user = UserFactory(preferred_name="Mo", mobile="+447700900982", email="mo@example.test")
    ServiceMembershipFactory(service=service, user=user)
    return user


@pytest.fixture
def enabled(national, service):
    national.enable(service)
    return national


# Members -----------------------------------------------------------------------------------------


def test_sign_in_page_offers_nhs_login_only_where_a_service_does(client, national, service):
    assert "Continue with NHS login" not in client.get("/sign-in/").content.decode()
    assert client.get(NHS_LOGIN).status_code == 404
    national.enable(service)
    assert "Continue with NHS login" in client.get("/sign-in/").content.decode()


def test_the_authorisation_request_asks_for_the_service_level_with_state_and_nonce(client, enabled, service):
    enabled.enable(service, nhs_login_level=NhsLoginLevel.P9)
    response = client.get(NHS_LOGIN)
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["client_id"] == ["followon-test-nhs-login"]
    assert query["redirect_uri"] == ["http://testserver/sign-in/nhs-login/callback/"]
    assert query["vtr"] == ['["P9.Cp.Cd","P9.Cp.Ck","P9.Cm"]']
    assert query["scope"] == ["openid email phone"]  # no profile (NHS number) unless the service keeps it
    assert len(query["state"][0]) >= 40 and len(query["nonce"][0]) >= 40


def test_linked_member_signs_in_with_nhs_login(client, enabled, mo, service):
    link(mo, Provider.NHS_LOGIN, "nhs-login-mo")
    enabled.member("mo", sub="nhs-login-mo")
    response = enabled.through_provider(client, NHS_LOGIN, person="mo")
    assert response.status_code == 302 and response["Location"] == reverse("home:index")
    assert signed_in_as(client) == mo
    assert client.session.get_expire_at_browser_close()
    assert enabled.mock.events.count("assertion_accepted") == 1
    event = audit("national_sign_in.succeeded")[-1]
    assert event.detail == {"provider": "nhs_login", "environment": "mock", "level": "P9.Cp.Cd"}


def test_member_links_nhs_login_by_accepting_an_invitation(client, enabled, service, clinician):
    invitation = invitation_create(service=service, invited_by=clinician, preferred_name="Sam", mobile="07700 900555")
    token = invitation.link.rsplit("/", 2)[-2]
    page = client.get(f"/invitations/{token}/").content.decode()
    assert "Accept with NHS login" in page
    enabled.member("sam", sub="nhs-login-sam", vot="P5.Cp.Cd", nhs_number="9000000009")
    response = enabled.through_provider(client, f"/invitations/{token}/nhs-login/", person="sam")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:choices")
    sam = User.objects.get(mobile="+447700900555")
    identity = NationalIdentity.objects.get(user=sam)
    assert (identity.how, identity.subject, identity.nhs_number_encrypted) == ("invitation", "nhs-login-sam", "")
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.ACCEPTED
    # Next time NHS login alone signs Sam in.
    client.logout()
    response = enabled.through_provider(client, NHS_LOGIN, person="sam")
    assert response["Location"] == reverse("home:index")
    assert signed_in_as(client) == sam


def test_an_nhs_login_linked_to_someone_else_cannot_accept_an_invitation(client, enabled, service, clinician, mo):
    link(mo, Provider.NHS_LOGIN, "nhs-login-mo")
    enabled.member("mo", sub="nhs-login-mo")
    invitation = invitation_create(
        service=service, invited_by=clinician, preferred_name="Kim", email="kim@example.test"
    )
    token = invitation.link.rsplit("/", 2)[-2]
    response = enabled.through_provider(client, f"/invitations/{token}/nhs-login/", person="mo")
    assert "linked to another FollowOn account" in response.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.PENDING  # nothing changed
    assert not User.objects.filter(email="kim@example.test").exists()


def test_a_service_that_keeps_nhs_numbers_stores_them_encrypted_and_never_shows_them(client, enabled, mo, service):
    enabled.enable(service, keeps_nhs_number=True)
    link(mo, Provider.NHS_LOGIN, "nhs-login-mo")
    enabled.member("mo", sub="nhs-login-mo", nhs_number="9000000009")
    enabled.through_provider(client, NHS_LOGIN, person="mo")
    identity = NationalIdentity.objects.get(user=mo)
    assert "9000000009" not in identity.nhs_number_encrypted
    assert nhs_number_decrypt(identity) == "9000000009"
    for path in ("/my-account/", "/my-account/data/", "/my-account/data.json"):
        assert "9000000009" not in client.get(path).content.decode()


def test_a_verified_mobile_match_is_offered_and_linked_only_when_the_member_confirms(client, enabled, mo):
    mo.mobile_verified_at = mo.date_joined
    mo.save()
    enabled.member("mo", sub="nhs-login-new", phone_number="+447700900982", phone_number_verified=True)
    response = enabled.through_provider(client, NHS_LOGIN, person="mo")
    assert response["Location"] == reverse("accounts:nhs-login-confirm")
    page = client.get(reverse("accounts:nhs-login-confirm")).content.decode()
    assert "mobile number ending 982" in page and "07700 900982" not in page
    assert not client.session.get("_auth_user_id")
    response = client.post(reverse("accounts:nhs-login-confirm"), {"answer": "yes"})
    assert response["Location"] == reverse("home:index")
    assert NationalIdentity.objects.get(user=mo).how == "confirmed_match"
    assert signed_in_as(client) == mo


def test_declining_the_match_links_nothing(client, enabled, mo):
    mo.mobile_verified_at = mo.date_joined
    mo.save()
    enabled.member("mo", sub="nhs-login-new", phone_number="+447700900982", phone_number_verified=True)
    enabled.through_provider(client, NHS_LOGIN, person="mo")
    response = client.post(reverse("accounts:nhs-login-confirm"), {"answer": "no"})
    assert "We could not find your FollowOn account" in response.content.decode()
    assert not NationalIdentity.objects.exists()


def test_no_match_without_verification_on_both_sides_and_never_by_name(client, enabled, mo):
    # FollowOn never verified Mo's mobile, and NHS login's email is unverified: not linked.
    enabled.member(
        "mo",
        sub="nhs-login-new",
        given_name="Mo",
        phone_number="+447700900982",
        phone_number_verified=True,
        email="mo@example.test",
        email_verified=False,
    )
    response = enabled.through_provider(client, NHS_LOGIN, person="mo")
    assert response.status_code == 200
    assert "We could not find your FollowOn account" in response.content.decode()
    assert audit("national_sign_in.not_linked")[-1].detail == {"provider": "nhs_login", "reason": "not_linked"}


def test_a_member_signed_in_with_a_code_links_nhs_login_from_their_account(client, enabled, mo):
    client.force_login(mo)
    assert "Use NHS login next time" in client.get("/my-account/").content.decode()
    enabled.member("mo", sub="nhs-login-mo")
    response = enabled.through_provider(client, "/my-account/nhs-login/", person="mo")
    assert response["Location"] == reverse("accounts:my-account")
    assert NationalIdentity.objects.get(user=mo).subject == "nhs-login-mo"


def test_staff_cannot_sign_in_with_nhs_login(client, enabled, clinician):
    link(clinician, Provider.NHS_LOGIN, "nhs-login-clare")
    enabled.member("clare", sub="nhs-login-clare")
    response = enabled.through_provider(client, NHS_LOGIN, person="clare")
    assert "We could not find your FollowOn account" in response.content.decode()
    assert not client.session.get("_auth_user_id")


# Failures a person can act on --------------------------------------------------------------------


def test_cancelled_sign_in_says_so_and_offers_the_other_way(client, enabled, mo):
    response = enabled.through_provider(client, NHS_LOGIN, person=None)
    page = response.content.decode()
    assert "You did not finish signing in with NHS login" in page
    assert reverse("accounts:sign-in") in page


@pytest.mark.parametrize(("service_level", "vot"), [(NhsLoginLevel.P5, "P0.Cp.Cd"), (NhsLoginLevel.P9, "P5.Cp.Cd")])
def test_identity_level_too_low(client, enabled, service, mo, service_level, vot):
    enabled.enable(service, nhs_login_level=service_level)
    link(mo, Provider.NHS_LOGIN, "nhs-login-mo")
    enabled.member("mo", sub="nhs-login-mo", vot=vot)
    response = enabled.through_provider(client, NHS_LOGIN, person="mo")
    assert "You need to prove who you are in NHS login" in response.content.decode()
    assert not client.session.get("_auth_user_id")
    assert audit("national_sign_in.level_too_low")[-1].detail["reason"] == vot[:2]


def test_provider_down_before_and_during_sign_in(client, enabled, mo):
    enabled.mock.down = True
    response = client.get(NHS_LOGIN)
    assert response.status_code == 503
    assert "NHS login is not working at the moment" in response.content.decode()
    assert reverse("accounts:sign-in") in response.content.decode()
    enabled.mock.down = False
    link(mo, Provider.NHS_LOGIN, "nhs-login-mo")
    enabled.member("mo", sub="nhs-login-mo")
    started = client.get(NHS_LOGIN)
    enabled.mock.choose("mo")
    back = urlsplit(requests.get(started["Location"], allow_redirects=False, timeout=5).headers["Location"])
    enabled.mock.down = True
    response = client.get(f"{back.path}?{back.query}")
    assert response.status_code == 503 and not client.session.get("_auth_user_id")


@pytest.mark.parametrize(
    ("misbehaviour", "reason"),
    [
        ("wrong_aud", "id_token_aud"),
        ("wrong_issuer", "id_token_iss"),
        ("expired", "id_token_expired"),
        ("bad_nonce", "id_token_nonce"),
        ("wrong_signature", "id_token_signature"),
        ("rs256", "id_token_algorithm"),
        ("unsupported_vot", "unsupported_vot"),
        ("userinfo_other_sub", "userinfo_subject"),
    ],
)
def test_tampered_or_invalid_responses_are_refused_and_audited(client, enabled, mo, caplog, misbehaviour, reason):
    link(mo, Provider.NHS_LOGIN, "nhs-login-mo")
    enabled.member("mo", sub="nhs-login-mo", nhs_number="9000000009")
    enabled.mock.misbehave(misbehaviour)
    with caplog.at_level(logging.DEBUG):
        response = enabled.through_provider(client, NHS_LOGIN, person="mo")
    assert response.status_code == 400
    assert "We could not sign you in" in response.content.decode()
    assert not client.session.get("_auth_user_id")
    event = audit("national_sign_in.refused")[-1]
    assert event.detail == {"provider": "nhs_login", "reason": reason}
    logged = caplog.text
    # No JSON Web Token (three base64url parts, the first a JSON header: "eyJ..."). Not the bare prefix:
    # a random nonce or state may start with "eyJ" too (it did once in CI, one time in ~260,000).
    assert not JWT_SHAPE.search(logged)
    assert "nhs-login-mo" not in logged and "9000000009" not in logged


def test_a_replayed_callback_is_refused(client, enabled, mo):
    link(mo, Provider.NHS_LOGIN, "nhs-login-mo")
    enabled.member("mo", sub="nhs-login-mo")
    started = client.get(NHS_LOGIN)
    enabled.mock.choose("mo")
    back = urlsplit(requests.get(started["Location"], allow_redirects=False, timeout=5).headers["Location"])
    assert client.get(f"{back.path}?{back.query}")["Location"] == reverse("home:index")
    client.logout()
    # The same answer again (state and code): no flow in the session any more.
    again = client.get(f"{back.path}?{back.query}")
    assert again.status_code == 400 and not client.session.get("_auth_user_id")
    assert audit("national_sign_in.refused")[-1].detail == {"provider": "nhs_login", "reason": "no_flow"}
    # The old code with a new flow's state: the provider refuses the code.
    started = client.get(NHS_LOGIN)
    new_state = parse_qs(urlsplit(started["Location"]).query)["state"][0]
    old_code = parse_qs(back.query)["code"][0]
    replay = client.get(f"{back.path}?code={old_code}&state={new_state}")
    assert replay.status_code == 400 and not client.session.get("_auth_user_id")
    assert audit("national_sign_in.refused")[-1].detail == {"provider": "nhs_login", "reason": "code_refused"}


def test_a_forged_state_is_refused(client, enabled, mo):
    enabled.member("mo", sub="nhs-login-mo")
    started = client.get(NHS_LOGIN)
    enabled.mock.choose("mo")
    back = urlsplit(requests.get(started["Location"], allow_redirects=False, timeout=5).headers["Location"])
    code = parse_qs(back.query)["code"][0]
    response = client.get(f"{back.path}?code={code}&state=forged")
    assert response.status_code == 400
    assert audit("national_sign_in.refused")[-1].detail["reason"] == "state"
    assert enabled.mock.events.count("token_request") == 0  # a forged answer never reaches the provider


def test_a_client_assertion_signed_with_another_key_is_refused_by_the_provider(client, enabled, mo, caplog):
    from joserfc.jwk import RSAKey

    other = RSAKey.generate_key(2048, private=True, auto_kid=True)
    for registered in enabled.mock.clients.values():
        registered.jwks = {"keys": [other.as_dict(private=False)]}
    link(mo, Provider.NHS_LOGIN, "nhs-login-mo")
    enabled.member("mo", sub="nhs-login-mo")
    response = enabled.through_provider(client, NHS_LOGIN, person="mo")
    assert response.status_code == 503 and not client.session.get("_auth_user_id")
    assert enabled.mock.events.count("assertion_refused") == 1
    assert "refused our client assertion" in caplog.text


# Sign-out ----------------------------------------------------------------------------------------


def test_sign_out_ends_the_nhs_login_session_too(client, enabled, mo):
    link(mo, Provider.NHS_LOGIN, "nhs-login-mo")
    enabled.member("mo", sub="nhs-login-mo")
    enabled.through_provider(client, NHS_LOGIN, person="mo")
    page = client.get(reverse("home:index"))
    assert enabled.mock.base_url in page["Content-Security-Policy"].split("form-action")[1].split(";")[0]
    response = client.post("/sign-out/")
    location = response["Location"]
    assert location.startswith(enabled.mock.issuer(Provider.NHS_LOGIN) + "/logout?")
    assert not client.session.get("_auth_user_id")
    back = requests.get(location, allow_redirects=False, timeout=5)
    assert back.headers["Location"] == "http://testserver/signed-out/"
    assert enabled.mock.logouts[-1] == {
        "provider": "nhs_login",
        "sub": "nhs-login-mo",
        "client_id": "followon-test-nhs-login",
    }
    assert client.get("/signed-out/")["Location"] == reverse("home:index")
    # Signed out, the form-action is ours alone again.
    assert enabled.mock.base_url not in client.get("/sign-in/")["Content-Security-Policy"]


# Staff: CIS2 -------------------------------------------------------------------------------------


CLINICAL_ROLE = {
    "person_roleid": "r1",
    "org_code": "RVJ",
    "role_name": '"Clinical":"Clinical Provision":"Nurse Access Role"',
    "role_code": "S8000:G8000:R8001",
}


def test_linked_clinician_signs_in_with_cis2_and_reaches_the_duty_queue_without_totp(client, enabled, clinician):
    link(clinician, Provider.CIS2, "555000000001")
    enabled.staff("clare", sub="555000000001", selected_roleid="r1", nhsid_nrbac_roles=[CLINICAL_ROLE])
    response = enabled.through_provider(client, CIS2, person="clare")
    assert response["Location"] == reverse("home:staff-home")
    assert client.session[MFA_METHOD_KEY] == "cis2"
    queue = client.get(reverse("safety:queue"))
    assert queue.status_code == 200  # no authenticator app set up, none asked for
    event = audit("national_sign_in.succeeded")[-1]
    assert event.detail["cis2_roles"] == ["S8000:G8000:R8001 Nurse Access Role"]
    assert NationalIdentity.objects.get(user=clinician).roles[0]["name"] == "Nurse Access Role"
    security = client.get(reverse("accounts:security")).content.decode()
    assert "Nurse Access Role at RVJ" in security and "set by your FollowOn roles" in security


def test_cis2_below_the_services_level_is_refused(client, enabled, clinician):
    link(clinician, Provider.CIS2, "555000000001")
    enabled.staff("clare", sub="555000000001", acr="AAL2_ANY", authentication_assurance_level="2")
    response = enabled.through_provider(client, CIS2, person="clare")
    assert "Use your smartcard to sign in with CIS2" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_an_aal2_service_accepts_aal2(client, enabled, service, clinician):
    enabled.enable(service, cis2_level=Cis2Level.AAL2)
    link(clinician, Provider.CIS2, "555000000001")
    enabled.staff("clare", sub="555000000001", acr="AAL2_ANY", authentication_assurance_level="2")
    assert enabled.through_provider(client, CIS2, person="clare")["Location"] == reverse("home:staff-home")


def test_an_unlinked_cis2_identity_is_told_how_to_get_linked(client, enabled, clinician):
    enabled.staff("stranger", sub="555000000099")
    response = enabled.through_provider(client, CIS2, person="stranger")
    page = response.content.decode()
    assert "Your CIS2 identity is not linked to FollowOn" in page
    assert reverse("accounts:staff-sign-in") in page
    assert not client.session.get("_auth_user_id")


def test_a_member_cannot_sign_in_with_cis2(client, enabled, mo):
    link(mo, Provider.CIS2, "555000000007")
    enabled.staff("mo", sub="555000000007")
    response = enabled.through_provider(client, CIS2, person="mo")
    assert "Your CIS2 identity is not linked to FollowOn" in response.content.decode()


def test_password_sessions_still_need_the_authenticator_app(client, clinician):
    client.force_login(clinician)
    response = client.get(reverse("safety:queue"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_cis2_sign_out_ends_the_cis2_session(client, enabled, clinician):
    link(clinician, Provider.CIS2, "555000000001")
    enabled.staff("clare", sub="555000000001")
    enabled.through_provider(client, CIS2, person="clare")
    location = client.post("/sign-out/")["Location"]
    assert location.startswith(enabled.mock.issuer(Provider.CIS2) + "/logout?")
    requests.get(location, allow_redirects=False, timeout=5)
    assert enabled.mock.logouts[-1]["sub"] == "555000000001"


def test_closing_an_account_removes_its_nhs_login_link_and_download_shows_it_without_identifiers(
    client, enabled, mo, service, service_admin
):
    from followon.accounts.services import closure_request_complete, closure_request_create

    enabled.enable(service, keeps_nhs_number=True)
    link(mo, Provider.NHS_LOGIN, "nhs-login-mo")
    enabled.member("mo", sub="nhs-login-mo", nhs_number="9000000009")
    enabled.through_provider(client, NHS_LOGIN, person="mo")
    data = client.get("/my-account/data.json").content.decode()
    assert "NHS login" in data and "nhs-login-mo" not in data and "9000000009" not in data
    [request] = closure_request_create(user=mo)
    closure_request_complete(closure_request=request, actor=service_admin)
    assert not NationalIdentity.objects.filter(user=mo).exists()
