"""Permission decorators for views. They set request.service for staff views.

A staff view only ever sees the service its user works for: every selector
it calls starts from request.service, so another service's objects are 404s.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from followon.core import staff_gates
from followon.core.prepared import PreparedQuery
from followon.organisations.models import StaffRole

# The service a person with roles in several services chose (core.views.switch_service); the first
# of their services by name until they choose. Never trusted on its own: staff_required checks it
# against the roles they hold now, on every request.
SESSION_SERVICE_KEY = "current_service_id"


# organisations.selectors.staff_roles_for (the person's active roles with their services, by service
# name), its SQL built once per process (core.prepared, ADR 0032): every staff page reads it. The rows
# are read on every request, so a role ended or moved counts on the very next one.
# With the columns the staff gates asked for (core.staff_gates `reads`: the MFA gate's "has an
# authenticator app"), so the gates need no read of their own (ADR 0036). Built on first use, after
# every app has registered its gate.
_STAFF_ROLES = PreparedQuery(
    lambda user_id: (
        StaffRole.objects.filter(user_id=user_id, is_active=True)
        .select_related("service")
        .annotate(**{name: expression() for name, expression in staff_gates.ROLE_READS.items()})
        .order_by("service__name")
    ),
    user_id=int,
)


def staff_roles_for(user) -> list[StaffRole]:
    return _STAFF_ROLES.list(user_id=user.pk)


def _staff_gate_hooks():
    """Extra checks every staff page must pass (e.g. MFA), registered by apps."""

    return staff_gates.GATES


def staff_required(*roles: str):
    """Allow signed-in staff holding any of `roles` (all staff roles if none given)."""
    allowed = set(roles) or set(StaffRole.Role.values)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # Read once for the gates and for this check (the MFA gate asks whether they are staff).
            held = request.staff_roles_held = staff_roles_for(request.user)
            for gate in _staff_gate_hooks():
                response = gate(request)
                if response is not None:
                    return response
            if not held:
                raise PermissionDenied
            chosen_id = request.session.get(SESSION_SERVICE_KEY)
            service = next((r.service for r in held if r.service_id == chosen_id), held[0].service)
            request.service = service
            request.staff_roles = {r.role for r in held if r.service_id == service.id}
            # Every service the person works for, for the service switcher on every staff page.
            request.staff_services = list({r.service_id: r.service for r in held}.values())
            if not request.staff_roles & allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.staff_roles = allowed
        return wrapped

    return decorator
