"""Notifications in the browser: a member chooses how we contact them; staff see failed messages
and texts left for them, and try a failed message again."""

import datetime as dt
import re

import pytest

from followon.accounts.tests.factories import ServiceMembershipFactory, UserFactory
from followon.notifications.models import InboundSms, NotificationPreference, OutboundMessage
from tests.browser.journeys import member_sign_in, staff_sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_without_email_chooses_how_we_contact_them_on_a_small_phone(phone_page, service):
    member = UserFactory(preferred_name="Terry", mobile="+447700900311", email=None)
    ServiceMembershipFactory(service=service, user=member)
    page = phone_page.page
    member_sign_in(phone_page, "07700 900311")
    phone_page.visit("/account/how-we-contact-you/")
    assert page.get_by_role("heading", name="How we contact you").is_visible()

    page.get_by_label("Text message and email").check()
    page.get_by_label("Once a day").check()
    page.get_by_role("button", name="Save my choices").click()
    phone_page.check_page("no-email-address")
    assert page.get_by_text("There is a problem").is_visible()
    assert page.get_by_label("Once a day").is_checked(), "what the member chose is kept"

    page.get_by_label("Text message", exact=True).check()
    page.get_by_label("No, do not text me").check()
    page.get_by_role("button", name="Save my choices").click()
    phone_page.check_page("saved")
    assert page.get_by_text("Your choices have been saved.").is_visible()
    assert page.get_by_text("You asked us to stop sending you text messages").is_visible()
    preference = NotificationPreference.objects.get(user=member)
    assert (preference.channel, preference.digest, preference.sms_stopped) == ("sms", "daily", True)


def test_clinician_sees_failed_messages_and_texts_and_tries_a_message_again(browser_page, clinician, service):
    member = UserFactory(preferred_name="Maggie Member", mobile="+447700900312")
    failed_at = dt.datetime(2026, 6, 10, 10, 0, tzinfo=dt.UTC)
    for n, (kind, reason) in enumerate(
        [
            (OutboundMessage.FailureKind.GAVE_UP, "Tried 5 times. Last problem: GOV.UK Notify had a problem (503)"),
            (
                OutboundMessage.FailureKind.REJECTED,
                "GOV.UK Notify refused the message (400): phone_number Not a UK mobile number",
            ),
        ]
    ):
        OutboundMessage.objects.create(
            idempotency_key=f"browser-failed-{n}",
            service=service,
            recipient=member,
            channel="sms",
            to_address=member.mobile,
            template="notifications/reminder",
            body="secret body",
            status=OutboundMessage.Status.FAILED,
            failure_kind=kind,
            failure_reason=reason,
            failed_at=failed_at + dt.timedelta(minutes=n),
        )
    InboundSms.objects.create(
        notify_id="browser-1",
        received_at=failed_at,
        user=member,
        service=service,
        from_number=member.mobile,
        body="Is the walking group still on this week?",
        outcome=InboundSms.Outcome.FOR_STAFF,
    )
    page = browser_page.page
    staff_sign_in(browser_page, clinician)
    browser_page.visit("/staff/messages/failed/")
    assert page.get_by_text("Not a UK mobile number").is_visible()
    assert page.get_by_text("secret body").count() == 0
    page.get_by_role("button", name=re.compile("Try again")).click()
    browser_page.check_page("retried")
    assert page.get_by_text("We will try to send the message again.").is_visible()
    assert OutboundMessage.objects.filter(status=OutboundMessage.Status.FAILED).count() == 1

    browser_page.visit("/staff/messages/replies/")
    assert page.get_by_text("Is the walking group still on this week?").is_visible()
