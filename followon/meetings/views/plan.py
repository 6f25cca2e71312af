"""A group's own venues and its reminder plan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.forms import attach_errors
from followon.meetings import forms, services
from followon.meetings.access import access_meetings_group_for_member
from followon.meetings.views.common import _require_organiser

# Venues and the group's plan --------------------------------------------------------------------


@member_required
@require_http_methods(["GET", "POST"])
def venue_new(request, public_id):
    group = access_meetings_group_for_member(request.user, public_id)
    _require_organiser(group, request.user)
    form = forms.VenueForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.venue_create(group=group, service=group.service, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Venue added"))
            return redirect("meetings:group", group.public_id)
    return render(request, "meetings/venue_new.jinja", {"page_title": _("Add a venue"), "group": group, "form": form})


@member_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, public_id):
    group = access_meetings_group_for_member(request.user, public_id)
    _require_organiser(group, request.user)
    plan = getattr(group, "meeting_plan", None)
    initial = {
        "remind_days_before": plan.remind_days_before if plan else 2,
        "remind_morning_of": plan.remind_morning_of if plan else True,
        "rotate_roles_every_weeks": plan.rotate_roles_every_weeks if plan else None,
    }
    form = forms.MeetingPlanForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_plan_update(group=group, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Reminders and roles saved"))
            return redirect("meetings:group", group.public_id)
    return render(
        request, "meetings/plan.jinja", {"page_title": _("Reminders and roles"), "group": group, "form": form}
    )
