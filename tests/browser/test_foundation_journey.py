"""Foundation journey: home page, staff sign-in, every staff page, sign out."""

import pytest

from followon.accounts.tests.factories import STAFF_PASSWORD
from followon.accounts.tests.helpers import fresh_totp_code, give_totp
from followon.core.services import audit_record
from followon.core.signposting import CRISIS_CONTACTS

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
    assert page.get_by_role("link", name="Call Samaritans on 116 123").is_visible()


def test_someone_struggling_finds_help_and_can_tap_to_call_from_a_small_phone(phone_page):
    """From any page, "Need help now?" leads to numbers that are links to call or text, each big enough
    to tap and named for a screen reader, and every one is a number from core/signposting.py."""
    page = phone_page.page
    phone_page.visit("/")
    page.get_by_role("link", name="Need help now?").first.click()
    phone_page.check_page("need-help-now")
    assert page.get_by_role("heading", name="Need help now?", level=1).is_visible()
    phone_page.screenshot_at(375, "need-help-now")

    found = page.locator("a[href^='tel:'], a[href^='sms:']")
    links = [(found.nth(n).get_attribute("href"), found.nth(n).inner_text().strip()) for n in range(found.count())]
    by_href = {contact.href: contact for contact in CRISIS_CONTACTS}
    for href, text in links:
        assert href in by_href, f"{href} is not a number in core/signposting.py"
        assert text == by_href[href].link_text
    assert {href for href, _ in links} == set(by_href), "a signpost's number is not a link"
    for contact in CRISIS_CONTACTS:
        link = page.get_by_role("link", name=contact.link_text, exact=True)
        assert link.is_visible()
        box = link.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, f"{contact.link_text} is {box} (under 44 x 44 px)"
    assert page.get_by_role("link", name="Call Samaritans on 116 123").get_attribute("href") == "tel:116123"
    assert page.get_by_role("link", name="Text SHOUT to 85258").get_attribute("href") == "sms:85258?body=SHOUT"
    assert page.get_by_text("Call 111 and choose the mental health option (option 2)").is_visible()
