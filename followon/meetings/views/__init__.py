"""Meeting pages. They belong to the group: only its current members (and its PTV supporter)
see them. Staff have no meeting pages of their own: the staff group page shows held meetings
and attendance counts only (peergroups), never members' answers or RSVPs."""

from followon.meetings.views.calendar import (
    feed,
    my_calendar,
)
from followon.meetings.views.common import (
    RECORDING_STAFF,
)
from followon.meetings.views.meetings import (
    meeting_attendance,
    meeting_cancel,
    meeting_detail,
    meeting_handover,
    meeting_ics,
    meeting_new,
    meeting_rsvp,
    meeting_take,
)
from followon.meetings.views.plan import (
    plan_edit,
    venue_new,
)
from followon.meetings.views.polls import (
    group_meetings,
    poll_confirm,
    poll_detail,
    poll_link,
    poll_new,
    poll_new_pattern,
)
from followon.meetings.views.record import (
    member_meeting_record,
    staff_meeting_record,
)
from followon.meetings.views.staff import (
    VENUE_STAFF,
    staff_venue_edit,
    staff_venues,
)

__all__ = [
    "RECORDING_STAFF",
    "VENUE_STAFF",
    "feed",
    "group_meetings",
    "meeting_attendance",
    "meeting_cancel",
    "meeting_detail",
    "meeting_handover",
    "meeting_ics",
    "meeting_new",
    "meeting_rsvp",
    "meeting_take",
    "member_meeting_record",
    "my_calendar",
    "plan_edit",
    "poll_confirm",
    "poll_detail",
    "poll_link",
    "poll_new_pattern",
    "poll_new",
    "staff_meeting_record",
    "staff_venue_edit",
    "staff_venues",
    "venue_new",
]
