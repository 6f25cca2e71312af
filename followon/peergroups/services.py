"""Writes for follow-on groups: forming a group from a programme, invitations
and membership, volunteer roles, lifecycle transitions, and the PTV who
supports a new group for its first three meetings. Meetings and attendance
are the meetings app's; it tells this app when a meeting was held
(`group_meeting_held`).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from followon.core.formatting import LONDON, london_date
from followon.core.links import absolute_url
from followon.core.services import audit_record
from followon.notifications.addresses import staff_address_for
from followon.notifications.services import (
    member_notify,
    message_enqueue,
    message_language,
    reminders_cancel_for_recipient,
)
from followon.organisations.models import StaffRole
from followon.organisations.selectors import holds_staff_role
from followon.peergroups import selectors
from followon.peergroups.models import (
    GroupMembership,
    GroupRole,
    GroupStatusChange,
    GroupSupporter,
    PeerGroup,
)
from followon.programmes.models import Enrolment, InterestResponse, Programme, ProtocolEvent
from followon.programmes.services import protocol_steps_tick

Status = PeerGroup.Status
STAFF_ROLES = (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN, StaffRole.Role.PTV)
# What a group's own organisers may do to it; the rest is for staff.
ORGANISER_TRANSITIONS = {
    (Status.ACTIVE, Status.PAUSED),
    (Status.PAUSED, Status.ACTIVE),
    (Status.ACTIVE, Status.FOLDED),
    (Status.PAUSED, Status.FOLDED),
    (Status.FORMING, Status.FOLDED),
}


def _require_current_member(group: PeerGroup, user) -> GroupMembership:
    membership = selectors.group_membership_for(group, user)
    if membership is None or membership.status != GroupMembership.Status.MEMBER:
        raise PermissionDenied("not a member of this group")
    return membership


# Forming a group --------------------------------------------------------------


def group_create_from_programme(
    *, programme: Programme, created_by, name: str, area: str = "", meeting_pattern: str = "", supporter=None
) -> PeerGroup:
    """Start a follow-on group from a programme (staff of its service).

    Attaches `supporter` (a PTV of the service) for the group's first three
    meetings and invites every participant who answered yes or maybe. A
    programme can form several groups (different days or areas); people
    choose which to join.
    """
    if not holds_staff_role(created_by, programme.service, STAFF_ROLES):
        raise PermissionDenied("not staff of this service")
    errors = {}
    if not name.strip():
        errors["name"] = _("Enter a name for the group")
    elif programme.groups.filter(name__iexact=name.strip()).exclude(status__in=[Status.FOLDED, Status.MERGED]).exists():
        errors["name"] = _("This programme already has a group with that name")
    if supporter is not None and not holds_staff_role(supporter, programme.service, [StaffRole.Role.PTV]):
        errors["supporter"] = _("Select a patient tutor volunteer who works for this service")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        group = PeerGroup.objects.create(
            service=programme.service,
            programme=programme,
            name=name.strip(),
            area=area.strip(),
            meeting_pattern=meeting_pattern.strip(),
            created_by=created_by,
        )
        if supporter is not None:
            GroupSupporter.objects.create(group=group, user=supporter, attached_by=created_by)
        audit_record(
            actor=created_by, action="group.created", target=group, detail={"supported": supporter is not None}
        )
        interested = programme.enrolments.filter(
            status=Enrolment.Status.JOINED,
            interest__answer__in=[InterestResponse.Answer.YES, InterestResponse.Answer.MAYBE],
        ).select_related("user")
        for enrolment in interested:
            group_invite_member(group=group, user=enrolment.user, invited_by=created_by)
        # Forming the group in FollowOn is itself a hand-over checklist item: tick it (issue 21, item 11).
        protocol_steps_tick(programme=programme, event=ProtocolEvent.GROUP_FORMED, actor=created_by)
    return group


def group_invite_member(*, group: PeerGroup, user, invited_by=None) -> GroupMembership | None:
    """Invite one person to a group, by message. Does nothing (returns None)
    if they are already invited or a member."""
    if selectors.group_membership_for(group, user) is not None:
        return None
    if selectors.was_removed_from(group, user) and not selectors.is_group_organiser(group, invited_by):
        # Only the group's coordinator can ask a removed member back (ADR 0029); the automatic
        # invitations (a changed interest answer, a programme's new group) never do.
        audit_record(actor=invited_by, action="group.rejoin_refused", target=group, detail={"way": "invitation"})
        return None
    with transaction.atomic():
        membership = GroupMembership.objects.create(
            group=group, user=user, status=GroupMembership.Status.INVITED, invited_at=timezone.now()
        )
        audit_record(actor=invited_by, action="group.member_invited", target=membership, service=group.service)
        # The link in the language the message will be in (ADR 0027), so it opens the page in it.
        with translation.override(message_language(user, group.service)):
            link = absolute_url("peergroups:member-detail", group.public_id)
        member_notify(
            recipient=user,
            template="group_invitation",
            context={
                "name": user.display_name,
                "group_name": group.name,
                "programme_title": group.programme.title if group.programme else "",
                "link": link,
            },
            idempotency_key=f"group-invitation:{membership.public_id}",
            service=group.service,
            topic=f"group:{group.public_id}",
            topic_label=group.name,
        )
    return membership


def group_invite_to_open_groups(*, enrolment: Enrolment) -> list[GroupMembership]:
    """A participant who now says yes or maybe is invited to their programme's
    forming and active groups (a person can change their mind)."""
    invited = []
    for group in enrolment.programme.groups.filter(status__in=[Status.FORMING, Status.ACTIVE]):
        membership = group_invite_member(group=group, user=enrolment.user)
        if membership is not None:
            invited.append(membership)
    return invited


# Membership ---------------------------------------------------------------------


def membership_accept(*, membership: GroupMembership, user) -> GroupMembership:
    if membership.user_id != user.pk or membership.status != GroupMembership.Status.INVITED:
        raise PermissionDenied("not your invitation")
    if membership.group.status not in (Status.FORMING, Status.ACTIVE, Status.PAUSED):
        raise ValidationError(_("This group has closed"))
    with transaction.atomic():
        membership.status = GroupMembership.Status.MEMBER
        membership.joined_at = timezone.now()
        membership.save(update_fields=["status", "joined_at"])
        audit_record(actor=user, action="group.member_joined", target=membership, service=membership.group.service)
    return membership


def membership_decline(*, membership: GroupMembership, user) -> GroupMembership:
    if membership.user_id != user.pk or membership.status != GroupMembership.Status.INVITED:
        raise PermissionDenied("not your invitation")
    with transaction.atomic():
        membership.status = GroupMembership.Status.DECLINED
        membership.ended_at = timezone.now()
        membership.save(update_fields=["status", "ended_at"])
        audit_record(
            actor=user, action="group.invitation_declined", target=membership, service=membership.group.service
        )
    return membership


def group_join(*, group: PeerGroup, user) -> GroupMembership:
    """A participant of the group's programme joins it directly: someone who
    said no, declined or left and has changed their mind."""
    if (
        group.programme is None
        or not group.programme.enrolments.filter(user=user, status=Enrolment.Status.JOINED).exists()
    ):
        raise PermissionDenied("not a participant of this group's programme")
    if group.status not in (Status.FORMING, Status.ACTIVE):
        raise ValidationError(_("This group is not taking new members"))
    if selectors.was_removed_from(group, user):
        audit_record(actor=user, action="group.rejoin_refused", target=group, detail={"way": "join"})
        raise ValidationError(REJOIN_NEEDS_COORDINATOR)
    current = selectors.group_membership_for(group, user)
    if current is not None:
        return membership_accept(membership=current, user=user) if current.status == current.Status.INVITED else current
    with transaction.atomic():
        membership = GroupMembership.objects.create(
            group=group, user=user, status=GroupMembership.Status.MEMBER, joined_at=timezone.now()
        )
        audit_record(actor=user, action="group.member_joined", target=membership, service=group.service)
    return membership


def membership_admit(*, group: PeerGroup, user, admitted_by) -> GroupMembership:
    """Someone from outside the group's invitations becomes a member because its organisers said
    yes (a request from the network directory). The same check and audit event as every other
    way in: a closed group takes nobody. An invitation they held becomes the membership."""
    if group.status not in PeerGroup.OPEN_STATUSES:
        raise ValidationError(_("This group has closed"))
    with transaction.atomic():
        membership = selectors.group_membership_for(group, user)
        if membership is not None and membership.status == GroupMembership.Status.MEMBER:
            return membership
        if membership is None:
            membership = GroupMembership.objects.create(
                group=group, user=user, status=GroupMembership.Status.MEMBER, joined_at=timezone.now()
            )
        else:
            membership.status = GroupMembership.Status.MEMBER
            membership.joined_at = timezone.now()
            membership.save(update_fields=["status", "joined_at"])
        audit_record(actor=admitted_by, action="group.member_joined", target=membership, service=group.service)
    return membership


def membership_leave(*, membership: GroupMembership, user, reason: str = "") -> GroupMembership:
    """Leave a group, with an optional reason from the list. Roles held end."""
    if membership.user_id != user.pk or membership.status != GroupMembership.Status.MEMBER:
        raise PermissionDenied("not your membership")
    if reason and reason not in GroupMembership.LeaveReason.values:
        raise ValidationError({"reason": _("Select a reason from the list")})
    with transaction.atomic():
        now = timezone.now()
        membership.status = GroupMembership.Status.LEFT
        membership.ended_at = now
        membership.leave_reason = reason
        membership.save(update_fields=["status", "ended_at", "leave_reason"])
        GroupRole.objects.filter(group=membership.group, user=user, ended_at__isnull=True).update(ended_at=now)
        reminders_cancel_for_recipient(recipient=user, topic=f"group:{membership.group.public_id}")
        audit_record(
            actor=user,
            action="group.member_left",
            target=membership,
            service=membership.group.service,
            detail={"reason_given": bool(reason)},
        )
    return membership


REJOIN_NEEDS_COORDINATOR = gettext_lazy(
    "You cannot join this group again straight away. You can ask its coordinator through the group "
    "directory, or ask the pain service about other groups"
)


def _may_remove(group: PeerGroup, actor) -> bool:
    """The group's coordinator or co-coordinator, or a clinician or administrator of its service."""
    return selectors.is_group_organiser(group, actor) or holds_staff_role(
        actor, group.service, (StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN)
    )


