"""Reads for national sign-in: each service's routes, identity links, staff link invitations."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from followon.core.links import token_hash
from followon.identity.models import NationalIdentity, ServiceSignInSettings, StaffIdentityInvitation
from followon.identity.oidc import Route
from followon.identity.providers import Provider
from followon.organisations.models import StaffRole

# Routes ----------------------------------------------------------------------------------------


def _route(settings_row: ServiceSignInSettings, provider: str) -> Route | None:
    if provider == Provider.NHS_LOGIN:
        if not (settings_row.nhs_login_enabled and settings_row.nhs_login_client_id):
            return None
        return Route(
            provider=Provider.NHS_LOGIN,
            environment=settings_row.nhs_login_environment,
            client_id=settings_row.nhs_login_client_id,
            level=settings_row.nhs_login_level,
            keeps_nhs_number=settings_row.nhs_login_keeps_nhs_number,
            service_id=settings_row.service_id,
        )
    if not (settings_row.cis2_enabled and settings_row.cis2_client_id):
        return None
    return Route(
        provider=Provider.CIS2,
        environment=settings_row.cis2_environment,
        client_id=settings_row.cis2_client_id,
        level=settings_row.cis2_level,
        service_id=settings_row.service_id,
    )


def route_for(service, provider: str) -> Route | None:
    """The service's registration with `provider`, or None if it does not offer that route."""
    if service is None:
        return None
    row = ServiceSignInSettings.objects.filter(service=service).first()
    return _route(row, provider) if row else None


def services_offering(provider: str) -> list:
    """Pain services that offer `provider`, by name (one query)."""
    field = "nhs_login" if provider == Provider.NHS_LOGIN else "cis2"
    rows = (
        ServiceSignInSettings.objects.filter(**{f"{field}_enabled": True})
        .exclude(**{f"{field}_client_id": ""})
        .select_related("service")
        .order_by("service__name")
    )
    return [row.service for row in rows]


# Identity links --------------------------------------------------------------------------------


def identity_for(*, provider: str, environment: str, subject: str) -> NationalIdentity | None:
    return (
        NationalIdentity.objects.select_related("user")
        .filter(provider=provider, environment=environment, subject=subject)
        .first()
    )


def user_identities(user) -> QuerySet[NationalIdentity]:
    return NationalIdentity.objects.filter(user=user)


# Staff link invitations ------------------------------------------------------------------------


def staff_identity_rows(service) -> list[dict]:
    """One row per staff member of `service` for the CIS2 links page: their FollowOn roles,
    their CIS2 link (if any) and their newest waiting invitation. Three queries at any size."""
    roles = list(
        StaffRole.objects.filter(service=service, is_active=True)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__national_identities",
                queryset=NationalIdentity.objects.filter(provider=Provider.CIS2),
                to_attr="cis2_identities",
            )
        )
        .order_by("user__preferred_name", "role")
    )
    pending = {}
    for invitation in StaffIdentityInvitation.objects.filter(
        service=service, status=StaffIdentityInvitation.Status.PENDING
    ).order_by("created_at"):
        pending[invitation.user_id] = invitation
    rows: dict[int, dict] = {}
    for role in roles:
        row = rows.setdefault(
            role.user_id,
            {
                "user": role.user,
                "roles": [],
                "identity": next(iter(role.user.cis2_identities), None),
                "invitation": pending.get(role.user_id),
            },
        )
        row["roles"].append(role.get_role_display())
    for row in rows.values():
        identity = row["identity"]
        row["cis2_roles"] = "; ".join(
            role["name"] + (f" at {role['org']}" if role.get("org") else "")
            for role in (identity.roles if identity else [])
        )
    return list(rows.values())


def staff_member_of(service, public_id):
    """A staff member of `service` by their public id, or None."""
    role = (
        StaffRole.objects.filter(service=service, is_active=True, user__public_id=public_id)
        .select_related("user")
        .first()
    )
    return role.user if role else None


def staff_invitation_by_token(token: str) -> StaffIdentityInvitation | None:
    if not token or len(token) > 100:
        return None
    return (
        StaffIdentityInvitation.objects.select_related("service", "user").filter(token_hash=token_hash(token)).first()
    )


def staff_invitation_for_service(service, public_id) -> StaffIdentityInvitation | None:
    return StaffIdentityInvitation.objects.filter(service=service, public_id=public_id).first()
