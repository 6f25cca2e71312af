"""Reads for tenancy. Every staff query starts from the service these return."""

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


def is_staff_member(user) -> bool:
    return user.is_authenticated and StaffRole.objects.filter(user=user, is_active=True).exists()


def staff_of_service(service):
    return (
        StaffRole.objects.filter(service=service, is_active=True)
        .select_related("user")
        .order_by("user__preferred_name")
    )
