"""Test helpers for groups, going through the real services."""

from __future__ import annotations

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
