"""The insights dashboard and the research export in Welsh in the browser (issue 18 phase C; ADR 0027),
on the demo data so every panel is filled. Each page goes through axe and the 320 px reflow check (long
Welsh words and headers must not push the page sideways) and is photographed at 375 px for a person to read."""

import pytest

from followon.accounts.models import User
from followon.accounts.tests.factories import STAFF_PASSWORD
from followon.core.tests.english import english_sentences
from followon.home.demo import load_demo_data
from tests.browser.journeys import staff_sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_researcher_reads_insights_and_the_research_export_in_welsh(browser_page):
    load_demo_data()
    page = browser_page.page
    researcher = User.objects.get(email="researcher@demo.followon.test")
    researcher.set_password(STAFF_PASSWORD)
    researcher.save()
    staff_sign_in(browser_page, researcher, label="researcher-home")

    browser_page.visit("/cy/staff/insights/")
    browser_page.check_page("insights-cy")
    assert page.get_by_role("heading", name="Sut mae niferoedd bach yn cael eu cuddio").is_visible()
    assert english_sentences(page.content(), "cy") == []
    # On a phone the change table's rows are cards: no cell squeezed so narrow that Welsh words break.
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": size["height"]})
    try:
        outcome = page.locator("table", has=page.get_by_text("Newid cymedrig o'r llinell sylfaen"))
        squeezed = outcome.evaluate(
            "t => [...t.querySelectorAll('td')].filter(c => c.getBoundingClientRect().width < 150).length"
        )
        assert squeezed == 0
    finally:
        page.set_viewport_size(size)
    browser_page.screenshot_at(375, "insights-cy")

    page.get_by_role("link", name="Allforio ar gyfer ymchwil").first.click()
    browser_page.check_page("research-export-cy")
    assert english_sentences(page.content(), "cy") == []
    page.get_by_role("button", name="Lawrlwytho CSV").click()
    browser_page.check_page("research-export-error-cy")
    assert page.get_by_role("link", name="Rhowch god prosiect").is_visible()
    browser_page.screenshot_at(375, "research-export-error-cy")
