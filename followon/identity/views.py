"""The public JWKS, and the service admin's page for staff CIS2 links."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from followon.core.permissions import staff_required
from followon.identity import keys, selectors, services
from followon.identity.providers import Provider
from followon.organisations.models import StaffRole

logger = logging.getLogger(__name__)


@require_GET
@cache_control(public=True, max_age=300)
def jwks(request):
    """FollowOn's public keys, for NHS login and CIS2 to check our client assertions."""
    try:
        return JsonResponse(keys.public_jwks())
    except ImproperlyConfigured as exc:
        logger.error("JWKS: %s", exc)
        return JsonResponse({"keys": []}, status=503)


@staff_required(StaffRole.Role.SERVICE_ADMIN)
def staff_links(request):
    return render(
        request,
        "identity/staff_links.jinja",
        {
            "page_title": _("Staff sign-in with CIS2"),
            "rows": selectors.staff_identity_rows(request.service),
            "cis2_offered": selectors.route_for(request.service, Provider.CIS2) is not None,
        },
    )


def _staff_member_or_404(request, public_id):
    user = selectors.staff_member_of(request.service, public_id)
    if user is None:
        raise Http404
    return user


@require_POST
@staff_required(StaffRole.Role.SERVICE_ADMIN)
def staff_link_invite(request, public_id):
    user = _staff_member_or_404(request, public_id)
    if not user.email:
        messages.error(
            request, _("%(name)s has no email address, so we cannot send them a link.") % {"name": user.preferred_name}
        )
    else:
        services.staff_identity_invitation_create(service=request.service, invited_by=request.user, staff_user=user)
        messages.success(
            request, _("Link sent to %(name)s by email. It works once, for 7 days.") % {"name": user.preferred_name}
        )
    return redirect("identity:staff-links")


@require_POST
@staff_required(StaffRole.Role.SERVICE_ADMIN)
def staff_link_cancel(request, public_id):
    invitation = selectors.staff_invitation_for_service(request.service, public_id)
    if invitation is None:
        raise Http404
    services.staff_identity_invitation_revoke(invitation=invitation, actor=request.user)
    messages.success(
        request, _("Link for %(name)s cancelled. It no longer works.") % {"name": invitation.user.preferred_name}
    )
    return redirect("identity:staff-links")


@require_POST
@staff_required(StaffRole.Role.SERVICE_ADMIN)
def staff_link_remove(request, public_id):
    user = _staff_member_or_404(request, public_id)
    identity = selectors.user_identities(user).filter(provider=Provider.CIS2).first()
    if identity is None:
        raise Http404
    services.identity_unlink(identity=identity, actor=request.user, service=request.service)
    messages.success(
        request,
        _("%(name)s's CIS2 identity is no longer linked. They can sign in with CIS2 again only after a new link.")
        % {"name": user.preferred_name},
    )
    return redirect("identity:staff-links")
