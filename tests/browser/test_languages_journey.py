"""Languages, phase A (issue 18; ADR 0027): a Welsh-speaking member signs in, switches to Cymraeg and
finds home and Need help now? in Welsh; an Urdu page on a 375 px phone reads right to left with its
numbers left to right."""

import pytest

from followon.core.signposting import CRISIS_CONTACTS
from followon.core.tests.english import english_sentences
from followon.core.tests.test_pages_in_other_languages import SELFCARE_SECTION_NOT_YET_TRANSLATED
from followon.programmes.tests.factories import member_of
from tests.browser.journeys import member_sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = "07700 900 218"


def test_a_welsh_speaking_member_switches_to_welsh_and_finds_help(browser_page, service):
    megan = member_of(service, preferred_name="Megan", mobile="+44" + MOBILE.replace(" ", "")[1:])
    page = browser_page.page
    member_sign_in(browser_page, MOBILE)

    page.get_by_role("button", name="Cymraeg").click()
    page.wait_for_url(browser_page.base_url + "/cy/")
    browser_page.check_page("member-home-cy")
    assert page.evaluate("document.documentElement.lang") == "cy"
    assert page.get_by_role("heading", name="Helo, Megan", level=1).is_visible()
    assert english_sentences(page.content(), "cy", SELFCARE_SECTION_NOT_YET_TRANSLATED) == []
    megan.refresh_from_db()
    assert megan.language == "cy"

    page.get_by_role("link", name="Angen cymorth nawr?").first.click()
    page.wait_for_url(browser_page.base_url + "/cy/need-help-now/")
    browser_page.check_page("need-help-cy")
    assert page.get_by_role("heading", name="Angen cymorth nawr?", level=1).is_visible()
    line = page.get_by_role("link", name="Ffoniwch y Samariaid yn Gymraeg ar 0808 164 0123")
    assert line.get_attribute("href") == "tel:08081640123"
    for contact in CRISIS_CONTACTS:
        assert page.locator(f'a[href="{contact.href}"]').count() >= 1
    assert english_sentences(page.content(), "cy") == []
    browser_page.screenshot_at(375, "need-help-cy")

    # And back: the same page in English, and the preference follows.
    page.get_by_role("button", name="English").click()
    page.wait_for_url(browser_page.base_url + "/need-help-now/")
    browser_page.check_page("need-help-en")
    megan.refresh_from_db()
    assert megan.language == "en"


def test_an_urdu_page_on_a_phone_reads_right_to_left_with_numbers_left_to_right(phone_375):
    page = phone_375.page
    phone_375.visit("/ur/need-help-now/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    numbers = page.eval_on_selector_all(
        "a.app-contact-link bdi", "els => els.map(e => [e.textContent, getComputedStyle(e).direction])"
    )
    assert sorted(text for text, _ in numbers) == sorted(contact.number for contact in CRISIS_CONTACTS)
    assert all(direction == "ltr" for _, direction in numbers)
    # Reflows: nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.get_by_text("has not yet been checked by a qualified translator").first.is_visible()
    phone_375.screenshot_at(375, "need-help-ur")
