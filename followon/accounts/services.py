"""Writes for accounts: sign-in lock-outs, invitations, membership, consent, account closure.

Public services other apps call:
- invitation_create(*, service, invited_by, preferred_name, mobile=None, email=None,
  purpose="service", programme=None, target_public_id=None, language="en") -> Invitation
- consent_record(*, user, service, kind, decision, channel="web") -> ConsentRecord
- consent_withdraw(*, user, service, kind, channel="web") -> ConsentRecord | None
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from followon.accounts.models import (
    AccountClosureRequest,
    ConsentKind,
    ConsentNotice,
    ConsentRecord,
    Invitation,
    ServiceMembership,
    User,
)
from followon.accounts.notices import DEFAULT_NOTICES
from followon.accounts.selectors import (
    current_notice,
    invitation_languages,
    is_member_of,
    member_memberships,
    member_primary_service,
)
from followon.accounts.signals import account_closed, invitation_accepted
from followon.core import phone
from followon.core.languages import to_stored_language
from followon.core.links import absolute_url, token_hash
from followon.core.services import audit_record
from followon.identity.services import identities_forget
from followon.notifications.services import message_enqueue, message_language
from followon.organisations.models import StaffRole
from followon.organisations.selectors import holds_staff_role

logger = logging.getLogger(__name__)

INVITING_ROLES = {StaffRole.Role.CLINICIAN, StaffRole.Role.SERVICE_ADMIN}


def _require_role(user, service, roles) -> None:
    if not holds_staff_role(user, service, roles):
        raise PermissionDenied


# Sign-in --------------------------------------------------------------------


def sign_in_lockout_record(*, request, method: str, address: str = "", user=None) -> None:
    """Too many codes asked for, or too many wrong passwords: log and audit it.

    The lock-out itself is the rate-limit window (temporary by design). The
    address is never logged; the audit names the account when there is one.
    """
    logger.warning("sign-in lock-out: method=%s account=%s", method, getattr(user, "public_id", "unknown"))
    audit_record(
        actor=None,
        action="sign_in.locked_out",
        target=user,
        service=member_primary_service(user) if user else None,
        detail={"method": method},
    )


def sign_in_code_attempts_exceeded(*, user) -> None:
    logger.warning("sign-in code refused after too many wrong tries: account=%s", getattr(user, "public_id", "unknown"))
    audit_record(
        actor=None,
        action="sign_in.code_attempts_exceeded",
        target=user,
        service=member_primary_service(user) if user else None,
        detail={"method": "code"},
    )


# Invitations ------------------------------------------------------------------


class InvitationNotUsable(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        # "unknown", "expired", "accepted", "revoked", "signed_in_as_other", or "sign_in_first" (the
        # number or address already has an account, and the visitor is not signed in to it).
        self.reason = reason


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_link(invitation: Invitation, token: str) -> str:
    """The acceptance link, in the language the message is written in (/cy/... for Welsh)."""
    with translation.override(message_language(None, invitation.service, invitation.language)):
        return absolute_url("accounts:invitation-accept", token)


def _send_invitation(invitation: Invitation, token: str) -> None:
    link = _invitation_link(invitation, token)
    # Kept on the invitation (not saved) so the page can say when a text held for quiet hours will go.
    invitation.message = message_enqueue(
        template="invitation",
        context={
            "preferred_name": invitation.preferred_name,
            "service_name": invitation.service.name,
            "link": link,
            "days": Invitation.VALID_DAYS,
        },
        idempotency_key=f"invitation:{invitation.public_id}:{invitation.send_count}",
        channel=invitation.channel,
        to_address=invitation.address,
        service=invitation.service,
        sensitive=True,  # the link signs them up: removed from the outbox once sent
        # In the language staff chose where the service offers it and it is reviewed, else English.
        language=invitation.language,
    )


def invitation_create(
    *,
    service,
    invited_by,
    preferred_name: str,
    mobile: str | None = None,
    email: str | None = None,
    purpose: str = Invitation.Purpose.SERVICE,
    programme=None,
    target_public_id=None,
    language: str = "en",
) -> Invitation:
    """Invite a person to `service` (or, with `programme`, to one of its programmes).

    Preconditions: `invited_by` is a clinician or service admin of `service`;
    exactly one of `mobile` (any UK form) or `email` is given; `language` ("en" or a
    language the service offers for messages, selectors.invitation_languages) is the
    person's language: the message and link use it where the outbox's rules allow
    (ADR 0027), and it becomes their preference when they accept.
    Side effects: an Invitation row, the invitation message in the outbox (the
    link works once, for 14 days), an audit event. `invitation.link` holds the
    link for the caller; only a hash of its token is stored.
    """
    _require_role(invited_by, service, INVITING_ROLES)
    if bool(mobile) == bool(email):
        raise ValueError("give exactly one of mobile or email")
    if language not in invitation_languages(service):
        raise ValueError(f"the service does not offer messages in {language!r}")
    if programme is not None:
        purpose = Invitation.Purpose.PROGRAMME
        target_public_id = programme.public_id
    token = _new_token()
    now = timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            service=service,
            invited_by=invited_by,
            preferred_name=preferred_name.strip(),
            channel=Invitation.Channel.SMS if mobile else Invitation.Channel.EMAIL,
            mobile=phone.normalise_uk_mobile(mobile) if mobile else "",
            email=(email or "").strip().lower(),
            language=language,
            purpose=purpose,
            target_public_id=target_public_id,
            token_hash=token_hash(token),
            created_at=now,
            last_sent_at=now,
            expires_at=now + timedelta(days=Invitation.VALID_DAYS),
        )
        _send_invitation(invitation, token)
        audit_record(
            actor=invited_by,
            action="invitation.created",
            target=invitation,
            service=service,
            detail={"channel": invitation.channel, "purpose": purpose},
        )
    invitation.link = _invitation_link(invitation, token)
    return invitation


def invitation_resend(*, invitation: Invitation, actor) -> Invitation:
    """Send a waiting (or expired) invitation again with a new link; the old link stops working."""
    _require_role(actor, invitation.service, INVITING_ROLES)
    token = _new_token()
    now = timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != Invitation.Status.PENDING:
            raise ValueError("only a waiting invitation can be sent again")
        invitation.token_hash = token_hash(token)
        invitation.send_count += 1
        invitation.last_sent_at = now
        invitation.expires_at = now + timedelta(days=Invitation.VALID_DAYS)
        invitation.save(update_fields=["token_hash", "send_count", "last_sent_at", "expires_at"])
        _send_invitation(invitation, token)
        audit_record(
            actor=actor,
            action="invitation.resent",
            target=invitation,
            service=invitation.service,
            detail={"send_count": invitation.send_count},
        )
    invitation.link = _invitation_link(invitation, token)
    return invitation


def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    _require_role(actor, invitation.service, INVITING_ROLES)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != Invitation.Status.PENDING:
            raise ValueError("only a waiting invitation can be cancelled")
        invitation.status = Invitation.Status.REVOKED
        invitation.revoked_at = timezone.now()
        invitation.revoked_by = actor
        invitation.save(update_fields=["status", "revoked_at", "revoked_by"])
        audit_record(actor=actor, action="invitation.revoked", target=invitation, service=invitation.service)
    return invitation


def invitation_check(invitation: Invitation | None) -> None:
    """Raise InvitationNotUsable unless the invitation can be accepted now."""
    if invitation is None:
        raise InvitationNotUsable("unknown")
    if invitation.status == Invitation.Status.ACCEPTED:
        raise InvitationNotUsable("accepted")
    if invitation.status == Invitation.Status.REVOKED:
        raise InvitationNotUsable("revoked")
    if invitation.is_expired():
        raise InvitationNotUsable("expired")


def invitation_accept(*, token: str, current_user=None) -> tuple[Invitation, User]:
    """Accept an invitation by its link's token.

    Receiving the link proves the person gets messages at that number or
    address, so that channel is marked verified. Creates the member, makes them
    a member of the service, ensures the service's consent notices exist, sends
    `invitation_accepted` and audits. Single use: a second call raises
    InvitationNotUsable("accepted").

    An invitation creates an account; it never stands in for signing in to one
    that exists. If the number or address already has an account, only that
    person, signed in their own way (a code to their number or email, NHS login,
    or staff sign-in), can accept: `current_user` must be that account, or this
    raises InvitationNotUsable("sign_in_first") and nothing changes. A forwarded,
    intercepted or logged link is then no way into someone's account.
    """
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("service")
            .filter(token_hash=token_hash(token))
            .first()
        )
        invitation_check(invitation)
        now = timezone.now()
        if invitation.channel == Invitation.Channel.SMS:
            user = User.objects.filter(mobile=invitation.mobile).first()
        else:
            user = User.objects.filter(email__iexact=invitation.email).first()
        signed_in = current_user is not None and current_user.is_authenticated
        if signed_in and current_user != user:
            raise InvitationNotUsable("signed_in_as_other")
        if user is not None and not signed_in:
            raise InvitationNotUsable("sign_in_first")
        if user is None:
            user = User.objects.create_user(
                email=invitation.email or None,
                mobile=invitation.mobile or None,
                preferred_name=invitation.preferred_name,
                preferred_channel=invitation.channel,
                # The language staff invited them in; they can change it (the toggle, my account).
                language=invitation.language,
                mobile_verified_at=now if invitation.mobile else None,
                email_verified_at=now if invitation.email else None,
            )
            created = True
        else:
            created = False
            if invitation.channel == Invitation.Channel.SMS and user.mobile_verified_at is None:
                user.mobile_verified_at = now
                user.save(update_fields=["mobile_verified_at"])
            if invitation.channel == Invitation.Channel.EMAIL and user.email_verified_at is None:
                user.email_verified_at = now
                user.save(update_fields=["email_verified_at"])
        membership, joined = ServiceMembership.objects.get_or_create(
            service=invitation.service, user=user, defaults={"joined_at": now, "invitation": invitation}
        )
        if not joined and membership.left_at is not None:
            membership.left_at = None
            membership.joined_at = now
            membership.invitation = invitation
            membership.save(update_fields=["left_at", "joined_at", "invitation"])
        invitation.status = Invitation.Status.ACCEPTED
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.save(update_fields=["status", "accepted_at", "accepted_by"])
        consent_notices_ensure(service=invitation.service)
        audit_record(
            actor=user,
            action="invitation.accepted",
            target=invitation,
            service=invitation.service,
            detail={"channel": invitation.channel, "new_account": created},
        )
        invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return invitation, user


# Consent ------------------------------------------------------------------------


def consent_notices_ensure(*, service) -> list[ConsentNotice]:
    """Publish version 1 of each notice the service does not have yet, in the standard wording."""
    existing = set(ConsentNotice.objects.filter(service=service).values_list("kind", flat=True))
    created = []
    for kind, (title, body) in DEFAULT_NOTICES.items():
        if kind.value in existing:
            continue
        notice = ConsentNotice.objects.create(service=service, kind=kind.value, version=1, title=title, body=body)
        audit_record(
            actor=None, action="consent_notice.published", target=notice, service=service, detail={"version": 1}
        )
        created.append(notice)
    return created


def consent_notice_publish(
    *, service, kind: str, title: str, body: str, requires_new_agreement: bool, actor
) -> ConsentNotice:
    """A service admin edits a notice: that makes a new version (old versions are kept)."""
    _require_role(actor, service, {StaffRole.Role.SERVICE_ADMIN})
    kind = ConsentKind(kind).value
    with transaction.atomic():
        # Serialise publishers of the same service so versions never collide.
        list(ConsentNotice.objects.select_for_update().filter(service=service, kind=kind).values_list("pk", flat=True))
        latest = ConsentNotice.objects.filter(service=service, kind=kind).aggregate(v=Max("version"))["v"] or 0
        notice = ConsentNotice.objects.create(
            service=service,
            kind=kind,
            version=latest + 1,
            title=title.strip(),
            body=body.strip(),
            # The first version always needs agreement.
            requires_new_agreement=requires_new_agreement or latest == 0,
            published_by=actor,
        )
        audit_record(
            actor=actor,
            action="consent_notice.published",
            target=notice,
            service=service,
            detail={"kind": kind, "version": notice.version, "requires_new_agreement": notice.requires_new_agreement},
        )
    return notice


def consent_record(
    *, user, service, kind: str, decision: str, channel: str = ConsentRecord.Channel.WEB
) -> ConsentRecord:
    """Record a member's decision on the current notice of `kind` (agree, decline or withdraw).

    Takes effect at once: the previous record stops being current in the same
    transaction, so every selector sees the new decision straight away.
    Audited as consent.given / consent.declined / consent.withdrawn.
    """

    kind = ConsentKind(kind).value
    decision = ConsentRecord.Decision(decision).value
    channel = ConsentRecord.Channel(channel).value
    if not is_member_of(user, service):
        raise PermissionDenied
    with transaction.atomic():
        notice = current_notice(service, kind)
        if notice is None:
            raise ValueError(f"{service} has no {kind} notice")
        ConsentRecord.objects.select_for_update().filter(user=user, service=service, kind=kind, is_current=True).update(
            is_current=False
        )
        record = ConsentRecord.objects.create(
            user=user,
            service=service,
            kind=kind,
            notice=notice,
            version=notice.version,
            decision=decision,
            channel=channel,
            recorded_at=timezone.now(),
            is_current=True,
        )
        audit_record(
            actor=user,
            action=f"consent.{decision}",
            target=record,
            service=service,
            detail={"kind": kind, "version": notice.version, "channel": channel},
        )
    return record


def consent_withdraw(*, user, service, kind: str, channel: str = ConsentRecord.Channel.WEB) -> ConsentRecord | None:
    """Withdraw an agreement in one step. Returns None if there was nothing to withdraw."""
    current = ConsentRecord.objects.filter(user=user, service=service, kind=kind, is_current=True).first()
    if current is None or current.decision != ConsentRecord.Decision.GIVEN:
        return None
    return consent_record(
        user=user, service=service, kind=kind, decision=ConsentRecord.Decision.WITHDRAWN, channel=channel
    )


# Account closure ------------------------------------------------------------------


def closure_request_create(*, user, reason: str = "") -> list[AccountClosureRequest]:
    """A member asks for their account to be closed: one task per service they belong to."""

    created = []
    with transaction.atomic():
        for membership in member_memberships(user):
            request_obj, made = AccountClosureRequest.objects.get_or_create(
                service=membership.service,
                user=user,
                status=AccountClosureRequest.Status.OPEN,
                defaults={"reason": reason.strip(), "retention_rule": AccountClosureRequest.RETENTION_RULE},
            )
            if made:
                audit_record(
                    actor=user, action="account_closure.requested", target=request_obj, service=membership.service
                )
                created.append(request_obj)
    return created


def closure_request_complete(*, closure_request: AccountClosureRequest, actor) -> AccountClosureRequest:
    """The service admin closes the account, following the retention rule shown to them.

    The member can no longer sign in (inactive users have no session), leaves
    every service, their consents are withdrawn, and their name, contact
    details and needs are removed from the account and from their invitations.
    Consent records and audit events are kept. Sends `account_closed`.
    """

    _require_role(actor, closure_request.service, {StaffRole.Role.SERVICE_ADMIN})
    now = timezone.now()
    with transaction.atomic():
        closure_request = AccountClosureRequest.objects.select_for_update().get(pk=closure_request.pk)
        if closure_request.status != AccountClosureRequest.Status.OPEN:
            raise ValueError("this request is already done")
        user = User.objects.select_for_update().get(pk=closure_request.user_id)
        for record in ConsentRecord.objects.filter(user=user, is_current=True, decision=ConsentRecord.Decision.GIVEN):
            ConsentRecord.objects.filter(pk=record.pk).update(is_current=False)
            withdrawn = ConsentRecord.objects.create(
                user=user,
                service_id=record.service_id,
                kind=record.kind,
                notice_id=record.notice_id,
                version=record.version,
                decision=ConsentRecord.Decision.WITHDRAWN,
                channel=ConsentRecord.Channel.WEB,
                recorded_at=now,
                is_current=True,
            )
            audit_record(
                actor=actor,
                action="consent.withdrawn",
                target=withdrawn,
                service=record.service,
                detail={"kind": record.kind, "version": record.version, "channel": "web", "by": "account_closure"},
            )
        services = [m.service for m in ServiceMembership.objects.filter(user=user).select_related("service")]
        ServiceMembership.objects.filter(user=user, left_at__isnull=True).update(left_at=now)
        Invitation.objects.filter(accepted_by=user).update(mobile="", email="")
        if user.mobile:
            Invitation.objects.filter(status=Invitation.Status.PENDING, mobile=user.mobile).update(
                status=Invitation.Status.REVOKED, revoked_at=now, mobile=""
            )
        if user.email:
            Invitation.objects.filter(status=Invitation.Status.PENDING, email__iexact=user.email).update(
                status=Invitation.Status.REVOKED, revoked_at=now, email=""
            )
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        identities_forget(user=user)  # NHS login / CIS2 links and any NHS number
        user.preferred_name = "Former member"
        user.legal_name = ""
        user.email = None
        user.mobile = None
        user.mobile_verified_at = None
        user.email_verified_at = None
        user.accessibility_needs = ""
        user.large_text = False
        user.is_active = False
        user.set_unusable_password()
        user.save()
        AccountClosureRequest.objects.filter(user=user, status=AccountClosureRequest.Status.OPEN).update(
            status=AccountClosureRequest.Status.COMPLETED, completed_at=now, completed_by=actor, reason=""
        )
        closure_request.refresh_from_db()
        audit_record(
            actor=actor, action="account_closure.completed", target=closure_request, service=closure_request.service
        )
        for service in services:
            account_closed.send(sender=User, user=user, service=service)
    return closure_request


def my_data_downloaded(*, user) -> None:
    audit_record(actor=user, action="my_data.downloaded", target=user, service=member_primary_service(user))


def user_language_set(*, user, code: str) -> User:
    """Store the language a person chose from the toggle (a code from settings.LANGUAGES).

    It is their preference for pages after sign-in and, where their service offers it and the
    translation is reviewed, for their texts and emails (core/languages.py, ADR 0027)."""
    if code not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {code!r}")
    stored = to_stored_language(code)
    if user.language != stored:
        user.language = stored
        user.save(update_fields=["language"])
    return user
