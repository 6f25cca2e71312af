"""Writes for national sign-in: identity links, sign-in records, staff link invitations, refusals.

Public services other apps call:
- identity_link(*, user, sign_in, how, actor=None, service=None) -> NationalIdentity
- identity_signed_in(*, identity, sign_in, service=None) -> NationalIdentity
- sign_in_refused_record(*, provider, reason, service=None, outcome="refused") -> None
- staff_identity_invitation_create(*, service, invited_by, staff_user) -> StaffIdentityInvitation
- staff_identity_invitation_accept(*, token, sign_in) -> StaffIdentityInvitation
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from datetime import timedelta

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from followon.core.links import absolute_url, token_hash
from followon.core.services import audit_record
from followon.identity.models import NationalIdentity, StaffIdentityInvitation
from followon.identity.oidc import VerifiedSignIn
from followon.identity.providers import Provider
from followon.notifications.services import message_enqueue
from followon.organisations.models import StaffRole

logger = logging.getLogger(__name__)


class IdentityNotLinkable(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        # "linked_to_other" (this identity belongs to another account), "other_identity" (this
        # account has another identity at the provider), "unknown", "expired", "used", "revoked", "not_staff"
        self.reason = reason


def _fernet() -> Fernet:
    key = hashlib.sha256(("followon-nhs-number:" + settings.NATIONAL_IDENTITY_ENCRYPTION_KEY).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _encrypt_nhs_number(nhs_number: str) -> str:
    return _fernet().encrypt(nhs_number.encode()).decode() if nhs_number else ""


def nhs_number_decrypt(identity: NationalIdentity) -> str:
    """For a service process that needs it (e.g. a record export); never for display."""
    if not identity.nhs_number_encrypted:
        return ""
    return _fernet().decrypt(identity.nhs_number_encrypted.encode()).decode()


# Identity links --------------------------------------------------------------------------------


def identity_link(*, user, sign_in: VerifiedSignIn, how: str, actor=None, service=None) -> NationalIdentity:
    """Link `sign_in`'s identity to `user` (in the caller's transaction).

    Refuses (IdentityNotLinkable) an identity already linked to someone else, and a
    second identity at the same provider for one account. Audited as national_identity.linked.
    """
    existing = NationalIdentity.objects.filter(
        provider=sign_in.provider, environment=sign_in.environment, subject=sign_in.subject
    ).first()
    if existing is not None:
        if existing.user_id != user.pk:
            raise IdentityNotLinkable("linked_to_other")
        return existing
    if NationalIdentity.objects.filter(user=user, provider=sign_in.provider, environment=sign_in.environment).exists():
        raise IdentityNotLinkable("other_identity")
    now = timezone.now()
    try:
        with transaction.atomic():
            identity = NationalIdentity.objects.create(
                user=user,
                provider=sign_in.provider,
                environment=sign_in.environment,
                subject=sign_in.subject,
                how=how,
                linked_at=now,
                last_signed_in_at=now,
                level=sign_in.level,
                nhs_number_encrypted=_encrypt_nhs_number(sign_in.nhs_number),
                roles=sign_in.roles,
            )
    except IntegrityError as exc:  # linked by a parallel request a moment ago
        raise IdentityNotLinkable("linked_to_other") from exc
    audit_record(
        actor=actor or user,
        action="national_identity.linked",
        target=user,
        service=service,
        detail={"provider": sign_in.provider, "environment": sign_in.environment, "how": how, "level": sign_in.level},
    )
    return identity


def identity_signed_in(*, identity: NationalIdentity, sign_in: VerifiedSignIn, service=None) -> NationalIdentity:
    """Record a sign-in with a linked identity: its level, the CIS2 roles it carried, the time.

    The NHS number is kept (encrypted) only when the service's route asks for it.
    """
    identity.last_signed_in_at = timezone.now()
    identity.level = sign_in.level
    fields = ["last_signed_in_at", "level"]
    if sign_in.provider == Provider.CIS2:
        identity.roles = sign_in.roles
        fields.append("roles")
    if sign_in.nhs_number:
        identity.nhs_number_encrypted = _encrypt_nhs_number(sign_in.nhs_number)
        fields.append("nhs_number_encrypted")
    identity.save(update_fields=fields)
    detail = {"provider": sign_in.provider, "environment": sign_in.environment, "level": sign_in.level}
    if sign_in.provider == Provider.CIS2:
        # Role codes and names, never the person's details: what CIS2 said, not what FollowOn allows.
        detail["cis2_roles"] = [f"{role['code']} {role['name']}".strip() for role in sign_in.roles][:10]
    audit_record(
        actor=identity.user, action="national_sign_in.succeeded", target=identity.user, service=service, detail=detail
    )
    return identity


def identity_unlink(*, identity: NationalIdentity, actor, service) -> None:
    """A service admin removes a staff member's CIS2 link (e.g. linked by the wrong person)."""
    if not StaffRole.objects.filter(
        user=actor, service=service, role=StaffRole.Role.SERVICE_ADMIN, is_active=True
    ).exists():
        raise PermissionDenied
    if not StaffRole.objects.filter(user=identity.user, service=service, is_active=True).exists():
        raise PermissionDenied
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="national_identity.unlinked",
            target=identity.user,
            service=service,
            detail={"provider": identity.provider, "environment": identity.environment},
        )
        identity.delete()


