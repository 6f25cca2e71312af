"""Recording a meeting that took place, from the group's page (staff or the group's organisers)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.forms import attach_errors
from followon.core.permissions import staff_required
from followon.meetings import forms, services
from followon.meetings.views.common import RECORDING_STAFF
from followon.peergroups import selectors as group_selectors
from followon.peergroups.access import access_group_for_member, access_group_for_staff
from followon.peergroups.models import PeerGroup

# Recording a meeting that took place (from the group's page) -------------------------------------


def _record_form_page(request, group, *, done_url):
    members = list(group_selectors.group_current_members(group))
    form = forms.MeetingRecordForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record(
                group=group,
                recorded_by=request.user,
                starts_at=form.starts_at(),
                ends_at=form.ends_at(),
                face_to_face=form.cleaned_data["face_to_face"],
                venue=form.cleaned_data["venue"],
                attended_user_ids={int(pk) for pk in form.cleaned_data["attended"]},
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            group.refresh_from_db()
            formed = group.status == PeerGroup.Status.ACTIVE and group.formed_on
            messages.success(
                request, _("Meeting recorded. The group has now formed.") if formed else _("Meeting recorded.")
            )
            return redirect(done_url)
    return render(
        request, "meetings/meeting_record.jinja", {"page_title": _("Record a meeting"), "group": group, "form": form}
    )


@staff_required(*RECORDING_STAFF)
def staff_meeting_record(request, public_id):
    group = access_group_for_staff(request.service, public_id)
    if not group.is_open:
        raise Http404
    return _record_form_page(request, group, done_url=reverse("peergroups:staff-detail", args=[group.public_id]))


@member_required
def member_meeting_record(request, public_id):
    group = access_group_for_member(request.user, public_id)
    if not group_selectors.is_group_organiser(group, request.user) or not group.is_open:
        raise Http404
    return _record_form_page(request, group, done_url=reverse("peergroups:member-detail", args=[group.public_id]))
