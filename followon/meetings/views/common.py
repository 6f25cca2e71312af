"""What the meeting pages share: finding the member's group, poll or meeting (404 otherwise)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from followon.meetings import selectors
from followon.meetings.models import Venue
from followon.organisations.models import StaffRole

RECORDING_STAFF = (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN, StaffRole.Role.PTV)


def _require_organiser(group, user):
    if not selectors.can_organise(group, user):
        raise Http404


def _venues(group):

    return Venue.objects.filter(Q(group=group) | Q(group__isnull=True, service_id=group.service_id))


def _error_text(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]