def membership_remove(*, membership: GroupMembership, actor, reason: str) -> GroupMembership:
    """Take a member out of a group (ADR 0029). Their access ends at once: every page, feed and
    message of the group asks for a current membership, which this ends. Roles they held end.
    They are told kindly by their usual channel, without the reason, and may come back only with a
    coordinator's yes (`membership_admit`, or an invitation from the coordinator)."""
    group = membership.group
    if not _may_remove(group, actor):
        raise PermissionDenied("not this group's coordinator or staff of its service")
    if membership.status != GroupMembership.Status.MEMBER:
        raise ValidationError(_("This person is no longer a member of the group"))
    if membership.user_id == getattr(actor, "pk", None):
        raise ValidationError(_("You cannot remove yourself. Use 'Leave this group' instead"))
    if reason not in GroupMembership.RemovalReason.values:
        raise ValidationError({"reason": _("Select the reason for removing this member")})
    user = membership.user
    with transaction.atomic():
        now = timezone.now()
        membership.status = GroupMembership.Status.REMOVED
        membership.ended_at = now
        membership.removal_reason = reason
        membership.removed_by = actor
        membership.save(update_fields=["status", "ended_at", "removal_reason", "removed_by"])
        GroupRole.objects.filter(group=group, user=user, ended_at__isnull=True).update(ended_at=now)
        # Reminders already planned for the group's next meeting or poll would still tell them where
        # and when it meets (H-010).
        reminders_cancel_for_recipient(recipient=user, topic=f"group:{group.public_id}")
        audit_record(
            actor=actor,
            action="group.member_removed",
            target=membership,
            service=group.service,
            detail={"reason": reason, "by_staff": not selectors.is_group_organiser(group, actor)},
        )
        with translation.override(message_language(user, group.service)):
            link = absolute_url("peergroups:my-groups")
        member_notify(
            recipient=user,
            template="group_removed",
            context={
                "name": user.display_name,
                "group_name": group.name,
                "service_name": group.service.name,
                "link": link,
            },
            idempotency_key=f"group-removed:{membership.public_id}",
            service=group.service,
            essential=True,
        )
    return membership


