"""Self-management tools in the browser: a member sets a goal (after the gentle "make it measurable"
prompt), records this week, writes a set-back plan and opens its print page. Every page goes
through axe (WCAG 2.2 A/AA), with no CSP violations or JavaScript errors."""

import pytest

from followon.programmes.tests.factories import member_of
from followon.selfcare.models import Goal, SetbackPlan
from tests.browser.journeys import member_sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MOBILE = "07911 123 481"


def test_member_sets_a_goal_and_writes_a_printable_setback_plan(browser_page, service):
    me = member_of(service, preferred_name="Nina Newgoal", mobile="+44" + MOBILE.replace(" ", "")[1:])
    page = browser_page.page
    member_sign_in(browser_page, MOBILE)

    page.get_by_role("link", name="Your goals, pacing and set-back plan").click()
    browser_page.check_page("selfcare-hub")
    page.get_by_role("button", name="Set a goal").click()
    browser_page.check_page("goal-new")
    page.get_by_label("What do you want to do?").fill("Get out of the house more")
    page.get_by_label("How confident are you").fill("7")
    page.get_by_role("button", name="Save goal").click()
    browser_page.check_page("goal-measurable-prompt")
    assert page.get_by_text("Can you make it measurable?").is_visible()
    page.get_by_label("How much or how often?").fill("a short walk 3 times a week")
    page.get_by_role("button", name="Save goal").click()
    browser_page.check_page("goal-detail")
    goal = Goal.objects.get(owner=me)
    assert goal.how_much == "a short walk 3 times a week"

    page.get_by_label("Partly").check()
    page.get_by_role("button", name="Save this week").click()
    browser_page.check_page("goal-progress-saved")
    assert page.locator("svg.app-chart").count() == 1
    assert goal.progress.get().outcome == "partly"

    browser_page.visit("/my/setback-plan/")
    browser_page.check_page("setback-edit")
    page.get_by_label("What helps me in a set-back").fill("Heat pad\nSlow breathing")
    page.get_by_label("What I will say to my GP").fill("Ask about sleep")
    page.get_by_role("button", name="Save set-back plan").click()
    browser_page.check_page("setback")
    assert SetbackPlan.objects.filter(owner=me).exists()
    page.get_by_role("link", name="Print your plan").click()
    browser_page.check_page("setback-print")
    browser_page.screenshot_at(375, "setback-print")
    page.emulate_media(media="print")
    browser_page.check_page("setback-print-as-printed")
    browser_page.screenshot_at(320, "setback-print-as-printed")
    # On paper a crisis number is part of its sentence: no "(Link: tel:...)" printed after it.
    call = page.locator("main a.app-contact-link[href^='tel:']").first
    assert call.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")
    assert call.evaluate("a => getComputedStyle(a).display") == "inline"
    assert not page.locator("header.nhsuk-header").is_visible()
    assert page.get_by_role("heading", name="My set-back plan").is_visible()
    page.emulate_media(media="screen")


def test_pacing_check_in_library_and_shared_goals_pages(browser_page, service):
    import datetime as dt

    from django.utils import timezone

    from followon.peergroups.models import GroupMembership, PeerGroup
    from followon.selfcare import services

    me = member_of(service, preferred_name="Pat Pacer", mobile="+447911123482")
    group = PeerGroup.objects.create(service=service, name="Thursday group", status=PeerGroup.Status.ACTIVE)
    GroupMembership.objects.create(group=group, user=me, status=GroupMembership.Status.MEMBER)
    started = timezone.localdate() - dt.timedelta(weeks=4)
    activity = services.pacing_activity_create(
        owner=me, name="Gardening", baseline_minutes=10, build_up="percent", build_up_amount=10, started_on=started
    )
    for i, minutes in enumerate([9, 10, 11, 8, 12, 12, 13, 14]):
        services.pacing_log_add(
            activity=activity, done_on=started + dt.timedelta(days=3 * i), minutes=minutes, flare=minutes < 10
        )
    goal = services.goal_create(owner=me, what="Swim 10 lengths", how_much="once a week", confidence=6)
    services.goal_shares_set(goal=goal, group_ids={group.pk})
    page = browser_page.page
    member_sign_in(browser_page, "07911 123 482")

    browser_page.visit(f"/my/pacing/{activity.public_id}/")
    assert page.locator("svg.app-chart circle").count() == 8
    browser_page.visit("/my/check-in/")
    page.get_by_label("How much has pain got in the way").fill("12")
    page.get_by_role("button", name="Check in").click()
    browser_page.check_page("check-in-error")
    assert page.get_by_text("Pain interference must be a whole number from 0 to 10").first.is_visible()
    page.get_by_label("Send me a weekly check-in by text").check()
    page.get_by_label("Which day?").select_option(label="Thursday")
    page.get_by_role("button", name="Save text settings").click()
    browser_page.check_page("check-in-texts")
    assert page.get_by_text("We text you this check-in every Thursday").is_visible()
    browser_page.visit("/my/techniques/")
    page.get_by_role("link", name="Preparing for a GP appointment").click()
    browser_page.check_page("technique-gp")
    browser_page.visit(f"/my/groups/{group.public_id}/shared-goals/")
    assert page.get_by_text("Swim 10 lengths").is_visible()