def identities_forget(*, user) -> int:
    """Remove every national identity of a closed account (accounts' closure calls it, in its transaction)."""
    count, _ = NationalIdentity.objects.filter(user=user).delete()
    StaffIdentityInvitation.objects.filter(user=user, status=StaffIdentityInvitation.Status.PENDING).update(
        status=StaffIdentityInvitation.Status.REVOKED
    )
    return count


def sign_in_refused_record(*, provider: str, reason: str, service=None, outcome: str = "refused", user=None) -> None:
    """A national sign-in that did not go through: logged and audited by its reason only.

    `outcome` is "refused" (replayed, tampered or invalid: a possible attack), "level_too_low"
    or "not_linked". No token, code or claim value is ever written.
    """
    log = logger.warning if outcome == "refused" else logger.info
    log("national sign-in %s: provider=%s reason=%s", outcome, provider, reason)
    audit_record(
        actor=user,
        action=f"national_sign_in.{outcome}",
        target=user,
        service=service,
        detail={"provider": provider, "reason": reason},
    )


# Staff link invitations ------------------------------------------------------------------------


def _require_service_admin(user, service) -> None:
    if not StaffRole.objects.filter(
        user=user, service=service, role=StaffRole.Role.SERVICE_ADMIN, is_active=True
    ).exists():
        raise PermissionDenied


def staff_identity_invitation_create(*, service, invited_by, staff_user) -> StaffIdentityInvitation:
    """A service admin invites a staff member of their service to link their CIS2 identity.

    Sends a single-use link (7 days) to the staff member's email through the outbox; any
    earlier waiting invitation for them stops working. Audited.
    """
    _require_service_admin(invited_by, service)
    if not StaffRole.objects.filter(user=staff_user, service=service, is_active=True).exists():
        raise PermissionDenied
    if not staff_user.email:
        raise ValueError("this staff member has no email address")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        StaffIdentityInvitation.objects.filter(
            service=service, user=staff_user, status=StaffIdentityInvitation.Status.PENDING
        ).update(status=StaffIdentityInvitation.Status.REVOKED)
        invitation = StaffIdentityInvitation.objects.create(
            service=service,
            user=staff_user,
            invited_by=invited_by,
            provider=Provider.CIS2,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=now + timedelta(days=StaffIdentityInvitation.VALID_DAYS),
        )
        link = absolute_url("accounts:cis2-link", token)
        message_enqueue(
            template="cis2_link_invitation",
            context={
                "preferred_name": staff_user.preferred_name,
                "service_name": service.name,
                "invited_by": invited_by.preferred_name,
                "link": link,
                "days": StaffIdentityInvitation.VALID_DAYS,
            },
            idempotency_key=f"cis2-link:{invitation.public_id}",
            channel="email",
            to_address=staff_user.email,
            recipient=staff_user,
            service=service,
            essential=True,
            sensitive=True,  # the link binds an identity to the account: removed from the outbox once sent
        )
        audit_record(
            actor=invited_by,
            action="staff_identity_invitation.created",
            target=staff_user,
            service=service,
            detail={"provider": Provider.CIS2},
        )
    invitation.link = link
    return invitation


def staff_identity_invitation_revoke(*, invitation: StaffIdentityInvitation, actor) -> None:
    _require_service_admin(actor, invitation.service)
    with transaction.atomic():
        updated = StaffIdentityInvitation.objects.filter(
            pk=invitation.pk, status=StaffIdentityInvitation.Status.PENDING
        ).update(status=StaffIdentityInvitation.Status.REVOKED)
        if updated:
            audit_record(
                actor=actor,
                action="staff_identity_invitation.revoked",
                target=invitation.user,
                service=invitation.service,
                detail={"provider": invitation.provider},
            )


def staff_identity_invitation_check(invitation: StaffIdentityInvitation | None) -> None:
    """Raise IdentityNotLinkable unless the invitation can be used now."""
    if invitation is None:
        raise IdentityNotLinkable("unknown")
    if invitation.status == StaffIdentityInvitation.Status.ACCEPTED:
        raise IdentityNotLinkable("used")
    if invitation.status == StaffIdentityInvitation.Status.REVOKED:
        raise IdentityNotLinkable("revoked")
    if invitation.is_expired():
        raise IdentityNotLinkable("expired")
    if not StaffRole.objects.filter(user=invitation.user, service=invitation.service, is_active=True).exists():
        raise IdentityNotLinkable("not_staff")


def staff_identity_invitation_accept(*, token: str, sign_in: VerifiedSignIn) -> StaffIdentityInvitation:
    """Link the CIS2 identity that just signed in to the invited staff member (single use)."""
    with transaction.atomic():
        invitation = (
            StaffIdentityInvitation.objects.select_for_update()
            .select_related("service", "user")
            .filter(token_hash=token_hash(token))
            .first()
        )
        staff_identity_invitation_check(invitation)
        identity_link(
            user=invitation.user,
            sign_in=sign_in,
            how=NationalIdentity.How.STAFF_INVITATION,
            service=invitation.service,
        )
        invitation.status = StaffIdentityInvitation.Status.ACCEPTED
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["status", "accepted_at"])
    return invitation
