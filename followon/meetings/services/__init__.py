"""Writes for meetings: venues, availability polls, meetings (one-off or repeating), RSVPs,
attendance, coordinator handover, role rotation and calendar feed tokens.

Each function runs in one transaction, writes an audit event (never content or tokens) and
tells members through notifications (`member_notify`, `reminder_schedule`, `open_question_ask`).
Bad input raises `ValidationError` with a message fit to show, and changes nothing.

One module per sub-topic (common, venues, polls, series, rsvps, attendance, handover, daily, feeds);
every public name is importable from this package, as before the split."""

from followon.meetings.selectors import recurrence_for
from followon.meetings.services.attendance import (
    ATTENDANCE_HINT,
    ATTENDANCE_QUESTION_DAYS,
    _attendance_context,
    attendance_ask,
    attendance_asked_to,
    attendance_by_sms,
    attendance_questions_due,
    attendance_record,
    meeting_record,
    parse_attendance_reply,
    short_names,
)
from followon.meetings.services.common import (
    MAX_OPTIONS,
    MORNING_REMINDER,
    when_text,
)
from followon.meetings.services.daily import (
    meetings_daily,
    recurring_reminders_due,
)
from followon.meetings.services.feeds import (
    calendar_feed_issue,
    calendar_feed_revoke,
)
from followon.meetings.services.handover import (
    handover_ask,
    handover_take,
    meeting_plan_update,
    roles_rotate_due,
)
from followon.meetings.services.polls import (
    poll_answer,
    poll_confirm,
    poll_create,
    poll_link_issue,
    poll_reminder_still_needed,
)
from followon.meetings.services.rsvps import (
    SMS_RSVP,
    rsvp_by_sms,
    rsvp_set,
)
from followon.meetings.services.series import (
    meeting_cancel,
    meeting_create,
    meeting_reminder_still_needed,
    meeting_reminders_plan,
    meeting_reschedule,
)
from followon.meetings.services.venues import (
    VENUE_FIELDS,
    venue_create,
    venue_update,
)

__all__ = [
    "recurrence_for",
    "ATTENDANCE_HINT",
    "ATTENDANCE_QUESTION_DAYS",
    "MAX_OPTIONS",
    "MORNING_REMINDER",
    "SMS_RSVP",
    "VENUE_FIELDS",
    "_attendance_context",
    "attendance_ask",
    "attendance_asked_to",
    "attendance_by_sms",
    "attendance_questions_due",
    "attendance_record",
    "calendar_feed_revoke",
    "calendar_feed_issue",
    "handover_ask",
    "handover_take",
    "meeting_cancel",
    "meeting_create",
    "meeting_plan_update",
    "meeting_record",
    "meeting_reminder_still_needed",
    "meeting_reminders_plan",
    "meeting_reschedule",
    "meetings_daily",
    "parse_attendance_reply",
    "poll_answer",
    "poll_confirm",
    "poll_create",
    "poll_link_issue",
    "poll_reminder_still_needed",
    "recurrence_for",
    "recurring_reminders_due",
    "roles_rotate_due",
    "rsvp_by_sms",
    "rsvp_set",
    "short_names",
    "venue_create",
    "venue_update",
    "when_text",
]
