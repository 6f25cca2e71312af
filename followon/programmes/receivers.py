"""Signal receivers: joining a programme by invitation; forgetting a closed account."""

from django.dispatch import receiver

from followon.accounts.signals import account_closed, invitation_accepted


@receiver(invitation_accepted, dispatch_uid="followon.programmes.enrol_on_acceptance")
def enrol_on_acceptance(sender, invitation, user, **kwargs):
    if invitation.purpose == "programme" and invitation.target_public_id:
        from followon.programmes.services import enrolment_accept_invitation

        enrolment_accept_invitation(invitation=invitation, user=user)


@receiver(account_closed, dispatch_uid="followon.programmes.forget_closed_account")
def forget_closed_account(sender, user, service, **kwargs):
    from followon.programmes.services import enrolments_forget

    enrolments_forget(user=user, service=service)
