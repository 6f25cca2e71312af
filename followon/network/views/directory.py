"""Members: the group directory, asking to join and asking for help to find a group."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.access import found_or_404
from followon.core.forms import attach_errors
from followon.network import forms, selectors, services
from followon.network.access import access_listing_for_member
from followon.network.models import (
    JoinRequest,
)
from followon.network.presenters import directory_entries, listing_facts
from followon.network.views.common import ACCESS_LABELS, _member_service
from followon.peergroups.selectors import member_groups

# Members: directory and joining ------------------------------------------------------------


@member_required
def directory(request):
    # The member's service (the access check: none, and the page refuses, as _member_service), the
    # services whose groups they may see, the outcode they typed, their help request's suggested
    # group and their join requests: one read (ADR 0038, 0043).
    searching = "outcode" in request.GET
    standing = selectors.directory_standing(request.user, request.GET.get("outcode") if searching else None)
    service = standing.service
    if service is None:
        raise PermissionDenied
    results = None
    origin = (standing.outcode, standing.origin) if standing.outcode is not None else None
    form = forms.SearchForm(request.GET if searching else None, origin=origin)
    if form.is_bound and form.is_valid():
        results = selectors.directory_page(
            service, form.search(), request.GET.get("page"), service_ids=standing.service_ids
        )
        directory_entries(results.listings)
    return render(
        request,
        "network/directory.jinja",
        {
            "page_title": _("Find a group"),
            "form": form,
            "results": results,
            "pages": _page_links(request, results),
            "service": service,
            "join_requests": standing.join_requests,
            "suggested_group": standing.suggested_group,
        },
    )


def _page_links(request, results) -> tuple[str | None, str | None]:
    """The previous and next pages' addresses: the same search, another page."""
    if results is None:
        return None, None

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return "?" + query.urlencode() + "#results"

    return (
        link(results.number - 1) if results.has_previous() else None,
        link(results.number + 1) if results.has_next() else None,
    )


@member_required
def listing(request, public_id):
    _member_service(request)
    entry = access_listing_for_member(request.user, public_id)
    form = forms.JoinRequestForm()
    return _listing_page(request, entry, form)


def _listing_page(request, entry, form, status=200):
    return render(
        request,
        "network/listing.jinja",
        {
            "page_title": entry.group.name,
            "listing": entry,
            "facts": listing_facts(entry),
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
    entry = access_listing_for_member(request.user, public_id)
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
            request,
            _("We've asked the coordinators of %(group)s. We'll tell you when they reply.")
            % {"group": entry.group.name},
        )
    else:
        messages.info(
            request,
            _("You've already asked to join %(group)s. We've kept your request; no need to ask again.")
            % {"group": entry.group.name},
        )
    return redirect("network:directory")


@member_required
@require_POST
def join_withdraw(request, public_id):
    join_request = found_or_404(
        selectors.member_join_requests(request.user).get, public_id=public_id, status=JoinRequest.Status.PENDING
    )
    services.join_request_withdraw(request=join_request, user=request.user)
    messages.success(request, _("Your request has been withdrawn"))
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
            _("Thank you. Someone from the pain service will suggest a group")
            if created
            else _("We already have your request. We've updated it with what you said"),
        )
        return redirect("network:directory")
    return render(request, "network/help.jinja", {"page_title": _("Help me find a group"), "form": form})
