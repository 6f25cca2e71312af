"""Venues: a group's own places to meet, and the service's shared list."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from followon.core.services import audit_record
from followon.meetings.models import (
    Venue,
)
from followon.meetings.services.common import _require_organiser
from followon.peergroups.models import PeerGroup

# Venues -------------------------------------------------------------------------------------


VENUE_FIELDS = (
    "name",
    "address",
    "outcode",
    "step_free",
    "accessible_toilet",
    "chairs_with_arms",
    "quiet_area",
    "parking",
    "blue_badge_spaces",
    "near_bus_stop",
    "drink_cost",
)


def venue_create(*, group: PeerGroup | None, service, created_by, **fields) -> Venue:
    """A venue for one group (by its organisers) or for the whole service (group=None, by staff)."""
    if group is not None:
        _require_organiser(group, created_by)
        service = group.service
    if not (fields.get("name") or "").strip():
        raise ValidationError({"name": gettext("Enter the name of the venue")})
    with transaction.atomic():
        venue = Venue.objects.create(
            service=service,
            group=group,
            created_by=created_by,
            **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items() if k in VENUE_FIELDS},
        )
        audit_record(actor=created_by, action="venue.created", target=venue, service=service)
    return venue


def venue_update(*, venue: Venue, updated_by, **fields) -> Venue:
    """Change a venue's name, address and accessibility facts (the caller checks who may)."""
    if not (fields.get("name") or "").strip():
        raise ValidationError({"name": gettext("Enter the name of the venue")})
    with transaction.atomic():
        for key, value in fields.items():
            if key in VENUE_FIELDS:
                setattr(venue, key, value.strip() if isinstance(value, str) else value)
        venue.save()
        audit_record(actor=updated_by, action="venue.changed", target=venue, service=venue.service)
    return venue
