"""Languages, phase A (issue 18; ADR 0027): a Welsh-speaking member signs in, switches to Cymraeg and
finds home and Need help now? in Welsh; an Urdu page on a 375 px phone reads right to left with its
numbers left to right."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from followon.core.signposting import CRISIS_CONTACTS
from followon.core.tests.english import english_sentences
from followon.meetings import services as meeting_services
from followon.meetings.models import PollAnswer, Rsvp
from followon.notifications.models import InboundSms, OutboundMessage
from followon.peergroups import services as group_services
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join, member_of
from tests.browser.journeys import member_sign_in, text_back

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
    assert english_sentences(page.content(), "cy") == []
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


def test_a_welsh_speaking_member_answers_a_poll_by_web_and_a_meeting_by_a_welsh_text(
    browser_page, service, clinician, settings
):
    """Issue 18 phase B: sign in, switch to Cymraeg, go from home to the group, its meetings and a poll,
    answer it on the web (every page Welsh, axe clean, no English sentence), then reply IE to the
    meeting text through Notify's received-text callback, which records that she is coming."""
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = "received-text-token"
    service.message_languages = ["cy"]
    service.save()
    programme = finished_programme(service, clinician)
    enrolments = [join(programme, preferred_name=n) for n in ["Ann", "Bea"]]
    megan_enrolment = join(programme, preferred_name="Megan", mobile="+447700900218")
    for enrolment in [*enrolments, megan_enrolment]:
        answer(enrolment, "yes")
    group = form_group(programme, clinician, accept=True)
    coordinator = enrolments[0].user
    group_services.role_take(group=group, user=coordinator, role="coordinator")
    start = timezone.now() + timedelta(days=10)
    poll = meeting_services.poll_create(
        group=group,
        created_by=coordinator,
        title="",
        closes_at=timezone.now() + timedelta(days=5),
        options=[{"starts_at": start, "ends_at": start + timedelta(hours=2), "venue": None}],
    )
    megan = megan_enrolment.user

    page = browser_page.page
    member_sign_in(browser_page, MOBILE)
    page.get_by_role("button", name="Cymraeg").click()
    page.wait_for_url(browser_page.base_url + "/cy/")

    page.get_by_role("link", name="Eich grwpiau dilynol").click()
    browser_page.check_page("my-groups-cy")
    assert english_sentences(page.content(), "cy") == []
    page.get_by_role("link", name=group.name).first.click()
    browser_page.check_page("my-group-cy")
    assert english_sentences(page.content(), "cy") == []
    page.get_by_role("link", name="Cyfarfodydd, polau a lleoliadau").click()
    browser_page.check_page("meetings-cy")
    assert english_sentences(page.content(), "cy") == []
    page.locator(f'a[href*="{poll.public_id}"]').first.click()
    browser_page.check_page("poll-cy")
    assert page.get_by_role("heading", name="Pryd allwch chi ddod?").is_visible()
    assert english_sentences(page.content(), "cy") == []

    page.get_by_role("button", name="Cadw fy atebion").click()  # nothing chosen: a Welsh error
    browser_page.check_page("poll-cy-error")
    assert page.get_by_text("Dewiswch Ydw, Os oes rhaid neu Nac ydw ar gyfer o leiaf un amser").first.is_visible()
    assert english_sentences(page.content(), "cy") == []
    page.get_by_label("Ydw", exact=True).first.check()
    page.get_by_role("button", name="Cadw fy atebion").click()
    browser_page.check_page("poll-cy-saved")
    assert PollAnswer.objects.get(user=megan).answer == "yes"
    assert english_sentences(page.content(), "cy") == []
    browser_page.screenshot_at(375, "poll-cy")

    # The coordinator sets the meeting up; Megan's text is Welsh and she answers it in Welsh.
    meeting = meeting_services.meeting_create(
        group=group,
        created_by=coordinator,
        first_date=timezone.localdate() + timedelta(days=10),
        start_time=time(10, 30),
        end_time=time(12, 0),
    )
    text = OutboundMessage.objects.filter(recipient=megan, template="meeting_confirmed", channel="sms").get()
    assert "Atebwch IE os gallwch ddod" in text.body
    assert text_back(browser_page, "447700900218", "Ie, diolch") == 200
    assert InboundSms.objects.get(user=megan).outcome == InboundSms.Outcome.ANSWERED
    assert Rsvp.objects.get(meeting=meeting, user=megan).response == Rsvp.Response.YES

    # The meeting page, in Welsh, shows her answer.
    browser_page.visit(f"/cy/my/meetings/{meeting.public_id}/")
    browser_page.check_page("meeting-cy")
    assert english_sentences(page.content(), "cy") == []
