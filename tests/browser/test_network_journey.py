"""Finding a group in the directory and asking to join; the coordinator welcomes them; the PTV lead
sees a fading group on "groups that may need support" and offers help. Every page goes through axe."""

import pytest

from followon.accounts.tests.factories import STAFF_PASSWORD
from followon.accounts.tests.helpers import give_totp, totp_code
from followon.meetings.models import Venue
from followon.network.models import JoinRequest
from followon.network.tests.factories import add_member, hold_meetings, listed_group, service_member
from followon.peergroups.models import GroupMembership, GroupRole, PeerGroup
from tests.browser.journeys import sign_in_as

pytestmark = pytest.mark.django_db(transaction=True)


def test_find_a_group_ask_to_join_and_be_welcomed(browser_page, service):
    page = browser_page.page
    venue = Venue.objects.create(service=service, name="Hall", step_free=True, accessible_toilet=True)
    near = listed_group(service, "Bradley Stoke walkers", "BS34", usual_day="wed", time_of_day="morning", venue=venue)
    listed_group(service, "City centre coffee", "BS1", usual_day="thu", time_of_day="afternoon")
    coordinator = add_member(near, role=GroupRole.Role.COORDINATOR, preferred_name="Cora")
    seeker = service_member(service, preferred_name="Sam Seeker")
    for n in range(11):  # a busy area: more groups than one page shows (issue 16: ten a page)
        listed_group(service, f"Bath group {n:02d}", "BA1")

    sign_in_as(browser_page, seeker)
    browser_page.visit("/network/")
    page.get_by_label("The first half of your postcode").fill("ZZ99")
    page.get_by_role("button", name="Search").click()
    browser_page.check_page("network-directory-error")
    assert page.get_by_text("Enter the first half of a postcode, like BS16").first.is_visible()
    page.get_by_label("The first half of your postcode").fill("BS16")
    page.get_by_role("button", name="Search").click()
    browser_page.check_page("network-directory-results")
    assert "3.5 miles away" in page.content()
    assert page.get_by_role("heading", name="13 groups found").is_visible()
    page.get_by_role("link", name="Next").click()
    browser_page.check_page("network-directory-page-2")
    assert page.get_by_text("Groups 11 to 13, nearest first.").is_visible()
    assert page.get_by_label("The first half of your postcode").input_value() == "BS16"
    browser_page.screenshot_at(375, "network-directory-page-2")
    page.get_by_role("link", name="Previous").click()
    page.get_by_role("link", name="Bradley Stoke walkers").click()
    browser_page.check_page("network-listing")
    page.get_by_role("button", name="Ask to join").click()
    browser_page.check_page("network-asked")
    assert JoinRequest.objects.filter(group=near, user=seeker, status="pending").exists()

    sign_in_as(browser_page, coordinator)
    browser_page.visit(f"/network/my-groups/{near.public_id}/requests/")
    browser_page.check_page("network-requests")
    page.get_by_role("button", name="Welcome Sam Seeker").click()
    browser_page.check_page("network-welcomed")
    assert GroupMembership.objects.filter(group=near, user=seeker, status="member").exists()


def test_ptv_lead_offers_help_to_a_fading_group(browser_page, service, ptv):
    page = browser_page.page
    group = PeerGroup.objects.create(service=service, name="Filton Friday group", status="active")
    add_member(group, role=GroupRole.Role.COORDINATOR)
    hold_meetings(group, [7, 6, 7, 3, 2, 2], last_days_ago=75)
    secret = give_totp(ptv)
    browser_page.visit("/staff/sign-in/")
    page.get_by_label("Email address").fill(ptv.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    browser_page.visit("/staff/network/support/")
    browser_page.check_page("network-support")
    assert page.get_by_text("No meeting for 75 days").first.is_visible()
    page.get_by_role("link", name="Offer help to Filton Friday group").click()
    page.get_by_label("A visit from the service").check()
    page.get_by_role("button", name="Send the offer").click()
    browser_page.check_page("network-offer-sent")
    assert group.support_offers.count() == 1


def test_coordinator_describes_the_group_and_a_member_filters_to_find_it(browser_page, service):
    """Issue 18 item 7: the facts come from the coordinator's form, and the directory filters on them."""
    page = browser_page.page
    group = PeerGroup.objects.create(service=service, name="Kingswood Welsh speakers", status="active")
    listed_group(service, "Kingswood English group", "BS15", languages=",en-gb,", meets_daytime=True)
    coordinator = add_member(group, role=GroupRole.Role.COORDINATOR, preferred_name="Cora")
    seeker = service_member(service, preferred_name="Sam Seeker")

    sign_in_as(browser_page, coordinator)
    browser_page.visit(f"/network/my-groups/{group.public_id}/listing/")
    browser_page.check_page("network-group-facts-form")
    page.locator('input[name="is_listed"][value="yes"]').check()
    page.locator('input[name="welcomes_new_members"][value="yes"]').check()
    page.locator('input[name="languages"][value="cy"]').check()
    page.get_by_label("Other languages spoken at meetings (optional)").fill("British Sign Language")
    page.locator('input[name="who_for"][value="mostly_men"]').check()
    page.locator('input[name="meets"][value="evening"]').check()
    page.locator('input[name="step_free"][value="yes"]').check()
    page.get_by_label("Area: the first half of the postcode where you meet").fill("QQ1 2")
    page.get_by_role("button", name="Save").click()
    browser_page.check_page("network-group-facts-error")
    assert page.get_by_text("Enter the first half of a postcode, like BS16").first.is_visible()
    # Everything chosen is kept on the error
    assert page.locator('input[name="languages"][value="cy"]').is_checked()
    assert page.locator('input[name="who_for"][value="mostly_men"]').is_checked()
    assert page.locator('input[name="step_free"][value="yes"]').is_checked()
    page.get_by_label("Area: the first half of the postcode where you meet").fill("BS15")
    page.get_by_role("button", name="Save").click()
    group.listing.refresh_from_db()
    assert group.listing.languages == ",cy," and group.listing.who_for == "mostly_men"

    sign_in_as(browser_page, seeker)
    browser_page.visit("/network/")
    page.get_by_label("The first half of your postcode").fill("BS16")
    page.get_by_label("Language spoken at meetings").select_option("cy")
    page.get_by_label("Who the group is for").select_option("welcomes_men")
    page.get_by_label("When it meets").select_option("evening")
    page.get_by_label("Step-free access").check()
    page.get_by_role("button", name="Search").click()
    browser_page.check_page("network-directory-filtered")
    assert page.get_by_role("link", name="Kingswood Welsh speakers").is_visible()
    assert page.get_by_role("link", name="Kingswood English group").count() == 0
    assert page.get_by_text("Languages at meetings: Welsh, British Sign Language").is_visible()
    page.get_by_role("link", name="Kingswood Welsh speakers").click()
    browser_page.check_page("network-listing-facts")
    assert page.get_by_text("Mostly men, women very welcome").is_visible()
