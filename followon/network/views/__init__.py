"""Pages for the network of groups: the directory and joining (members), listing settings and
join requests (coordinators), help finding a group, groups that may need support, network events."""

from followon.network.views.common import (
    ACCESS_LABELS,
    Role,
)
from followon.network.views.coordinators import (
    group_listing,
    group_requests,
    request_decide,
)
from followon.network.views.directory import (
    directory,
    help_request,
    join,
    join_withdraw,
    listing,
)
from followon.network.views.events import (
    my_event,
    my_events,
)
from followon.network.views.staff import (
    staff_event,
    staff_event_new,
    staff_events,
    staff_help,
    staff_help_suggest,
    staff_offer,
    staff_settings,
    staff_support,
)

__all__ = [
    "ACCESS_LABELS",
    "Role",
    "directory",
    "group_listing",
    "group_requests",
    "help_request",
    "join",
    "join_withdraw",
    "listing",
    "my_event",
    "my_events",
    "request_decide",
    "staff_event",
    "staff_event_new",
    "staff_events",
    "staff_help",
    "staff_help_suggest",
    "staff_offer",
    "staff_settings",
    "staff_support",
]
