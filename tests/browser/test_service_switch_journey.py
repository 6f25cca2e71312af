"""A clinician who also works for a second pain service switches to it from a staff page and back,
and each page says which service it shows (issue 19). Every page goes through axe (WCAG 2.2 A/AA)."""

import pytest

from followon.organisations.models import StaffRole
from followon.peergroups.models import PeerGroup
from tests.browser.journeys import staff_sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_switch_service_and_back(browser_page, service, other_service, clinician):
    page = browser_page.page
    StaffRole.objects.create(user=clinician, service=other_service, role=StaffRole.Role.CLINICIAN)
    PeerGroup.objects.create(service=service, name="Tuesday walkers")
    PeerGroup.objects.create(service=other_service, name="CANARY-OTHER-GROUP")

    staff_sign_in(browser_page, clinician)
    assert "You are working in North Bristol Pain Service" in page.inner_text("body")
    browser_page.visit("/staff/groups/")
    assert "Tuesday walkers" in page.inner_text("main") and "CANARY-OTHER-GROUP" not in page.content()
    shot = browser_page.screenshot_at(375, "groups-north")
    assert shot.exists()

    page.get_by_label("Work in another service").select_option(label="Other Pain Service")
    page.get_by_role("button", name="Switch service").click()
    browser_page.check_page("switched-to-other")
    assert "You are working in Other Pain Service" in page.inner_text("body")
    browser_page.visit("/staff/groups/")
    assert "CANARY-OTHER-GROUP" in page.inner_text("main") and "Tuesday walkers" not in page.content()
    browser_page.screenshot_at(375, "groups-other")

    page.get_by_label("Work in another service").select_option(label="North Bristol Pain Service")
    page.get_by_role("button", name="Switch service").click()
    browser_page.check_page("switched-back")
    browser_page.visit("/staff/groups/")
    assert "You are working in North Bristol Pain Service" in page.inner_text("body")
    assert "CANARY-OTHER-GROUP" not in page.content()
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    box = page.get_by_role("button", name="Switch service").bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
