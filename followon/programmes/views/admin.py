"""Service admins: the protocol template and the information sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from followon.core.forms import attach_errors
from followon.core.permissions import staff_required
from followon.programmes import forms, services
from followon.programmes.models import ProtocolStepTemplate
from followon.programmes.protocol_defaults import step_in_language
from followon.programmes.views.common import Role

# Service admin: protocol template and information sheet -----------------------------


@staff_required(Role.SERVICE_ADMIN)
def admin_protocol(request):
    steps = services.protocol_template_ensure(service=request.service)
    by_k = {k: [s for s in steps if s.sessions_before_end == k] for k in (3, 2, 1)}
    return render(
        request,
        "programmes/admin_protocol.jinja",
        {
            "page_title": _("Hand-over protocol"),
            "by_k": by_k,
            "in_language": step_in_language,
            "sheet": services.information_sheet_ensure(service=request.service),
        },
    )


@staff_required(Role.SERVICE_ADMIN)
def admin_protocol_step(request, step_id=None):
    step = None
    if step_id is not None:
        step = request.service.protocol_steps.filter(public_id=step_id).first()
        if step is None:
            raise Http404
    initial = (
        {
            "sessions_before_end": step.sessions_before_end,
            "title": step.title,
            "guidance": step.guidance,
            "lead": step.lead,
        }
        if step
        else {"lead": ProtocolStepTemplate.Lead.TOGETHER}
    )
    form = forms.ProtocolStepForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.protocol_template_step_save(
                service=request.service, actor=request.user, step=step, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Protocol step saved. New programmes will use it"))
            return redirect("programmes:admin-protocol")
    return render(
        request,
        "programmes/admin_protocol_step.jinja",
        {"page_title": _("Change a protocol step") if step else _("Add a protocol step"), "form": form, "step": step},
    )


@staff_required(Role.SERVICE_ADMIN)
def admin_protocol_step_delete(request, step_id):
    step = request.service.protocol_steps.filter(public_id=step_id).first()
    if step is None:
        raise Http404
    if request.method == "POST":
        services.protocol_template_step_delete(service=request.service, actor=request.user, step=step)
        messages.success(request, _("Protocol step removed. Programmes that already started keep their checklist"))
        return redirect("programmes:admin-protocol")
    return render(
        request,
        "programmes/admin_protocol_delete.jinja",
        {"page_title": _("Remove a protocol step"), "step": step, "in_language": step_in_language},
    )


@staff_required(Role.SERVICE_ADMIN)
def admin_information_sheet(request):
    sheet = services.information_sheet_ensure(service=request.service)
    form = forms.InformationSheetForm(
        request.POST if request.method == "POST" else None, initial={"title": sheet.title, "body": sheet.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.information_sheet_update(service=request.service, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, _("Information sheet saved"))
            return redirect("programmes:admin-protocol")
    return render(
        request,
        "programmes/admin_information_sheet.jinja",
        {"page_title": _("Follow-on groups information sheet"), "form": form, "sheet": sheet},
    )
