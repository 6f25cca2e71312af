"""Home pages show what is waiting (issue 21, item 8), played on the demo data as its people would.

Mo signs in by code and finds the follow-on group question waiting on their home, taps the
one 44 px button, answers it, and home no longer asks; when the clinician then forms a group, Mo finds
the invitation on home too, says yes, and home stops asking. Jo sees the same next meeting on their
home and on the group's page. The demo clinician sees how many urgent items are waiting on staff
home, and opens the urgent one from the queue.
"""

import re

import pytest

from followon.accounts.models import User
from followon.accounts.tests.factories import STAFF_PASSWORD
from followon.home.demo import DEMO_MEMBER, load_demo_data
from followon.home.demo.programmes import DEMO_GROUP_MEMBER
from followon.organisations.models import StaffRole
from followon.peergroups.models import GroupMembership, PeerGroup
from followon.peergroups.services import group_create_from_programme
from followon.programmes.models import InterestResponse
from followon.safety.models import ConcernItem
from followon.safety.services import concern_raise
from tests.browser.journeys import member_sign_in, sign_in_as, staff_sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _height(locator) -> float:
    return locator.bounding_box()["height"]


def test_mo_sees_the_follow_on_question_on_home_and_answers_it(browser_page):
    load_demo_data()
    page = browser_page.page
    member_sign_in(browser_page, "07700 900982", label="mo-home-waiting")
    assert page.get_by_role("heading", name="Waiting for your answer").is_visible()
    answer_button = page.get_by_role("button", name="Answer the follow-on group question")
    assert _height(answer_button) >= 44
    browser_page.screenshot_at(375, "mo-home-waiting")
    answer_button.click()
    browser_page.check_page("interest")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Tuesday").check()
    page.get_by_role("button", name="Save my answer").click()
    browser_page.check_page("interest-saved")
    mo = User.objects.get(email=DEMO_MEMBER[0])
    assert InterestResponse.objects.get(enrolment__user=mo).answer == "yes"
    browser_page.visit("/")
    assert page.get_by_role("heading", name="Waiting for your answer").count() == 0
    browser_page.screenshot_at(375, "mo-home-answered")

    # The clinician forms a group from Mo's programme: the invitation waits on Mo's home.
    enrolment = InterestResponse.objects.get(enrolment__user=mo).enrolment
    clinician = User.objects.get(email="clinician@demo.followon.test")
    group = group_create_from_programme(programme=enrolment.programme, created_by=clinician, name="Wednesday walkers")
    browser_page.visit("/")
    assert page.get_by_role("heading", name="Waiting for your answer").is_visible()
    assert f"You are invited to join Wednesday walkers, the follow-on group from {enrolment.programme.title}" in (
        page.locator("main").inner_text()
    )
    reply = page.get_by_role("button", name="Reply to the invitation to Wednesday walkers")
    assert _height(reply) >= 44
    browser_page.screenshot_at(375, "mo-home-invitation")
    reply.click()
    browser_page.check_page("invitation")
    page.get_by_role("button", name="Yes, join Wednesday walkers").click()
    browser_page.check_page("joined")
    assert GroupMembership.objects.get(group=group, user=mo).status == GroupMembership.Status.MEMBER
    browser_page.visit("/")
    assert page.get_by_role("heading", name="Waiting for your answer").count() == 0


def test_jo_sees_the_same_next_meeting_on_home_and_on_the_group_page(browser_page):
    load_demo_data()
    page = browser_page.page
    sign_in_as(browser_page, User.objects.get(email=DEMO_GROUP_MEMBER[0]))
    browser_page.visit("/")
    browser_page.screenshot_at(375, "jo-home")
    _each_link_a_row_and_its_words_under_it(page)
    on_home = re.search(r"Tuesday walking group: (.+?)\.", page.locator("main").inner_text())[1]
    page.get_by_role("link", name="Tuesday walking group").first.click()
    browser_page.check_page("jo-group")
    browser_page.screenshot_at(375, "jo-group")
    on_group_page = re.search(r"Next meeting: (.+?)(,|\.)", page.locator("main").inner_text())[1]
    assert on_home == on_group_page
    assert page.get_by_text("No meeting is planned yet").count() == 0
    assert PeerGroup.objects.get(name="Tuesday walking group").meetings.filter(status="scheduled").exists()


LINK_ROWS = """() => [...document.querySelectorAll('main .app-link-list > li')].map(item => {
    const link = item.querySelector(':scope > a').getBoundingClientRect();
    const words = item.querySelector('.app-link-list__hint');
    const under = words ? words.getBoundingClientRect() : null;
    return {name: item.querySelector(':scope > a').innerText, height: link.height, bottom: link.bottom,
            left: link.left, wordsTop: under && under.top, wordsLeft: under && under.left};
})"""


def _each_link_a_row_and_its_words_under_it(page):
    """On a 375 px phone, each of home's main links is a row at least 44 px high to tap, and the words
    saying what is behind it start on the line under it, at its left edge (beside the link, a wrapped
    description opened uneven gaps)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": size["height"]})
    try:
        rows = page.evaluate(LINK_ROWS)
    finally:
        page.set_viewport_size(size)
    assert len(rows) >= 6, rows
    for row in rows:
        assert row["height"] >= 44, f"{row['name']} is {row['height']} px high"
        if row["wordsTop"] is not None:
            assert row["wordsTop"] >= row["bottom"] - 8, f"{row['name']}: its words are beside it, not under it"
            assert abs(row["wordsLeft"] - row["left"]) < 1, f"{row['name']}: its words do not line up with it"


def test_the_clinician_sees_how_many_queue_items_are_waiting(browser_page):
    load_demo_data()
    page = browser_page.page
    clinician = User.objects.get(email="clinician@demo.followon.test")
    clinician.set_password(STAFF_PASSWORD)
    clinician.save()
    # Jo asks to be contacted urgently; the duty clinician is alerted (the alert's links must open here).
    jo = User.objects.get(email=DEMO_GROUP_MEMBER[0])
    service = StaffRole.objects.get(user=clinician).service
    item, _ = concern_raise(
        service=service, member=jo, raised_by=jo, source="self", level="urgent", text="Please call me today"
    )
    urgent = ConcernItem.objects.filter(service=service, level="urgent").exclude(state="closed").count()
    staff_sign_in(browser_page, clinician)
    card = page.locator(".nhsuk-card", has=page.get_by_role("link", name="Duty clinician queue"))
    assert re.search(rf"\b{urgent} urgent, \d+ concerns? waiting\.", card.inner_text()), card.inner_text()
    browser_page.screenshot_at(375, "clinician-home")
    card.get_by_role("link").click()
    browser_page.check_page("queue")
    page.get_by_role("link", name=f"Urgent item about {jo.display_name}").first.click()
    browser_page.check_page("urgent-item")
    browser_page.screenshot_at(375, "urgent-item")
    assert page.url.endswith(f"/{item.public_id}/")
    assert "Please call me today" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Acknowledge").is_visible()
