"""From a pain management programme to a follow-on group, in the browser.

A clinician creates a programme and invites participants; participants accept,
sign in by code, answer the follow-on group question (one by the text message
link), share contact details with consent; the clinician forms a group; a
coordinator volunteers; three recorded meetings form the group and detach the
PTV with a thank-you. Every page goes through axe (WCAG 2.2 A/AA).
"""

import datetime as dt
import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from followon.notifications import policy
from followon.notifications.models import OutboundMessage
from followon.peergroups.models import GroupSupporter, PeerGroup
from followon.programmes.models import Programme, ProgrammeSession
from tests.browser.journeys import member_sign_in, sign_out, staff_sign_in


@pytest.fixture(autouse=True)
def daytime_sending(monkeypatch):
    """The journey reads "has been invited" and "sent": texts go at once outside quiet hours (9pm to 8am,
    notifications.policy). The journey is about the hand-over, not the clock, so quiet hours never start."""
    monkeypatch.setattr(policy, "QUIET_FROM", dt.time.max)
    monkeypatch.setattr(policy, "QUIET_UNTIL", dt.time.min)


pytestmark = pytest.mark.django_db(transaction=True)

# Real-format mobiles outside the factories' 07700 9xxxxx range, so no test user can already hold them.
PEOPLE = [("Ann Able", "07911 123 301"), ("Ben Bold", "07911 123 302"), ("Cat Calm", "07911 123 303")]


def link_in(template, to_address, pattern):
    body = OutboundMessage.objects.filter(template=template, to_address=to_address).order_by("-id").first().body
    return re.search(r"https?://[^/\s]+(" + pattern + r")", body)[1]


