"""What the meeting pages share: finding the member's group, poll or meeting (404 otherwise)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from followon.core.formatting import sent_or_when
from followon.meetings import selectors
from followon.meetings.models import Venue
from followon.notifications import selectors as notification_selectors
from followon.organisations.models import StaffRole

RECORDING_STAFF = (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN, StaffRole.Role.PTV)


def _require_organiser(group, user):
    if not selectors.can_organise(group, user):
        raise Http404


def _told_words(group, template, since, *, sent: str, later: str) -> str:
    """ "Sent" only when it was: texts held for quiet hours say when they will go (issue 21 item 7)."""
    when = notification_selectors.when_held_messages_go(service=group.service, template=template, since=since)
    return sent_or_when(sent, later, when)


def _venues(group):

    return Venue.objects.filter(Q(group=group) | Q(group__isnull=True, service_id=group.service_id))


def _error_text(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]
