"""A coordinator removes a member from their group on a phone (375 px), and the member then finds a
kind page, not the board (ADR 0029). Every page goes through axe (WCAG 2.2 A/AA)."""

import pytest

from followon.conversations.models import Post
from followon.notifications.models import OutboundMessage
from followon.peergroups import services as group_services
from followon.peergroups.models import GroupMembership
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join
from tests.browser.journeys import sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_coordinator_removes_a_member_who_then_gets_a_kind_page(phone_375, service, clinician, ptv):
    page = phone_375.page
    programme = finished_programme(service, clinician, ptvs=[ptv])
    enrolments = [join(programme, preferred_name=n) for n in ["Ann", "Bea", "Cal"]]
    for enrolment in enrolments:
        answer(enrolment, "yes")
    ann, bea, cal = (e.user for e in enrolments)
    group = form_group(programme, clinician, supporter=ptv, accept=True)
    group_services.role_take(group=group, user=ann, role="coordinator")
    Post.objects.create(group=group, author=bea, body="CANARY-BOARD-POST see you Tuesday")

    # Ann, the coordinator, removes Cal from the group page.
    sign_in_as(phone_375, ann)
    phone_375.visit(f"/my/groups/{group.public_id}/")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.get_by_role("link", name="remove Cal from the group").click()
    phone_375.check_page("remove-cal")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375

    # Without a reason nothing happens and the error says what to do.
    page.get_by_role("button", name="Remove Cal").click()
    phone_375.check_page("remove-no-reason")
    assert page.get_by_role("link", name="Select the reason for removing this member").is_visible()
    assert GroupMembership.objects.get(group=group, user=cal).status == "member"

    page.get_by_label("Shared what was said in the group outside it").check()
    page.get_by_role("button", name="Remove Cal").click()
    phone_375.check_page("removed-confirmation")
    assert "Cal is no longer a member of" in page.inner_text("main")
    assert GroupMembership.objects.get(group=group, user=cal).status == "removed"
    told = OutboundMessage.objects.get(template="group_removed", recipient=cal, channel="sms")
    assert "no longer part of" in told.body

    # Cal follows the board link they had: a kind page, nothing of the group.
    sign_in_as(phone_375, cal)
    response = page.goto(phone_375.base_url + f"/my/groups/{group.public_id}/board/")
    assert response.status == 403
    phone_375.check_page("kind-page")
    text = page.inner_text("main")
    assert f"You are no longer part of {group.name}" in text
    assert "CANARY-BOARD-POST" not in page.content() and "Bea" not in text
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
