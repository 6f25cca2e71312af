"""Pages for the network of groups: the directory and joining (members), listing settings and
join requests (coordinators), help finding a group, groups that may need support, network events."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.accounts.selectors import member_primary_service
from followon.core.forms import attach_errors
from followon.core.permissions import staff_required
from followon.network import forms, selectors, services
from followon.network.models import (
    ACCESS_NEEDS,
    EventFeedback,
    EventInvitation,
    GroupListing,
    HelpRequest,
    JoinRequest,
    NetworkEvent,
)
from followon.organisations.models import StaffRole
from followon.peergroups.models import PeerGroup
from followon.peergroups.selectors import group_for_member, is_group_organiser, member_groups

Role = StaffRole.Role
ACCESS_LABELS = dict(ACCESS_NEEDS)


def _member_service(request):
    service = member_primary_service(request.user)
    if service is None:
        raise PermissionDenied
    return service


def _organised_group(request, public_id) -> PeerGroup:
    try:
        group = group_for_member(request.user, public_id)
    except PeerGroup.DoesNotExist as exc:
        raise Http404 from exc
    if not is_group_organiser(group, request.user):
        raise PermissionDenied
    return group


# Members: directory and joining ------------------------------------------------------------


@member_required
def directory(request):
    service = _member_service(request)
    results = None
    form = forms.SearchForm(request.GET if "outcode" in request.GET else None)
    if form.is_bound and form.is_valid():
        results = selectors.directory_search(service, form.search())
    return render(
        request,
        "network/directory.jinja",
        {
            "page_title": "Find a group",
            "form": form,
            "results": results,
            "service": service,
            "access_labels": ACCESS_LABELS,
            "join_requests": list(selectors.member_join_requests(request.user)[:10]),
            "help_request": selectors.member_help_request(request.user, service),
            "my_groups": list(member_groups(request.user)),
        },
    )


def _visible_listing(request, public_id) -> GroupListing:
    try:
        return selectors.listing_for_member(request.user, public_id)
    except GroupListing.DoesNotExist as exc:
        raise Http404 from exc


@member_required
def listing(request, public_id):
    _member_service(request)
    entry = _visible_listing(request, public_id)
    form = forms.JoinRequestForm()
    return _listing_page(request, entry, form)


def _listing_page(request, entry, form, status=200):
    return render(
        request,
        "network/listing.jinja",
        {
            "page_title": entry.group.name,
            "listing": entry,
            "form": form,
            "block_reason": selectors.join_block_reason(entry),
            "my_groups": list(member_groups(request.user)),
            "access_labels": ACCESS_LABELS,
        },
        status=status,
    )


@member_required
@require_POST
def join(request, public_id):
    _member_service(request)
    entry = _visible_listing(request, public_id)
    form = forms.JoinRequestForm(request.POST)
    if not form.is_valid():
        return _listing_page(request, entry, form)
    try:
        _request, created = services.join_request_make(listing=entry, user=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        attach_errors(form, error)
        return _listing_page(request, entry, form)
    if created:
        messages.success(
            request, f"We've asked the coordinators of {entry.group.name}. We'll tell you when they reply."
        )
    else:
        messages.info(
            request, f"You've already asked to join {entry.group.name}. We've kept your request; no need to ask again."
        )
    return redirect("network:directory")


@member_required
@require_POST
def join_withdraw(request, public_id):
    try:
        join_request = selectors.member_join_requests(request.user).get(
            public_id=public_id, status=JoinRequest.Status.PENDING
        )
    except JoinRequest.DoesNotExist as exc:
        raise Http404 from exc
    services.join_request_withdraw(request=join_request, user=request.user)
    messages.success(request, "Your request has been withdrawn")
    return redirect("network:directory")


@member_required
def help_request(request):
    service = _member_service(request)
    form = forms.HelpRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _help, created = services.help_request_make(
            service=service, user=request.user, what_matters=form.cleaned_data["what_matters"]
        )
        messages.success(
            request,
            "Thank you. Someone from the pain service will suggest a group"
            if created
            else "We already have your request. We've updated it with what you said",
        )
        return redirect("network:directory")
    return render(request, "network/help.jinja", {"page_title": "Help me find a group", "form": form})


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
        "welcomes_new_members": "yes" if current.welcomes_new_members else "no",
        "capacity": current.capacity,
    }
    form = forms.ListingForm(request.POST if request.method == "POST" else None, initial=initial, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "The group's directory entry is saved")
            return redirect("peergroups:member-detail", group.public_id)
    return render(
        request,
        "network/group_listing.jinja",
        {"page_title": "Directory entry", "form": form, "group": group},
    )


@member_required
def group_requests(request, public_id):
    group = _organised_group(request, public_id)
    return render(
        request,
        "network/group_requests.jinja",
        {
            "page_title": "Requests to join",
            "group": group,
            "requests": list(selectors.pending_requests_for_group(group)),
        },
    )


@member_required
@require_POST
def request_decide(request, public_id):
    try:
        join_request = JoinRequest.objects.select_related("group").get(
            public_id=public_id, status=JoinRequest.Status.PENDING
        )
    except JoinRequest.DoesNotExist as exc:
        raise Http404 from exc
    group = _organised_group(request, join_request.group.public_id)
    form = forms.DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select whether to welcome them")
        return redirect("network:group-requests", group.public_id)
    accept = form.cleaned_data["decision"] == "accept"
    services.join_request_decide(request=join_request, actor=request.user, accept=accept)
    messages.success(
        request,
        f"{join_request.user.display_name} is now a member of {group.name}"
        if accept
        else "We've let them know kindly that the group can't take them this time",
    )
    return redirect("network:group-requests", group.public_id)


# Members: events --------------------------------------------------------------------------------


@member_required
def my_events(request):
    return render(
        request,
        "network/my_events.jinja",
        {"page_title": "Network events", "invitations": list(selectors.member_event_invitations(request.user))},
    )


@member_required
def my_event(request, public_id):
    try:
        invitation = selectors.member_invitation(request.user, public_id)
    except EventInvitation.DoesNotExist as exc:
        raise Http404 from exc
    event = invitation.event
    finished = event.ends_at <= timezone.now()
    rsvp_form = forms.RsvpForm(
        request.POST if request.method == "POST" and "coming" in request.POST else None,
        initial={"coming": {"yes": "yes", "no": "no"}.get(invitation.rsvp)},
    )
    feedback_form = forms.FeedbackForm(request.POST if request.method == "POST" and "rating" in request.POST else None)
    if request.method == "POST":
        form = feedback_form if finished else rsvp_form
        if not form.is_bound:
            form = forms.FeedbackForm(request.POST) if finished else forms.RsvpForm(request.POST)
            if finished:
                feedback_form = form
            else:
                rsvp_form = form
        if form.is_valid():
            try:
                if finished:
                    services.event_feedback_give(invitation=invitation, user=request.user, **form.cleaned_data)
                    messages.success(request, "Thank you for telling us")
                else:
                    services.event_rsvp(invitation=invitation, user=request.user, coming=form.cleaned_data["coming"])
                    messages.success(request, "Thank you for replying")
                return redirect("network:my-event", event.public_id)
            except ValidationError as error:
                attach_errors(form, error)
    return render(
        request,
        "network/my_event.jinja",
        {
            "page_title": event.title,
            "event": event,
            "invitation": invitation,
            "finished": finished,
            "form": feedback_form if finished else rsvp_form,
            "places_left": (event.capacity - selectors.event_coming_count(event)) if event.capacity else None,
        },
    )


# Staff ---------------------------------------------------------------------------------------


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
        messages.success(request, "Network settings saved")
        return redirect("network:staff-settings")
    return render(
        request,
        "network/staff_settings.jinja",
        {"page_title": "Network settings", "form": form},
    )


@staff_required(Role.CLINICIAN, Role.SERVICE_ADMIN)
def staff_help(request):
    return render(
        request,
        "network/staff_help.jinja",
        {
            "page_title": "People asking for help finding a group",
            "requests": list(selectors.help_requests_for_service(request.service)),
        },
    )


@staff_required(Role.CLINICIAN, Role.SERVICE_ADMIN)
def staff_help_suggest(request, public_id):
    try:
        help_request = selectors.help_requests_for_service(request.service).get(public_id=public_id)
    except HelpRequest.DoesNotExist as exc:
        raise Http404 from exc
    form = forms.SuggestForm(request.POST if request.method == "POST" else None, service=request.service)
    if request.method == "POST" and form.is_valid():
        try:
            services.help_request_suggest(request=help_request, actor=request.user, group=form.cleaned_data["group"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"We've told {help_request.user.display_name} about the group")
            return redirect("network:staff-help")
    return render(
        request,
        "network/staff_help_suggest.jinja",
        {
            "page_title": "Suggest a group",
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
            "page_title": "Groups that may need support",
            "groups": selectors.groups_needing_support(request.service),
            "rules": selectors.network_settings_for(request.service),
        },
    )


@staff_required(Role.PTV, Role.SERVICE_ADMIN)
def staff_offer(request, public_id):
    try:
        group = PeerGroup.objects.get(service=request.service, public_id=public_id, status__in=PeerGroup.OPEN_STATUSES)
    except PeerGroup.DoesNotExist as exc:
        raise Http404 from exc
    form = forms.SupportOfferForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_offer_make(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"We've told the coordinators of {group.name} about your offer")
            return redirect("network:staff-support")
    return render(
        request,
        "network/staff_offer.jinja",
        {
            "page_title": f"Offer help to {group.name}",
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
        {"page_title": "Network events", "events": list(selectors.events_for_service(request.service))},
    )


@staff_required(Role.CLINICIAN, Role.SERVICE_ADMIN)
def staff_event_new(request):
    form = forms.EventForm(
        request.POST if request.method == "POST" else None, initial={"kind": NetworkEvent.Kind.NETWORK_MEETING}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
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
            messages.success(request, f"Event created and {event.invitations.count()} people invited")
            return redirect("network:staff-event", event.public_id)
    return render(
        request,
        "network/staff_event_new.jinja",
        {"page_title": "New network event", "form": form},
    )


@staff_required(Role.CLINICIAN, Role.SERVICE_ADMIN, Role.PTV)
def staff_event(request, public_id):
    try:
        event = selectors.event_for_staff(request.service, public_id)
    except NetworkEvent.DoesNotExist as exc:
        raise Http404 from exc
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
