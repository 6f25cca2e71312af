"""Safety pages: members raise a concern; the duty clinician works the queue; admins keep the rota.

Staff see a queue item with the flagged or reported post and, for a flagged post, a few earlier posts
by the same member (selectors.item_context_posts), never another member's post or a whole board;
every view of an item is audited (safety.item_viewed).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.accounts.selectors import member_primary_service
from followon.core.forms import attach_errors
from followon.core.permissions import staff_required
from followon.organisations.models import StaffRole
from followon.peergroups.selectors import group_current_members, member_groups
from followon.safety import forms, selectors, services
from followon.safety.access import access_item_for_staff
from followon.safety.models import ConcernItem, DutyShift

Role = StaffRole.Role
QUEUE_ROLES = (Role.CLINICIAN, Role.SERVICE_ADMIN)


# Members --------------------------------------------------------------------------------------


def _others(user):
    """(member, group) for everyone in the member's groups but themselves."""
    others, seen = [], set()
    for group in member_groups(user):
        for other in group_current_members(group).exclude(pk=user.pk):
            if other.pk not in seen:
                seen.add(other.pk)
                others.append((other, group))
    return others


@member_required
def concern_new(request):
    others = _others(request.user)
    if request.method == "POST":
        form = forms.ConcernForm(request.POST, others=[(u, g.name) for u, g in others])
    else:
        form = forms.ConcernForm(
            initial={"key": uuid.uuid4().hex, "about": request.GET.get("about", "")},
            others=[(u, g.name) for u, g in others],
        )
    if request.method == "POST" and form.is_valid():
        about = form.cleaned_data["about"]
        if about == "me":
            subject, group = request.user, None
            service = member_primary_service(request.user)
        else:
            subject, group = next(((u, g) for u, g in others if str(u.public_id) == about), (None, None))
            service = group.service if group else None
        if subject is None or service is None:
            raise Http404
        item, _ = services.concern_raise(
            service=service,
            member=subject,
            raised_by=request.user,
            group=group,
            source=ConcernItem.Source.SELF if subject == request.user else ConcernItem.Source.PEER,
            level=ConcernItem.Level.CONCERN,
            text=form.cleaned_data["details"],
            idempotency_key=f"concern:{request.user.public_id}:{form.cleaned_data['key']}",
        )
        return redirect("safety:concern-done", item.public_id)
    return render(request, "safety/concern_new.jinja", {"page_title": gettext("Raise a concern"), "form": form})


@member_required
@require_POST
def contact_me(request):
    """The one button on the flagged-message notice: "Ask my pain service to contact me"."""
    service = member_primary_service(request.user)
    if service is None:
        raise Http404
    ref = (request.POST.get("ref") or "")[:60]
    item, _ = services.concern_raise(
        service=service,
        member=request.user,
        raised_by=request.user,
        source=ConcernItem.Source.SELF,
        level=ConcernItem.Level.CONCERN,
        text="Asked to be contacted after a flagged message.",
        source_ref=ref,
        idempotency_key=f"contact-me:{request.user.public_id}:{ref}" if ref else None,
    )
    return redirect("safety:concern-done", item.public_id)


@member_required
def concern_done(request, public_id):
    item = ConcernItem.objects.filter(public_id=public_id, raised_by=request.user).select_related("service").first()
    if item is None:
        raise Http404
    return render(
        request,
        "safety/concern_done.jinja",
        {
            "page_title": gettext("Thank you, the pain service has been told"),
            "item": item,
            "service_open": selectors.service_is_open(item.service),
        },
    )


# Staff ----------------------------------------------------------------------------------------


@staff_required(*QUEUE_ROLES)
def queue(request):
    show_closed = request.GET.get("show") == "all"
    items = selectors.queue_page_items(request.service, open_only=not show_closed)
    return render(
        request,
        "safety/queue.jinja",
        {
            "page_title": gettext("Safety queue"),
            "items": items,
            "show_closed": show_closed,
            "on_duty": selectors.duty_clinicians(request.service),
            "service_open": selectors.service_is_open(request.service),
        },
    )


