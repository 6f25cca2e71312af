"""Reads for accounts. Public selectors other apps call:

- member_primary_service(user) -> PainService | None
- member_services(user) -> list[PainService]
- service_members(service) -> QuerySet[User]
- member_has_current_consent(user, service, kind) -> bool
- consented_members(service, kind) -> QuerySet[User]
- safety_notice_accepted(user, service) -> bool
- agreed_to_an_earlier_notice(user, service, kind) -> bool
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, QuerySet, Subquery

from followon.accounts.models import (
    AccountClosureRequest,
    ConsentKind,
    ConsentNotice,
    ConsentRecord,
    Invitation,
    ServiceMembership,
    User,
)
from followon.core.languages import STORED_ENGLISH, default_language
from followon.core.links import token_hash
from followon.core.prepared import PreparedQuery

# Apps above accounts add sections to the member's account page (core.hooks): a function of the
# user returning a dict with the `template` to include, which sees the dict as `section`.
MY_ACCOUNT_SECTIONS_HOOK = "accounts.my_account_sections"

# Membership -----------------------------------------------------------------


def member_memberships(user) -> QuerySet[ServiceMembership]:
    return ServiceMembership.objects.filter(user=user, left_at__isnull=True).select_related("service")


def member_services(user) -> list:
    if user is None or not getattr(user, "pk", None):
        return []
    return [m.service for m in member_memberships(user)]


def first_membership(user_id):
    """member_primary_service's read: the member's most recently joined current membership with its
    service, at most one row. Public so a page that needs the service with something else can annotate
    this same read (network.selectors.directory_standing) rather than repeat its conditions."""
    memberships = member_memberships(user_id)  # ordered by the model: most recently joined first
    return (memberships if memberships.ordered else memberships.order_by("pk"))[:1]


# Asked on every network page: its SQL built once per process (core.prepared, ADR 0032).
_FIRST_MEMBERSHIP = PreparedQuery(first_membership, user_id=int)


def member_primary_service(user):
    """The service a member belongs to (the most recently joined, if several)."""
    if user is None or not getattr(user, "pk", None):
        return None
    found = _FIRST_MEMBERSHIP.list(user_id=user.pk)
    return found[0].service if found else None


def is_member_of(user, service) -> bool:
    return ServiceMembership.objects.filter(user=user, service=service, left_at__isnull=True).exists()


def service_members(service) -> QuerySet[User]:
    return User.objects.filter(
        service_memberships__service=service, service_memberships__left_at__isnull=True, is_active=True
    ).distinct()


# Invitations ----------------------------------------------------------------


def invitations_for_service(service) -> QuerySet[Invitation]:
    return service.invitations.select_related("invited_by")


def invitation_for_service(service, public_id) -> Invitation:
    return invitations_for_service(service).get(public_id=public_id)


def invitation_languages(service) -> list[str]:
    """The languages staff may send `service`'s invitations in, as stored codes ("en" first): English
    and the languages the service offers for messages (PainService.message_languages)."""
    known = {code for code, _name in settings.LANGUAGES}
    offered = [code for code in service.offered_languages if code in known and code != default_language()]
    return [STORED_ENGLISH, *dict.fromkeys(offered)]


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("service").filter(token_hash=token_hash(token)).first()


# Consent --------------------------------------------------------------------


def current_notice(service, kind: str) -> ConsentNotice | None:
    return ConsentNotice.objects.filter(service=service, kind=kind).order_by("-version").first()


def current_notices(service) -> dict[str, ConsentNotice]:
    notices: dict[str, ConsentNotice] = {}
    for notice in ConsentNotice.objects.filter(service=service).select_related("published_by").order_by("-version"):
        notices.setdefault(notice.kind, notice)
    return notices


def notice_history(service, kind: str) -> QuerySet[ConsentNotice]:
    return ConsentNotice.objects.filter(service=service, kind=kind).select_related("published_by").order_by("-version")


def _agreement_threshold(service, kind: str) -> Subquery:
    """The lowest notice version whose agreement still counts: the newest
    version that asked members to agree again (a correction does not)."""
    return Subquery(
        ConsentNotice.objects.filter(service=service, kind=kind, requires_new_agreement=True)
        .order_by("-version")
        .values("version")[:1]
    )


def _current_agreements(service, kind: str) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(
        service=service,
        kind=kind,
        is_current=True,
        decision=ConsentRecord.Decision.GIVEN,
        version__gte=_agreement_threshold(service, kind),
    )


def member_has_current_consent(user, service, kind: str) -> bool:
    """True if the member agreed to the current version of the notice (or to
    one a later small correction did not replace) and has not withdrawn."""
    if user is None or not getattr(user, "is_authenticated", False) or service is None:
        return False
    return (
        _current_agreements(service, kind)
        .filter(user=user, user__service_memberships__service=service, user__service_memberships__left_at__isnull=True)
        .exists()
    )


def consented_members(service, kind: str) -> QuerySet[User]:
    """Members of `service` whose consent of `kind` is current: a lazy queryset
    (filter, count or join it further). Withdrawal removes a member at once."""
    return service_members(service).filter(
        pk__in=_current_agreements(service, kind).values("user_id"),
    )


def agreed_to_an_earlier_notice(user, service, kind: str) -> bool:
    """The member's current decision is an agreement that a newer version of the notice replaced:
    they are asked again, and told the notice has changed."""
    return (
        ConsentRecord.objects.filter(
            user=user, service=service, kind=kind, is_current=True, decision=ConsentRecord.Decision.GIVEN
        )
        .exclude(pk__in=_current_agreements(service, kind).values("pk"))
        .exists()
    )


@dataclass(frozen=True)
class NoticeStanding:
    """The service's current notice of a kind and where one member stands with it, read in one query."""

    notice: ConsentNotice | None
    # member_has_current_consent: agreed to the current version (or one a later correction kept).
    consent_current: bool
    # agreed_to_an_earlier_notice: their current agreement is to a version a newer one replaced.
    agreed_earlier: bool


