"""The network pages in Welsh (issue 18 phase C; ADR 0027): the directory with results, a listing, asking
for help, network events and a coordinator's pages, with their optional sections showing, have no
English sentence left under /cy/; so do the staff pages' own words."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from followon.core.tests.english import english_sentences
from followon.meetings.models import Venue
from followon.network import services
from followon.network.models import (
    EventFeedback,
    EventInvitation,
    HelpRequest,
    JoinRequest,
    NetworkEvent,
    SupportOffer,
)
from followon.network.tests.factories import add_member, hold_meetings, listed_group, service_member
from followon.notifications.models import OutboundMessage
from followon.notifications.rendering import render_message
from followon.peergroups.models import GroupRole

pytestmark = pytest.mark.django_db


def cy(name, *args):
    with translation.override("cy"):
        return reverse(name, args=args)


@pytest.fixture
def network(service, clinician):
    """Listed groups with every fact given, a member who asked to join one and for help, events."""
    venue = Venue.objects.create(service=service, name="Neuadd yr eglwys", step_free=True, accessible_toilet=True)
    near = listed_group(
        service,
        "Grŵp Llanisien",
        "BS16",
        description="Paned a sgwrs bob pythefnos.",
        usual_day="tue",
        time_of_day="morning",
        venue=venue,
        size_text="tua 8 ohonon ni",
        age_range_text="50au a 60au",
        gender_mix_text="cymysg",
        languages=",en-gb,cy,",
        who_for="mixed",
        meets_daytime=True,
        step_free="yes",
        capacity=12,
    )
    full = listed_group(service, "Grŵp y Waun", "BS34", welcomes_new_members=False)
    hold_meetings(full, [6, 5, 5, 2, 1, 1])
    coordinator = add_member(near, role=GroupRole.Role.COORDINATOR, preferred_name="Cari")
    me = service_member(service, preferred_name="Megan")
    asker = service_member(service, preferred_name="Huw")
    JoinRequest.objects.create(group=near, user=asker, note="Hoffwn ddod draw", times_asked=2)
    JoinRequest.objects.create(group=full, user=me)
    HelpRequest.objects.create(service=service, user=me, what_matters="Grŵp yn y bore", suggested_group=near)
    now = timezone.now()
    coming = NetworkEvent.objects.create(
        service=service,
        title="Cyfarfod y gwanwyn",
        starts_at=now + timedelta(days=20),
        ends_at=now + timedelta(days=20, hours=2),
        place="Canolfan y gymuned",
        accessibility="Mynedfa heb risiau",
        capacity=40,
        details="Te a bisgedi.",
        created_by=clinician,
    )
    past = NetworkEvent.objects.create(
        service=service,
        kind=NetworkEvent.Kind.SOCIAL,
        title="Picnic yr haf",
        starts_at=now - timedelta(days=20),
        ends_at=now - timedelta(days=20) + timedelta(hours=2),
        place="Y parc",
        created_by=clinician,
    )
    EventInvitation.objects.create(event=coming, user=me, rsvp="yes")
    went = EventInvitation.objects.create(event=past, user=me, rsvp="yes")
    EventFeedback.objects.create(invitation=went, rating=3, comment="Hyfryd")
    return {"near": near, "full": full, "coordinator": coordinator, "me": me, "coming": coming, "past": past}


def test_member_network_pages_are_welsh(client, network):
    client.force_login(network["me"])
    pages = [
        cy("network:directory") + "?outcode=BS16&radius=50",
        cy("network:listing", network["near"].public_id),
        cy("network:listing", network["full"].public_id),
        cy("network:help"),
        cy("network:my-events"),
        cy("network:my-event", network["coming"].public_id),
        cy("network:my-event", network["past"].public_id),
    ]
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        assert english_sentences(response.content.decode(), "cy") == [], address
    directory = client.get(pages[0]).content.decode()
    assert "Daethpwyd o hyd i 2 grŵp" in directory
    assert "Fel arfer: Dydd Mawrth, bore" in directory
    assert "Mae&#39;r gwasanaeth poen yn awgrymu" in directory or "Mae'r gwasanaeth poen yn awgrymu" in directory
    listing = client.get(pages[1]).content.decode()
    assert "Lleoliad heb risiau" in listing or "Mynediad heb risiau" in listing
    assert "Gofyn am gael ymuno" in listing


def test_member_errors_are_welsh(client, network):
    client.force_login(network["me"])
    body = client.get(cy("network:directory") + "?outcode=ZZ99").content.decode()
    assert "Rhowch hanner cyntaf cod post, fel BS16" in body
    assert 'value="ZZ99"' in body
    assert english_sentences(body, "cy") == []


def test_coordinator_pages_are_welsh(client, network):
    client.force_login(network["coordinator"])
    near = network["near"]
    for address in (cy("network:group-listing", near.public_id), cy("network:group-requests", near.public_id)):
        response = client.get(address)
        assert response.status_code == 200, address
        assert english_sentences(response.content.decode(), "cy") == [], address
    requests = client.get(cy("network:group-requests", near.public_id)).content.decode()
    assert "Croesawu Huw" in requests and "(gofynnwyd 2 gwaith)" in requests


def test_staff_network_pages_own_words_are_welsh(staff_client, service_admin, clinician, network):
    """The pages' own words (the staff header in the layout is a later phase)."""
    help_request = HelpRequest.objects.get(user=network["me"])
    help_request.status = HelpRequest.Status.OPEN
    help_request.save(update_fields=["status"])
    client = staff_client(service_admin)
    pages = [
        cy("network:staff-settings"),
        cy("network:staff-help"),
        cy("network:staff-help-suggest", help_request.public_id),
        cy("network:staff-support"),
        cy("network:staff-offer", network["full"].public_id),
        cy("network:staff-events"),
        cy("network:staff-event-new"),
        cy("network:staff-event", network["past"].public_id),
    ]
    for address in pages:
        response = client.get(address)
        assert response.status_code == 200, address
        main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        assert english_sentences(main, "cy") == [], address
    support = client.get(cy("network:staff-support")).content.decode()
    assert "Grŵp y Waun" in support and "Gostyngodd y presenoldeb" in support


