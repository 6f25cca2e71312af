"""Check-ins: how the member is, on the web; anything they write is screened."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from followon.core.services import audit_record
from followon.safety.screen import screen_text_safely
from followon.safety.services import free_text_screen_and_route
from followon.selfcare.models import (
    CheckIn,
)
from followon.selfcare.selectors import london_today, week_start
from followon.selfcare.services.common import SMS_FREE_TEXT_LIMIT, WEB_FREE_TEXT_LIMIT, _member_service

# -- check-ins ----------


def _route_free_text(checkin: CheckIn, *, source_ref: str = "", source: str = "free_text") -> None:
    """Screen the free line; anything that needs a look goes to the service's safety queue. A member
    with no pain service has no queue to go to: the screen result is recorded on the check-in only."""

    if checkin.service is not None:
        result, item = free_text_screen_and_route(
            member=checkin.owner,
            service=checkin.service,
            text=checkin.free_text,
            source=source,
            source_ref=source_ref or f"checkin:{checkin.public_id}",
        )
        checkin.routed_to_safety = checkin.routed_to_safety or item is not None
    else:
        result = screen_text_safely(checkin.free_text)
    checkin.screen_level = str(result.level)
    checkin.screen_result = result.as_dict()


@transaction.atomic
def checkin_submit(
    *,
    owner,
    pain_interference: int | None,
    mood: str = "",
    activity: str = "",
    free_text: str = "",
    source: str = CheckIn.Source.WEB,
    day: dt.date | None = None,
    replaces: CheckIn | None = None,
    sms_screen_ref: str = "",
) -> CheckIn:
    """Save a check-in; its free line is screened (and routed to the safety queue if it needs a look).

    `replaces`: an earlier check-in of the owner's that this one corrects (a second text reply in
    the same week); it is updated in place and a changed free line is screened again.
    `sms_screen_ref`: for a check-in by text, the safety app's reference for that text
    (safety.services.sms_screen_ref), which also screens the whole text: one queue item, not two."""
    errors = {}
    if pain_interference is not None and not (isinstance(pain_interference, int) and 0 <= pain_interference <= 10):
        errors["pain_interference"] = _("Pain interference must be a whole number from 0 to 10")
    if mood and mood not in CheckIn.Mood.values:
        errors["mood"] = _("Choose how your mood has been")
    if activity and activity not in CheckIn.Activity.values:
        errors["activity"] = _("Choose how active you have been")
    free_text = (free_text or "").strip()
    limit = SMS_FREE_TEXT_LIMIT if source == CheckIn.Source.SMS else WEB_FREE_TEXT_LIMIT
    if len(free_text) > limit:
        errors["free_text"] = _("Your note must be %(limit)s characters or fewer") % {"limit": limit}
    if not errors and pain_interference is None and not mood and not activity and not free_text:
        errors["__all__"] = _("Answer at least one question, or skip the check-in this week")
    if replaces is not None and replaces.owner_id != owner.pk:
        errors["__all__"] = _("That check-in is not yours")
    if errors:
        raise ValidationError(errors)
    if replaces is not None:
        checkin = CheckIn.objects.select_for_update().get(pk=replaces.pk)
        text_changed = checkin.free_text != free_text
        checkin.pain_interference, checkin.mood, checkin.activity = pain_interference, mood, activity
        checkin.free_text, checkin.source = free_text, source
        if text_changed:
            checkin.screen_level, checkin.screen_result = "", {}
            if free_text and sms_screen_ref:
                _route_free_text(checkin, source_ref=sms_screen_ref, source="sms")
            elif free_text:
                # A new line gets its own queue item: the first one's key would merge them.
                _route_free_text(checkin, source_ref=f"checkin:{checkin.public_id}:{uuid.uuid4().hex[:12]}")
    else:
        checkin = CheckIn(
            owner=owner,
            service=_member_service(owner),
            week_start=week_start(day or london_today()),
            pain_interference=pain_interference,
            mood=mood,
            activity=activity,
            free_text=free_text,
            source=source,
        )
        if free_text and sms_screen_ref:
            _route_free_text(checkin, source_ref=sms_screen_ref, source="sms")
        elif free_text:
            _route_free_text(checkin)
    checkin.save()
    audit_record(
        actor=owner,
        action="selfcare.checkin_changed" if replaces is not None else "selfcare.checkin",
        target=checkin,
        detail={"screen_level": checkin.screen_level or "none", "source": source},
    )
    return checkin