# Roles ----------------------------------------------------------------------------


def role_take(*, group: PeerGroup, user, role: str) -> GroupRole:
    """A member volunteers for a role. One holder per role at a time."""
    _require_current_member(group, user)
    if role not in GroupRole.Role.values:
        raise ValidationError({"role": _("Select a role from the list")})
    with transaction.atomic():
        holder = group.roles.select_for_update().filter(role=role, ended_at__isnull=True).first()
        if holder is not None:
            if holder.user_id == user.pk:
                return holder
            raise ValidationError({"role": _("Someone already has this role. Choose another role")})
        taken = GroupRole.objects.create(group=group, user=user, role=role)
        audit_record(actor=user, action="group.role_taken", target=group, detail={"role": role})
    return taken


def role_step_down(*, group: PeerGroup, user, role: str) -> None:
    with transaction.atomic():
        ended = group.roles.filter(user=user, role=role, ended_at__isnull=True).update(ended_at=timezone.now())
        if ended:
            audit_record(actor=user, action="group.role_ended", target=group, detail={"role": role})


# Lifecycle -------------------------------------------------------------------------


def _apply_transition(
    group: PeerGroup, to_status: str, actor, effective_on: date, merged_into: PeerGroup | None = None
) -> PeerGroup:
    from_status = group.status
    group.status = to_status
    fields = ["status"]
    if to_status == Status.ACTIVE and from_status == Status.FORMING:
        group.formed_on = effective_on
        fields.append("formed_on")
    elif to_status == Status.ACTIVE:
        group.paused_on = None
        fields.append("paused_on")
    elif to_status == Status.PAUSED:
        group.paused_on = effective_on
        fields.append("paused_on")
    elif to_status == Status.FOLDED:
        group.folded_on = effective_on
        fields.append("folded_on")
    elif to_status == Status.MERGED:
        group.merged_on, group.merged_into = effective_on, merged_into
        fields += ["merged_on", "merged_into"]
    group.save(update_fields=fields)
    GroupStatusChange.objects.create(
        group=group,
        from_status=from_status,
        to_status=to_status,
        effective_on=effective_on,
        changed_by=actor,
        merged_into=merged_into,
    )
    if to_status in (Status.FOLDED, Status.MERGED):
        for supporter in group.supporters.filter(detached_at__isnull=True):
            _detach(supporter, actor, GroupSupporter.DetachReason.GROUP_CLOSED, thank=False)
    if to_status == Status.MERGED:
        _move_members(group, merged_into, actor)
    audit_record(
        actor=actor,
        action="group.status_changed",
        target=group,
        detail={"from": from_status, "to": to_status, "effective_on": effective_on.isoformat()},
    )
    return group


