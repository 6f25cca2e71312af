"""NHS login and CIS2 in the browser, against the local mock provider over real HTTP.

A member accepts an invitation with NHS login and later signs in with it; a clinician
signs in with CIS2 and reaches the duty queue with no authenticator-app code; and each
failure page a person can act on (cancelled, level too low, not linked, provider down,
a tampered answer). The mock's own "choose who signs in" page is checked by axe too.
"""

import re

import pytest

from followon.accounts.services import invitation_create
from followon.accounts.tests.factories import ServiceMembershipFactory, UserFactory
from followon.identity.models import NationalIdentity
from followon.identity.oidc import forget_provider_metadata
from followon.identity.providers import Environment, Provider
from followon.notifications.models import OutboundMessage
from tests.browser.journeys import sign_out, staff_sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NURSE = {
    "person_roleid": "r1",
    "org_code": "RVJ",
    "role_name": '"Clinical":"Clinical Provision":"Nurse Access Role"',
    "role_code": "S8000:G8000:R8001",
}


@pytest.fixture
def live_national(national, live_server, settings, service):
    """The mock, with FollowOn's clients registered at the live server; it fetches our JWKS over HTTP."""
    settings.FOLLOWON_BASE_URL = live_server.url
    national.mock.clients.clear()
    national.register(jwks_uri=live_server.url + "/.well-known/jwks.json")
    national.enable(service)
    return national


def link(user, provider, subject):
    NationalIdentity.objects.create(
        user=user, provider=provider, environment=Environment.MOCK, subject=subject, how=NationalIdentity.How.DEMO
    )


def at_mock(browser_page, mock, label):
    browser_page.page.wait_for_url(mock.base_url + "/**")
    browser_page.check_page(label)


def test_member_accepts_an_invitation_with_nhs_login_then_signs_in_with_it(
    phone_page, live_national, service, clinician
):
    page, mock = phone_page.page, live_national.mock
    live_national.member("sam", "Sam Newcomer", sub="nhs-login-sam", vot="P9.Cp.Cd")
    invitation = invitation_create(service=service, invited_by=clinician, preferred_name="Sam", mobile="07700 900555")

    phone_page.visit(invitation.link.removeprefix(phone_page.base_url))
    page.get_by_role("link", name="Accept with NHS login").click()
    at_mock(phone_page, mock, "mock-nhs-login")
    page.get_by_role("button", name="Continue as Sam Newcomer").click()
    page.wait_for_url(phone_page.base_url + "/my-account/choices/")
    phone_page.check_page("choices")
    assert page.get_by_text("Next time, sign in with NHS login").is_visible()

    # Signing out ends the NHS login session as well, and comes back here.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(phone_page.base_url + "/")
    phone_page.check_page("signed-out")
    assert page.get_by_text("You have signed out of FollowOn and NHS login").is_visible()
    assert mock.logouts[-1]["sub"] == "nhs-login-sam"

    phone_page.visit("/sign-in/")
    page.get_by_role("link", name="Continue with NHS login").click()
    at_mock(phone_page, mock, "mock-nhs-login-again")
    page.get_by_role("button", name="Continue as Sam Newcomer").click()
    page.wait_for_url(phone_page.base_url + "/")
    phone_page.check_page("member-home")
    assert page.get_by_role("heading", name="Hello, Sam").is_visible()


def test_member_confirms_the_account_their_verified_mobile_matches(phone_page, live_national, service):
    page = phone_page.page
    maggie = UserFactory(preferred_name="Maggie", mobile="+447700900982")
    maggie.mobile_verified_at = maggie.date_joined
    maggie.save()
    ServiceMembershipFactory(service=service, user=maggie)
    live_national.member(
        "maggie", "Maggie", sub="nhs-login-maggie", phone_number="+447700900982", phone_number_verified=True
    )
    phone_page.visit("/sign-in/")
    page.get_by_role("link", name="Continue with NHS login").click()
    at_mock(phone_page, live_national.mock, "mock")
    page.get_by_role("button", name="Continue as Maggie").click()
    page.wait_for_url(phone_page.base_url + "/sign-in/nhs-login/confirm/")
    phone_page.check_page("confirm-match")
    assert page.get_by_text("mobile number ending 982").is_visible()
    page.get_by_role("button", name="Yes, this is my account").click()
    page.wait_for_url(phone_page.base_url + "/")
    phone_page.check_page("member-home")
    assert page.get_by_role("heading", name="Hello, Maggie").is_visible()


def test_clinician_signs_in_with_cis2_and_reaches_the_duty_queue_without_an_authenticator_code(
    browser_page, live_national, clinician
):
    page, mock = browser_page.page, live_national.mock
    link(clinician, Provider.CIS2, "555000000001")
    live_national.staff(
        "clare", "Dr Clare Clinician (smartcard)", sub="555000000001", selected_roleid="r1", nhsid_nrbac_roles=[NURSE]
    )
    browser_page.visit("/staff/sign-in/")
    page.get_by_role("link", name="Sign in with CIS2").click()
    at_mock(browser_page, mock, "mock-cis2")
    page.get_by_role("button", name="Continue as Dr Clare Clinician (smartcard)").click()
    page.wait_for_url(browser_page.base_url + "/staff/")
    browser_page.check_page("staff-home")
    assert page.get_by_text("You signed in with CIS2 as Nurse Access Role (RVJ)").is_visible()
    page.get_by_role("link", name="Duty clinician queue").click()
    page.wait_for_url(browser_page.base_url + "/staff/safety/queue/")
    browser_page.check_page("duty-queue")
    assert "authenticator" not in page.url
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(browser_page.base_url + "/")
    assert mock.logouts[-1] == {"provider": "cis2", "sub": "555000000001", "client_id": "followon-test-cis2"}


