"""A member gets their private calendar link (shown once), and is told when FollowOn changed it (issue 19)."""

import pytest
from django.utils import timezone

from followon.accounts.tests.factories import UserFactory
from followon.meetings.models import CalendarFeed
from tests.browser.journeys import sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_gets_their_calendar_link_and_is_told_when_it_changed(browser_page):
    member = UserFactory(preferred_name="Ann", mobile="+447700900321")
    sign_in_as(browser_page, member)
    page = browser_page.page
    browser_page.visit("/my/calendar/")
    page.get_by_role("button", name="Get my calendar link").click()
    browser_page.check_page("link shown once")
    link = page.locator("textarea.app-feed-url").input_value()
    assert "/calendar/" in link and link.endswith(".ics")
    browser_page.screenshot_at(375, "calendar-link-shown")
    # The long address wraps: no sideways scrolling on a phone.
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    browser_page.visit("/my/calendar/")
    assert page.locator("textarea.app-feed-url").count() == 0
    assert "You have a private calendar link" in page.content()

    CalendarFeed.objects.filter(user=member).update(reissued_at=timezone.now())
    browser_page.visit("/my/calendar/")
    assert "Your calendar link changed" in page.content()
    browser_page.screenshot_at(375, "calendar-link-changed")
    page.get_by_role("button", name="Make a new link").click()
    browser_page.check_page("new link")
    assert page.locator("textarea.app-feed-url").count() == 1
