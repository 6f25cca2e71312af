"""Signal receivers: a closed account leaves its groups."""

from django.dispatch import receiver

from followon.accounts.signals import account_closed


@receiver(account_closed, dispatch_uid="followon.peergroups.leave_groups_on_closure")
def leave_groups_on_closure(sender, user, service, **kwargs):
    from followon.peergroups.services import memberships_end_for_closed_account

    memberships_end_for_closed_account(user=user, service=service)
