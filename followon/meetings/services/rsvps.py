"""RSVPs: who is coming to one date of a meeting, on the page or by text."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from followon.core.services import audit_record
from followon.meetings.models import (
    Meeting,
    Rsvp,
)
from followon.meetings.selectors import recurrence_for
from followon.meetings.services.common import _require_member

# RSVPs ------------------------------------------------------------------------------------------


def rsvp_set(*, meeting: Meeting, user, occurrence_date: date, response: str) -> Rsvp:
    """Yes / No / "Can't make it this time — still here" for one date of a meeting."""
    _require_member(meeting.group, user)
    if response not in Rsvp.Response.values:
        raise ValidationError(gettext("Choose whether you can come"))
    if meeting.status == Meeting.Status.CANCELLED or occurrence_date.isoformat() in meeting.cancelled_dates:
        raise ValidationError(gettext("This meeting has been cancelled, so there is nothing to reply to"))
    occurrence = recurrence_for(meeting).occurrence_on(occurrence_date)
    if occurrence is None:
        raise ValidationError(gettext("The meeting does not take place on that date"))
    if occurrence.end <= timezone.now() or meeting.status == Meeting.Status.HELD:
        raise ValidationError(gettext("This meeting has already happened"))
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if response == Rsvp.Response.YES and meeting.capacity:
            coming = (
                Rsvp.objects.filter(meeting=meeting, occurrence_date=occurrence_date, response=Rsvp.Response.YES)
                .exclude(user=user)
                .count()
            )
            if coming >= meeting.capacity:
                raise ValidationError(gettext("This meeting is full. Choose No or Can't make it this time"))
        rsvp, _ = Rsvp.objects.update_or_create(
            meeting=meeting, occurrence_date=occurrence_date, user=user, defaults={"response": response}
        )
        audit_record(actor=user, action="meeting.rsvp", target=meeting, service=meeting.group.service)
    return rsvp


SMS_RSVP = {"YES": Rsvp.Response.YES, "NO": Rsvp.Response.NO, "STILL HERE": Rsvp.Response.STILL_HERE}


def rsvp_by_sms(*, user, question, reply, inbound=None) -> None:
    """Reply handler for "meeting_rsvp" questions (YES / NO / STILL HERE)."""
    _, public_id, day = question.object_ref.split(":")
    meeting = Meeting.objects.select_related("group").filter(public_id=public_id).first()
    if meeting is None or reply not in SMS_RSVP:
        return
    try:
        rsvp_set(meeting=meeting, user=user, occurrence_date=date.fromisoformat(day), response=SMS_RSVP[reply])
    except (ValidationError, PermissionDenied):
        return
