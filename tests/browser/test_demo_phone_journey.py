"""The demo phone (issue 21, item 12), played on the demo data: from the sign-in page's demo note to
Jo's phone, Jo replies YES to the meeting text, and the answer is recorded as Jo's RSVP."""

import pytest

from followon.accounts.models import User
from followon.home.demo import load_demo_data
from followon.home.demo.programmes import DEMO_GROUP_MEMBER
from followon.meetings.models import Rsvp
from followon.notifications.models import InboundSms

pytestmark = pytest.mark.django_db(transaction=True)


def test_jo_replies_yes_to_the_meeting_text_on_the_demo_phone(browser_page, settings):
    settings.DEMO_PHONE_ENABLED = True
    load_demo_data()
    jo = User.objects.get(email=DEMO_GROUP_MEMBER[0])
    page = browser_page.page
    browser_page.visit("/sign-in/")
    page.get_by_role("link", name="demo phone").click()
    browser_page.check_page("demo-phone")
    browser_page.screenshot_at(375, "demo-phone")
    page.get_by_role("link", name="Jo Group-Member").click()
    browser_page.check_page("jo-phone")
    browser_page.screenshot_at(375, "jo-phone")
    assert page.get_by_text("Reply YES").first.is_visible()
    assert Rsvp.objects.filter(user=jo).count() == 0

    page.get_by_role("button", name="Send text").click()  # nothing typed: an NHS-style error
    browser_page.check_page("jo-phone-error")
    assert page.get_by_text("Enter the text to send").first.is_visible()

    page.get_by_label("Reply as Jo Group-Member").fill("YES")
    page.get_by_role("button", name="Send text").click()
    browser_page.check_page("jo-phone-replied")
    browser_page.screenshot_at(375, "jo-phone-replied")
    assert page.get_by_text("Sent as Jo Group-Member. FollowOn: Answered a question").is_visible()
    assert InboundSms.objects.get(user=jo).outcome == InboundSms.Outcome.ANSWERED
    assert Rsvp.objects.get(user=jo).response == Rsvp.Response.YES
    send = page.get_by_role("button", name="Send text").bounding_box()
    assert send["height"] >= 44


def test_the_demo_phone_is_not_there_outside_the_demo(browser_page):
    response = browser_page.page.goto(browser_page.base_url + "/demo/phone/")
    assert response.status == 404
    browser_page.visit("/sign-in/")
    assert browser_page.page.get_by_role("link", name="demo phone").count() == 0
