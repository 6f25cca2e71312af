"""Pages and provider callbacks for notifications. Thin: the rules are in services.py."""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from followon.core.access import found_or_404
from followon.core.input_boundary import PayloadRefused, json_object
from followon.core.permissions import staff_required
from followon.core.services import audit_record
from followon.notifications import conf, lengths, registry, selectors, services
from followon.notifications.forms import PreferencesForm
from followon.organisations.models import StaffRole

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
STAFF_ROLES = (StaffRole.Role.SERVICE_ADMIN, StaffRole.Role.CLINICIAN)
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
RECEIPT_STATUSES = {
    "created",
    "sending",
    "pending",
    "sent",
    "delivered",
    "permanent-failure",
    "temporary-failure",
    "technical-failure",
}


# -- GOV.UK Notify callbacks ---------------------------------------------------------------------


def _refuse(status: int, reason: str) -> JsonResponse:
    response = JsonResponse({"error": reason}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="followon"'
    return response


def _check_bearer(request, setting: str) -> JsonResponse | None:
    """Notify sends the bearer token we gave it; compare in constant time."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not header[len("Bearer ") :].strip():
        return _refuse(401, "bearer token required")
    expected = conf.get(setting) or ""
    if not expected:
        logger.error("%s is not set: refusing a GOV.UK Notify callback", setting)
        return _refuse(403, "callbacks are not enabled")
    given = header[len("Bearer ") :].strip()
    if not hmac.compare_digest(given.encode(), expected.encode()):
        logger.warning("GOV.UK Notify callback with a wrong bearer token")
        return _refuse(403, "wrong bearer token")
    return None


def _parse_time(value) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


@csrf_exempt
@require_POST
def notify_delivery_receipt(request):
    refused = _check_bearer(request, "NOTIFY_DELIVERY_RECEIPT_TOKEN")
    if refused:
        return refused
    # Bounded in size and nesting, every string cleaned of what cannot be stored (core/input_boundary.py).
    try:
        payload = json_object(request.body or b"")
    except PayloadRefused as refused:
        return _refuse(refused.status, refused.reason)
    provider_id, status, reference = payload.get("id"), payload.get("status"), payload.get("reference")
    if not isinstance(provider_id, str) or not _UUID.match(provider_id):
        return _refuse(400, "id must be a notification id")
    if status not in RECEIPT_STATUSES:
        return _refuse(400, "unknown status")
    if reference is not None and not isinstance(reference, str):
        return _refuse(400, "reference must be a string")
    completed_at = payload.get("completed_at")
    completed = _parse_time(completed_at) if completed_at else None
    if completed_at and completed is None:
        return _refuse(400, "completed_at must be a date and time")
    result = services.delivery_receipt_record(
        provider_id=provider_id, reference=reference or "", status=status, completed_at=completed
    )
    logger.info("delivery receipt for notification %s: %s", provider_id, result)
    return JsonResponse({"result": result})


@csrf_exempt
@require_POST
def notify_received_text(request):
    refused = _check_bearer(request, "NOTIFY_RECEIVED_TEXT_TOKEN")
    if refused:
        return refused
    # Bounded in size and nesting, every string cleaned of what cannot be stored (core/input_boundary.py).
    try:
        payload = json_object(request.body or b"")
    except PayloadRefused as refused:
        return _refuse(refused.status, refused.reason)
    notify_id, source, text = payload.get("id"), payload.get("source_number"), payload.get("message")
    received_at = _parse_time(payload.get("date_received"))
    if not isinstance(notify_id, str) or not _UUID.match(notify_id):
        return _refuse(400, "id must be a received text id")
    if not isinstance(source, str) or not re.fullmatch(r"\+?[0-9 ]{6,20}", source):
        return _refuse(400, "source_number must be a phone number")
    if not isinstance(text, str) or len(text) > 2000:
        return _refuse(400, "message must be text")
    if received_at is None:
        return _refuse(400, "date_received must be a date and time")
    inbound, is_new = services.inbound_sms_receive(
        notify_id=notify_id, source_number=source, message=text, received_at=received_at
    )
    return JsonResponse({"result": "received" if is_new else "already received"})


# -- staff ------------------------------------------------------------------------------------------


@staff_required(*STAFF_ROLES)
def staff_failed_messages(request):
    paginator = Paginator(selectors.failed_messages_for_service(request.service), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/staff_failed_messages.jinja",
        {"page_title": _("Messages that could not be sent"), "page": page},
    )


@require_POST
@staff_required(*STAFF_ROLES)
def staff_message_retry(request, public_id):
    message = found_or_404(selectors.failed_message_for_service, request.service, public_id)
    if not message.can_be_retried:
        messages.error(request, _("This message cannot be sent again as it is. Check the reason it failed."))
    else:
        services.message_retry(message=message, actor=request.user)
        messages.success(request, _("We will try to send the message again."))
    return redirect("notifications:staff-failed")


@staff_required(*STAFF_ROLES)
def staff_replies(request):
    paginator = Paginator(selectors.replies_for_staff(request.service), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    audit_record(
        actor=request.user,
        action="notifications.replies_viewed",
        target=request.service,
        detail={"page": page.number, "shown": len(page.object_list)},
    )
    return render(
        request,
        "notifications/staff_replies.jinja",
        {"page_title": _("Texts from members for staff"), "page": page},
    )


@staff_required(*STAFF_ROLES)
def staff_text_lengths(request):
    """Each text members get, in each language: characters, alphabet, parts and cost (ADR 0027)."""
    names = dict(settings.LANGUAGES)
    return render(
        request,
        "notifications/staff_text_lengths.jinja",
        {
            "page_title": _("How long our texts are in each language"),
            "templates": lengths.template_lengths(),
            "language_names": names,
            "price": lengths.part_price_pence(),
        },
    )


# -- members ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def member_preferences(request):
    user = request.user
    preference = selectors.preference_for(user)
    topics = registry.topics_for(user)
    initial = PreferencesForm.initial_for(user, preference)
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, user=user, topics=topics, initial=initial)
    if request.method == "POST" and form.is_valid():
        choices = form.cleaned_data
        services.preferences_update(
            user=user,
            channel=choices["channel"],
            quiet_hours=choices["quiet_hours"] == "no",
            digest=choices["digest"],
            muted_topics=choices.get("muted_topics", preference.muted_topics or []),
            sms_stopped=choices["texts"] == "no",
        )
        messages.success(request, _("Your choices have been saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.jinja",
        {"page_title": _("How we contact you"), "form": form, "preference": preference, "topics": topics},
    )
