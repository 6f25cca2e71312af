from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from followon.accounts import my_data, selectors, services
from followon.accounts.decorators import signed_in_required
from followon.accounts.forms import ClosureRequestForm
from followon.accounts.models import AccountClosureRequest
from followon.core import hooks
from followon.core.access import found_or_404
from followon.core.permissions import staff_required
from followon.core.phone import format_uk_mobile
from followon.identity.providers import Provider
from followon.identity.selectors import route_for, user_identities
from followon.organisations.models import StaffRole


@signed_in_required
def my_account(request):
    user = request.user
    return render(
        request,
        "accounts/my_account.jinja",
        {
            "page_title": _("Your account"),
            "mobile": format_uk_mobile(user.mobile) if user.mobile else "",
            "services": selectors.member_services(user),
            "closure_requests": selectors.open_closure_requests_for(user).select_related("service"),
            "sections": hooks.ask_all(selectors.MY_ACCOUNT_SECTIONS_HOOK, user),
            "nhs_login_linked": user_identities(user).filter(provider=Provider.NHS_LOGIN).exists(),
            "nhs_login_offered": route_for(selectors.member_primary_service(user), Provider.NHS_LOGIN) is not None,
        },
    )


@signed_in_required
def my_data_page(request):
    data = my_data.collect(request.user)
    return render(request, "accounts/my_data.jinja", {"page_title": _("Your data"), "data": data})


@signed_in_required
def my_data_download(request):
    services.my_data_downloaded(user=request.user)
    body = json.dumps(my_data.collect(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="followon-my-data.json"'
    return response


@signed_in_required
def close_account(request):
    user = request.user
    if not selectors.member_services(user):
        raise PermissionDenied
    form = ClosureRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.closure_request_create(user=user, reason=form.cleaned_data["reason"])
        messages.success(request, _("We have asked your pain service to close your account. They will do this soon."))
        return redirect("accounts:my-account")
    return render(
        request,
        "accounts/close_account.jinja",
        {
            "page_title": _("Close your account"),
            "form": form,
            "retention_rule": _(AccountClosureRequest.RETENTION_RULE),
            "already_asked": selectors.open_closure_requests_for(user).exists(),
        },
    )


# Service admins ---------------------------------------------------------------


@staff_required(StaffRole.Role.SERVICE_ADMIN)
def closure_list(request):
    requests = selectors.closure_requests_for_service(request.service)[:200]
    return render(
        request, "accounts/closure_list.jinja", {"page_title": _("Requests to close accounts"), "requests": requests}
    )


@staff_required(StaffRole.Role.SERVICE_ADMIN)
def closure_detail(request, public_id):
    closure = found_or_404(selectors.closure_request_for_service, request.service, public_id)
    if request.method == "POST":
        if closure.status != AccountClosureRequest.Status.OPEN:
            messages.error(request, _("This request is already done."))
        else:
            services.closure_request_complete(closure_request=closure, actor=request.user)
            messages.success(request, _("The account is closed."))
        return redirect("accounts:closure-list")
    return render(request, "accounts/closure_detail.jinja", {"page_title": _("Close an account"), "closure": closure})
