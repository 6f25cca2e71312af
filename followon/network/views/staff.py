"""Staff: network settings, help requests, support offers and events."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from followon.core.access import found_or_404
from followon.core.formatting import sent_or_when
from followon.core.forms import attach_errors
from followon.core.permissions import staff_required
from followon.network import forms, selectors, services
from followon.network.models import (
    EventFeedback,
    NetworkEvent,
)
from followon.network.views.common import Role
from followon.notifications import selectors as notification_selectors
from followon.peergroups.models import PeerGroup

# Staff ---------------------------------------------------------------------------------------


def _when_held(service, template: str, since) -> str:
    """When texts this page queued, held for quiet hours, will go; "" if none wait (issue 21 item 7)."""
    return notification_selectors.when_held_messages_go(service=service, template=template, since=since)


@staff_required(Role.SERVICE_ADMIN)
def staff_settings(request):
    current = selectors.network_settings_for(request.service)
    initial = {
        "share_listings": current.share_listings,
        "partners": list(current.partners.all()) if current.pk else [],
        "days_without_meeting": current.days_without_meeting,
        "attendance_drop_percent": current.attendance_drop_percent,
        "min_recent_attendance": current.min_recent_attendance,
    }
    form = forms.NetworkSettingsForm(
        request.POST if request.method == "POST" else None, initial=initial, service=request.service
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        services.network_settings_update(
            service=request.service,
            actor=request.user,
            share_listings=data.pop("share_listings"),
            partners=list(data.pop("partners")),
            **data,
        )
        messages.success(request, _("Network settings saved"))
        return redirect("network:staff-settings")
    return render(
        request,
        "network/staff_settings.jinja",
        {"page_title": _("Network settings"), "form": form},
    )


@staff_required(Role.CLINICIAN, Role.SERVICE_ADMIN)
def staff_help(request):
    return render(
        request,
        "network/staff_help.jinja",
        {
            "page_title": _("People asking for help finding a group"),
            "requests": list(selectors.help_requests_for_service(request.service)),
        },
    )


@staff_required(Role.CLINICIAN, Role.SERVICE_ADMIN)
def staff_help_suggest(request, public_id):
    help_request = found_or_404(lambda: selectors.help_requests_for_service(request.service).get(public_id=public_id))
    form = forms.SuggestForm(request.POST if request.method == "POST" else None, service=request.service)
    if request.method == "POST" and form.is_valid():
        started = timezone.now()
        try:
            services.help_request_suggest(request=help_request, actor=request.user, group=form.cleaned_data["group"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            name = help_request.user.display_name
            messages.success(
                request,
                sent_or_when(
                    _("We've told %(name)s about the group") % {"name": name},
                    _("We will tell %(name)s about the group.") % {"name": name},
                    _when_held(request.service, "network_group_suggested", started),
                ),
            )
            return redirect("network:staff-help")
    return render(
        request,
        "network/staff_help_suggest.jinja",
        {
            "page_title": _("Suggest a group"),
            "form": form,
            "help_request": help_request,
        },
    )


@staff_required(Role.PTV, Role.SERVICE_ADMIN)
def staff_support(request):
    return render(
        request,
        "network/staff_support.jinja",
        {
            "page_title": _("Groups that may need support"),
            "groups": selectors.groups_needing_support(request.service),
            "rules": selectors.network_settings_for(request.service),
        },
    )


@staff_required(Role.PTV, Role.SERVICE_ADMIN)
def staff_offer(request, public_id):
    group = found_or_404(
        PeerGroup.objects.get, service=request.service, public_id=public_id, status__in=PeerGroup.OPEN_STATUSES
    )
    form = forms.SupportOfferForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        started = timezone.now()
        try:
            services.support_offer_make(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request,
                sent_or_when(
                    _("We've told the coordinators of %(group)s about your offer") % {"group": group.name},
                    _("We will tell the coordinators of %(group)s about your offer.") % {"group": group.name},
                    _when_held(request.service, "network_support_offer", started),
                ),
            )
            return redirect("network:staff-support")
    return render(
        request,
        "network/staff_offer.jinja",
        {
            "page_title": _("Offer help to %(group)s") % {"group": group.name},
            "form": form,
            "group": group,
            "offers": list(group.support_offers.select_related("offered_by", "merge_with")[:10]),
        },
    )


@staff_required(Role.CLINICIAN, Role.SERVICE_ADMIN, Role.PTV)
def staff_events(request):
    return render(
        request,
        "network/staff_events.jinja",
        {
            "page_title": _("Network events"),
            "events": list(selectors.events_for_service(request.service)),
            # A patient tutor volunteer sees the events but may not add one: no link that answers 403.
            "can_add": bool(request.staff_roles & {Role.CLINICIAN, Role.SERVICE_ADMIN}),
        },
    )


@staff_required(Role.CLINICIAN, Role.SERVICE_ADMIN)
def staff_event_new(request):
    form = forms.EventForm(
        request.POST if request.method == "POST" else None, initial={"kind": NetworkEvent.Kind.NETWORK_MEETING}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        started = timezone.now()
        try:
            event = services.event_create(
                service=request.service,
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                accessibility=data["accessibility"],
                capacity=data["capacity"],
                details=data["details"],
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            invited = event.invitations.count()
            messages.success(
                request,
                sent_or_when(
                    _("Event created and %(count)s people invited") % {"count": invited},
                    _("Event created. %(count)s people will be invited.") % {"count": invited},
                    _when_held(request.service, "network_event_invitation", started),
                ),
            )
            return redirect("network:staff-event", event.public_id)
    return render(
        request,
        "network/staff_event_new.jinja",
        {"page_title": _("New network event"), "form": form},
    )


@staff_required(Role.CLINICIAN, Role.SERVICE_ADMIN, Role.PTV)
def staff_event(request, public_id):
    event = found_or_404(selectors.event_for_staff, request.service, public_id)
    return render(
        request,
        "network/staff_event.jinja",
        {
            "page_title": event.title,
            "event": event,
            "ratings": dict(EventFeedback.Rating.choices),
            "feedback": list(
                event.invitations.filter(feedback__isnull=False)
                .select_related("feedback")
                .values("feedback__rating", "feedback__comment")
            ),
        },
    )