def test_from_programme_to_a_formed_follow_on_group(browser_page, service, clinician, ptv):
    page = browser_page.page
    start = timezone.localdate() + timedelta(days=7)

    # The clinician creates a programme (6 sessions needs a confirmation) and invites three people.
    staff_sign_in(browser_page, clinician)
    page.get_by_role("link", name="Programmes").first.click()
    browser_page.check_page("programmes")
    page.get_by_role("button", name="Create a programme").click()
    browser_page.check_page("create-programme")
    page.get_by_label("Programme title").fill("Spring programme")
    page.get_by_label("Where the sessions take place").fill("Southmead Hospital")
    page.get_by_label("Day").fill(str(start.day))
    page.get_by_label("Month").fill(str(start.month))
    page.get_by_label("Year").fill(str(start.year))
    page.get_by_label("Time sessions start").fill("10am")
    page.get_by_label("Number of weekly sessions").fill("6")
    page.get_by_label(clinician.preferred_name).check()
    page.get_by_label(ptv.preferred_name).check()
    page.get_by_role("button", name="Create programme").click()
    browser_page.check_page("confirm-session-count")
    assert page.get_by_text("Check the number of sessions").is_visible()
    page.get_by_label("Yes, this programme has this number of sessions").check()
    page.get_by_role("button", name="Create programme").click()
    browser_page.check_page("programme-created")
    assert page.get_by_role("heading", name="Spring programme").is_visible()
    assert page.get_by_text("PTV shares their personal account of a follow-on group", exact=True).is_visible()
    programme = Programme.objects.get(title="Spring programme")

    for name, mobile in PEOPLE:
        page.get_by_role("button", name="Invite a participant").click()
        browser_page.check_page("invite")
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Mobile phone number", exact=True).fill(mobile)
        page.get_by_role("button", name="Send invitation").click()
        browser_page.check_page("invited")
        # Sent now, or in the morning when the invitation is made in quiet hours (after 9pm).
        assert page.get_by_text(re.compile(rf"{name} (has been|will be) invited")).first.is_visible()
    page.get_by_role("button", name=re.compile(r"Mark as done\s*: PTV shares their personal account")).click()
    browser_page.check_page("step-done")
    assert page.get_by_text("Done by Dr Clare Clinician").first.is_visible()
    sign_out(browser_page)

    # Each participant accepts the invitation from their text message.
    for _name, mobile in PEOPLE:
        e164 = "+44" + mobile.replace(" ", "")[1:]
        browser_page.visit(link_in("invitation", e164, r"/invitations/\S+/"))
        page.get_by_role("button", name="Accept invitation").click()
        browser_page.check_page("accepted")
        sign_out(browser_page)
    assert programme.enrolments.filter(status="joined").count() == 3

    # The clinician sends the follow-on group question.
    staff_sign_in(browser_page, clinician)
    browser_page.visit(f"/staff/programmes/{programme.public_id}/")
    page.get_by_role("link", name="Send the question to those who have not answered").click()
    browser_page.check_page("send-question")
    page.get_by_role("button", name="Send the question").click()
    browser_page.check_page("question-sent")
    assert page.get_by_text("Follow-on group question sent to 3 people").is_visible()
    sign_out(browser_page)

    # Ann signs in by code, answers on the web and shares her name and mobile.
    member_sign_in(browser_page, PEOPLE[0][1])
    page.get_by_role("link", name="Your programmes").click()
    browser_page.check_page("my-programmes")
    page.get_by_role("link", name="Spring programme").click()
    browser_page.check_page("my-programme")
    page.get_by_role("button", name="Answer the follow-on group question").click()
    browser_page.check_page("interest")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Tuesday").check()
    page.get_by_label("Morning").check()
    page.get_by_label("Up to 5 miles").check()
    page.get_by_role("button", name="Save my answer").click()
    browser_page.check_page("interest-saved")
    page.get_by_role("link", name="Choose what to share").click()
    browser_page.check_page("sharing")
    page.get_by_label(re.compile(r"\bName: ")).check()
    page.get_by_label(re.compile(r"Mobile number: ")).check()
    page.get_by_role("button", name="Save my choices").click()
    browser_page.check_page("contacts-empty")
    assert page.get_by_text("Nobody else is sharing their details yet").is_visible()
    sign_out(browser_page)

    # Ben answers "maybe" from the link in his text message, without signing in.
    browser_page.visit(link_in("interest_question", "+447911123302", r"/q/[^/\s]+/"))
    page.get_by_label("Maybe").check()
    page.get_by_label("Travel or timing").check()
    page.get_by_role("button", name="Save my answer").click()
    browser_page.check_page("link-thanks")
    assert page.get_by_text("Thank you, your answer has been saved").is_visible()

    # Cat signs in by code, answers yes and shares her name; she sees Ann's shared details.
    member_sign_in(browser_page, PEOPLE[2][1])
    browser_page.visit(f"/my/programmes/{programme.public_id}/follow-on-group/")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save my answer").click()
    browser_page.check_page("cat-answered")
    browser_page.visit(f"/my/programmes/{programme.public_id}/contacts/sharing/")
    page.get_by_label(re.compile(r"\bName: ")).check()
    page.get_by_role("button", name="Save my choices").click()
    browser_page.check_page("cat-contacts")
    assert page.get_by_role("heading", name="Ann Able").is_visible()
    assert page.get_by_text("07911 123301").is_visible()
    sign_out(browser_page)

    # The clinician sees totals (not answers) and forms the group at N−1.
    staff_sign_in(browser_page, clinician)
    browser_page.visit(f"/staff/programmes/{programme.public_id}/")
    assert page.get_by_text("3 of 3 have answered").is_visible()
    assert page.get_by_role("cell", name="Maybe").count() == 0  # totals only, never who said what
    page.get_by_role("button", name="Form a follow-on group").click()
    browser_page.check_page("form-group")
    page.get_by_label("Group name").fill("Tuesday morning group")
    page.get_by_label("When it plans to meet (optional)").fill("Tuesday mornings")
    page.get_by_role("button", name="Form group and send invitations").click()
    browser_page.check_page("group-formed")
    assert page.get_by_text("3 people invited").is_visible()
    assert page.get_by_text(re.compile(f"{ptv.preferred_name}: supporting the group")).is_visible()
    sign_out(browser_page)
    group = PeerGroup.objects.get(name="Tuesday morning group")

    # Everyone joins from their invitation; Ann volunteers as coordinator.
    for index, (_name, mobile) in enumerate(PEOPLE):
        member_sign_in(browser_page, mobile)
        browser_page.visit(link_in("group_invitation", "+44" + mobile.replace(" ", "")[1:], r"/my/groups/[^/\s]+/"))
        page.get_by_role("button", name="Yes, join Tuesday morning group").click()
        browser_page.check_page("joined-group")
        if index == 0:
            page.get_by_role("link", name="Take on a role").click()
            browser_page.check_page("roles")
            page.get_by_label("Coordinator", exact=True).check()
            page.get_by_role("button", name="Take on this role").click()
            browser_page.check_page("coordinator")
            assert page.get_by_text("You are now the group's coordinator").is_visible()
        sign_out(browser_page)

    # The programme ends (its sessions move into the past), then the group meets three times.
    ProgrammeSession.objects.filter(programme=programme).update(
        starts_at=F("starts_at") - timedelta(weeks=9), ends_at=F("ends_at") - timedelta(weeks=9)
    )
    member_sign_in(browser_page, PEOPLE[0][1])
    for days_ago, who in [(14, PEOPLE), (7, PEOPLE[:2]), (1, PEOPLE[:2])]:
        day = timezone.localdate() - timedelta(days=days_ago)
        browser_page.visit(f"/my/groups/{group.public_id}/meetings/new/")
        page.get_by_label("Day").fill(str(day.day))
        page.get_by_label("Month").fill(str(day.month))
        page.get_by_label("Year").fill(str(day.year))
        page.get_by_label("Time it started").fill("10:30")
        page.get_by_label("Yes, in person").check()
        for name, _mobile in who:
            page.get_by_label(name).check()
        page.get_by_role("button", name="Save meeting").click()
        browser_page.check_page(f"meeting-{days_ago}")
        if days_ago == 14:
            assert page.get_by_text("Meeting recorded. The group has now formed.").is_visible()
    sign_out(browser_page)

    group.refresh_from_db()
    assert group.status == PeerGroup.Status.ACTIVE
    assert group.formed_on == timezone.localdate() - timedelta(days=14)
    supporter = GroupSupporter.objects.get(group=group)
    assert supporter.detach_reason == GroupSupporter.DetachReason.AFTER_THIRD_MEETING
    thanks = OutboundMessage.objects.get(template="supporter_thanks")
    assert thanks.recipient == ptv and "Tuesday morning group" in thanks.body

    # The clinician sees the formed group and the PTV's support ended.
    staff_sign_in(browser_page, clinician)
    browser_page.visit(f"/staff/groups/{group.public_id}/")
    assert page.get_by_text("after the group's third meeting").is_visible()
    assert page.get_by_text("Ann Able").first.is_visible()
    browser_page.visit(f"/staff/programmes/{programme.public_id}/")
    assert page.get_by_role("cell", name="Ann Able").first.is_visible()


