"""Pages for programmes: staff (facilitators, service admins) and members.

Staff pages start every query from request.service (another service's
programme is a 404); member pages start from request.user (someone else's
programme is a 404). Views parse input and call services; rules live there."""

from followon.programmes.views.admin import (
    admin_information_sheet,
    admin_protocol,
    admin_protocol_step,
    admin_protocol_step_delete,
)
from followon.programmes.views.common import (
    MANAGERS,
    VIEWERS,
    Role,
)
from followon.programmes.views.members import (
    interest_link,
    my_contact_sharing,
    my_contacts,
    my_interest,
    my_programme,
    my_programmes,
)
from followon.programmes.views.participants import (
    staff_invite,
    staff_upload,
    staff_upload_preview,
    staff_withdraw,
)
from followon.programmes.views.staff import (
    staff_create,
    staff_detail,
    staff_edit,
    staff_interest_send,
    staff_list,
    staff_protocol_step,
    staff_session_move,
    staff_sessions,
)

__all__ = [
    "MANAGERS",
    "Role",
    "VIEWERS",
    "admin_information_sheet",
    "admin_protocol",
    "admin_protocol_step",
    "admin_protocol_step_delete",
    "interest_link",
    "my_contact_sharing",
    "my_contacts",
    "my_interest",
    "my_programme",
    "my_programmes",
    "staff_create",
    "staff_detail",
    "staff_edit",
    "staff_interest_send",
    "staff_invite",
    "staff_list",
    "staff_protocol_step",
    "staff_session_move",
    "staff_sessions",
    "staff_upload",
    "staff_upload_preview",
    "staff_withdraw",
]
