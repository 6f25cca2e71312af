"""The quick way to ask when people can meet (issue 21, item 5), in the browser.

A tired coordinator signs in, opens the group's meetings page, takes the quick way from the poll form,
makes one mistake (a time the parser cannot read), finds everything they typed kept, fixes it and
sends the poll: two ticked days at "10am and 2:30 pm" become four options. A member signs in and sees
all four to answer. Every page goes through the shared page check (axe, markup as text, 320 px).
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from followon.meetings.models import Poll
from followon.meetings.recurrence import LONDON
from followon.peergroups import services as group_services
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join
from tests.browser.journeys import sign_in_as
from tests.browser.test_meetings_journey import fill_date

pytestmark = pytest.mark.django_db(transaction=True)


def day_words(day) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def test_a_coordinator_offers_times_by_pattern_and_a_member_sees_them(browser_page, service, clinician, ptv):
    page = browser_page.page
    programme = finished_programme(service, clinician, ptvs=[ptv])
    enrolments = [join(programme, preferred_name=n) for n in ["Ann", "Bea", "Cal"]]
    for enrolment in enrolments:
        answer(enrolment, "yes")
    ann, bea, _cal = (e.user for e in enrolments)
    group = form_group(programme, clinician, supporter=ptv, accept=True)
    group_services.role_take(group=group, user=ann, role="coordinator")
    today = timezone.localdate(timezone=LONDON)
    first, second = today + timedelta(days=6), today + timedelta(days=8)

    sign_in_as(browser_page, ann)
    browser_page.visit(f"/my/groups/{group.public_id}/meetings/")
    page.get_by_role("button", name="Ask when people can meet").click()
    browser_page.check_page("poll-new")
    page.get_by_role("link", name="Quicker: tick the days and type the times once, like 10am and 2pm").click()
    browser_page.check_page("poll-pattern")
    browser_page.screenshot_at(375, "poll-pattern")
    page.get_by_label("What is the meeting for? (optional)").fill("Coffee and a catch-up")
    page.get_by_label(day_words(first)).check()
    page.get_by_label(day_words(second)).check()
    page.get_by_label("What times could the meeting start?").fill("10am and teatime")
    page.get_by_label("1 and a half hours").check()
    fill_date(page, "closes_on", today + timedelta(days=3))
    page.locator("#id_closes_time").fill("6pm")
    page.get_by_role("button", name="Send the poll").click()

    # One mistake: told what is wrong, and nothing typed is lost.
    browser_page.check_page("poll-pattern-error")
    browser_page.screenshot_at(375, "poll-pattern-error")
    assert page.get_by_role(
        "link", name="“teatime” is not a time. Enter times like 10am and 2pm, 12 noon or 14:30"
    ).is_visible()
    assert page.get_by_label("What is the meeting for? (optional)").input_value() == "Coffee and a catch-up"
    assert page.get_by_label(day_words(first)).is_checked() and page.get_by_label(day_words(second)).is_checked()
    assert page.get_by_label("1 and a half hours").is_checked()
    assert page.locator("#id_closes_time").input_value() == "6pm"
    assert not Poll.objects.exists()
    page.get_by_label("What times could the meeting start?").fill("10am and 2:30 pm")
    page.get_by_role("button", name="Send the poll").click()
    browser_page.check_page("poll-pattern-sent")
    poll = Poll.objects.get()
    assert poll.options.count() == 4

    # A member sees the four times to answer.
    sign_in_as(browser_page, bea)
    browser_page.visit(f"/my/polls/{poll.public_id}/")
    browser_page.check_page("poll-member")
    browser_page.screenshot_at(375, "poll-member")
    main = page.locator("main").inner_text()
    assert "Coffee and a catch-up" in main
    # Each day is a heading; each time a group named with its day and time (ADR 0028).
    for day in (first, second):
        assert page.get_by_role("heading", name=day_words(day), exact=True).count() == 1
        assert page.get_by_role("group", name=f"{day_words(day)}, 10am to 11:30am", exact=True).count() == 1
        assert page.get_by_role("group", name=f"{day_words(day)}, 2:30pm to 4pm", exact=True).count() == 1
    assert page.locator('input[type="radio"][value="yes"]').count() == 4
