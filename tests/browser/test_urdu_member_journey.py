"""Issue 18 item 8: an Urdu-speaking member on a 375 px phone signs in, switches to اردو, answers a poll,
posts on her group's board in Urdu and answers a meeting text with the Urdu word for yes.

Every page is right to left, passes axe, reflows with no sideways scrolling and has no English sentence
(bar what people wrote and the notice that the translation is unchecked, which is marked lang="en").
The words the member looks for are read from the Urdu catalogue, so the test follows the page she sees
and fails if a word she needs was left untranslated. Her Urdu post is not something the screen can read:
it goes to the duty queue as "not screened (language)" and she sees the private notice with crisis
numbers, never a silence that implies it was read and safe (item 5, H-014).
"""

from datetime import time, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from followon.conversations import services as board_services
from followon.core.signposting import CRISIS_CONTACTS
from followon.core.tests.english import english_sentences
from followon.meetings import services as meeting_services
from followon.meetings.models import PollAnswer, Rsvp
from followon.notifications.models import InboundSms, OutboundMessage
from followon.safety.language import LANGUAGE_REASON
from followon.safety.models import ConcernItem
from tests.browser.journeys import member_sign_in, text_back
from tests.browser.urdu_world import urdu_group

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = "07700 900 241"
# What Bea wrote on the board before Amina came (people's words are data, shown as written).
BEA_POST = "سب کو سلام، منگل کی ملاقات میں کون آ رہا ہے؟"
AMINA_POST = "آج کمر کا درد بہت زیادہ ہے، لیکن میں منگل کو آنے کی کوشش کروں گی"


def ur(message: str, **values) -> str:
    """What the Urdu page says for `message`: from the catalogue, and never the English left in place."""
    with translation.override("ur"):
        text = gettext(message)
    assert text != message, f"not translated into Urdu: {message!r}"
    return text % values if values else text


def assert_urdu_page(phone, label: str):
    page = phone.page
    phone.check_page(label)  # axe, markup as text, CSRF on forms, 320 px reflow
    assert page.evaluate("document.documentElement.lang") == "ur"
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{label} scrolls sideways"
    left = english_sentences(page.content(), "ur", frozenset({"Ann", "Bea", "Amina"}))
    assert left == [], (label, left)


def test_an_urdu_speaking_member_on_a_phone_answers_a_poll_posts_and_replies_by_text(
    phone_375, service, clinician, settings
):
    settings.NOTIFY_RECEIVED_TEXT_TOKEN = "received-text-token"
    world = urdu_group(service, clinician, amina_mobile="+44" + MOBILE.replace(" ", "")[1:])
    group, poll, ann, amina = world.group, world.poll, world.ann, world.amina
    board_services.post_create(group=group, author=world.bea, body=BEA_POST)
    page = phone_375.page

    # Sign in (English, as anyone does the first time), then choose اردو from the header.
    member_sign_in(phone_375, MOBILE)
    page.get_by_role("button", name="اردو").click()
    page.wait_for_url(phone_375.base_url + "/ur/")
    assert_urdu_page(phone_375, "member-home-ur")
    assert page.get_by_role("heading", name=ur("Hello, %(name)s", name="Amina"), level=1).is_visible()
    amina.refresh_from_db()
    assert amina.language == "ur"
    phone_375.screenshot_at(375, "member-home-ur")

    # Home → her groups → the group → meetings → the poll.
    page.get_by_role("link", name=ur("Your follow-on groups")).first.click()
    assert_urdu_page(phone_375, "my-groups-ur")
    page.get_by_role("link", name=group.name).first.click()
    assert_urdu_page(phone_375, "my-group-ur")
    page.get_by_role("link", name=ur("Meetings, polls and venues")).click()
    assert_urdu_page(phone_375, "meetings-ur")
    page.locator(f'a[href*="{poll.public_id}"]').first.click()
    assert_urdu_page(phone_375, "poll-ur")
    assert page.get_by_role("heading", name=ur("When can you come?")).is_visible()
    page.get_by_label(ur("Yes"), exact=True).first.check()
    page.get_by_role("button", name=ur("Save my answers")).click()
    assert_urdu_page(phone_375, "poll-ur-saved")
    assert page.get_by_text(ur("Your answers have been saved. You can change them until the poll closes")).is_visible()
    assert PollAnswer.objects.get(user=amina).answer == PollAnswer.Answer.YES
    phone_375.screenshot_at(375, "poll-ur")

    # The board: what a clinician may see, her agreement, then a post in Urdu.
    phone_375.visit(f"/ur/my/groups/{group.public_id}/")
    page.get_by_role("link", name=ur("Group board")).click()
    assert_urdu_page(phone_375, "board-ur-before-first-post")
    page.get_by_role("button", name=ur("I understand and agree")).click()
    assert_urdu_page(phone_375, "board-ur-notice-agreed")
    page.get_by_role("button", name=ur("I agree")).click()
    assert_urdu_page(phone_375, "board-ur-agreement-agreed")
    page.get_by_label(ur("Write a post")).fill(AMINA_POST)
    page.get_by_role("button", name=ur("Post"), exact=True).click()
    # The screen cannot read Urdu: she is told privately where help is, in Urdu, numbers left to right.
    assert_urdu_page(phone_375, "board-ur-not-screened-notice")
    assert page.get_by_role("heading", name=ur("Help is here if you need it")).is_visible()
    numbers = page.eval_on_selector_all("a bdi", "els => els.map(e => [e.textContent, getComputedStyle(e).direction])")
    assert {contact.number for contact in CRISIS_CONTACTS} & {text for text, _ in numbers}
    assert all(direction == "ltr" for _, direction in numbers)
    phone_375.screenshot_at(375, "board-ur-not-screened-notice")
    item = ConcernItem.objects.get(member=amina)
    assert item.level == "unscreened" and LANGUAGE_REASON in item.rule_ids
    phone_375.visit(f"/ur/my/groups/{group.public_id}/board/")
    assert page.get_by_text(AMINA_POST).is_visible() and page.get_by_text(BEA_POST).is_visible()
    assert_urdu_page(phone_375, "board-ur")
    phone_375.screenshot_at(375, "board-ur")

    # The coordinator sets the meeting up. Texts go in a language only once a qualified translator has
    # checked it (a text cannot carry the "unchecked" notice a page does), so while Urdu is in review her
    # text is English; she answers in Urdu, ہاں, and is understood.
    meeting = meeting_services.meeting_create(
        group=group,
        created_by=ann,
        first_date=timezone.localdate() + timedelta(days=10),
        start_time=time(10, 30),
        end_time=time(12, 0),
    )
    text = OutboundMessage.objects.filter(recipient=amina, template="meeting_confirmed", channel="sms").get()
    assert "Reply YES if you can come" in text.body
    assert text_back(phone_375, "44" + MOBILE.replace(" ", "")[1:], "ہاں") == 200
    assert InboundSms.objects.get(user=amina).outcome == InboundSms.Outcome.ANSWERED
    assert Rsvp.objects.get(meeting=meeting, user=amina).response == Rsvp.Response.YES
    phone_375.visit(f"/ur/my/meetings/{meeting.public_id}/")
    assert_urdu_page(phone_375, "meeting-ur")
    phone_375.screenshot_at(375, "meeting-ur")

    # Need help now? from the page she is on.
    page.get_by_role("link", name=ur("Need help now?")).first.click()
    assert_urdu_page(phone_375, "need-help-ur")
    phone_375.screenshot_at(375, "need-help-ur-signed-in")
