import icalendar
import pytest
from django.urls import reverse

from followon.home.demo import DEMO_MEMBER, load_demo_data
from followon.meetings import services
from followon.meetings.models import Meeting, Poll, Rsvp, Venue
from followon.peergroups.models import PeerGroup

pytestmark = pytest.mark.django_db


def test_demo_formed_group_has_venue_repeating_meeting_rsvps_and_open_poll(client):
    load_demo_data()
    load_demo_data()  # twice without change
    formed = PeerGroup.objects.get(name="Thursday coffee group")
    assert Venue.objects.filter(group=formed).count() == 1
    meeting = Meeting.objects.get(group=formed, status="scheduled", series__isnull=True)
    assert meeting.frequency == "weekly" and meeting.interval == 2
    assert Rsvp.objects.filter(meeting=meeting).count() >= 3
    assert Poll.objects.filter(group=formed, status="open").count() == 1

    from followon.accounts.models import User

    member = User.objects.get(email=DEMO_MEMBER[0])
    client.force_login(member)
    page = client.get(reverse("accounts:my-account")).content.decode()
    assert "You have a private calendar link" in page
    client.logout()

    jo = User.objects.get(email="jo@demo.followon.test")
    response = client.get(reverse("meetings:feed", args=[services.calendar_feed_issue(user=jo)]))
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert events  # Jo's group's first meeting
