"""The demo phone (issue 21, item 12): demo profile only, a 404 in every other profile; shows a member's
texts both ways; a reply goes through the real received-text path and does what a phone's reply does."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from followon.accounts.tests.factories import UserFactory
from followon.meetings import services as meeting_services
from followon.meetings.models import Rsvp
from followon.notifications.models import InboundSms
from followon.peergroups import services as group_services
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def demo_phone(settings):
    settings.DEMO_PHONE_ENABLED = True


@pytest.fixture
def jo(service):
    return UserFactory(preferred_name="Jo Phone", mobile="+447700900777")


def test_the_demo_phone_is_a_404_when_not_the_demo(client, jo):
    assert client.get(reverse("home:demo-phone")).status_code == 404
    page = reverse("home:demo-phone-member", args=[jo.public_id])
    assert client.get(page).status_code == 404
    assert client.post(page, {"message": "YES"}).status_code == 404
    assert not InboundSms.objects.exists()


@pytest.mark.parametrize("profile", ["production", "test"])
def test_only_the_demo_profile_turns_the_demo_phone_on(profile):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": f"followon.config.settings.{profile}",
        "DJANGO_SECRET_KEY": "x" * 50,
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/followon"),
        "DJANGO_ALLOWED_HOSTS": "followon.example.nhs.uk",
    }
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEMO_PHONE_ENABLED)"
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr[-2000:]


def test_the_demo_profile_turns_it_on():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "followon.config.settings.local"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEMO_PHONE_ENABLED)"
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == "True", result.stderr[-2000:]


def test_the_list_shows_members_with_a_mobile_and_not_staff(client, demo_phone, jo, clinician):
    body = client.get(reverse("home:demo-phone")).content.decode()
    assert "Jo Phone" in body and reverse("home:demo-phone-member", args=[jo.public_id]) in body
    assert clinician.preferred_name not in body


def test_a_staff_members_phone_is_not_shown(client, demo_phone, clinician):
    clinician.mobile = "+447700900778"
    clinician.save()
    assert client.get(reverse("home:demo-phone-member", args=[clinician.public_id])).status_code == 404


def test_the_phone_shows_texts_both_ways_and_yes_answers_the_meeting_question(client, demo_phone, service, clinician):
    """The meeting text asks Jo to reply YES; replying YES on the demo phone records Jo's RSVP."""
    programme = finished_programme(service, clinician)
    enrolment = join(programme, mobile="+447700900777", preferred_name="Jo Phone")
    answer(enrolment, "yes", days=["tue"])
    jo = enrolment.user
    group = form_group(programme, clinician, accept=True)
    group_services.role_take(group=group, user=jo, role="coordinator")
    meeting = meeting_services.meeting_create(
        group=group,
        created_by=jo,
        first_date=timezone.localdate() + dt.timedelta(days=4),
        start_time=dt.time(10, 0),
        end_time=dt.time(11, 30),
        title="First walk",
    )
    page = reverse("home:demo-phone-member", args=[jo.public_id])
    assert "Reply YES" in client.get(page).content.decode()
    body = client.post(page, {"message": " yes "}, follow=True).content.decode()
    inbound = InboundSms.objects.get(user=jo)
    assert inbound.outcome == InboundSms.Outcome.ANSWERED
    assert Rsvp.objects.get(meeting=meeting, user=jo).response == Rsvp.Response.YES
    assert "Sent as Jo Phone. FollowOn: Answered a question" in body
    assert '<li class="app-phone__text app-phone__text--mine">' in body  # Jo's reply shows on the phone


def test_an_empty_reply_gets_an_nhs_error_and_sends_nothing(client, demo_phone, jo):
    response = client.post(reverse("home:demo-phone-member", args=[jo.public_id]), {"message": "  "})
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body and "Enter the text to send" in body
    assert not InboundSms.objects.exists()


def test_a_long_reply_keeps_what_was_typed(client, demo_phone, jo):
    text = "a" * 919
    response = client.post(reverse("home:demo-phone-member", args=[jo.public_id]), {"message": text})
    assert response.status_code == 400 and text in response.content.decode()