def _move_members(source: PeerGroup, target: PeerGroup, actor) -> None:
    now = timezone.now()
    for membership in source.memberships.filter(status=GroupMembership.Status.MEMBER).select_related("user"):
        membership.status = GroupMembership.Status.LEFT
        membership.ended_at = now
        membership.leave_reason = GroupMembership.LeaveReason.OTHER_GROUP
        membership.save(update_fields=["status", "ended_at", "leave_reason"])
        existing = selectors.group_membership_for(target, membership.user)
        if existing is None:
            GroupMembership.objects.create(
                group=target, user=membership.user, status=GroupMembership.Status.MEMBER, joined_at=now
            )
        elif existing.status == GroupMembership.Status.INVITED:
            existing.status, existing.joined_at = GroupMembership.Status.MEMBER, now
            existing.save(update_fields=["status", "joined_at"])
    source.memberships.filter(status=GroupMembership.Status.INVITED).update(
        status=GroupMembership.Status.DECLINED, ended_at=now
    )
    source.roles.filter(ended_at__isnull=True).update(ended_at=now)


def group_transition(
    *,
    group: PeerGroup,
    to_status: str,
    actor,
    effective_on: date | None = None,
    merged_into: PeerGroup | None = None,
) -> PeerGroup:
    """Move a group along its lifecycle (PeerGroup.TRANSITIONS).

    forming → active only when the study's definition is met: a held,
    face-to-face meeting after the programme's last session at which at least
    three programme participants were present; `formed_on` is that meeting's
    date. Staff (clinician, service admin) may make any allowed move; a
    group's coordinator or co-coordinator may pause, resume or fold it.
    Merging needs a different open group of the same service; its members
    move there.
    """
    with transaction.atomic():
        group = PeerGroup.objects.select_for_update().get(pk=group.pk)
        if to_status not in PeerGroup.TRANSITIONS.get(group.status, ()):
            now_label, to_label = group.get_status_display().lower(), Status(to_status).label.lower()
            raise ValidationError(
                {
                    "status": _("A group that is %(status)s cannot become %(next_status)s")
                    % {"status": now_label, "next_status": to_label}
                }
            )
        staff = holds_staff_role(actor, group.service, [StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN])
        if not staff and not (
            (group.status, to_status) in ORGANISER_TRANSITIONS and selectors.is_group_organiser(group, actor)
        ):
            raise PermissionDenied("cannot change this group's status")
        effective_on = effective_on or timezone.localdate()
        if effective_on > timezone.localdate():
            raise ValidationError({"effective_on": _("The date must be today or in the past")})
        if to_status == Status.ACTIVE and group.status == Status.FORMING:
            meeting = selectors.group_formation_meeting(group)
            if meeting is None:
                raise ValidationError(
                    {
                        "status": _(
                            "A group becomes active once at least 3 people from the programme have met face "
                            "to face after the programme ended. Record that meeting first"
                        )
                    }
                )
            effective_on = meeting.starts_at.astimezone(LONDON).date()
        if to_status == Status.MERGED and (
            merged_into is None
            or merged_into.pk == group.pk
            or merged_into.service_id != group.service_id
            or merged_into.status not in PeerGroup.OPEN_STATUSES
        ):
            raise ValidationError({"merged_into": _("Select the group this group is joining")})
        return _apply_transition(group, to_status, actor, effective_on, merged_into)


