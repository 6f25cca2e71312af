"""Signal receivers: a closed account leaves its groups; a participant who now says yes or maybe is
invited to their programme's open groups."""

from django.dispatch import receiver

from followon.accounts.signals import account_closed
from followon.programmes.signals import interest_given


@receiver(account_closed, dispatch_uid="followon.peergroups.leave_groups_on_closure")
def leave_groups_on_closure(sender, user, service, **kwargs):
    from followon.peergroups.services import memberships_end_for_closed_account

    memberships_end_for_closed_account(user=user, service=service)


@receiver(interest_given, dispatch_uid="followon.peergroups.invite_on_interest")
def invite_on_interest(sender, enrolment, **kwargs):
    from followon.peergroups.services import group_invite_to_open_groups

    group_invite_to_open_groups(enrolment=enrolment)
