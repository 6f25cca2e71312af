"""Consented contact exchange between the participants of a programme."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followon.accounts.models import ConsentKind
from followon.accounts.selectors import current_notice, member_has_current_consent
from followon.accounts.services import consent_notices_ensure, consent_record
from followon.core.services import audit_record
from followon.programmes.models import (
    ContactConsent,
    Enrolment,
)

# Consented contact exchange ---------------------------------------------------


def contact_notice_ensure(*, service):
    """The service's current contact-sharing notice (accounts.ConsentNotice), published from the standard wording
    if the service has none yet."""

    notice = current_notice(service, ConsentKind.CONTACT_SHARING)
    if notice is None:
        consent_notices_ensure(service=service)
        notice = current_notice(service, ConsentKind.CONTACT_SHARING)
    return notice


def contact_sharing_set(*, enrolment: Enrolment, actor, fields: Iterable[str], channel: str = "web") -> set[str]:
    """Set exactly which contact fields this member shares with the other
    sharing members of their programme.

    Sharing anything records the member's agreement to the service's current
    contact-sharing notice (accounts.consent_record) if it is not already
    current; each field is a ContactConsent row carrying that notice's
    version. Fields not listed are withdrawn at once. If the member had
    withdrawn their agreement elsewhere (their choices page), their old field
    choices no longer count and are replaced. Returns the fields now shared.
    """

    if enrolment.status != Enrolment.Status.JOINED or enrolment.user_id is None:
        raise PermissionDenied("not a current participant")
    wanted = set(fields)
    if not wanted <= set(ContactConsent.Field.values):
        raise ValidationError({"fields": _("Select from the list")})
    service = enrolment.programme.service
    user = enrolment.user
    with transaction.atomic():
        notice = contact_notice_ensure(service=service)
        agreed = member_has_current_consent(user, service, ConsentKind.CONTACT_SHARING)
        current = {c.field: c for c in enrolment.contact_consents.select_for_update().filter(withdrawn_at__isnull=True)}
        if not agreed:
            stale = set(current)
            current = {}
        else:
            stale = set()
        withdrawn = sorted((set(current) - wanted) | stale)
        granted = sorted(wanted - set(current))
        if withdrawn:
            enrolment.contact_consents.filter(withdrawn_at__isnull=True, field__in=withdrawn).update(
                withdrawn_at=timezone.now()
            )
        if wanted and not agreed:
            consent_record(
                user=user, service=service, kind=ConsentKind.CONTACT_SHARING, decision="given", channel=channel
            )
        ContactConsent.objects.bulk_create(
            ContactConsent(enrolment=enrolment, field=f, notice_version=str(notice.version)) for f in granted
        )
        if withdrawn or granted:
            audit_record(
                actor=actor,
                action="contact_sharing.changed",
                target=enrolment,
                service=service,
                detail={"granted": granted, "withdrawn": withdrawn, "notice_version": notice.version},
            )
    return wanted


def contact_sharing_stop(*, enrolment: Enrolment, actor) -> None:
    """Stop sharing every contact field, at once."""
    contact_sharing_set(enrolment=enrolment, actor=actor, fields=())
