"""Test helpers for group boards: a group with members who may post (service membership, screen
notice, agreement), built through the accounts and conversations services."""

from followon.accounts.models import ConsentKind, ConsentRecord
from followon.accounts.services import consent_notices_ensure, consent_record
from followon.accounts.tests.factories import ServiceMembershipFactory, UserFactory
from followon.conversations.services import agreement_accept
from followon.peergroups.models import GroupMembership, GroupRole, PeerGroup


def make_group(service, *, name="Tuesday walking group", status=PeerGroup.Status.ACTIVE) -> PeerGroup:
    consent_notices_ensure(service=service)
    return PeerGroup.objects.create(service=service, name=name, status=status)


def add_member(group, user=None, *, ready=True, coordinator=False, **user_kwargs):
    user = user or UserFactory(**user_kwargs)
    if not user.service_memberships.filter(service=group.service).exists():
        ServiceMembershipFactory(service=group.service, user=user)
    GroupMembership.objects.create(group=group, user=user, status=GroupMembership.Status.MEMBER)
    if ready:
        consent_record(
            user=user, service=group.service, kind=ConsentKind.SAFETY_SCREEN, decision=ConsentRecord.Decision.GIVEN
        )
        agreement_accept(group=group, user=user)
    if coordinator:
        GroupRole.objects.create(group=group, user=user, role=GroupRole.Role.COORDINATOR)
    return user
