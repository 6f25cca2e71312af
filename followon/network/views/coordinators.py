"""Coordinators: their group's listing and the requests to join it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.access import found_or_404
from followon.core.forms import attach_errors
from followon.network import forms, selectors, services
from followon.network.models import (
    JoinRequest,
)
from followon.network.views.common import _organised_group

# Coordinators --------------------------------------------------------------------------------


@member_required
def group_listing(request, public_id):
    group = _organised_group(request, public_id)
    current = selectors.listing_for_group(group)
    initial = {
        "is_listed": "yes" if current.is_listed else "no",
        "description": current.description,
        "usual_day": current.usual_day,
        "time_of_day": current.time_of_day,
        "outcode": current.outcode,
        "venue": current.venue_id,
        "size_text": current.size_text,
        "age_range_text": current.age_range_text,
        "gender_mix_text": current.gender_mix_text,
        "languages": current.language_codes,
        "languages_other": current.languages_other,
        "who_for": current.who_for,
        "meets": [
            when
            for when, chosen in (
                ("daytime", current.meets_daytime),
                ("evening", current.meets_evening),
                ("weekend", current.meets_weekend),
            )
            if chosen
        ],
        "step_free": current.step_free,
        "welcomes_new_members": "yes" if current.welcomes_new_members else "no",
        "capacity": current.capacity,
    }
    form = forms.ListingForm(request.POST if request.method == "POST" else None, initial=initial, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(group=group, actor=request.user, **form.listing_values())
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("The group's directory entry is saved"))
            return redirect("peergroups:member-detail", group.public_id)
    return render(
        request,
        "network/group_listing.jinja",
        {"page_title": _("Directory entry"), "form": form, "group": group},
    )


@member_required
def group_requests(request, public_id):
    group = _organised_group(request, public_id)
    return render(
        request,
        "network/group_requests.jinja",
        {
            "page_title": _("Requests to join"),
            "group": group,
            "requests": list(selectors.pending_requests_for_group(group)),
        },
    )


@member_required
@require_POST
def request_decide(request, public_id):
    join_request = found_or_404(
        JoinRequest.objects.select_related("group").get, public_id=public_id, status=JoinRequest.Status.PENDING
    )
    group = _organised_group(request, join_request.group.public_id)
    form = forms.DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Select whether to welcome them"))
        return redirect("network:group-requests", group.public_id)
    accept = form.cleaned_data["decision"] == "accept"
    services.join_request_decide(request=join_request, actor=request.user, accept=accept)
    messages.success(
        request,
        _("%(name)s is now a member of %(group)s") % {"name": join_request.user.display_name, "group": group.name}
        if accept
        else _("We've let them know kindly that the group can't take them this time"),
    )
    return redirect("network:group-requests", group.public_id)