NETWORK_EMAILS = {
    "network_event_invitation": {"title": "Cyfarfod y gwanwyn", "place": "Y ganolfan", "link": "https://x.test/e/"},
    "network_event_reminder": {"title": "Cyfarfod y gwanwyn", "place": "Y ganolfan"},
    "network_group_suggested": {"group_name": "Grŵp Llanisien", "link": "https://x.test/g/"},
    "network_join_accepted": {"group_name": "Grŵp Llanisien", "link": "https://x.test/g/"},
    "network_join_declined": {"group_name": "Grŵp Llanisien", "link": "https://x.test/g/"},
    "network_join_request": {"group_name": "Grŵp Llanisien", "link": "https://x.test/g/"},
    "network_support_offer": {
        "service_name": "Gwasanaeth Poen Caerdydd",
        "group_name": "Grŵp Llanisien",
        "offer": "ymweliad gan y gwasanaeth",
        "phone": "029 2000 0000",
    },
}


@pytest.mark.parametrize("template", sorted(NETWORK_EMAILS))
def test_network_emails_are_written_in_welsh_for_a_welsh_reader(template):
    context = {"starts_at": timezone.now() + timedelta(days=9), **NETWORK_EMAILS[template]}
    with translation.override("en-gb"):
        english_subject, english_body = render_message(template, "email", context)
    with translation.override("cy"):
        subject, body = render_message(template, "email", context)
    assert subject != english_subject and body != english_body
    assert english_sentences(f"<p>{subject}</p><p>{body}</p>".replace("\n", "</p><p>"), "cy") == []


def test_a_welsh_coordinator_hears_of_a_support_offer_in_welsh(service, ptv):
    """The offer's words are written in the coordinator's language, inside a message in that language."""
    service.message_languages = ["cy"]
    service.save(update_fields=["message_languages"])
    group = listed_group(service, "Grŵp Llanisien", "BS16")
    coordinator = add_member(group, role=GroupRole.Role.COORDINATOR, preferred_name="Cari", language="cy")
    services.support_offer_make(group=group, actor=ptv, kind=SupportOffer.Kind.VISIT)
    message = OutboundMessage.objects.get(template="network_support_offer", recipient=coordinator)
    text = f"{message.subject} {message.body}"
    assert "Hoffai" in text and "ymweliad gan y gwasanaeth" in text
    assert "would like to" not in text and "a visit from the service" not in text


NETWORK_TEXTS = ["network_event_reminder", "network_group_suggested", "network_join_accepted"]
NETWORK_TEXTS += ["network_join_declined", "network_join_request", "network_support_offer"]


@pytest.mark.parametrize("template", NETWORK_TEXTS)
def test_network_texts_are_written_in_welsh_for_a_welsh_reader(template):
    context = {"starts_at": timezone.now() + timedelta(days=9), **NETWORK_EMAILS[template]}
    with translation.override("en-gb"):
        _subject, english = render_message(template, "sms", context)
    with translation.override("cy"):
        _subject, welsh = render_message(template, "sms", context)
    assert welsh != english
    assert english_sentences(f"<p>{welsh}</p>", "cy") == []
