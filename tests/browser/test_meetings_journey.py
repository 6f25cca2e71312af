"""A follow-on group finds a time, meets and forms, in the browser.

The coordinator asks when people can meet (two dates), three members answer (one through the link
in their text message, without signing in), the coordinator sees why the top time won and confirms
it, members RSVP, and after the meeting the coordinator records who came on one screen: the group
becomes formed. Every page goes through axe (WCAG 2.2 A/AA).
"""

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from followon.core.formatting import LONDON
from followon.meetings.models import Attendance, Meeting, Poll, PollAnswer, Rsvp
from followon.notifications.models import OutboundMessage
from followon.peergroups.models import PeerGroup
from tests.browser.journeys import four_member_group, sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def fill_date(page, prefix, day):
    page.locator(f"#id_{prefix}_0").fill(str(day.day))
    page.locator(f"#id_{prefix}_1").fill(str(day.month))
    page.locator(f"#id_{prefix}_2").fill(str(day.year))


def test_poll_to_a_formed_group(browser_page, service, clinician, ptv):
    page = browser_page.page
    group, (ann, bea, cal, dot) = four_member_group(service, clinician, ptv)

    # The coordinator asks when people can meet.
    sign_in_as(browser_page, ann)
    browser_page.visit(f"/my/groups/{group.public_id}/meetings/")
    page.get_by_role("button", name="Ask when people can meet").click()
    browser_page.check_page("poll-new")
    first, second = timezone.localdate() + timedelta(days=10), timezone.localdate() + timedelta(days=11)
    page.get_by_label("What is the meeting for? (optional)").fill("Our first meeting")
    fill_date(page, "o0-day", first)
    page.locator("#id_o0-start").fill("10:30am")
    page.locator("#id_o0-end").fill("12:00pm")
    fill_date(page, "o1-day", second)
    page.locator("#id_o1-start").fill("2pm")
    page.locator("#id_o1-end").fill("3:30pm")
    fill_date(page, "closes_on", timezone.localdate() + timedelta(days=4))
    page.locator("#id_closes_time").fill("6pm")
    page.get_by_role("button", name="Send the poll").click()
    browser_page.check_page("poll-sent")
    poll = Poll.objects.get()
    morning, afternoon = poll.options.order_by("starts_at")

    def choose(option, value):
        page.locator(f'input[name="option_{option.pk}"][value="{value}"]').check()

    # Bea and Dot answer on the web.
    for person, answers in [(bea, {morning: "yes", afternoon: "no"}), (dot, {morning: "if_need_be", afternoon: "yes"})]:
        sign_in_as(browser_page, person)
        browser_page.visit(f"/my/polls/{poll.public_id}/")
        for option, value in answers.items():
            choose(option, value)
        page.get_by_role("button", name="Save my answers").click()
        browser_page.check_page(f"answered-{person.preferred_name}")
    # Cal answers from the link in her text message, without signing in.
    page.context.clear_cookies()
    body = OutboundMessage.objects.filter(template="meeting_poll", recipient=cal, channel="sms").latest("id").body
    link = re.search(r"https?://\S+?(/m/[^/\s]+/)", body)[1]
    browser_page.visit(link)
    choose(morning, "yes")
    choose(afternoon, "if_need_be")
    page.get_by_role("button", name="Save my answers").click()
    browser_page.check_page("answered-by-sms-link")
    assert PollAnswer.objects.filter(user=cal, via_link=True).count() == 2

    # The coordinator sees why the morning won and confirms it.
    sign_in_as(browser_page, ann)
    browser_page.visit(f"/my/polls/{poll.public_id}/")
    assert page.get_by_role("heading", name="Choosing the time").is_visible()
    assert page.get_by_role("heading", name=re.compile(r"^Why .* is first")).is_visible()
    page.get_by_role("button", name="Confirm this time").click()
    browser_page.check_page("meeting-confirmed")
    meeting = Meeting.objects.get(group=group)
    assert meeting.starts_at == morning.starts_at

    # Members RSVP.
    for person, label in [
        (bea, "Yes, I'll be there"),
        (cal, "Yes, I'll be there"),
        (dot, "Can't make it this time — still here"),
    ]:
        sign_in_as(browser_page, person)
        browser_page.visit(f"/my/meetings/{meeting.public_id}/")
        page.get_by_label(label).check()
        page.get_by_role("button", name="Save my answer").click()
        browser_page.check_page(f"rsvp-{person.preferred_name}")
    assert Rsvp.objects.filter(meeting=meeting, response="yes").count() == 2

    # After the meeting the coordinator records who came; the group becomes formed. The meeting moves to
    # yesterday morning: "three hours ago" crossed midnight when the suite ran between 1:30am and 3am UK,
    # a scheduled meeting no form can make (it must end on the day it starts), and its page answered 500.
    start = datetime.combine(timezone.localdate() - timedelta(days=1), time(10, 0), tzinfo=LONDON)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + timedelta(hours=1, minutes=30))
    sign_in_as(browser_page, ann)
    browser_page.visit(f"/my/meetings/{meeting.public_id}/")
    page.get_by_role("link", name=re.compile("Record who came")).click()
    browser_page.check_page("attendance")
    for name in ["Ann", "Bea", "Cal"]:
        page.get_by_label(name, exact=True).check()
    page.get_by_role("button", name="Save who came").click()
    browser_page.check_page("attendance-saved")
    held = Meeting.objects.get(pk=meeting.pk)
    came = set(Attendance.objects.filter(meeting=held, attended=True).values_list("user__preferred_name", flat=True))
    assert (held.status, came) == ("held", {"Ann", "Bea", "Cal"})
    group.refresh_from_db()
    assert group.status == PeerGroup.Status.ACTIVE, (
        held.starts_at,
        held.face_to_face,
        group.programme.sessions.last().ends_at,
    )
    browser_page.visit(f"/my/groups/{group.public_id}/")


def test_a_clinician_keeps_the_services_venues(browser_page, service, clinician):
    """Staff home → Venues → add one with its accessibility facts (a mistake first) → change it."""
    from followon.meetings.models import Venue
    from tests.browser.journeys import staff_sign_in

    page = browser_page.page
    staff_sign_in(browser_page, clinician)

    page.get_by_role("link", name="Venues").click()
    browser_page.check_page("staff-venues-empty")
    page.get_by_role("button", name="Add a venue").click()
    page.get_by_label("Address (optional)").fill("Greystoke Avenue")
    page.get_by_label("Step-free access").check()
    page.get_by_role("button", name="Add the venue").click()
    browser_page.check_page("staff-venue-error")
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_label("Address (optional)").input_value() == "Greystoke Avenue"
    assert page.get_by_label("Step-free access").is_checked()
    page.get_by_label("Name of the venue").fill("Southmead Community Centre")
    page.get_by_label("Accessible toilet").check()
    page.get_by_role("button", name="Add the venue").click()
    browser_page.check_page("staff-venues")
    assert page.get_by_text("Step-free access. Accessible toilet").is_visible()

    page.get_by_role("link", name="Change Southmead Community Centre").click()
    browser_page.check_page("staff-venue-change")
    page.get_by_label("Near a bus stop").check()
    page.get_by_role("button", name="Save the venue").click()
    venue = Venue.objects.get()
    assert (venue.service, venue.group, venue.near_bus_stop) == (service, None, True)
