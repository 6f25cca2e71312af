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
from django.utils.translation import gettext_lazy as _

from followon.accounts.models import Invitation
from followon.accounts.selectors import consent_history
from followon.core.models import AuditEvent
from followon.identity.selectors import user_identities


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # str, or a lazy translation
    collector: Callable


SECTIONS: dict[str, Section] = {}


def register(key: str, title, collector: Callable) -> None:
    """`title` and the items' labels may be lazy translations: they are written in the language of
    the page (or download) asking for them."""
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
            "title": str(section.title),
            "items": [{str(k): _plain(v) for k, v in item.items()} for item in items],
        }
    return {"generated_at": timezone.now().isoformat(), "service": "FollowOn", "sections": sections}


# The accounts app's own sections ------------------------------------------------


def _profile(user) -> list[dict]:
    return [
        {
            _("Preferred name"): user.preferred_name,
            _("Legal name"): user.legal_name,
            _("Mobile phone number"): user.mobile,
            _("Email address"): user.email,
            _("Preferred way to contact you"): user.get_preferred_channel_display(),
            _("Language"): user.language,
            _("Accessibility needs"): user.accessibility_needs,
            _("Large text"): user.large_text,
            _("Account created"): user.date_joined,
            _("Last signed in"): user.last_login,
        }
    ]


def _memberships(user) -> list[dict]:
    return [
        {_("Pain service"): m.service.name, _("Joined"): m.joined_at, _("Left"): m.left_at}
        for m in user.service_memberships.select_related("service")
    ]


def _invitations_accepted(user) -> list[dict]:

    return [
        {_("Pain service"): i.service.name, _("Sent by"): i.get_channel_display(), _("Accepted"): i.accepted_at}
        for i in Invitation.objects.filter(accepted_by=user).select_related("service")
    ]


def _consents(user) -> list[dict]:

    return [
        {
            _("Pain service"): r.service.name,
            _("Notice"): r.get_kind_display(),
            _("Version"): r.version,
            _("Decision"): r.get_decision_display(),
            _("How"): r.get_channel_display(),
            _("When (UTC)"): r.recorded_at,
        }
        for r in consent_history(user)
    ]


def _closure_requests(user) -> list[dict]:
    return [
        {_("Pain service"): c.service.name, _("Asked on"): c.requested_at, _("Status"): c.get_status_display()}
        for c in user.closure_requests.select_related("service")
    ]


def _audit(user) -> list[dict]:

    events = AuditEvent.objects.filter(Q(actor=user) | Q(target_type="accounts.user", target_id=str(user.public_id)))
    return [{_("When (UTC)"): e.occurred_at, _("What"): e.action, _("About"): e.target_type} for e in events[:500]]


def _national_identities(user) -> list[dict]:
    # The provider's identifier and any NHS number are not shown back, only that they are held.
    return [
        {
            _("Signs in with"): i.get_provider_display(),
            _("Linked"): i.linked_at,
            _("How it was linked"): i.get_how_display(),
            _("Last signed in with it"): i.last_signed_in_at,
            _("Level at last sign-in"): i.level,
            _("NHS number kept (encrypted, never shown)"): bool(i.nhs_number_encrypted),
        }
        for i in user_identities(user)
    ]


register("profile", _("Your details"), _profile)
register("memberships", _("Your pain services"), _memberships)
register("invitations", _("Invitations you accepted"), _invitations_accepted)
register("consents", _("Your choices (consent history)"), _consents)
register("national_identities", _("NHS login and CIS2"), _national_identities)
register("closure_requests", _("Requests to close your account"), _closure_requests)
register("activity", _("Activity on your account"), _audit)
