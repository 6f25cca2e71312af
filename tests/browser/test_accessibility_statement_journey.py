"""A member on a phone finds the accessibility statement from the footer and learns how to report a problem."""

import pytest

from followon.programmes.tests.factories import member_of
from tests.browser.journeys import member_sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = "07700 900 375"


def test_a_member_finds_the_accessibility_statement_from_the_footer_on_a_phone(phone_375, service):
    member_of(service, preferred_name="Ada Access", mobile="+44" + MOBILE.replace(" ", "")[1:])
    page = phone_375.page
    member_sign_in(phone_375, MOBILE)

    footer = page.get_by_role("contentinfo")
    footer.get_by_role("link", name="Accessibility statement").scroll_into_view_if_needed()
    footer.get_by_role("link", name="Accessibility statement").click()
    phone_375.check_page("accessibility-statement")

    assert page.get_by_role("heading", name="Accessibility statement for FollowOn", level=1).is_visible()
    # What she looks for: how to tell someone about a problem, with a number she can tap.
    page.get_by_role("heading", name="Feedback and contact information").scroll_into_view_if_needed()
    call = page.get_by_role("link", name=service.contact_phone)
    assert call.is_visible()
    assert call.get_attribute("href") == "tel:" + service.contact_phone.replace(" ", "")
    assert page.get_by_text(f"Call {service.name} on").is_visible()
    for heading in [
        "Compliance status",
        "Non-accessible content",
        "Enforcement procedure",
        "How we tested this website",
    ]:
        assert page.get_by_role("heading", name=heading).is_visible()
    assert page.get_by_text("partially compliant with the").is_visible()
    # Nothing needs sideways scrolling on the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    details = page.locator("details", has_text="Pages we tested")
    if details.count():
        details.locator("summary").click()
        phone_375.check_page("accessibility-statement-pages-tested")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
