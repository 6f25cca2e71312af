"""Everything FollowOn holds about a person, for "Download your data".

Each app adds what it holds with `register(key, title, collector)`, usually in
its AppConfig.ready(); `collector(user)` returns a list of flat dicts (one per
item) with plain values. The accounts app registers its own sections below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from followon.accounts.models import Invitation
from followon.accounts.selectors import consent_history
from followon.core.models import AuditEvent
from followon.identity.selectors import user_identities


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    collector: Callable


SECTIONS: dict[str, Section] = {}


def register(key: str, title: str, collector: Callable) -> None:
    SECTIONS[key] = Section(key, title, collector)


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def collect(user) -> dict:
    sections = {}
    for section in SECTIONS.values():
        items = section.collector(user)
        sections[section.key] = {
            "title": section.title,
            "items": [{k: _plain(v) for k, v in item.items()} for item in items],
        }
    return {"generated_at": timezone.now().isoformat(), "service": "FollowOn", "sections": sections}


# The accounts app's own sections ------------------------------------------------


def _profile(user) -> list[dict]:
    return [
        {
            "Preferred name": user.preferred_name,
            "Legal name": user.legal_name,
            "Mobile phone number": user.mobile,
            "Email address": user.email,
            "Preferred way to contact you": user.get_preferred_channel_display(),
            "Language": user.language,
            "Accessibility needs": user.accessibility_needs,
            "Large text": user.large_text,
            "Account created": user.date_joined,
            "Last signed in": user.last_login,
        }
    ]


def _memberships(user) -> list[dict]:
    return [
        {"Pain service": m.service.name, "Joined": m.joined_at, "Left": m.left_at}
        for m in user.service_memberships.select_related("service")
    ]


def _invitations_accepted(user) -> list[dict]:

    return [
        {"Pain service": i.service.name, "Sent by": i.get_channel_display(), "Accepted": i.accepted_at}
        for i in Invitation.objects.filter(accepted_by=user).select_related("service")
    ]


def _consents(user) -> list[dict]:

    return [
        {
            "Pain service": r.service.name,
            "Notice": r.get_kind_display(),
            "Version": r.version,
            "Decision": r.get_decision_display(),
            "How": r.get_channel_display(),
            "When (UTC)": r.recorded_at,
        }
        for r in consent_history(user)
    ]


def _closure_requests(user) -> list[dict]:
    return [
        {"Pain service": c.service.name, "Asked on": c.requested_at, "Status": c.get_status_display()}
        for c in user.closure_requests.select_related("service")
    ]


def _audit(user) -> list[dict]:

    events = AuditEvent.objects.filter(Q(actor=user) | Q(target_type="accounts.user", target_id=str(user.public_id)))
    return [{"When (UTC)": e.occurred_at, "What": e.action, "About": e.target_type} for e in events[:500]]


def _national_identities(user) -> list[dict]:
    # The provider's identifier and any NHS number are not shown back, only that they are held.
    return [
        {
            "Signs in with": i.get_provider_display(),
            "Linked": i.linked_at,
            "How it was linked": i.get_how_display(),
            "Last signed in with it": i.last_signed_in_at,
            "Level at last sign-in": i.level,
            "NHS number kept (encrypted, never shown)": bool(i.nhs_number_encrypted),
        }
        for i in user_identities(user)
    ]


register("profile", "Your details", _profile)
register("memberships", "Your pain services", _memberships)
register("invitations", "Invitations you accepted", _invitations_accepted)
register("consents", "Your choices (consent history)", _consents)
register("national_identities", "NHS login and CIS2", _national_identities)
register("closure_requests", "Requests to close your account", _closure_requests)
register("activity", "Activity on your account", _audit)