def _notice_standing_query(user_id, service_id, kind):
    agreements = _current_agreements(service_id, kind)
    return (
        ConsentNotice.objects.filter(service_id=service_id, kind=kind)
        .order_by("-version")
        .annotate(
            viewer_consent_current=Exists(
                agreements.filter(
                    user_id=user_id,
                    user__service_memberships__service_id=service_id,
                    user__service_memberships__left_at__isnull=True,
                )
            ),
            viewer_agreed_earlier=Exists(
                ConsentRecord.objects.filter(
                    user_id=user_id,
                    service_id=service_id,
                    kind=kind,
                    is_current=True,
                    decision=ConsentRecord.Decision.GIVEN,
                ).exclude(pk__in=agreements.values("pk"))
            ),
        )[:1]
    )


# The board asks on every request: its SQL is built once per process (core.prepared, ADR 0032).
_NOTICE_STANDING = PreparedQuery(_notice_standing_query, user_id=int, service_id=int, kind=str)


def notice_standing(user, service, kind: str) -> NoticeStanding:
    """current_notice, member_has_current_consent and agreed_to_an_earlier_notice in one query, with
    the same answers (accounts/tests/test_notice_standing.py compares them): nothing is remembered
    between requests, so a withdrawal or a new version counts on the very next one. With no notice
    at all nobody has a current agreement (the agreement threshold is a notice's version)."""
    if user is None or not getattr(user, "is_authenticated", False) or service is None:
        return NoticeStanding(current_notice(service, kind) if service is not None else None, False, False)
    rows = _NOTICE_STANDING.list(user_id=user.pk, service_id=service.pk, kind=str(kind))
    if not rows:
        return NoticeStanding(None, False, False)
    notice = rows[0]
    return NoticeStanding(notice, notice.viewer_consent_current, notice.viewer_agreed_earlier)


def safety_notice_accepted(user, service) -> bool:
    """May this member post in a group? Only after accepting the current safety screen notice."""
    return member_has_current_consent(user, service, ConsentKind.SAFETY_SCREEN)


def member_consent_rows(user, service) -> list[dict]:
    """One row per notice kind for the member's "Your choices" page."""
    notices = current_notices(service)
    records = {
        r.kind: r
        for r in ConsentRecord.objects.filter(user=user, service=service, is_current=True).select_related("notice")
    }
    thresholds = {}
    for notice in ConsentNotice.objects.filter(service=service, requires_new_agreement=True).order_by("version"):
        thresholds[notice.kind] = notice.version
    rows = []
    for kind in ConsentKind:
        notice = notices.get(kind.value)
        if notice is None:
            continue
        record = records.get(kind.value)
        agreed = bool(
            record
            and record.decision == ConsentRecord.Decision.GIVEN
            and record.version >= thresholds.get(kind.value, 1)
        )
        needs_new_agreement = bool(record and record.decision == ConsentRecord.Decision.GIVEN and not agreed)
        rows.append(
            {"kind": kind, "notice": notice, "record": record, "agreed": agreed, "needs_new": needs_new_agreement}
        )
    return rows


def consent_history(user) -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.filter(user=user).select_related("service").order_by("-recorded_at", "-id")


def consent_counts(service) -> dict[str, int]:
    return {kind.value: consented_members(service, kind.value).count() for kind in ConsentKind}


# Account closure ------------------------------------------------------------


def closure_requests_for_service(service) -> QuerySet[AccountClosureRequest]:
    return service.closure_requests.select_related("user", "completed_by")


def closure_request_for_service(service, public_id) -> AccountClosureRequest:
    return closure_requests_for_service(service).get(public_id=public_id)


def open_closure_requests_for(user) -> QuerySet[AccountClosureRequest]:
    return AccountClosureRequest.objects.filter(user=user, status=AccountClosureRequest.Status.OPEN)
