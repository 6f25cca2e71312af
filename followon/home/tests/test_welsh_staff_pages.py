"""The staff home, the service page and the demo phone in Welsh (issue 18 phase C; ADR 0027), with no
English sentence left. Texts shown on the demo phone are data (what was sent or typed), not the page's
words."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from followon.accounts.tests.factories import UserFactory
from followon.core.tests.english import english_sentences
from followon.notifications.selectors import phone_texts
from followon.safety import services as safety_services

pytestmark = pytest.mark.django_db


def page(text: str) -> str:
    """The page's text with entities decoded ("sy'n", not "sy&#39;n"), for checking words."""
    return html.unescape(text)


def staff_layout(service) -> frozenset[str]:
    """The staff header's line from templates/layout.jinja, translated by that template's owner (it is in
    NOT_YET_TRANSLATED): not these pages' words."""
    return frozenset({f"You are working in {service.name}"})


def welsh(name, *args):
    with translation.override("cy"):
        return reverse(name, args=args)


@pytest.mark.parametrize("role", ["service_admin", "clinician", "ptv", "researcher"])
def test_the_staff_home_in_welsh(request, staff_client, service, member, role):
    safety_services.concern_raise(service=service, member=member, source="self", level="concern", raised_by=member)
    body = page(staff_client(request.getfixturevalue(role)).get(welsh("home:staff-home")).content.decode())
    assert "<h1>Hafan staff</h1>" in body
    assert "Eich rôl yn y gwasanaeth hwn: " in body
    if role in ("service_admin", "clinician"):
        assert "0 brys, 1 pryder yn aros." in body
    assert english_sentences(body, "cy", staff_layout(service)) == []


def test_the_service_page_in_welsh(staff_client, service, service_admin, clinician):
    body = page(staff_client(service_admin).get(welsh("home:service-detail")).content.decode())
    assert "Cod ODS" in body and "<h2>Staff</h2>" in body
    assert english_sentences(body, "cy", staff_layout(service)) == []


def test_the_demo_phone_in_welsh(settings, client):
    settings.DEMO_PHONE_ENABLED = True
    jo = UserFactory(preferred_name="Jo Phone", mobile="+447700900777")
    body = page(client.get(welsh("home:demo-phone")).content.decode())
    assert "<h1>Ffôn demo</h1>" in body and "0 neges destun" in body
    assert english_sentences(body, "cy") == []
    address = welsh("home:demo-phone-member", jo.public_id)
    body = page(client.get(address).content.decode())
    assert "Negeseuon testun Jo Phone" in body and "Dim negeseuon testun eto." in body
    assert english_sentences(body, "cy") == []
    # Too long: the error in Welsh, and what was typed is kept.
    body = page(client.post(address, {"message": "x" * 1000}).content.decode())
    assert "Gall neges destun fod hyd at 918 nod" in body
    assert english_sentences(body, "cy") == []
    response = client.post(address, {"message": "Hello there"}, follow=True)
    body = page(response.content.decode())
    assert "Anfonwyd fel Jo Phone." in body
    # What was sent and received, and each text's status (the notifications app's words).
    texts = frozenset(
        sentence
        for text in phone_texts(jo)
        for sentence in english_sentences(f"<p>{text.body}</p><p>{text.status}</p>", "cy")
    )
    assert english_sentences(body, "cy", texts) == []
