"""The home pages' reads."""

from followon.core.prepared import PreparedQuery
from followon.organisations.selectors import active_staff_roles_of

# Member home asks on every visit whether the person is staff (then it sends them to staff home): the same
# read as organisations.selectors.is_staff_member, its SQL built once per process (core.prepared, ADR 0032)
# and planned once per connection (ADR 0035). organisations sits below core, so the prepared read lives here.
_HOLDS_A_STAFF_ROLE = PreparedQuery(lambda user_id: active_staff_roles_of(user_id).values_list("pk")[:1], user_id=int)


def is_staff_member(user) -> bool:
    """`organisations.selectors.is_staff_member(user)`: whether they hold an active staff role anywhere."""
    return user.is_authenticated and bool(_HOLDS_A_STAFF_ROLE.list(user_id=user.pk))
