"""Signing in and out for the browser journeys (one copy, not one per test file).

`staff_sign_in` and `member_sign_in` go through the sign-in pages as a person would; `sign_in_as`
starts a journey already signed in, for journeys about something else (the sign-in pages have their
own journeys). `text_back` is a member replying by text, through Notify's received-text callback."""

import re
import uuid

from django.test import Client
from django.utils import timezone

from followon.accounts.tests.factories import STAFF_PASSWORD
from followon.accounts.tests.helpers import fresh_totp_code, give_totp
from followon.notifications.models import OutboundMessage
from followon.peergroups import services as group_services
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join


def staff_sign_in(browser_page, user, *, label="staff-home"):
    """Password, then a code from the authenticator app allauth has not seen yet; ends on staff home."""
    page = browser_page.page
    secret = give_totp(user)
    browser_page.visit("/staff/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill(fresh_totp_code(user, secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(browser_page.base_url + "/staff/")
    browser_page.check_page(label)


def member_sign_in(browser_page, mobile, *, label="member-home"):
    """The code the member was texted (read from the outbox), typed in; ends on the member's home."""
    page = browser_page.page
    browser_page.visit("/sign-in/")
    page.get_by_label("Mobile phone number or email address").fill(mobile)
    page.get_by_role("button", name="Send me a code").click()
    browser_page.check_page("enter-code")
    e164 = "+44" + mobile.replace(" ", "")[1:] if mobile.startswith("0") else mobile
    message = OutboundMessage.objects.filter(template="sign_in_code", to_address=e164).order_by("-id").first()
    page.get_by_label("Enter your 6-digit code").fill(re.search(r"\b(\d{6})\b", message.body)[1])
    page.get_by_role("button", name="Sign in").click()
    browser_page.check_page(label)


def sign_out(browser_page):
    browser_page.page.get_by_role("button", name="Sign out").click()
    browser_page.check_page("signed-out")


def sign_in_as(browser_page, user):
    """A signed-in session for `user` in the browser, without the sign-in pages."""
    client = Client()
    client.force_login(user)
    context = browser_page.page.context
    context.clear_cookies()
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": browser_page.base_url}]
    )


def text_back(browser_page, e164_without_plus: str, message: str, *, token: str = "received-text-token"):
    """A member's reply by text, as GOV.UK Notify delivers it to the running site's callback
    (settings.NOTIFY_RECEIVED_TEXT_TOKEN must be `token`). Returns the HTTP status."""
    response = browser_page.page.request.post(
        browser_page.base_url + "/callbacks/notify/received-text",
        headers={"Authorization": f"Bearer {token}"},
        data={
            "id": str(uuid.uuid4()),
            "source_number": e164_without_plus,
            "destination_number": "07700900000",
            "message": message,
            "date_received": timezone.now().isoformat(),
        },
    )
    return response.status


def four_member_group(service, clinician, ptv):
    """A programme's four interested people (Ann, Bea, Cal, Dot; Tuesday to Thursday mornings) formed into
    a group with Ann as its coordinator, as the meetings journeys start. Returns (group, [ann, bea, cal, dot])."""
    programme = finished_programme(service, clinician, ptvs=[ptv])
    enrolments = [join(programme, preferred_name=n) for n in ["Ann", "Bea", "Cal", "Dot"]]
    for enrolment in enrolments:
        answer(enrolment, "yes", days=["tue", "wed", "thu"], times_of_day=["morning"])
    people = [e.user for e in enrolments]
    group = form_group(programme, clinician, supporter=ptv, accept=True)
    group_services.role_take(group=group, user=people[0], role="coordinator")
    return group, people
