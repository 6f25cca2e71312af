"""Foundation journey: home page, staff sign-in, every staff page, sign out."""

import pytest

from followon.accounts.tests.factories import STAFF_PASSWORD
from followon.accounts.tests.helpers import fresh_totp_code, give_totp
from followon.core.services import audit_record

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in_as_staff(browser_page, user):
    """Password, then the code from the authenticator app (computed as allauth checks it)."""
    page = browser_page.page
    secret = give_totp(user)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    browser_page.check_page("staff-authenticator-step")
    page.get_by_label("Code from your authenticator app").fill(fresh_totp_code(user, secret))
    page.get_by_role("button", name="Continue").click()


def test_clinician_visits_every_page_with_no_accessibility_violations(browser_page, clinician, service):
    page = browser_page.page
    browser_page.visit("/")
    assert page.get_by_role("link", name="Need help now?").first.is_visible()
    browser_page.visit("/need-help-now/")
    assert page.get_by_text("116 123").is_visible()
    browser_page.visit("/accessibility/")
    browser_page.visit("/privacy/")
    browser_page.visit("/sign-in/")

    browser_page.visit("/staff/sign-in/")
    page.get_by_role("button", name="Sign in").click()  # empty form: error summary
    browser_page.check_page("staff-sign-in-errors")
    assert page.get_by_text("There is a problem").is_visible()

    sign_in_as_staff(browser_page, clinician)
    browser_page.check_page("staff-home")
    assert page.get_by_role("heading", name="Staff home").is_visible()

    audit_record(actor=clinician, action="network.settings_updated", target=service)
    browser_page.visit("/staff/service/")
    browser_page.visit("/staff/audit/")
    page.get_by_role("link").filter(has_text=" at ").first.click()
    browser_page.check_page("audit-detail")
    assert page.get_by_text("Network: settings updated").is_visible()

    page.get_by_role("button", name="Sign out").click()
    browser_page.check_page("signed-out")
    assert page.get_by_role("link", name="Sign in").first.is_visible()


def test_not_found_page_is_accessible(browser_page):
    page = browser_page.page
    response = page.goto(browser_page.base_url + "/no-such-page/")
    assert response.status == 404
    browser_page.check_page("not-found")
    assert page.get_by_role("heading", name="Page not found").is_visible()


def test_home_page_on_a_small_phone(phone_page):
    phone_page.visit("/")
    phone_page.visit("/need-help-now/")
