"""Pages for follow-on groups: staff (service-scoped) and members (own groups only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from followon.accounts.decorators import signed_in_required as member_required
from followon.core.access import found_or_404
from followon.core.formatting import sent_or_when
from followon.core.forms import attach_errors
from followon.core.permissions import staff_required
from followon.core.services import audit_record
from followon.notifications import selectors as notification_selectors
from followon.organisations.models import StaffRole
from followon.peergroups import forms, selectors, services
from followon.peergroups.access import (
    access_group_for_member,
    access_group_for_staff,
    access_group_page_for_member,
    access_membership_in_group,
)
from followon.peergroups.models import GroupMembership, GroupRole, PeerGroup
from followon.peergroups.presenters import group_about_rows, group_role_rows, group_staff_rows
from followon.programmes import selectors as programme_selectors
from followon.programmes.models import Enrolment

Role = StaffRole.Role
VIEWERS = (Role.CLINICIAN, Role.SERVICE_ADMIN, Role.PTV)
MANAGERS = (Role.CLINICIAN, Role.SERVICE_ADMIN)
Status = PeerGroup.Status


def _allowed_moves(group: PeerGroup, *, staff: bool) -> list[str]:
    allowed = [s for s in PeerGroup.TRANSITIONS[group.status] if s != Status.ACTIVE or group.status != Status.FORMING]
    if not staff:
        allowed = [s for s in allowed if (group.status, s) in services.ORGANISER_TRANSITIONS]
    order = list(Status.values)
    return sorted(allowed, key=order.index)


def _transition_from_form(request, group, form) -> bool:
    data = form.cleaned_data
    try:
        services.group_transition(
            group=group,
            to_status=data["to_status"],
            actor=request.user,
            effective_on=data.get("effective_on"),
            merged_into=data.get("merged_into"),
        )
    except ValidationError as error:
        attach_errors(form, error)
        return False
    messages.success(
        request, _("The group is now %(status)s") % {"status": str(Status(data["to_status"]).label).lower()}
    )
    return True


# Staff ------------------------------------------------------------------------------


@staff_required(*VIEWERS)
def staff_new(request, programme_id):
    programme = found_or_404(programme_selectors.programme_for_staff, request.service, programme_id)
    first_ptv = next(iter(programme.ptvs.all()), None)
    form = forms.GroupForm(
        request.POST if request.method == "POST" else None, service=request.service, initial={"supporter": first_ptv}
    )
    interested = programme.enrolments.filter(
        status=Enrolment.Status.JOINED, interest__answer__in=["yes", "maybe"]
    ).count()
    if request.method == "POST" and form.is_valid():
        started = timezone.now()
        try:
            group = services.group_create_from_programme(
                programme=programme, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            invited = group.memberships.count()
            words = {"group": group.name, "count": invited}
            # "Invited" only when the texts went: held ones say when they will (issue 21 item 7).
            when = notification_selectors.when_held_messages_go(
                service=group.service, template="group_invitation", since=started
            )
            messages.success(
                request,
                sent_or_when(
                    ngettext(
                        "%(group)s created. %(count)s person invited",
                        "%(group)s created. %(count)s people invited",
                        invited,
                    )
                    % words,
                    ngettext(
                        "%(group)s created. %(count)s person will be invited.",
                        "%(group)s created. %(count)s people will be invited.",
                        invited,
                    )
                    % words,
                    when,
                ),
            )
            return redirect("peergroups:staff-detail", group.public_id)
    return render(
        request,
        "peergroups/staff_new.jinja",
        {"page_title": _("Form a follow-on group"), "programme": programme, "form": form, "interested": interested},
    )


@staff_required(*VIEWERS)
def staff_list(request):
    groups = list(selectors.groups_for_service(request.service))
    return render(request, "peergroups/staff_list.jinja", {"page_title": _("Follow-on groups"), "groups": groups})


@staff_required(*VIEWERS)
def staff_detail(request, public_id):
    group = access_group_for_staff(request.service, public_id)
    audit_record(actor=request.user, action="group.viewed", target=group)
    return render(
        request,
        "peergroups/staff_detail.jinja",
        {
            "page_title": group.name,
            "group": group,
            "members": selectors.group_members_with_roles(group),
            "supporters": list(group.supporters.select_related("user").order_by("attached_at")),
            "history": list(group.status_changes.select_related("changed_by", "merged_into")),
            "meetings": list(selectors.group_recent_meetings(group)),
            "summary_rows": group_staff_rows(group, formation=selectors.group_formation_meeting(group)),
            "can_manage": bool(request.staff_roles & set(MANAGERS)),
            "moves": _allowed_moves(group, staff=True),
        },
    )


@staff_required(*MANAGERS)
def staff_status(request, public_id):
    group = access_group_for_staff(request.service, public_id)
    allowed = _allowed_moves(group, staff=True)
    if not allowed:
        raise Http404
    form = forms.TransitionForm(
        request.POST if request.method == "POST" else None, allowed=allowed, targets=selectors.merge_targets(group)
    )
    if request.method == "POST" and form.is_valid() and _transition_from_form(request, group, form):
        return redirect("peergroups:staff-detail", group.public_id)
    return render(
        request, "peergroups/status.jinja", {"page_title": _("Change the group's status"), "group": group, "form": form}
    )


def _remove(request, group, membership_id, *, done_url: str, back_url: str):
    """The removal page for a coordinator or the service: the reason from the group's agreement,
    then the member is removed and told kindly (services.membership_remove)."""
    membership = access_membership_in_group(group, membership_id)
    form = forms.RemovalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        started = timezone.now()
        try:
            services.membership_remove(membership=membership, actor=request.user, reason=form.cleaned_data["reason"])
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as error:
            attach_errors(form, error)
        else:
            words = {"name": membership.user.display_name, "group": group.name}
            when = notification_selectors.when_held_messages_go(
                service=group.service, template="group_removed", since=started
            )
            messages.success(
                request,
                sent_or_when(
                    _("%(name)s is no longer a member of %(group)s. We have told them") % words,
                    _("%(name)s is no longer a member of %(group)s. We will tell them.") % words,
                    when,
                ),
            )
            return redirect(done_url)
    return render(
        request,
        "peergroups/remove.jinja",
        {
            "page_title": _("Remove %(name)s from %(group)s")
            % {"name": membership.user.display_name, "group": group.name},
            "group": group,
            "membership": membership,
            "form": form,
            "back_url": back_url,
        },
    )


@staff_required(*MANAGERS)
def staff_remove(request, public_id, membership_id):
    group = access_group_for_staff(request.service, public_id)
    detail = reverse("peergroups:staff-detail", args=[group.public_id])
    return _remove(request, group, membership_id, done_url=detail, back_url=detail)


# Members --------------------------------------------------------------------------------


@member_required
def my_groups(request):
    return render(
        request,
        "peergroups/my_groups.jinja",
        {
            "page_title": _("Your groups"),
            "groups": list(selectors.member_groups(request.user)),
            "invitations": list(selectors.member_group_invitations(request.user)),
        },
    )


@member_required
def my_group(request, public_id):
    # The group with where the viewer stands (membership, organiser) in one read (ADR 0036).
    group = access_group_page_for_member(request.user, public_id)
    is_member = group.viewer_status == GroupMembership.Status.MEMBER
    roles = selectors.group_current_roles(group)
    is_organiser = is_member and group.viewer_organises
    members = selectors.group_member_rows(group) if is_member else []
    return render(
        request,
        "peergroups/my_group.jinja",
        {
            "page_title": group.name,
            "group": group,
            "is_member": is_member,
            "members": members,
            "roles": roles,
            "my_roles": [r for r in roles if r.user_id == request.user.pk],
            "free_roles": [r for r in GroupRole.Role.values if r not in {x.role for x in roles}],
            "about_rows": group_about_rows(group, supporters=selectors.group_active_supporters(group)),
            "role_rows": group_role_rows(roles, viewer=request.user),
            "meetings": list(selectors.group_recent_meetings(group, limit=5)) if is_member else [],
            "next_meeting": selectors.group_next_meeting(group) if is_member else None,
            "is_organiser": is_organiser,
            "removable": selectors.removable_member_rows(members, request.user) if is_organiser else {},
            "role_descriptions": GroupRole.DESCRIPTIONS,
            "moves": _allowed_moves(group, staff=False),
        },
    )


@member_required
@require_POST
def my_group_respond(request, public_id):
    group = access_group_for_member(request.user, public_id)
    membership = selectors.group_membership_for(group, request.user)
    if membership is None or membership.status != GroupMembership.Status.INVITED:
        return redirect("peergroups:member-detail", group.public_id)
    try:
        if request.POST.get("answer") == "accept":
            services.membership_accept(membership=membership, user=request.user)
            messages.success(request, _("You have joined %(group)s") % {"group": group.name})
        else:
            services.membership_decline(membership=membership, user=request.user)
            messages.info(
                request,
                _("You said no to %(group)s. You can still join later from your programme page")
                % {"group": group.name},
            )
            if group.programme_id:
                return redirect("programmes:my-programme", group.programme.public_id)
            return redirect("peergroups:my-groups")
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("peergroups:member-detail", group.public_id)


@member_required
@require_POST
def my_group_join(request, public_id):
    """Join a group of your own programme (someone who has changed their mind)."""
    group = PeerGroup.objects.filter(
        public_id=public_id,
        programme__enrolments__user=request.user,
        programme__enrolments__status=Enrolment.Status.JOINED,
    ).first()
    if group is None:
        raise Http404
    try:
        services.group_join(group=group, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("programmes:my-programme", group.programme.public_id)
    messages.success(request, _("You have joined %(group)s") % {"group": group.name})
    return redirect("peergroups:member-detail", group.public_id)


@member_required
def my_group_role(request, public_id):
    group = access_group_for_member(request.user, public_id)
    if not selectors.is_group_member(group, request.user):
        raise Http404
    held = {r.role for r in selectors.group_current_roles(group)}
    free = [r for r in GroupRole.Role.values if r not in held]
    form = forms.RoleForm(request.POST if request.method == "POST" else None, free_roles=free)
    if request.method == "POST" and form.is_valid():
        try:
            taken = services.role_take(group=group, user=request.user, role=form.cleaned_data["role"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(
                request, _("Thank you. You are now the group's %(role)s") % {"role": taken.get_role_display().lower()}
            )
            return redirect("peergroups:member-detail", group.public_id)
    return render(
        request,
        "peergroups/my_role.jinja",
        {
            "page_title": _("Take on a role"),
            "group": group,
            "form": form,
            "free": free,
            "role_descriptions": GroupRole.DESCRIPTIONS,
        },
    )


@member_required
@require_POST
def my_group_role_end(request, public_id):
    group = access_group_for_member(request.user, public_id)
    role = request.POST.get("role", "")
    if request.POST.get("confirmed") != "yes":
        # The group is told and someone else must take the role on: ask first (issue 21 item 6).
        label = str(dict(GroupRole.Role.choices).get(role, _("this role"))).lower()
        heading = _("Step down from the role “%(role)s”?") % {"role": label}
        return render(
            request,
            "confirm_action.jinja",
            {
                "page_title": heading,
                "heading": heading,
                "paragraphs": [
                    _("The role will be free for someone else in %(group)s to take on.") % {"group": group.name},
                    _("You can take on a role again later if it is still free."),
                ],
                "action": reverse("peergroups:member-role-end", args=[group.public_id]),
                "fields": [("role", role)],
                "button_text": _("Yes, step down"),
                "cancel_url": reverse("peergroups:member-detail", args=[group.public_id]),
                "cancel_text": _("No, keep the role"),
            },
        )
    services.role_step_down(group=group, user=request.user, role=role)
    messages.success(request, _("You have stepped down from that role. Someone else can take it on"))
    return redirect("peergroups:member-detail", group.public_id)


@member_required
def my_group_leave(request, public_id):
    group = access_group_for_member(request.user, public_id)
    membership = selectors.group_membership_for(group, request.user)
    if membership is None or membership.status != GroupMembership.Status.MEMBER:
        raise Http404
    form = forms.LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.membership_leave(membership=membership, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, _("You have left %(group)s. You can join again from your programme page") % {"group": group.name}
        )
        if group.programme_id:
            return redirect("programmes:my-programme", group.programme.public_id)
        return redirect("peergroups:my-groups")
    return render(
        request,
        "peergroups/my_leave.jinja",
        {"page_title": _("Leave %(group)s") % {"group": group.name}, "group": group, "form": form},
    )


@member_required
def my_group_remove(request, public_id, membership_id):
    group = access_group_for_member(request.user, public_id)
    if not selectors.is_group_organiser(group, request.user):
        raise Http404
    detail = reverse("peergroups:member-detail", args=[group.public_id])
    return _remove(request, group, membership_id, done_url=detail, back_url=detail)


@member_required
def my_group_status(request, public_id):
    group = access_group_for_member(request.user, public_id)
    allowed = _allowed_moves(group, staff=False)
    if not selectors.is_group_organiser(group, request.user) or not allowed:
        raise Http404
    form = forms.TransitionForm(
        request.POST if request.method == "POST" else None, allowed=allowed, targets=PeerGroup.objects.none()
    )
    if request.method == "POST" and form.is_valid():
        try:
            ok = _transition_from_form(request, group, form)
        except PermissionDenied as exc:
            raise Http404 from exc
        if ok:
            return redirect("peergroups:member-detail", group.public_id)
    return render(
        request, "peergroups/status.jinja", {"page_title": _("Change the group's status"), "group": group, "form": form}
    )
