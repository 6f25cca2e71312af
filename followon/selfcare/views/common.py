"""What the self-management pages share, and the hub page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.forms import attach_errors
from followon.selfcare import selectors


def _data(request):
    return request.POST if request.method == "POST" else None


def _save(form, call) -> object | None:
    try:
        return call()
    except ValidationError as error:
        attach_errors(form, error)
        return None


@member_required
def hub(request):
    return render(
        request,
        "selfcare/hub.jinja",
        {
            "page_title": _("Your goals and plans"),
            "goals": list(selectors.member_goals(request.user, status=None)),
            "activities": list(selectors.member_activities(request.user)),
            "plan": selectors.setback_plan_for(request.user),
            "checkin": selectors.checkin_this_week(request.user),
        },
    )
