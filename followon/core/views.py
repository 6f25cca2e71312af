import logging

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from followon.core import selectors
from followon.core.access import found_or_404
from followon.core.accessibility import statement_context
from followon.core.pagination import peek_page_read
from followon.core.permissions import SESSION_SERVICE_KEY, staff_required
from followon.core.presenters import audit_rows_html
from followon.core.services import audit_record
from followon.core.signposting import crisis_signposts_for
from followon.organisations.models import StaffRole

logger = logging.getLogger(__name__)

AUDIT_PAGE_SIZE = 50


def need_help(request):
    # In the page's language; in Welsh, with Samaritans' Welsh Language Line (core/signposting.py).
    context = {"page_title": gettext("Need help now?"), "signposts": crisis_signposts_for(get_language())}
    return render(request, "core/need_help.jinja", context)


def accessibility(request):
    context = {"page_title": gettext("Accessibility statement"), **statement_context(request.user)}
    return render(request, "core/accessibility.jinja", context)


def privacy(request):
    return render(request, "core/privacy.jinja", {"page_title": gettext("Privacy")})


@require_GET
@never_cache
def healthz(request):
    database_ok = selectors.database_is_reachable()
    age = selectors.worker_heartbeat_age() if database_ok else None
    age_seconds = None if age is None else round(age.total_seconds(), 1)
    stale_after = settings.WORKER_HEARTBEAT_SECONDS * 4
    body = {
        "status": "ok" if database_ok else "unavailable",
        "database": "ok" if database_ok else "unreachable",
        "worker_heartbeat_age_seconds": age_seconds,
        "worker": "ok" if age_seconds is not None and age_seconds <= stale_after else "stale",
    }
    # The worker's state is reported, not enforced: a web process can serve
    # pages while its workers restart, but not without its database.
    return JsonResponse(body, status=200 if database_ok else 503)


@staff_required(StaffRole.Role.SERVICE_ADMIN, StaffRole.Role.CLINICIAN)
def audit_list(request):
    # Previous and Next only, so no count of a service's whole audit trail on each view (core/pagination.py).
    page = peek_page_read(
        lambda start, stop: selectors.audit_rows_for_service(request.service, start, stop),
        request.GET.get("page"),
        AUDIT_PAGE_SIZE,
    )
    context = {"page_title": gettext("Audit trail"), "page": page, "rows_html": audit_rows_html(page.object_list)}
    return render(request, "core/audit_list.jinja", context)


@staff_required(StaffRole.Role.SERVICE_ADMIN, StaffRole.Role.CLINICIAN)
def audit_detail(request, public_id):
    event = found_or_404(selectors.audit_event_for_service, request.service, public_id)
    return render(request, "core/audit_detail.jinja", {"page_title": gettext("Audit event"), "event": event})


# Error pages. They must render without the database (a 500 may be caused by it).


def _error_page(request, status: int, title: str, message: str, *, plain_header: bool = False):
    context = {"page_title": title, "heading": title, "message": message, "plain_header": plain_header}
    return render(request, "errors/error.jinja", context, status=status)


def bad_request(request, exception=None):
    return _error_page(
        request,
        400,
        gettext("Sorry, there is a problem with your request"),
        gettext("Check the details you entered and try again."),
    )


def permission_denied(request, exception=None):
    return _error_page(
        request,
        403,
        gettext("You do not have permission to see this page"),
        gettext("If you think you should, contact your pain service."),
    )


def page_not_found(request, exception=None):
    return _error_page(
        request,
        404,
        gettext("Page not found"),
        gettext("If you typed the web address, check it is correct. If you pasted it, check you copied all of it."),
    )


def server_error(request):
    return _error_page(
        request,
        500,
        gettext("Sorry, there is a problem with the service"),
        gettext("Try again later. Nothing you entered has been shared."),
        plain_header=True,
    )


def csrf_failure(request, reason=""):
    logger.info("CSRF check failed")
    return _error_page(
        request,
        403,
        gettext("Your form could not be sent"),
        gettext("This can happen if the page was open for a long time. Go back, refresh the page and try again."),
    )


@require_POST
@staff_required()
def switch_service(request):
    """Work in another service the person holds a role in (the switcher on every staff page).

    The choice is checked against their roles now; a service they do not work for is refused with a
    404 like any other object outside their reach. Both services' audit trails record the switch."""
    chosen = next((s for s in request.staff_services if str(s.public_id) == request.POST.get("service", "")), None)
    if chosen is None:
        raise Http404
    if chosen.pk != request.service.pk:
        request.session[SESSION_SERVICE_KEY] = chosen.pk
        for service in (request.service, chosen):
            audit_record(
                actor=request.user,
                action="staff.service_switched",
                target=chosen,
                service=service,
                detail={"from": str(request.service.public_id), "to": str(chosen.public_id)},
            )
        messages.success(request, gettext("You are now working in %(service)s") % {"service": chosen.name})
    return redirect("home:staff-home")
