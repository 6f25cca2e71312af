"""Reads for tenancy. Every staff query starts from the service these return."""

from django.contrib.auth import get_user_model

from followon.organisations.models import PainService, StaffRole


def staff_roles_for(user) -> list[StaffRole]:
    if not user.is_authenticated:
        return []
    return list(StaffRole.objects.filter(user=user, is_active=True).select_related("service").order_by("service__name"))


def staff_services_for(user) -> list[PainService]:
    seen: dict[int, PainService] = {}
    for role in staff_roles_for(user):
        seen.setdefault(role.service_id, role.service)
    return list(seen.values())


def holds_staff_role(user, service, roles=None) -> bool:
    """True when `user` holds an active staff role at `service`: any of `roles`, or any role at all."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    held = StaffRole.objects.filter(user=user, service=service, is_active=True)
    if roles is not None:
        held = held.filter(role__in=list(roles))
    return held.exists()


def staff_users(service, *roles):
    """The users holding an active staff role at `service` (any of `roles`; any role if none)."""
    held = {"staff_roles__service": service, "staff_roles__is_active": True}
    if roles:
        held["staff_roles__role__in"] = list(roles)
    return get_user_model().objects.filter(**held).distinct()


def active_staff_roles_of(user_id):
    """The active staff roles a user holds: someone holding one is a staff member (`is_staff_member`)."""
    return StaffRole.objects.filter(user_id=user_id, is_active=True)


def is_staff_member(user) -> bool:
    return user.is_authenticated and active_staff_roles_of(user.pk).exists()


def staff_of_service(service):
    return (
        StaffRole.objects.filter(service=service, is_active=True)
        .select_related("user")
        .order_by("user__preferred_name")
    )
