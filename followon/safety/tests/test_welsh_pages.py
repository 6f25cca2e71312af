"""The safety pages in Welsh (issue 18 phase C; ADR 0027; hazard H-014): raising a concern, the notice a
flagged author sees, the duty clinician's queue, an item and the rota, with no English sentence left.

What members wrote (posts, concerns) is data, not the page's words, and the message check's reasons
for a flag come from the screen (safety/screen/, translated separately): both are named per test.
The crisis numbers stay as they are in every language (core/signposting.py)."""

import datetime as dt
import html
import uuid

import pytest
import time_machine
from django.template import engines
from django.urls import reverse
from django.utils import translation

from followon.conversations import services as board
from followon.conversations.tests.factories import add_member
from followon.core.signposting import CRISIS_CONTACTS, WELSH_LANGUAGE_LINE
from followon.core.tests.english import english_sentences
from followon.safety import services
from followon.safety.models import ConcernItem, DutyShift
from followon.safety.selectors import LONDON

pytestmark = pytest.mark.django_db


def page(text: str) -> str:
    """The page's text with entities decoded ("sy'n", not "sy&#39;n"), for checking words."""
    return html.unescape(text)


def staff_layout(service) -> frozenset[str]:
    """The staff header's line from templates/layout.jinja, translated by that template's owner (it is in
    NOT_YET_TRANSLATED): not these pages' words."""
    return frozenset({f"You are working in {service.name}"})


CRISIS = "I'm having a really bad day. This is awful, I can't carry on"
IN_HOURS = dt.datetime(2026, 11, 25, 11, 0, tzinfo=LONDON)
OUT_OF_HOURS = dt.datetime(2026, 11, 28, 22, 0, tzinfo=LONDON)


def welsh(name, *args):
    with translation.override("cy"):
        return reverse(name, args=args)


def data_sentences(*texts: str) -> frozenset[str]:
    """The sentences of what people wrote, as the scan would find them: allowed to stay as written."""
    return frozenset(sentence for text in texts for sentence in english_sentences(f"<p>{text}</p>", "cy"))


@pytest.fixture
def on_duty(service, clinician):
    DutyShift.objects.create(
        service=service,
        clinician=clinician,
        starts_at=IN_HOURS - dt.timedelta(days=30),
        ends_at=IN_HOURS + dt.timedelta(days=30),
    )
    return clinician


@pytest.fixture
def item(group, maggie, on_duty):
    for n in range(3):
        board.post_create(group=group, author=maggie, body=f"Walk number {n}")
    return board.post_create(group=group, author=maggie, body=CRISIS).item


@time_machine.travel(IN_HOURS)
def test_raising_a_concern_in_welsh(client, group, maggie):
    add_member(group, preferred_name="Ravi")
    client.force_login(maggie)
    body = page(client.get(welsh("safety:concern-new")).content.decode())
    assert "<h1>Codi pryder</h1>" in body
    assert "Am bwy rydych chi'n poeni?" in body
    assert "Ravi, o " in body
    assert english_sentences(body, "cy") == []
    # Nothing chosen: the error in Welsh, and what was typed is kept.
    body = page(client.post(welsh("safety:concern-new"), {"key": "k", "details": "Rough week"}).content.decode())
    assert "Dewiswch am bwy rydych chi'n poeni" in body and "Rough week" in body
    assert english_sentences(body, "cy", data_sentences("Rough week")) == []
    response = client.post(welsh("safety:concern-new"), {"about": "me", "key": uuid.uuid4().hex}, follow=True)
    body = page(response.content.decode())
    assert "Diolch, mae'r gwasanaeth poen wedi cael gwybod" in body
    assert "ar agor nawr. Bydd rhywun o'r tîm yn edrych ar hyn heddiw." in body
    for contact in CRISIS_CONTACTS:
        assert f'href="{contact.href}"' in body
    assert english_sentences(body, "cy") == []


@time_machine.travel(OUT_OF_HOURS)
def test_a_concern_raised_out_of_hours_says_so_in_welsh(client, service, maggie):
    item, _ = services.concern_raise(service=service, member=maggie, source="self", level="concern", raised_by=maggie)
    client.force_login(maggie)
    body = page(client.get(welsh("safety:concern-done", item.public_id)).content.decode())
    assert "ar gau nawr ac nid oes neb yn gwylio FollowOn nes iddo agor eto." in body
    for contact in (*CRISIS_CONTACTS, *WELSH_LANGUAGE_LINE.contacts):
        assert f'href="{contact.href}"' in body
    assert english_sentences(body, "cy") == []


