"""Writes for national sign-in that span accounts and identity, each in one transaction."""

from __future__ import annotations

from django.db import transaction

from followon.accounts.services import invitation_accept
from followon.identity.models import NationalIdentity
from followon.identity.oidc import VerifiedSignIn
from followon.identity.services import identity_link


def invitation_accept_with_identity(*, token: str, sign_in: VerifiedSignIn, current_user=None):
    """Accept an invitation and link the NHS login that was used to accept it, or do neither.

    Raises accounts' InvitationNotUsable or identity's IdentityNotLinkable (nothing changes).
    """
    with transaction.atomic():
        invitation, user = invitation_accept(token=token, current_user=current_user)
        identity_link(user=user, sign_in=sign_in, how=NationalIdentity.How.INVITATION, service=invitation.service)
    return invitation, user


def member_match_confirm(*, user, sign_in: VerifiedSignIn, service=None) -> NationalIdentity:
    """The member confirmed that the account their verified email or mobile matched is theirs."""
    with transaction.atomic():
        return identity_link(user=user, sign_in=sign_in, how=NationalIdentity.How.CONFIRMED_MATCH, service=service)
