"""Staff pages: the service's venues, and recording a meeting that took place."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from followon.core.access import found_or_404
from followon.core.forms import attach_errors
from followon.core.permissions import staff_required
from followon.meetings import forms, selectors, services
from followon.organisations.models import StaffRole

# Staff: the service's venues -------------------------------------------------------------------

VENUE_STAFF = (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN)


@staff_required(*VENUE_STAFF)
def staff_venues(request):
    return render(
        request,
        "meetings/staff_venues.jinja",
        {"page_title": _("Venues"), "venues": selectors.service_venues(request.service)},
    )


@staff_required(*VENUE_STAFF)
@require_http_methods(["GET", "POST"])
def staff_venue_edit(request, public_id=None):
    venue = None
    if public_id is not None:
        venue = found_or_404(selectors.service_venue, request.service, public_id)
    title = _("Change %(venue)s") % {"venue": venue.name} if venue else _("Add a venue")
    form = forms.VenueForm(request.POST if request.method == "POST" else None, instance=venue)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.VENUE_FIELDS}
        try:
            if venue is None:
                services.venue_create(group=None, service=request.service, created_by=request.user, **fields)
            else:
                services.venue_update(venue=venue, updated_by=request.user, **fields)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Venue saved") if venue else _("Venue added"))
            return redirect("meetings:staff-venues")
    return render(
        request,
        "meetings/staff_venue_form.jinja",
        {"page_title": title, "venue": venue, "form": form},
    )