@staff_required(*QUEUE_ROLES)
def item_detail(request, public_id, action_form=None):
    item = access_item_for_staff(request.service, public_id)
    services.queue_item_viewed(item=item, actor=request.user)
    return render(
        request,
        "safety/item.jinja",
        {
            "page_title": gettext("Safety queue item"),
            "item": item,
            "context_posts": selectors.item_context_posts(item),
            "action_form": action_form or forms.ActionForm(),
            "State": ConcernItem.State,
        },
    )


# What the clinician is told after moving an item on (one whole sentence per state, for translation).
_MARKED = {
    ConcernItem.State.ACKNOWLEDGED: lambda: gettext("Marked acknowledged."),
    ConcernItem.State.ACTIONED: lambda: gettext("Marked action recorded."),
    ConcernItem.State.CLOSED: lambda: gettext("Marked closed."),
    ConcernItem.State.RAISED: lambda: gettext("Marked raised."),
}


@staff_required(*QUEUE_ROLES)
@require_POST
def item_move(request, public_id, to_state):
    item = access_item_for_staff(request.service, public_id)
    if to_state not in ConcernItem.State.values:
        raise Http404
    form = forms.ActionForm(request.POST) if to_state == ConcernItem.State.ACTIONED else None
    if form is not None and not form.is_valid():
        return item_detail.__wrapped__(request, public_id, action_form=form)
    try:
        services.concern_transition(
            item=item,
            to_state=to_state,
            actor=request.user,
            roles=request.staff_roles,
            action=form.cleaned_data["action"] if form else "",
            note=form.cleaned_data["note"] if form else "",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _MARKED[ConcernItem.State(to_state)]())
    return redirect("safety:item", item.public_id)


@staff_required(*QUEUE_ROLES)
def rota(request):
    is_admin = Role.SERVICE_ADMIN in request.staff_roles
    shift_form = forms.ShiftForm(
        request.POST if request.method == "POST" and "add_shift" in request.POST else None, service=request.service
    )
    current = selectors.safety_settings(request.service)
    settings_form = forms.SettingsForm(
        request.POST if request.method == "POST" and "save_settings" in request.POST else None,
        initial={
            "hold_for_review": "yes" if current.hold_for_review else "no",
            "escalation_minutes": current.escalation_minutes,
        },
    )
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied
        if "add_shift" in request.POST and shift_form.is_valid():
            starts_at, ends_at = shift_form.times()
            try:
                services.duty_shift_add(
                    service=request.service,
                    clinician=shift_form.cleaned_data["clinician"],
                    starts_at=starts_at,
                    ends_at=ends_at,
                    actor=request.user,
                )
            except ValidationError as error:
                attach_errors(shift_form, error)
            else:
                messages.success(request, gettext("Duty shift added."))
                return redirect("safety:rota")
        elif "save_settings" in request.POST and settings_form.is_valid():
            services.safety_settings_update(
                service=request.service,
                hold_for_review=settings_form.cleaned_data["hold_for_review"],
                escalation_minutes=settings_form.cleaned_data["escalation_minutes"],
                actor=request.user,
            )
            messages.success(request, gettext("Safety settings saved."))
            return redirect("safety:rota")
    hours = selectors.service_hours(request.service)
    return render(
        request,
        "safety/rota.jinja",
        {
            "page_title": gettext("Duty rota"),
            "is_admin": is_admin,
            "shifts": list(selectors.duty_shifts(request.service)),
            "shift_form": shift_form,
            "settings_form": settings_form,
            "hours": [(name, hours.get(day)) for day, name in _WEEKDAYS],
        },
    )


# Day names in the page's language (Django's own catalogue).
_WEEKDAYS = sorted(WEEKDAYS.items())


@staff_required(Role.SERVICE_ADMIN)
@require_POST
def shift_remove(request, public_id):
    shift = DutyShift.objects.filter(service=request.service, public_id=public_id).first()
    if shift is None:
        raise Http404
    services.duty_shift_remove(shift=shift, actor=request.user)
    messages.success(request, gettext("Duty shift removed."))
    return redirect("safety:rota")
