"""The actions that ask first, played without JavaScript on a phone (issue 21 item 6; ADR 0024).

Stepping down as coordinator, "I'm unwell — can someone take this one?" (texts the whole group),
"Hide while I take a look" and removing a member each lead to a page that asks first. In each
journey the person reaches that page, says no and finds nothing changed (nobody texted), comes back,
says yes and sees the result. JavaScript is off: these are plain forms and links. Every page goes
through the shared page check (axe, markup as text, 320 px reflow, links in sent messages), and the
buttons and links on the asking page are at least 44 px high.
"""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from followon.conversations.models import Post
from followon.meetings import services as meeting_services
from followon.meetings.models import Meeting
from followon.notifications.models import OutboundMessage
from followon.peergroups import services as group_services
from followon.peergroups.models import GroupMembership, GroupRole
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join
from tests.browser.journeys import sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def group_of_four(service, clinician, ptv):
    """Ann (coordinator), Bea (co-coordinator), Cal and Dot in a group formed from their programme."""
    programme = finished_programme(service, clinician, ptvs=[ptv])
    enrolments = [join(programme, preferred_name=n) for n in ["Ann", "Bea", "Cal", "Dot"]]
    for enrolment in enrolments:
        answer(enrolment, "yes")
    people = [e.user for e in enrolments]
    group = form_group(programme, clinician, supporter=ptv, accept=True)
    group_services.role_take(group=group, user=people[0], role="coordinator")
    group_services.role_take(group=group, user=people[1], role="co_coordinator")
    return group, people


def _asks_first(browser_page, heading: str, *, yes: str, no: str):
    """On the asking page: the question as its heading, and both answers 44 px high to tap."""
    page = browser_page.page
    browser_page.check_page(heading[:30])
    assert page.get_by_role("heading", level=1).inner_text() == heading
    for control in (page.get_by_role("button", name=yes), page.get_by_role("link", name=no)):
        assert control.bounding_box()["height"] >= 44, f"{control} is under 44 px high"
    browser_page.screenshot_at(375, "asks-first")


def test_stepping_down_as_coordinator_asks_first(no_js_phone, group_of_four):
    group, (ann, *_others) = group_of_four
    page = no_js_phone.page
    sign_in_as(no_js_phone, ann)
    no_js_phone.visit(f"/my/groups/{group.public_id}/")

    page.get_by_role("button", name="Step down as coordinator").click()
    _asks_first(no_js_phone, "Step down from the role “coordinator”?", yes="Yes, step down", no="No, keep the role")
    page.get_by_role("link", name="No, keep the role").click()
    no_js_phone.check_page("kept-the-role")
    assert group.roles.filter(user=ann, role="coordinator", ended_at__isnull=True).exists()
    assert page.get_by_role("button", name="Step down as coordinator").is_visible()

    page.get_by_role("button", name="Step down as coordinator").click()
    no_js_phone.check_page("asked-again")
    page.get_by_role("button", name="Yes, step down").click()
    no_js_phone.check_page("stepped-down")
    assert "You have stepped down from that role" in page.inner_text("main")
    assert not group.roles.filter(user=ann, role="coordinator", ended_at__isnull=True).exists()
    assert GroupRole.objects.filter(group=group, user=ann, role="coordinator").exclude(ended_at=None).exists()


def test_im_unwell_asks_first_and_texts_nobody_until_yes(no_js_phone, group_of_four):
    group, (ann, *_others) = group_of_four
    meeting = meeting_services.meeting_create(
        group=group,
        created_by=ann,
        first_date=timezone.localdate() + timedelta(days=7),
        start_time=time(10, 30),
        end_time=time(12, 0),
        title="Coffee morning",
    )
    page = no_js_phone.page
    sign_in_as(no_js_phone, ann)
    no_js_phone.visit(f"/my/meetings/{meeting.public_id}/")
    before = OutboundMessage.objects.count()

    page.get_by_role("button", name="I'm unwell — can someone take this one?").click()
    _asks_first(
        no_js_phone,
        "Ask the group if someone can run this meeting?",
        yes="Yes, ask the group",
        no="No, go back to the meeting",
    )
    page.get_by_role("link", name="No, go back to the meeting").click()
    no_js_phone.check_page("not-asked")
    assert OutboundMessage.objects.count() == before  # nobody was texted
    assert Meeting.objects.get(pk=meeting.pk).handover_asked_at is None

    page.get_by_role("button", name="I'm unwell — can someone take this one?").click()
    no_js_phone.check_page("asked-again")
    page.get_by_role("button", name="Yes, ask the group").click()
    no_js_phone.check_page("group-asked")  # also opens every link in the texts just sent
    assert "if someone can run it. Rest and look after yourself" in page.inner_text("main")
    assert Meeting.objects.get(pk=meeting.pk).handover_asked_at is not None
    assert OutboundMessage.objects.count() > before


def test_hiding_a_post_asks_first(no_js_phone, group_of_four):
    group, (ann, bea, *_others) = group_of_four
    post = Post.objects.create(group=group, author=bea, body="See you all at the cafe on Tuesday")
    page = no_js_phone.page
    sign_in_as(no_js_phone, ann)
    no_js_phone.visit(f"/my/groups/{group.public_id}/board/")

    page.get_by_role("button", name="Hide while I take a look").click()
    _asks_first(
        no_js_phone, "Hide this post while you take a look?", yes="Yes, hide the post", no="No, leave it on the board"
    )
    assert "Nobody else in the group will see Bea's post" in page.inner_text("main")
    page.get_by_role("link", name="No, leave it on the board").click()
    no_js_phone.check_page("left-on-board")
    assert Post.objects.get(pk=post.pk).hidden_at is None
    assert page.get_by_text("See you all at the cafe on Tuesday").is_visible()

    page.get_by_role("button", name="Hide while I take a look").click()
    no_js_phone.check_page("asked-again")
    page.get_by_role("button", name="Yes, hide the post").click()
    no_js_phone.check_page("hidden")
    assert "The post is hidden while you take a look." in page.inner_text("main")
    assert Post.objects.get(pk=post.pk).hidden_at is not None
    # Undone in one tap, as the asking page promised.
    page.get_by_role("button", name="Show again").click()
    no_js_phone.check_page("shown-again")
    assert Post.objects.get(pk=post.pk).hidden_at is None


def test_removing_a_member_asks_first_and_keeping_them_changes_nothing(no_js_phone, group_of_four):
    group, (ann, _bea, cal, _dot) = group_of_four
    page = no_js_phone.page
    sign_in_as(no_js_phone, ann)
    no_js_phone.visit(f"/my/groups/{group.public_id}/")
    before = OutboundMessage.objects.count()

    page.get_by_role("link", name="remove Cal from the group").click()
    no_js_phone.check_page("remove-cal")
    assert page.get_by_role("link", name="Keep Cal in the group").bounding_box()["height"] >= 44
    page.get_by_role("link", name="Keep Cal in the group").click()
    no_js_phone.check_page("kept-cal")
    assert GroupMembership.objects.get(group=group, user=cal).status == "member"
    assert OutboundMessage.objects.count() == before

    page.get_by_role("link", name="remove Cal from the group").click()
    no_js_phone.check_page("remove-cal-again")
    page.get_by_label("Shared what was said in the group outside it").check()
    page.get_by_role("button", name="Remove Cal").click()
    no_js_phone.check_page("removed")
    assert "Cal is no longer a member of" in page.inner_text("main")
    assert GroupMembership.objects.get(group=group, user=cal).status == "removed"
