"""What the network pages share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from followon.accounts.selectors import member_primary_service
from followon.network.models import (
    ACCESS_NEEDS,
)
from followon.organisations.models import StaffRole
from followon.peergroups.access import access_group_for_member
from followon.peergroups.models import PeerGroup
from followon.peergroups.selectors import is_group_organiser

Role = StaffRole.Role
ACCESS_LABELS = dict(ACCESS_NEEDS)


def _member_service(request):
    service = member_primary_service(request.user)
    if service is None:
        raise PermissionDenied
    return service


def _organised_group(request, public_id) -> PeerGroup:
    group = access_group_for_member(request.user, public_id)
    if not is_group_organiser(group, request.user):
        raise PermissionDenied
    return group