# Meetings held (the meetings app records them and tells this app) ----------------------------


def group_meeting_held(*, group: PeerGroup, formation_on: date | None, held_meetings: int, actor=None) -> None:
    """The meetings app calls this whenever one of the group's meetings becomes `held` with its
    attendance recorded, with the facts it owns: the day the group met the formation definition
    (`formation_on`, None if not yet) and how many meetings it has held. Marks a forming group
    active once formed, and detaches the PTV supporter, with a thank-you, once the group has held
    three meetings."""
    with transaction.atomic():
        group = PeerGroup.objects.select_for_update().get(pk=group.pk)
        if group.status == Status.FORMING and formation_on is not None:
            _apply_transition(group, Status.ACTIVE, None, formation_on)
        if held_meetings >= GroupSupporter.MEETINGS_SUPPORTED:
            for supporter in group.supporters.filter(detached_at__isnull=True).select_related("user"):
                _detach(supporter, None, GroupSupporter.DetachReason.AFTER_THIRD_MEETING, thank=True)


def organiser_roles_swap(*, group: PeerGroup) -> bool:
    """Swap the coordinator and the co-coordinator (the meetings app's role rotation). Returns
    False, changing nothing, unless both roles are held."""
    with transaction.atomic():
        roles = {
            r.role: r
            for r in group.roles.select_for_update().filter(role__in=GroupRole.ORGANISER_ROLES, ended_at__isnull=True)
        }
        coordinator = roles.get(GroupRole.Role.COORDINATOR)
        co = roles.get(GroupRole.Role.CO_COORDINATOR)
        if not (coordinator and co):
            return False
        now = timezone.now()
        for role in (coordinator, co):
            role.ended_at = now
            role.save(update_fields=["ended_at"])
        GroupRole.objects.create(group=group, user=co.user, role=GroupRole.Role.COORDINATOR)
        GroupRole.objects.create(group=group, user=coordinator.user, role=GroupRole.Role.CO_COORDINATOR)
        audit_record(actor=None, action="group.roles_rotated", target=group, service=group.service)
    return True


