"""Staff and safety pages in Welsh in a real browser (issue 18 phase C; ADR 0027): a service admin works
the duty queue, the rota, venues and the audit trail under /cy/, and a member raises a concern and reads
the accessibility statement in Welsh. Every page passes the shared checks (axe, reflow at 320 px), and
the longest Welsh pages are kept as 375 px screenshots for a person to read: long Welsh words must not
push the page sideways."""

import datetime as dt

import pytest
from django.utils import timezone

from followon.conversations import services as board
from followon.conversations.tests.factories import add_member, make_group
from followon.meetings.models import Venue
from followon.safety.models import DutyShift
from tests.browser.journeys import sign_in_as, staff_sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CRISIS = "I'm having a really bad day. This is awful, I can't carry on"


def test_a_service_admin_and_a_member_in_welsh(browser_page, service, service_admin, clinician):
    group = make_group(service)
    maggie = add_member(group, preferred_name="Maggie")
    now = timezone.now()
    DutyShift.objects.create(
        service=service, clinician=clinician, starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=8)
    )
    item = board.post_create(group=group, author=maggie, body=CRISIS).item
    Venue.objects.create(
        service=service,
        name="Canolfan Gymunedol Llanrhymni",
        address="Heol Llanrhymni",
        step_free=True,
        accessible_toilet=True,
        chairs_with_arms=True,
        blue_badge_spaces=True,
    )
    page = browser_page.page

    staff_sign_in(browser_page, service_admin)
    browser_page.visit("/cy/staff/")
    assert page.get_by_role("heading", name="Hafan staff", level=1).is_visible()
    browser_page.screenshot_at(375, "staff-home-cy")
    browser_page.visit("/cy/staff/safety/queue/")
    assert page.get_by_role("heading", name="Ciw diogelwch", level=1).is_visible()
    browser_page.visit(f"/cy/staff/safety/queue/{item.public_id}/")
    assert page.get_by_text("Pam y tynnwyd sylw ati").is_visible()
    page.get_by_role("button", name="Cydnabod").click()
    browser_page.check_page("item-acknowledged-cy")
    assert page.get_by_text("Cofnodwch beth wnaethoch chi").is_visible()
    browser_page.screenshot_at(375, "queue-item-cy")
    browser_page.visit("/cy/staff/safety/rota/")
    assert page.get_by_role("heading", name="Rota dyletswydd", level=1).is_visible()
    browser_page.screenshot_at(375, "rota-cy")
    browser_page.visit("/cy/staff/venues/")
    browser_page.visit("/cy/staff/venues/new/")
    browser_page.visit("/cy/staff/audit/")
    assert page.get_by_role("heading", name="Trywydd archwilio", level=1).is_visible()

    sign_in_as(browser_page, maggie)
    browser_page.visit("/cy/my/concerns/new/")
    assert page.get_by_role("heading", name="Codi pryder", level=1).is_visible()
    page.get_by_label("Fi: rwy'n cael trafferth").check()
    page.get_by_role("button", name="Codi pryder").click()
    browser_page.check_page("concern-done-cy")
    assert page.get_by_text("Diolch, mae'r gwasanaeth poen wedi cael gwybod").is_visible()
    browser_page.screenshot_at(375, "concern-done-cy")
    browser_page.visit("/cy/accessibility/")
    assert page.get_by_role("heading", name="Datganiad hygyrchedd ar gyfer FollowOn", level=1).is_visible()
    browser_page.screenshot_at(375, "accessibility-cy")
