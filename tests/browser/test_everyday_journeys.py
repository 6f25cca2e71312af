"""Everyday friction from issue 21, followed in a phone-sized browser.

A member copies their calendar link from a box that wraps on a phone. Every page also goes through
the shared checks (axe, markup as text, no sideways scrolling at 320 px, links in sent messages).
"""

import pytest

from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join
from tests.browser.conftest import SCREENSHOTS
from tests.browser.journeys import sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_copies_the_calendar_link_on_a_phone(phone_page, service, clinician, ptv):
    page = phone_page.page
    programme = finished_programme(service, clinician, ptvs=[ptv])
    enrolments = [join(programme, preferred_name=n) for n in ["Ann", "Bea"]]
    for enrolment in enrolments:
        answer(enrolment, "yes", days=["tue"], times_of_day=["morning"])
    ann = enrolments[0].user
    form_group(programme, clinician, supporter=ptv, accept=True)
    sign_in_as(phone_page, ann)
    phone_page.visit("/my/calendar/")
    page.get_by_role("button", name="Get my calendar link").click()
    phone_page.check_page("calendar-link")
    box = page.get_by_label("Your private calendar link")
    link = box.input_value()
    assert link.startswith(phone_page.base_url + "/")  # the address the site runs on, no tags
    assert "<" not in link
    phone_page.screenshot_at(375, "calendar-link")
    assert SCREENSHOTS.exists()
