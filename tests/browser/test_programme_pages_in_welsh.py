"""Programme and group pages in Welsh in the browser (issue 18 phase C; ADR 0027): a member's programme
page and the follow-on question, and a clinician's programme page, under /cy/. Every page goes through
axe and the 320 px reflow check (long Welsh words must not push the page sideways), and each is
photographed at 375 px for a person to read."""

from datetime import timedelta

import pytest
from django.utils import timezone

from followon.core.tests.english import english_sentences
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, join, make_programme, share
from tests.browser.journeys import sign_in_as, staff_sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_members_programme_and_the_follow_on_question_in_welsh(browser_page, service, clinician, ptv):
    programme = make_programme(
        service, clinician, ptvs=[ptv], start=timezone.localdate() - timedelta(weeks=3), title="Rhaglen Caerdydd"
    )
    eleri = join(programme, preferred_name="Eleri", mobile="+447700900231", language="cy")
    other = join(programme, preferred_name="Gwenllian", mobile="+447700900232")
    answer(other, "yes")
    share(other, "name", "mobile")
    share(eleri, "name")
    form_group(programme, clinician, name="Cerddwyr bore dydd Mercher")
    page = browser_page.page
    sign_in_as(browser_page, eleri.user)

    browser_page.visit(f"/cy/my/programmes/{programme.public_id}/")
    browser_page.check_page("my-programme-cy")
    assert page.get_by_role("heading", name="Grŵp dilynol", level=2).is_visible()
    assert english_sentences(page.content(), "cy") == []
    browser_page.screenshot_at(375, "my-programme-cy")

    page.get_by_text("Atebwch y cwestiwn am y grŵp dilynol").click()
    browser_page.check_page("follow-on-question-cy")
    page.get_by_role("button", name="Cadw fy ateb").click()
    browser_page.check_page("follow-on-question-errors-cy")
    assert page.get_by_role("link", name="Dewiswch hoffwn, efallai neu na hoffwn").is_visible()
    assert english_sentences(page.content(), "cy") == []
    browser_page.screenshot_at(375, "follow-on-question-errors-cy")


def test_a_clinicians_programme_page_in_welsh(browser_page, service, clinician, ptv):
    programme = make_programme(
        service, clinician, ptvs=[ptv], start=timezone.localdate() - timedelta(weeks=9), title="Rhaglen Caerdydd"
    )
    for number, name in enumerate(["Aled", "Bethan", "Catrin"]):
        enrolment = join(programme, preferred_name=name, mobile=f"+4477009002{40 + number}")
        answer(enrolment, "maybe", reason="travel_timing", days=["tue"], travel="10")
    form_group(programme, clinician, name="Grŵp Llandaf")
    staff_sign_in(browser_page, clinician)
    browser_page.visit(f"/cy/staff/programmes/{programme.public_id}/")
    browser_page.check_page("staff-programme-cy")
    content = browser_page.page.content()
    assert "Trosglwyddo i grŵp dilynol" in content
    assert "Diwrnodau sy'n gyfleus (hoffwn neu efallai)" in content
    browser_page.screenshot_at(375, "staff-programme-cy")