def test_a_member_who_stops_sharing_disappears_from_the_contact_list(phone_page, service, clinician):
    from followon.programmes.tests.factories import join, make_programme, share

    programme = make_programme(service, clinician)
    viewer = join(programme, preferred_name="Vera Viewer", mobile="+447911123401")
    leaver = join(programme, preferred_name="Lee Leaver", mobile="+447911123402")
    share(viewer, "name")
    share(leaver, "name", "mobile")
    page = phone_page.page

    member_sign_in(phone_page, "07911 123 401")
    phone_page.visit(f"/my/programmes/{programme.public_id}/contacts/")
    assert page.get_by_role("heading", name="Lee Leaver").is_visible()
    sign_out(phone_page)

    member_sign_in(phone_page, "07911 123 402")
    phone_page.visit(f"/my/programmes/{programme.public_id}/contacts/sharing/")
    page.get_by_label(re.compile(r"\bName: ")).uncheck()
    page.get_by_label(re.compile(r"Mobile number: ")).uncheck()
    page.get_by_role("button", name="Save my choices").click()
    phone_page.check_page("stopped-sharing")
    assert page.get_by_text("You are not sharing any contact details").is_visible()
    sign_out(phone_page)

    member_sign_in(phone_page, "07911 123 401")
    phone_page.visit(f"/my/programmes/{programme.public_id}/contacts/")
    assert page.get_by_text("Lee Leaver").count() == 0
    assert page.get_by_text("07911 123402").count() == 0
