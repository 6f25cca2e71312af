"""The notifications pages in Welsh (issue 18, ADR 0027): a member's "How we contact you" page (with
the STOP notice, the muted groups question and an error), and the staff pages of failed messages and
texts for staff, each under /cy/ with realistic data, have no English sentence left."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from followon.core.tests.english import english_sentences
from followon.notifications.models import InboundSms, NotificationPreference
from followon.notifications.tests.test_views import failed_message, inbound
from followon.peergroups.models import GroupMembership, PeerGroup

pytestmark = pytest.mark.django_db

# Words the pages show as they were stored: a failure reason from the provider's answer, and a member's text.
STORED = frozenset({"Tried 5 times", "Last problem", "GOV", "UK Notify had a problem (503)", "Is the group still on"})


def _cy(name) -> str:
    with translation.override("cy"):
        return reverse(name)


def _welsh(client, url, **post):
    response = client.post(url, post) if post else client.get(url)
    assert response.status_code == 200, url
    body = response.content.decode()
    assert '<html lang="cy"' in body
    assert english_sentences(body, "cy", STORED) == [], url
    assert "&lt;p&gt;" not in body and "&lt;strong&gt;" not in body, url  # markup shown as text
    return html.unescape(body)


def test_how_we_contact_you_is_welsh(client, service, member):
    member.email = ""
    member.save()
    group = PeerGroup.objects.create(service=service, name="Grŵp cerdded dydd Mawrth")
    GroupMembership.objects.create(group=group, user=member, status=GroupMembership.Status.MEMBER)
    NotificationPreference.objects.create(user=member, sms_stopped=True)
    client.force_login(member)
    body = _welsh(client, _cy("notifications:preferences"))
    assert "Sut rydyn ni'n cysylltu â chi" in body and "DECHRAU" in body
    # Email chosen without an address: the Welsh error, nothing lost.
    body = _welsh(
        client, _cy("notifications:preferences"), channel="email", texts="yes", quiet_hours="no", digest="off"
    )
    assert "Does gennym ni ddim cyfeiriad e-bost i chi" in body


def test_staff_message_pages_are_welsh(staff_client, clinician, service, member):
    failed_message(service, member)
    failed_message(service, None, n=1)
    inbound(service, member)
    client = staff_client(clinician)
    body = _welsh(client, _cy("notifications:staff-failed"))
    assert "Negeseuon na ellid eu hanfon" in body and "Rhywun heb gyfrif eto" in body
    body = _welsh(client, _cy("notifications:staff-replies"))
    assert "Negeseuon testun gan aelodau i staff" in body
    InboundSms.objects.all().delete()
    assert "Does dim negeseuon testun yn aros am staff." in _welsh(client, _cy("notifications:staff-replies"))
