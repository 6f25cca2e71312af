"""Enrolment: inviting, adding, joining by invitation, withdrawing and forgetting participants."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from followon.accounts.services import invitation_create
from followon.core.phone import uk_mobile_from_text
from followon.core.services import audit_record
from followon.programmes.contact_details import normalise_email
from followon.programmes.models import (
    Enrolment,
    InterestResponse,
    Programme,
)
from followon.programmes.signals import enrolment_joined

# Enrolment ------------------------------------------------------------------


def _clean_contact(name: str, mobile: str, email: str) -> tuple[str, str, str]:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Enter the participant's name")
    elif len(name) > 100:
        errors["name"] = _("Name must be 100 characters or fewer")
    clean_mobile = clean_email = ""
    if mobile and mobile.strip():
        try:
            clean_mobile = uk_mobile_from_text(mobile)
        except ValueError as exc:
            errors["mobile"] = str(exc)
    if email and email.strip():
        try:
            clean_email = normalise_email(email)
        except ValueError as exc:
            errors["email"] = str(exc)
    if not errors and not clean_mobile and not clean_email:
        errors["mobile"] = _("Enter a mobile phone number or an email address")
    if errors:
        raise ValidationError(errors)
    return name, clean_mobile, clean_email


def _matching_enrolment(programme: Programme, mobile: str, email: str) -> Enrolment | None:
    match = Q(pk__in=[])
    if mobile:
        match |= Q(mobile=mobile) | Q(user__mobile=mobile)
    if email:
        match |= Q(email=email) | Q(user__email=email)
    return programme.enrolments.filter(match).order_by("id").first()


def _send_programme_invitation(enrolment: Enrolment, invited_by) -> None:
    """Invite this person to the programme through the identity app (by text
    message when there is a mobile number, else by email). Its acceptance
    sends `invitation_accepted`, on which `enrolment_accept_invitation` links
    the member's account to this enrolment (programmes/receivers.py)."""

    invitation_create(
        service=enrolment.programme.service,
        invited_by=invited_by,
        preferred_name=enrolment.name,
        mobile=enrolment.mobile or None,
        email=None if enrolment.mobile else enrolment.email,
        programme=enrolment.programme,
    )


def enrolment_invite(
    *,
    programme: Programme,
    invited_by,
    name: str,
    mobile: str = "",
    email: str = "",
    source: str = Enrolment.Source.INVITATION,
) -> tuple[Enrolment, bool]:
    """Put a person on the programme's roster and invite them.

    Returns (enrolment, created). Someone already on the roster with the same
    mobile or email is merged, not doubled: missing details are filled in and
    no second invitation is sent, unless they had withdrawn.
    """
    name, mobile, email = _clean_contact(name, mobile, email)
    with transaction.atomic():
        existing = _matching_enrolment(programme, mobile, email)
        if existing is not None:
            changed = []
            if mobile and not existing.mobile and not programme.enrolments.filter(mobile=mobile).exists():
                existing.mobile = mobile
                changed.append("mobile")
            if email and not existing.email and not programme.enrolments.filter(email=email).exists():
                existing.email = email
                changed.append("email")
            resend = existing.status == Enrolment.Status.WITHDRAWN
            if resend:
                existing.status = Enrolment.Status.INVITED
                existing.withdrawn_at = None
                changed += ["status", "withdrawn_at"]
            if changed:
                existing.save(update_fields=changed)
                audit_record(
                    actor=invited_by,
                    action="enrolment.merged",
                    target=existing,
                    service=programme.service,
                    detail={"fields": changed},
                )
            if resend:
                _send_programme_invitation(existing, invited_by)
            return existing, False
        enrolment = Enrolment.objects.create(
            programme=programme, name=name, mobile=mobile, email=email, source=source, added_by=invited_by
        )
        audit_record(
            actor=invited_by,
            action="enrolment.invited",
            target=enrolment,
            service=programme.service,
            detail={"source": source},
        )
        _send_programme_invitation(enrolment, invited_by)
    return enrolment, True


