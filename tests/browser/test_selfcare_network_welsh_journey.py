"""The self-care and network pages in Welsh on a 375 px phone (issue 18 phase C): every page goes
through axe, the 320 px reflow check (long Welsh words must not push the page sideways) and a
screenshot, and has no English sentence left."""

import datetime as dt

import pytest
from django.utils import timezone

from followon.core.tests.english import english_sentences
from followon.network.tests.factories import listed_group
from followon.programmes.tests.factories import member_of
from followon.selfcare import services
from tests.browser.journeys import sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_welsh_self_care_and_network_pages_fit_a_phone(phone_375, service):
    me = member_of(service, preferred_name="Megan")
    today = timezone.localdate()
    goal = services.goal_create(
        owner=me, what="Cerdded i'r blwch post", how_much="3 gwaith yr wythnos", when="Boreau", confidence=7
    )
    services.goal_progress_record(goal=goal, outcome="partly", day=today)
    activity = services.pacing_activity_create(
        owner=me, name="Garddio", baseline_minutes=10, build_up="percent", build_up_amount=10
    )
    services.pacing_log_add(activity=activity, done_on=today - dt.timedelta(days=1), minutes=11, flare=True)
    services.setback_plan_save(
        owner=me, what_helps="Gwres", what_to_stop="Codi pethau", who_to_tell="Fy chwaer", gp_notes="Cwsg"
    )
    group = listed_group(service, "Grŵp Llanisien", "BS16", description="Paned a sgwrs.", usual_day="tue")
    sign_in_as(phone_375, me)
    page = phone_375.page
    for path, label in (
        ("/cy/", "home"),
        ("/cy/my/plans/", "plans"),
        (f"/cy/my/goals/{goal.public_id}/", "goal"),
        (f"/cy/my/pacing/{activity.public_id}/", "pacing"),
        ("/cy/my/setback-plan/", "setback"),
        ("/cy/my/check-in/", "check-in"),
        ("/cy/my/techniques/gp-appointment/", "technique"),
        ("/cy/network/?outcode=BS16&radius=50", "directory"),
        (f"/cy/network/groups/{group.public_id}/", "listing"),
    ):
        phone_375.visit(path)
        assert page.evaluate("() => document.documentElement.lang") == "cy"
        assert english_sentences(page.content(), "cy") == [], path
        phone_375.screenshot_at(375, f"welsh-{label}")
