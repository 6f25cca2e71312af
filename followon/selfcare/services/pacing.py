"""Pacing: activities and their log."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from followon.core.services import audit_record
from followon.selfcare.models import (
    PacingActivity,
    PacingLog,
)
from followon.selfcare.selectors import london_today
from followon.selfcare.services.common import _member_service

# -- pacing ----------


@transaction.atomic
def pacing_activity_create(
    *, owner, name: str, baseline_minutes: int, build_up: str, build_up_amount: int, started_on: dt.date | None = None
) -> PacingActivity:
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Enter the activity")
    if not isinstance(baseline_minutes, int) or not 1 <= baseline_minutes <= 600:
        errors["baseline_minutes"] = _("Baseline must be a number of minutes from 1 to 600")
    limit = 50 if build_up == PacingActivity.BuildUp.PERCENT else 60
    if not isinstance(build_up_amount, int) or not 1 <= build_up_amount <= limit:
        errors["build_up_amount"] = (
            _("Build-up must be a percentage from 1 to 50")
            if build_up == PacingActivity.BuildUp.PERCENT
            else _("Build-up must be a number of minutes from 1 to 60")
        )
    if errors:
        raise ValidationError(errors)
    activity = PacingActivity.objects.create(
        owner=owner,
        service=_member_service(owner),
        name=name.strip(),
        baseline_minutes=baseline_minutes,
        build_up=build_up,
        build_up_amount=build_up_amount,
        started_on=started_on or london_today(),
    )
    audit_record(actor=owner, action="selfcare.pacing_created", target=activity)
    return activity


@transaction.atomic
def pacing_log_add(*, activity: PacingActivity, done_on: dt.date, minutes: int, flare: bool = False) -> PacingLog:
    errors = {}
    if done_on > london_today():
        errors["done_on"] = _("The date must be today or in the past")
    elif done_on < activity.started_on - dt.timedelta(days=365):
        errors["done_on"] = _("The date must be within a year of starting this activity")
    if not isinstance(minutes, int) or not 0 <= minutes <= 1440:
        errors["minutes"] = _("Minutes must be a number from 0 to 1440")
    if errors:
        raise ValidationError(errors)
    log = PacingLog.objects.create(activity=activity, done_on=done_on, minutes=minutes, flare=flare)
    audit_record(actor=activity.owner, action="selfcare.pacing_logged", target=activity)
    return log