NOTICE = (
    '{% from "safety/components/flagged_message.jinja" import flagged_message_notice %}{{ flagged_message_notice(p) }}'
)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, "Rydym wedi rhoi gwybod i'ch gwasanaeth poen"),
        ({"serviceOpen": False}, "Mae eich gwasanaeth poen ar gau nawr ac nid yw'n darllen negeseuon."),
        ({"serviceOpen": True, "heldForReview": True}, "i'ch gwasanaeth poen ei gwirio'n gyflym"),
        (
            {"serviceName": "Gwasanaeth Poen Caerdydd", "serviceOpen": False, "contactHref": "/cy/x/"},
            "Gofyn i Gwasanaeth Poen Caerdydd gysylltu â mi",
        ),
        (
            {"serviceName": "Gwasanaeth Poen Caerdydd", "serviceOpen": True, "aboutHref": "/cy/privacy/"},
            "ar agor nawr.",
        ),
    ],
)
def test_the_flagged_message_notice_in_welsh(params, expected):
    with translation.override("cy"):
        body = engines["jinja2"].env.from_string(NOTICE).render(p=params)
    assert "Mae cymorth ar gael os oes ei angen arnoch" in body
    assert "Dim ond chi sy'n gallu gweld hyn." in body
    assert expected in body
    # Every list of signposts on a Welsh page has Samaritans' Welsh Language Line, not only Need help now?
    for contact in (*CRISIS_CONTACTS, *WELSH_LANGUAGE_LINE.contacts):
        assert f'href="{contact.href}"' in body
    assert english_sentences(body, "cy") == []


def test_the_welsh_language_line_is_only_in_welsh_signpost_lists():
    with translation.override("en-gb"):
        body = engines["jinja2"].env.from_string(NOTICE).render(p={})
    assert 'href="tel:08081640123"' not in body
    assert all(f'href="{contact.href}"' in body for contact in CRISIS_CONTACTS)


@time_machine.travel(IN_HOURS)
def test_the_queue_an_item_and_the_rota_in_welsh(staff_client, service, service_admin, clinician, item, maggie):
    client = staff_client(service_admin)
    body = page(client.get(welsh("safety:queue")).content.decode())
    assert "<h1>Ciw diogelwch</h1>" in body and "Brys" in body
    layout = staff_layout(service)
    assert english_sentences(body, "cy", layout) == []
    everything = page(client.get(welsh("safety:queue") + "?show=all").content.decode())
    assert english_sentences(everything, "cy", layout) == []

    address = welsh("safety:item", item.public_id)
    words = layout | data_sentences(CRISIS, *(f"Walk number {n}" for n in range(3)), *item.reasons)
    body = page(client.get(address).content.decode())
    assert "Pam y tynnwyd sylw ati" in body and "Negeseuon cynharach gan yr aelod hwn" in body
    assert english_sentences(body, "cy", words) == []
    # Acknowledge, record an action (its error first), close: each state's page and message in Welsh.
    response = client.post(welsh("safety:item-move", item.public_id, "acknowledged"), follow=True)
    body = page(response.content.decode())
    assert "Wedi'i nodi fel wedi'i chydnabod." in body and "Cofnodwch beth wnaethoch chi" in body
    assert english_sentences(body, "cy", words) == []
    body = page(
        client.post(
            welsh("safety:item-move", item.public_id, "actioned"), {"action": "no_action"}, follow=True
        ).content.decode()
    )
    assert "Rhowch pam nad oes angen cymryd camau" in body
    client.post(welsh("safety:item-move", item.public_id, "actioned"), {"action": "called", "note": "Spoke to her"})
    response = client.post(welsh("safety:item-move", item.public_id, "closed"), follow=True)
    body = page(response.content.decode())
    assert "Wedi ffonio'r aelod" in body and "Wedi'i nodi fel wedi'i chau." in body
    assert english_sentences(body, "cy", words | data_sentences("Spoke to her")) == []
    assert ConcernItem.objects.get(pk=item.pk).state == ConcernItem.State.CLOSED

    raw = client.get(welsh("safety:rota")).content.decode()
    # The shifts table's hidden "Actions" heading is markup, not escaped text.
    assert '<span class="nhsuk-u-visually-hidden">Camau gweithredu</span>' in raw and "&lt;span" not in raw
    body = page(raw)
    assert "<h1>Rota dyletswydd</h1>" in body and "Dydd Llun" in body and "09:00 tan 17:00" in body
    assert english_sentences(body, "cy", layout) == []
    body = page(
        client.post(
            welsh("safety:rota"),
            {"add_shift": "1", "clinician": clinician.pk, "day": "nonsense", "starts": "9am", "ends": "soon"},
        ).content.decode()
    )
    assert "Rhowch ddyddiad go iawn, fel 28/11/2026" in body
    assert "Rhowch yr amser gorffen fel amser, fel 10:30am, 12 hanner dydd neu 14:30" in body
    assert 'value="soon"' in body  # nothing typed is lost
    assert english_sentences(body, "cy", layout) == []
