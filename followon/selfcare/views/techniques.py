"""The technique library, a group's shared goals, and staff editing of technique pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.accounts.selectors import member_primary_service
from followon.core.access import found_or_404
from followon.core.permissions import staff_required
from followon.organisations.models import StaffRole
from followon.peergroups import selectors as group_selectors
from followon.peergroups.access import access_group_for_member
from followon.selfcare import forms, presenters, selectors, services, techniques
from followon.selfcare.models import TechniquePage
from followon.selfcare.views.common import _data, _save

# -- technique library ----------


@member_required
def techniques_list(request):
    service = member_primary_service(request.user)
    return render(
        request,
        "selfcare/techniques.jinja",
        {
            "page_title": _("Techniques"),
            "pages": [presenters.technique_view(page) for page in selectors.technique_pages(service)],
        },
    )


@member_required
def technique_detail(request, slug):
    page = presenters.technique_view(
        found_or_404(lambda: selectors.technique_page(member_primary_service(request.user), slug))
    )
    return render(request, "selfcare/technique.jinja", {"page_title": page.title, "page": page})


# -- a group's shared goals ----------


@member_required
def group_shared(request, public_id):
    group = access_group_for_member(request.user, public_id)
    if not group_selectors.is_group_member(group, request.user):
        raise Http404
    return render(
        request,
        "selfcare/group_shared.jinja",
        {
            "page_title": _("Shared goals: %(group)s") % {"group": group.name},
            "group": group,
            "goals": selectors.group_shared_goals(group),
            "activities": selectors.group_shared_activities(group),
        },
    )


# -- staff: the technique library ----------


@staff_required(StaffRole.Role.SERVICE_ADMIN)
def staff_techniques(request):
    return render(
        request,
        "selfcare/staff_techniques.jinja",
        {
            "page_title": _("Technique library"),
            "pages": [(page, presenters.technique_view(page)) for page in selectors.technique_pages(request.service)],
        },
    )


@staff_required(StaffRole.Role.SERVICE_ADMIN)
def staff_technique_edit(request, slug):
    page = found_or_404(selectors.technique_page, request.service, slug)
    initial = {"title": page.title, "summary": page.summary, "body": page.body}
    form = forms.TechniquePageForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: services.technique_page_save(
                service=request.service, slug=slug, actor=request.user, **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, _("%(title)s is saved") % {"title": saved.title})
            return redirect("selfcare:staff-techniques")
    return render(
        request,
        "selfcare/staff_technique_edit.jinja",
        {
            "page_title": _("Edit %(title)s") % {"title": page.title},
            "form": form,
            "slug": slug,
            "customised": isinstance(page, TechniquePage),
        },
    )


@staff_required(StaffRole.Role.SERVICE_ADMIN)
@require_POST
def staff_technique_reset(request, slug):
    if slug not in techniques.BY_SLUG:
        raise Http404
    services.technique_page_reset(service=request.service, slug=slug, actor=request.user)
    messages.success(request, _("The page is back to the FollowOn version"))
    return redirect("selfcare:staff-techniques")