def _detach(supporter: GroupSupporter, actor, reason: str, *, thank: bool) -> None:
    supporter.detached_at = timezone.now()
    supporter.detach_reason = reason
    supporter.save(update_fields=["detached_at", "detach_reason"])
    group = supporter.group
    audit_record(actor=actor, action="group.supporter_detached", target=group, detail={"reason": reason})
    reach = staff_address_for(supporter.user) if thank else None
    if reach is not None:
        channel, address = reach
        # The date in the language the message will be in (ADR 0027).
        with translation.override(message_language(supporter.user, group.service)):
            since = london_date(supporter.attached_at)
        message_enqueue(
            template="supporter_thanks",
            context={
                "name": supporter.user.display_name,
                "group_name": group.name,
                "service_name": group.service.name,
                "since": since,
            },
            idempotency_key=f"supporter-thanks:{group.public_id}:{supporter.pk}",
            channel=channel,
            to_address=address,
            recipient=supporter.user,
            service=group.service,
        )


def supporter_detach(*, supporter: GroupSupporter, actor) -> None:
    """A PTV steps back early (staff of the service, or the PTV themselves)."""
    group = supporter.group
    if supporter.user_id != actor.pk and not holds_staff_role(
        actor, group.service, [StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN]
    ):
        raise PermissionDenied("cannot detach this supporter")
    if supporter.detached_at is not None:
        return
    with transaction.atomic():
        _detach(supporter, actor, GroupSupporter.DetachReason.BY_STAFF, thank=False)


def historical_group_record(
    *,
    service,
    group: PeerGroup | None,
    name: str,
    status: str,
    formed_on: date | None,
    paused_on: date | None,
    folded_on: date | None,
    meeting_pattern: str,
    created_by,
) -> PeerGroup:
    """Create (group=None) or update a group that ran before FollowOn, from the insights app's
    historical import: its lifecycle is set as recorded, not moved through the transitions. The
    caller validates the rows, audits the import and keeps the history record."""
    if group is None:
        return PeerGroup.objects.create(
            service=service,
            name=name,
            status=status,
            formed_on=formed_on,
            paused_on=paused_on,
            folded_on=folded_on,
            meeting_pattern=meeting_pattern,
            created_by=created_by,
        )
    group.status, group.formed_on, group.paused_on, group.folded_on = status, formed_on, paused_on, folded_on
    group.meeting_pattern = meeting_pattern
    group.save(update_fields=["status", "formed_on", "paused_on", "folded_on", "meeting_pattern"])
    return group


def memberships_end_for_closed_account(*, user, service) -> int:
    """The member's account was closed: they leave the service's groups and
    give up their roles. Attendance already recorded stays (it counts for the
    group's history) but points at an anonymised account."""
    now = timezone.now()
    with transaction.atomic():
        memberships = GroupMembership.objects.filter(
            user=user, group__service=service, status__in=GroupMembership.CURRENT_STATUSES
        )
        ended = 0
        for membership in memberships:
            membership.status = (
                GroupMembership.Status.LEFT
                if membership.status == GroupMembership.Status.MEMBER
                else GroupMembership.Status.DECLINED
            )
            membership.ended_at = now
            membership.save(update_fields=["status", "ended_at"])
            ended += 1
        GroupRole.objects.filter(user=user, group__service=service, ended_at__isnull=True).update(ended_at=now)
        if ended:
            audit_record(
                actor=None, action="group.memberships_ended", target=None, service=service, detail={"count": ended}
            )
    return ended
