"""Staff: inviting, uploading and withdrawing participants."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from followon.core.access import found_or_404
from followon.core.formatting import sent_or_when
from followon.core.forms import attach_errors
from followon.core.permissions import staff_required
from followon.notifications import selectors as notification_selectors
from followon.programmes import forms, selectors, services
from followon.programmes.access import access_programme_for_staff
from followon.programmes.uploads import EXPECTED_COLUMNS, UploadError
from followon.programmes.views.common import MANAGERS

# Staff: participants ----------------------------------------------------------------


def _when_invitations_go(programme, since) -> str:
    """When invitation texts this page queued, held for quiet hours, will go; "" if none wait."""
    return notification_selectors.when_held_messages_go(service=programme.service, template="invitation", since=since)


@staff_required(*MANAGERS)
def staff_invite(request, public_id):
    programme = access_programme_for_staff(request.service, public_id)
    form = forms.InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        started = timezone.now()
        try:
            enrolment, created = services.enrolment_invite(
                programme=programme, invited_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            if created:
                # "Invited" only when the text went: one held for quiet hours says when (issue 21 item 7).
                when = _when_invitations_go(programme, started)
                messages.success(
                    request,
                    sent_or_when(
                        _("%(name)s has been invited") % {"name": enrolment.name},
                        _("%(name)s will be invited.") % {"name": enrolment.name},
                        when,
                    ),
                )
            else:
                messages.info(
                    request, _("%(name)s is already on this programme: nothing was doubled") % {"name": enrolment.name}
                )
            if "another" in request.POST:
                return redirect("programmes:staff-invite", programme.public_id)
            return redirect(reverse("programmes:staff-detail", args=[programme.public_id]) + "#participants")
    return render(
        request,
        "programmes/staff_invite.jinja",
        {"page_title": _("Invite a participant"), "programme": programme, "form": form},
    )


@staff_required(*MANAGERS)
def staff_upload(request, public_id):
    programme = access_programme_for_staff(request.service, public_id)
    form = forms.UploadForm(
        request.POST if request.method == "POST" else None, request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.upload_preview_create(
                programme=programme, uploaded_by=request.user, data=form.cleaned_data["file"].read()
            )
        except UploadError as error:
            form.add_error("file", str(error))
        else:
            return redirect("programmes:staff-upload-preview", programme.public_id, upload.public_id)
    return render(
        request,
        "programmes/staff_upload.jinja",
        {
            "page_title": _("Add participants from a spreadsheet"),
            "programme": programme,
            "form": form,
            "columns": EXPECTED_COLUMNS,
        },
    )


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def staff_upload_preview(request, public_id, upload_id):
    programme = access_programme_for_staff(request.service, public_id)
    upload = found_or_404(selectors.upload_for_staff, programme, upload_id)
    if upload.status != upload.Status.PREVIEW:
        messages.info(request, _("That upload has already been dealt with"))
        return redirect("programmes:staff-detail", programme.public_id)
    if request.method == "POST":
        if request.POST.get("action") == "discard":
            services.upload_discard(upload=upload, discarded_by=request.user)
            messages.info(request, _("Upload discarded. Nobody was added"))
            return redirect("programmes:staff-detail", programme.public_id)
        started = timezone.now()
        try:
            result = services.upload_confirm(upload=upload, confirmed_by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("programmes:staff-upload", programme.public_id)
        added = result["added"]
        messages.success(
            request,
            sent_or_when(
                ngettext("%(count)s participant added and invited", "%(count)s participants added and invited", added)
                % {"count": added},
                ngettext(
                    "%(count)s participant added. They will be invited.",
                    "%(count)s participants added. They will be invited.",
                    added,
                )
                % {"count": added},
                _when_invitations_go(programme, started),
            ),
        )
        return redirect(reverse("programmes:staff-detail", args=[programme.public_id]) + "#participants")
    rows = upload.rows
    return render(
        request,
        "programmes/staff_upload_preview.jinja",
        {
            "page_title": _("Check the participants before adding them"),
            "programme": programme,
            "upload": upload,
            "rows": rows,
            "summary": upload.summary,
        },
    )


@staff_required(*MANAGERS)
def staff_withdraw(request, public_id, enrolment_id):
    programme = access_programme_for_staff(request.service, public_id)
    enrolment = found_or_404(selectors.enrolment_for_staff, programme, enrolment_id)
    if request.method == "POST":
        services.enrolment_withdraw(enrolment=enrolment, actor=request.user)
        messages.success(request, _("%(name)s has been taken off this programme") % {"name": enrolment.name})
        return redirect(reverse("programmes:staff-detail", args=[programme.public_id]) + "#participants")
    return render(
        request,
        "programmes/staff_withdraw.jinja",
        {
            "page_title": _("Take %(name)s off this programme") % {"name": enrolment.name},
            "programme": programme,
            "enrolment": enrolment,
        },
    )
