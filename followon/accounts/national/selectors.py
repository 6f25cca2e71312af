"""Reads for national sign-in that need FollowOn's accounts: matching a member by verified contact."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from followon.accounts.models import User
from followon.accounts.security import user_requires_mfa
from followon.accounts.selectors import member_services
from followon.core import phone
from followon.identity.oidc import VerifiedSignIn
from followon.identity.selectors import user_identities


@dataclass(frozen=True)
class MemberMatch:
    user: User
    by: str  # "mobile" or "email"
    shown: str  # enough for the member to recognise it, not the whole address


def _mobile(sign_in: VerifiedSignIn) -> str | None:
    if not (sign_in.phone_number and sign_in.phone_number_verified):
        return None
    try:
        return phone.normalise_uk_mobile(sign_in.phone_number)
    except ValidationError:
        return None


def member_matching(sign_in: VerifiedSignIn) -> MemberMatch | None:
    """The one member whose verified mobile or email NHS login also verified, or None.

    Both sides must have verified the contact; a match by name never counts; staff,
    closed accounts, people in no service and accounts already linked to another NHS
    login are never offered. If the mobile and the email point at two people, neither is.
    """
    found: dict[str, User] = {}
    mobile = _mobile(sign_in)
    if mobile:
        user = User.objects.filter(mobile=mobile, mobile_verified_at__isnull=False, is_active=True).first()
        if user:
            found["mobile"] = user
    if sign_in.email and sign_in.email_verified:
        user = User.objects.filter(email__iexact=sign_in.email, email_verified_at__isnull=False, is_active=True).first()
        if user:
            found["email"] = user
    if len({user.pk for user in found.values()}) != 1:
        return None
    by, user = next(iter(found.items()))
    if user_requires_mfa(user) or not member_services(user):
        return None
    if user_identities(user).filter(provider=sign_in.provider, environment=sign_in.environment).exists():
        return None
    shown = (
        gettext("mobile number ending %(digits)s") % {"digits": mobile[-3:]}
        if by == "mobile"
        else gettext("email address %(address)s") % {"address": phone.mask_address(user.email)}
    )
    return MemberMatch(user=user, by=by, shown=shown)
