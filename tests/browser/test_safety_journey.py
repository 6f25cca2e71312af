"""The safety net in the browser: a member reads what a clinician may see before their first post,
posts a crisis message on their group board, sees the signposting privately, the duty clinician is
alerted (outbox rows), sees that post and the member's own earlier posts but never another member's,
acknowledges, records a call and closes the item; the audit trail has each step."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from followon.conversations import services as board
from followon.conversations.tests.factories import add_member, make_group
from followon.core import board_privacy
from followon.core.models import AuditEvent
from followon.notifications.models import OutboundMessage
from followon.safety.models import ConcernItem, DutyShift
from tests.browser.journeys import staff_sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CRISIS = "I'm having a really bad day. This is awful, I can't carry on"


def latest_code():
    message = OutboundMessage.objects.filter(template="sign_in_code", channel="email").order_by("-id").first()
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def test_crisis_post_to_closed_item(browser_page, service, clinician):
    group = make_group(service)
    maggie = add_member(group, preferred_name="Maggie", email="maggie@example.test", ready=False)
    ravi = add_member(group, preferred_name="Ravi")
    board.post_create(group=group, author=ravi, body="Anyone for the allotment on Saturday? Bring a flask.")
    now = timezone.now()
    DutyShift.objects.create(
        service=service, clinician=clinician, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=8)
    )
    page = browser_page.page

    # The member signs in with a code and posts on the board.
    browser_page.visit("/sign-in/")
    page.get_by_label("Mobile phone number or email address").fill("maggie@example.test")
    page.get_by_role("button", name="Send me a code").click()
    page.get_by_label("Enter your 6-digit code").fill(latest_code())
    page.get_by_role("button", name="Sign in").click()
    browser_page.visit(f"/my/groups/{group.public_id}/board/")

    # Before the first post: who can read the board, and what a clinician may see and when.
    assert page.get_by_text(board_privacy.BOARD_PROMISE).is_visible()
    assert page.get_by_text(board_privacy.BOARD_EXCEPTION).is_visible()
    assert page.get_by_role("heading", name="what a clinician may see").is_visible()
    assert page.get_by_text(board_privacy.CLINICIAN_SEES_FLAGGED).is_visible()
    assert page.get_by_text("Version 1").count() == 0
    browser_page.screenshot_at(375, "board-before-first-post")
    page.get_by_role("button", name="I understand and agree").click()
    browser_page.check_page("notice-agreed")
    page.get_by_role("button", name="I agree").click()
    browser_page.check_page("agreement-agreed")
    board.post_create(group=group, author=maggie, body="Lovely walk today, thank you all")
    page.get_by_label("Write a post").fill("")
    page.get_by_role("button", name="Post", exact=True).click()
    browser_page.check_page("empty-post")
    assert page.get_by_text("Enter your message").first.is_visible()
    page.get_by_label("Write a post").fill(CRISIS)
    page.get_by_role("button", name="Post", exact=True).click()
    browser_page.check_page("signposting")
    assert page.get_by_role("heading", name="Help is here if you need it").is_visible()
    assert page.get_by_text("Samaritans").first.is_visible()
    assert page.get_by_role("link", name="Call Samaritans on 116 123").is_visible()
    browser_page.screenshot_at(375, "flagged-message-notice")
    item = ConcernItem.objects.get()
    assert item.level == "urgent" and item.member == maggie
    alerts = OutboundMessage.objects.filter(template="safety/duty_alert", recipient=clinician)
    assert {m.channel for m in alerts} == {"sms", "email"} and all(m.urgent for m in alerts)
    browser_page.visit(f"/my/groups/{group.public_id}/board/")
    assert page.get_by_text("bad day").first.is_visible()
    browser_page.screenshot_at(375, "board-after-first-post")

    # The duty clinician signs in with password and authenticator app.
    page.context.clear_cookies()
    staff_sign_in(browser_page, clinician)

    # The board stays closed to staff.
    response = page.goto(browser_page.base_url + f"/my/groups/{group.public_id}/board/")
    assert response.status == 404

    browser_page.visit("/staff/safety/queue/")
    page.get_by_role("link", name="Urgent item about Maggie").click()
    browser_page.check_page("item")
    assert page.get_by_text("bad day").first.is_visible()
    # Maggie's own earlier post, for context; never Ravi's, though it was on the board before hers.
    assert page.get_by_text("Lovely walk today").is_visible()
    assert page.get_by_text("allotment").count() == 0 and page.get_by_text("Ravi").count() == 0
    assert page.get_by_text(board_privacy.QUEUE_CONTEXT_EXPLAINED).is_visible()
    browser_page.screenshot_at(375, "queue-item")
    page.get_by_role("button", name="Acknowledge").click()
    browser_page.check_page("acknowledged")
    page.get_by_label("Called the member").check()
    page.get_by_label("Notes").fill("Spoke to Maggie; she is with her sister tonight.")
    page.get_by_role("button", name="Record action").click()
    browser_page.check_page("actioned")
    page.get_by_role("button", name="Close this item").click()
    browser_page.check_page("closed")
    item.refresh_from_db()
    assert item.state == "closed" and item.action == "called" and item.closed_by == clinician
    steps = list(
        AuditEvent.objects.filter(action__startswith="safety.item_")
        .exclude(action="safety.item_viewed")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert steps == ["safety.item_raised", "safety.item_acknowledged", "safety.item_actioned", "safety.item_closed"]
    assert AuditEvent.objects.filter(action="safety.item_viewed", actor=clinician).count() >= 4
    browser_page.visit("/staff/safety/rota/")
