"""Test helpers for groups, going through the real services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from followon.meetings.services import meeting_record
from followon.peergroups import services
from followon.peergroups.models import GroupMembership


def form_group(programme, created_by, *, name="Tuesday group", supporter=None, accept=False):
    """A group formed from `programme`; with accept=True every invitee joins."""
    group = services.group_create_from_programme(
        programme=programme, created_by=created_by, name=name, supporter=supporter
    )
    if accept:
        for membership in group.memberships.filter(status=GroupMembership.Status.INVITED).select_related("user"):
            services.membership_accept(membership=membership, user=membership.user)
    return group


def meet(group, recorded_by, attended, *, days_ago=1, face_to_face=True):
    starts_at = timezone.now() - timedelta(days=days_ago)
    return meeting_record(
        group=group,
        recorded_by=recorded_by,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        face_to_face=face_to_face,
        venue="Café",
        attended_user_ids={u.pk for u in attended},
    )