def enrolment_add(*, programme: Programme, user, added_by=None, source: str = Enrolment.Source.DIRECT) -> Enrolment:
    """Make `user` a joined participant of `programme`.

    Links a waiting roster entry that has the user's mobile or email (or an
    existing entry for the user) rather than adding a second one. Called when
    a member accepts a programme invitation, and directly by tests and demo data.
    """
    with transaction.atomic():
        enrolment = programme.enrolments.select_for_update().filter(user=user).first()
        if enrolment is None:
            enrolment = _matching_enrolment(programme, user.mobile or "", user.email or "")
            if enrolment is not None and enrolment.user_id is not None:
                enrolment = None
        if enrolment is None:
            # Roster details another (linked) entry already holds are left blank.
            mobile = user.mobile or ""
            email = user.email or ""
            if mobile and programme.enrolments.filter(mobile=mobile).exists():
                mobile = ""
            if email and programme.enrolments.filter(email=email).exists():
                email = ""
            if not mobile and not email:
                raise ValidationError(_("This person's contact details are already on the programme for someone else"))
            enrolment = Enrolment(
                programme=programme,
                name=user.preferred_name,
                mobile=mobile,
                email=email,
                source=source,
                added_by=added_by,
            )
        enrolment.user = user
        enrolment.status = Enrolment.Status.JOINED
        enrolment.joined_at = enrolment.joined_at or timezone.now()
        enrolment.withdrawn_at = None
        enrolment.save()
        audit_record(actor=added_by or user, action="enrolment.joined", target=enrolment, service=programme.service)
        # The outcomes app plans the questionnaires (programmes.signals).
        enrolment_joined.send(sender=Enrolment, enrolment=enrolment)
    return enrolment


def enrolment_accept_invitation(*, invitation, user) -> Enrolment | None:
    """The identity app calls this when a member accepts an invitation whose
    purpose is a programme (`invitation.target_public_id` is the programme's
    public_id). Returns None when the programme is not the invitation's service's."""
    programme = Programme.objects.filter(
        public_id=invitation.target_public_id, service_id=invitation.service_id
    ).first()
    if programme is None:
        return None
    with transaction.atomic():
        waiting = _matching_enrolment(programme, invitation.mobile or "", invitation.email or "")
        if waiting is not None and waiting.user_id is None and not programme.enrolments.filter(user=user).exists():
            waiting.user = user
            waiting.save(update_fields=["user"])
        return enrolment_add(programme=programme, user=user, added_by=None, source=Enrolment.Source.INVITATION)


def enrolments_forget(*, user, service) -> int:
    """The member's account was closed: take them off the service's programmes
    and remove what the roster holds about them (name, contact details, the
    free-text parts of their answers). Counts stay; nothing identifies them."""
    now = timezone.now()
    with transaction.atomic():
        enrolments = list(Enrolment.objects.filter(user=user, programme__service=service))
        for enrolment in enrolments:
            enrolment.contact_consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
            enrolment.links.filter(revoked_at__isnull=True).update(revoked_at=now)
            InterestResponse.objects.filter(enrolment=enrolment).update(
                places="", home_outcode="", accessibility_needs=""
            )
            enrolment.status = Enrolment.Status.WITHDRAWN
            enrolment.withdrawn_at = enrolment.withdrawn_at or now
            enrolment.name, enrolment.mobile, enrolment.email = "", "", ""
            enrolment.save(update_fields=["status", "withdrawn_at", "name", "mobile", "email"])
            audit_record(actor=None, action="enrolment.forgotten", target=enrolment, service=service)
    return len(enrolments)


def enrolment_withdraw(*, enrolment: Enrolment, actor) -> Enrolment:
    """Take someone off a programme: their contact sharing stops at once and
    their links stop working. Their interest answer is kept for the counts."""
    with transaction.atomic():
        now = timezone.now()
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.withdrawn_at = now
        enrolment.save(update_fields=["status", "withdrawn_at"])
        enrolment.contact_consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        enrolment.links.filter(revoked_at__isnull=True).update(revoked_at=now)
        audit_record(actor=actor, action="enrolment.withdrawn", target=enrolment, service=enrolment.programme.service)
    return enrolment
