"""What the programme pages share: the staff roles that see and manage programmes."""

from __future__ import annotations

from followon.organisations.models import StaffRole

Role = StaffRole.Role
VIEWERS = (Role.CLINICIAN, Role.SERVICE_ADMIN, Role.PTV)
MANAGERS = (Role.CLINICIAN, Role.SERVICE_ADMIN)


def _can_manage(request) -> bool:
    return bool(request.staff_roles & set(MANAGERS))