def test_each_member_sign_in_failure_says_what_to_do(phone_page, live_national, service):
    page, mock = phone_page.page, live_national.mock
    mo = UserFactory(preferred_name="Mo")
    ServiceMembershipFactory(service=service, user=mo)
    link(mo, Provider.NHS_LOGIN, "nhs-login-mo")
    live_national.member("mo", "Mo Member", sub="nhs-login-mo")
    live_national.member("lee", "Lee Lowlevel", sub="nhs-login-lee", vot="P0.Cp.Cd")
    live_national.member("new", "Nia Newcomer", sub="nhs-login-nia")

    def attempt(label, person_button):
        phone_page.visit("/sign-in/")
        page.get_by_role("link", name="Continue with NHS login").click()
        if person_button:
            at_mock(phone_page, mock, f"mock-{label}")
            page.get_by_role("button", name=person_button).click()
        page.wait_for_url(phone_page.base_url + "/**")
        phone_page.check_page(label)

    attempt("cancelled", "Cancel and go back")
    assert page.get_by_role("heading", name="You did not finish signing in with NHS login").is_visible()
    page.get_by_role("link", name="Sign in with a code instead").click()
    page.wait_for_url(phone_page.base_url + "/sign-in/")

    attempt("level-too-low", "Continue as Lee Lowlevel")
    assert page.get_by_role("heading", name="You need to prove who you are in NHS login").is_visible()

    attempt("not-linked", "Continue as Nia Newcomer")
    assert page.get_by_role("heading", name="We could not find your FollowOn account").is_visible()

    mock.misbehave("wrong_signature")
    attempt("tampered", "Continue as Mo Member")
    assert page.get_by_role("heading", name="We could not sign you in").is_visible()
    mock.reset()

    # Down when FollowOn fetches its discovery document (as after a restart): our page, not the provider's.
    forget_provider_metadata()
    mock.down = True
    attempt("provider-down", None)
    assert page.get_by_role("heading", name="NHS login is not working at the moment").is_visible()
    assert page.get_by_role("link", name="Sign in with a code instead").is_visible()


def test_each_staff_sign_in_failure_says_what_to_do(phone_page, live_national, service, clinician):
    page, mock = phone_page.page, live_national.mock
    link(clinician, Provider.CIS2, "555000000001")
    live_national.staff(
        "clare",
        "Dr Clare Clinician (password only)",
        sub="555000000001",
        acr="AAL2_ANY",
        authentication_assurance_level="2",
    )
    live_national.staff("locum", "Alex Locum", sub="555000000002")
    for label, person, heading in [
        ("cis2-level-too-low", "Dr Clare Clinician (password only)", "Use your smartcard to sign in with CIS2"),
        ("cis2-not-linked", "Alex Locum", "Your CIS2 identity is not linked to FollowOn"),
    ]:
        phone_page.visit("/staff/sign-in/")
        page.get_by_role("link", name="Sign in with CIS2").click()
        at_mock(phone_page, mock, f"mock-{label}")
        page.get_by_role("button", name=person).click()
        page.wait_for_url(phone_page.base_url + "/**")
        phone_page.check_page(label)
        assert page.get_by_role("heading", name=heading).is_visible()
        assert page.get_by_role("link", name="Sign in with your password and authenticator app").is_visible()


def test_service_admin_sends_a_cis2_link_and_the_clinician_uses_it(
    browser_page, live_national, service_admin, clinician
):
    page, mock = browser_page.page, live_national.mock
    live_national.staff(
        "clare", "Dr Clare Clinician (smartcard)", sub="555000000001", selected_roleid="r1", nhsid_nrbac_roles=[NURSE]
    )
    staff_sign_in(browser_page, service_admin)
    page.get_by_role("link", name="Staff sign-in with CIS2").click()
    page.wait_for_url(browser_page.base_url + "/staff/cis2/")
    browser_page.check_page("staff-cis2-links")
    page.get_by_role("button", name="Send a link to Dr Clare Clinician").click()
    browser_page.check_page("link-sent")
    assert page.get_by_text("Link sent to Dr Clare Clinician by email").is_visible()
    sign_out(browser_page)

    message = OutboundMessage.objects.get(template="cis2_link_invitation")
    link_path = re.search(r"/staff/cis2/link/[^/\s]+/", message.body)[0]
    browser_page.visit(link_path)
    page.get_by_role("link", name="Continue with CIS2").click()
    at_mock(browser_page, mock, "mock-cis2-link")
    page.get_by_role("button", name="Continue as Dr Clare Clinician (smartcard)").click()
    page.wait_for_url(browser_page.base_url + "/staff/")
    browser_page.check_page("staff-home-after-link")
    assert NationalIdentity.objects.get(user=clinician).how == "staff_invitation"
