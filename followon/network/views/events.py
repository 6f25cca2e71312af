"""Members: network events and their invitations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.access import found_or_404
from followon.core.forms import attach_errors
from followon.network import forms, selectors, services

# Members: events --------------------------------------------------------------------------------


@member_required
def my_events(request):
    return render(
        request,
        "network/my_events.jinja",
        {"page_title": _("Network events"), "invitations": list(selectors.member_event_invitations(request.user))},
    )


@member_required
def my_event(request, public_id):
    invitation = found_or_404(selectors.member_invitation, request.user, public_id)
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
                    messages.success(request, _("Thank you for telling us"))
                else:
                    services.event_rsvp(invitation=invitation, user=request.user, coming=form.cleaned_data["coming"])
                    messages.success(request, _("Thank you for replying"))
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
