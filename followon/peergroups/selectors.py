"""Reads for follow-on groups, always scoped to a service (staff) or to a member.

Public selectors other apps should use:
  member_groups(user)                    the groups a person is a current member of
  member_group_invitations(user)         their open invitations
  member_invitation_rows(user)           the same as member home shows them (values)
  group_for_member(user, public_id)      a group they belong to or are invited to (else DoesNotExist)
  group_membership_for(group, user)      their current (invited or member) membership, or None
  is_group_member(group, user)           True for current members
  was_removed_from(group, user)          True when their latest spell in the group ended in removal
  removed_group_for(user, public_id)     the group they were last removed from at that address, or None
  group_current_members(group)           Users who are current members
  group_coordinators(group)              Users holding the coordinator or co-coordinator role now
  is_group_organiser(group, user)        True for the current coordinator / co-coordinator
  is_group_supporter(group, user)        True for the group's attached PTV supporter
  group_formation_meeting(group)         the meeting that formed the group (study definition), or None
  group_recent_meetings(group, limit)    the last held meetings (both asked of the meetings app)
  group_next_meeting(group)              the next meeting date (asked of the meetings app too)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from followon.core import hooks
from followon.core.prepared import PreparedQuery
from followon.peergroups.models import GroupMembership, GroupRole, GroupSupporter, PeerGroup

MEMBER = GroupMembership.Status.MEMBER
INVITED = GroupMembership.Status.INVITED


def member_groups(user):
    return (
        PeerGroup.objects.filter(memberships__user=user, memberships__status=MEMBER)
        .select_related("programme", "service")
        .order_by("name", "id")
        .distinct()
    )


# Member home and the groups page ask this on every visit: the SQL is built once per process
# (core.prepared, ADR 0032).
_INVITATIONS = PreparedQuery(
    lambda user_id: (
        GroupMembership.objects.filter(user_id=user_id, status=INVITED, group__status__in=PeerGroup.OPEN_STATUSES)
        .select_related("group", "group__programme")
        .order_by("invited_at", "id")
    ),
    user_id=int,
)


def member_group_invitations(user) -> list[GroupMembership]:
    return _INVITATIONS.list(user_id=user)


# Member home shows of each invitation the group's name and address and its programme's title, and
# nothing else: those as values, in the same order (no model objects to build; issue 16).
_INVITATION_ROWS = PreparedQuery(
    lambda user_id: (
        GroupMembership.objects.filter(user_id=user_id, status=INVITED, group__status__in=PeerGroup.OPEN_STATUSES)
        .order_by("invited_at", "id")
        .values_list("group__name", "group__public_id", "group__programme__title")
    ),
    user_id=int,
)


def member_invitation_rows(user) -> list[tuple[str, uuid.UUID, str | None]]:
    """`member_group_invitations` as member home shows them: (group name, group public id, its
    programme's title or None), oldest invitation first. One query."""
    return _INVITATION_ROWS.list(user_id=user)


# The group page's reads (and every member view that opens a group, every organiser check): the same SQL
# on every request, built once per process (core.prepared, ADR 0032).
_GROUP_FOR_MEMBER = PreparedQuery(
    lambda user_id, public_id: (
        PeerGroup.objects.filter(
            public_id=public_id, memberships__user_id=user_id, memberships__status__in=GroupMembership.CURRENT_STATUSES
        )
        .select_related("programme", "service", "merged_into")
        .distinct()
        .order_by()  # as get() reads it: one row, no sort
    ),
    user_id=int,
    public_id=uuid.UUID,
)
_MEMBERSHIP_FOR = PreparedQuery(
    # `.first()` as before: the model's ordering (group, id), the first row.
    lambda group_id, user_id: GroupMembership.objects.filter(
        group_id=group_id, user_id=user_id, status__in=GroupMembership.CURRENT_STATUSES
    )[:1],
    group_id=int,
    user_id=int,
)
_IS_ORGANISER = PreparedQuery(
    lambda group_id, user_id: GroupRole.objects.filter(
        group_id=group_id, user_id=user_id, role__in=GroupRole.ORGANISER_ROLES, ended_at__isnull=True
    ).values_list("pk")[:1],
    group_id=int,
    user_id=int,
)
_CURRENT_ROLES = PreparedQuery(
    lambda group_id: GroupRole.objects.filter(group_id=group_id, ended_at__isnull=True).select_related("user"),
    group_id=int,
)
_ACTIVE_SUPPORTERS = PreparedQuery(
    lambda group_id: GroupSupporter.objects.filter(group_id=group_id, detached_at__isnull=True).select_related("user"),
    group_id=int,
)


def _group_page_for_member(user_id, public_id):
    """_GROUP_FOR_MEMBER with where the viewer stands read in the same query: their current
    membership's status (what `group_membership_for` finds) and whether they organise it now
    (`is_group_organiser`)."""
    mine = GroupMembership.objects.filter(
        group_id=OuterRef("pk"), user_id=user_id, status__in=GroupMembership.CURRENT_STATUSES
    ).order_by("id")
    organises = GroupRole.objects.filter(
        group_id=OuterRef("pk"), user_id=user_id, role__in=GroupRole.ORGANISER_ROLES, ended_at__isnull=True
    )
    return _GROUP_FOR_MEMBER.build(user_id=user_id, public_id=public_id).annotate(
        viewer_status=Subquery(mine.values("status")[:1]), viewer_organises=Exists(organises)
    )


_GROUP_PAGE_FOR_MEMBER = PreparedQuery(_group_page_for_member, user_id=int, public_id=uuid.UUID)
# The group page's members with their memberships' addresses (for the organiser's remove links): one
# read (at most one current membership per person and group, so no DISTINCT is needed).
_MEMBER_ROWS = PreparedQuery(
    lambda group_id: (
        GroupMembership.objects.filter(group_id=group_id, status=MEMBER)
        .order_by("user__preferred_name", "user_id")
        .values_list("user_id", "user__preferred_name", "public_id")
    ),
    group_id=int,
)


@dataclass(frozen=True)
class MemberRow:
    """A current member as the group page lists them: `pk` and `display_name` as the User gives them,
    and their membership's `public_id` (the remove link's address)."""

    pk: int
    preferred_name: str
    public_id: uuid.UUID

    @property
    def display_name(self) -> str:
        return get_user_model().name_shown(self.preferred_name)


def group_page_for_member(user, public_id) -> PeerGroup:
    """`group_for_member` (the same rule: a member of or invited to the group, else DoesNotExist) with
    `viewer_status` (the status of `group_membership_for`'s membership, None when none) and
    `viewer_organises` (`is_group_organiser`), in one query whose SQL is built once per process."""
    return _GROUP_PAGE_FOR_MEMBER.get(user_id=user, public_id=public_id)


def group_member_rows(group: PeerGroup) -> list[MemberRow]:
    """The group's current members by preferred name, then id, as rows with their memberships' public
    ids: one query."""
    return [MemberRow(*row) for row in _MEMBER_ROWS.list(group_id=group)]


def removable_member_rows(rows: list[MemberRow], organiser) -> dict[int, MemberRow]:
    """Of `group_member_rows`, everyone but `organiser`, by user id: whom the coordinator's remove
    links are for."""
    return {row.pk: row for row in rows if row.pk != organiser.pk}


def group_for_member(user, public_id) -> PeerGroup:
    """A group the user is a member of or invited to. Raises PeerGroup.DoesNotExist otherwise."""
    return _GROUP_FOR_MEMBER.get(user_id=user, public_id=public_id)


def group_membership_for(group: PeerGroup, user) -> GroupMembership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    rows = _MEMBERSHIP_FOR.list(group_id=group, user_id=user)
    return rows[0] if rows else None


def _latest_spell(group_filter, user):
    return GroupMembership.objects.filter(group_filter, user=user).order_by("-created_at", "-id").first()


def was_removed_from(group: PeerGroup, user) -> bool:
    """True when the person's latest spell in the group ended with their removal, so they may come
    back only with a coordinator's yes (ADR 0029)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    latest = _latest_spell(Q(group=group), user)
    return latest is not None and latest.status == GroupMembership.Status.REMOVED


def removed_group_for(user, public_id) -> PeerGroup | None:
    """The group at `public_id` if `user` was removed from it and is not back in it, else None
    (so a removed member's old links give a kind page, not a bare 404)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    latest = _latest_spell(Q(group__public_id=public_id), user)
    if latest is None or latest.status != GroupMembership.Status.REMOVED:
        return None
    return latest.group


def is_group_member(group: PeerGroup, user) -> bool:
    return group.memberships.filter(user=user, status=MEMBER).exists()


def group_current_members(group: PeerGroup):
    return (
        get_user_model()
        .objects.filter(group_memberships__group=group, group_memberships__status=MEMBER)
        .order_by("preferred_name", "id")
        .distinct()
    )


def group_coordinators(group: PeerGroup):
    return (
        get_user_model()
        .objects.filter(
            group_roles__group=group,
            group_roles__role__in=GroupRole.ORGANISER_ROLES,
            group_roles__ended_at__isnull=True,
        )
        .order_by("preferred_name", "id")
        .distinct()
    )


def is_group_organiser(group: PeerGroup, user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(_IS_ORGANISER.list(group_id=group, user_id=user))


def group_current_roles(group: PeerGroup) -> list[GroupRole]:
    return _CURRENT_ROLES.list(group_id=group)


def group_active_supporters(group: PeerGroup) -> list[GroupSupporter]:
    return _ACTIVE_SUPPORTERS.list(group_id=group)


def is_group_supporter(group: PeerGroup, user) -> bool:
    """True for the group's PTV supporter while attached (the first three meetings)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return group.supporters.filter(user=user, detached_at__isnull=True).exists()


# Meetings are the meetings app's (it owns the Meeting and Attendance tables); this app asks it
# through registered hooks (core.hooks) rather than importing it, since meetings sits above groups.
FORMATION_MEETING_HOOK = "peergroups.formation_meeting"
RECENT_MEETINGS_HOOK = "peergroups.recent_meetings"
NEXT_MEETING_HOOK = "peergroups.next_meeting"


def group_formation_meeting(group: PeerGroup):
    """The meeting that formed the group (Farr et al.'s definition), or None: answered by the
    meetings app (`meetings.selectors.group_formation_meeting`)."""
    return hooks.ask(FORMATION_MEETING_HOOK, group)


def group_recent_meetings(group: PeerGroup, limit: int = 10):
    """The group's last held meetings, newest first, each with `came` (how many came): answered by
    the meetings app (`meetings.selectors.group_recent_meetings`)."""
    return hooks.ask(RECENT_MEETINGS_HOOK, group, limit)


def group_next_meeting(group: PeerGroup):
    """The group's next meeting date (`meeting`, `group`, `starts_at`), or None: answered by the
    meetings app (`meetings.selectors.group_next_meeting`), the same rule member home uses."""
    return hooks.ask(NEXT_MEETING_HOOK, group)


# Staff ----------------------------------------------------------------------------


def groups_for_service(service):
    return (
        PeerGroup.objects.filter(service=service)
        .select_related("programme")
        .annotate(member_count=Count("memberships", filter=Q(memberships__status=MEMBER), distinct=True))
        .order_by("status", "name", "id")
    )


def group_for_staff(service, public_id) -> PeerGroup:
    return PeerGroup.objects.select_related("programme", "service", "merged_into").get(
        service=service, public_id=public_id
    )


def current_membership_in(group: PeerGroup, public_id) -> GroupMembership:
    """A current member's membership of `group` (else DoesNotExist): whom a coordinator or the
    service may remove."""
    return group.memberships.select_related("user").get(public_id=public_id, status=MEMBER)


def group_members_with_roles(group: PeerGroup) -> list[GroupMembership]:
    """Current members and invitations, each with `.current_roles` (one query each)."""
    return list(
        group.memberships.filter(status__in=GroupMembership.CURRENT_STATUSES)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__group_roles",
                queryset=GroupRole.objects.filter(group=group, ended_at__isnull=True),
                to_attr="current_roles",
            )
        )
        .order_by("status", "user__preferred_name", "id")
    )


def _groups_for_programme(programme_id):
    """The programme's groups with their member and invitation counts and first current coordinator's
    name, each a correlated subquery of its own group's rows (no join of every membership)."""

    def count(status):
        return Subquery(
            GroupMembership.objects.filter(group_id=OuterRef("pk"), status=status)
            .order_by()
            .values("group_id")
            .annotate(n=Count("pk"))
            .values("n")
        )

    coordinator = GroupRole.objects.filter(
        group_id=OuterRef("pk"), role=GroupRole.Role.COORDINATOR, ended_at__isnull=True
    ).order_by("id")
    return (
        PeerGroup.objects.filter(programme_id=programme_id)
        .only("public_id", "name", "status", "formed_on", "created_at")
        .annotate(
            member_count=Coalesce(count(MEMBER), 0),
            invited_count=Coalesce(count(INVITED), 0),
            coordinator_name=Subquery(coordinator.values("user__preferred_name")[:1]),
        )
        .order_by("created_at", "id")
    )


# Built once per process (core.prepared, ADR 0032): the staff programme page asks it on every view.
_GROUPS_FOR_PROGRAMME = PreparedQuery(_groups_for_programme, programme_id=int)


def groups_for_programme(programme):
    """The staff programme page's groups: each with `member_count`, `invited_count` and
    `coordinator_shown` (the first current coordinator's name as pages show it, or None). One query."""
    groups = _GROUPS_FOR_PROGRAMME.list(programme_id=programme.pk)
    user_model = get_user_model()
    for group in groups:
        name = group.coordinator_name
        group.coordinator_shown = None if name is None else user_model.name_shown(name)
    return groups


def merge_targets(group: PeerGroup):
    return (
        PeerGroup.objects.filter(service=group.service, status__in=PeerGroup.OPEN_STATUSES)
        .exclude(pk=group.pk)
        .order_by("name")
    )


def programme_open_groups_for_member(enrolment):
    """Forming and active groups of the member's programme, with the member's
    own current membership (if any) as `my_membership`."""
    return (
        enrolment.programme.groups.filter(status__in=[PeerGroup.Status.FORMING, PeerGroup.Status.ACTIVE])
        .annotate(member_count=Count("memberships", filter=Q(memberships__status="member"), distinct=True))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=GroupMembership.objects.filter(
                    user_id=enrolment.user_id, status__in=GroupMembership.CURRENT_STATUSES
                ),
                to_attr="my_memberships",
            )
        )
        .order_by("created_at", "id")
    )
