"""The audit trail page's lines: read as plain rows with SQL built once per process, and each line
remembered by every value it shows (ADR 0031, issue 16 sixth pass). A change shows on the next view;
another service's events never; English and Welsh lines never mixed."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from followon.core import selectors
from followon.core.services import audit_record

pytestmark = pytest.mark.django_db


def _rows(body):
    return body[body.index("<tbody") : body.index("</tbody>")]


def test_rows_are_what_the_orm_reads(clinician, service, other_service, other_clinician):
    audit_record(actor=clinician, action="network.settings_updated", target=service)
    audit_record(actor=None, action="programme.roster_viewed", service=service)
    audit_record(actor=other_clinician, action="network.settings_updated", target=other_service)
    rows = selectors.audit_rows_for_service(service, 0, 10)
    events = list(selectors.audit_events_for_service(service))
    assert [r.public_id for r in rows] == [e.public_id for e in events]
    assert [(r.occurred_at, r.action, r.target_type) for r in rows] == [
        (e.occurred_at, e.action, e.target_type) for e in events
    ]
    assert [r.actor_name for r in rows] == [e.actor.display_name if e.actor else None for e in events]
    assert selectors.audit_rows_for_service(service, 1, 2) == rows[1:2]


def test_a_renamed_actor_shows_at_once_and_the_system_is_named(staff_client, clinician, service):
    audit_record(actor=clinician, action="network.settings_updated", target=service)
    audit_record(actor=None, action="network.settings_updated", service=service)
    client = staff_client(clinician)
    url = reverse("core:audit-list")
    first = _rows(client.get(url).content.decode())
    assert "Dr Clare Clinician" in first and "System" in first
    clinician.preferred_name = "Dr Clare Renamed"
    clinician.save()
    again = _rows(client.get(url).content.decode())
    assert "Dr Clare Renamed" in again and "Dr Clare Clinician" not in again


def test_another_services_lines_are_never_shown(staff_client, clinician, service, other_service, other_clinician):
    audit_record(actor=other_clinician, action="network.settings_updated", target=other_service)
    client = staff_client(other_clinician)
    assert "Dr Otto Other" in _rows(client.get(reverse("core:audit-list")).content.decode())
    body = staff_client(clinician).get(reverse("core:audit-list")).content.decode()
    assert "Dr Otto Other" not in body


def test_english_and_welsh_lines_are_not_mixed(staff_client, clinician, service):
    audit_record(actor=clinician, action="venue.created", target=service)
    client = staff_client(clinician)
    url = reverse("core:audit-list")
    english = _rows(client.get(url).content.decode())
    with translation.override("cy"):
        welsh_url = reverse("core:audit-list")
    welsh = html.unescape(_rows(client.get(welsh_url).content.decode()))
    english_again = _rows(client.get(url).content.decode())
    assert "Venue: created" in english and english_again == english
    assert "Lleoliad: wedi'i greu" in welsh and "Venue: created" not in welsh
