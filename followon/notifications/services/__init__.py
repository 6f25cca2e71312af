"""Writes for notifications: the outbox, members' preferences, reminders, questions asked by text,
inbound texts, digests and delivery receipts (the worker's periodic sweep is sweep.outbox_sweep).

Public functions other apps call (keyword-only):

- message_enqueue(...)      one message to one address (low level; sign-in codes, staff alerts)
- member_notify(...)        a message to a member, by the channel(s) they chose, honouring
                            STOP, group mutes, quiet hours and their digest choice
- reminder_schedule(...) / reminders_cancel(...) / reminders_cancel_for_recipient(...)
- open_question_ask(...) / open_questions_close(...)
- digest_item_add(...)
- register_* in followon.notifications.registry"""

from followon.notifications.keywords import POLITE_WORDS, normalise_reply
from followon.notifications.selectors import member_channels
from followon.notifications.services.common import (
    Status,
)
from followon.notifications.services.digests import (
    SMS_DIGEST_TITLE_CHARS,
    digest_item_add,
    digests_send,
    send_digests,
)
from followon.notifications.services.inbound import (
    ANY_TEXT,
    OPEN_QUESTIONS_LOOKED_AT,
    REPLY_SYNONYMS,
    RESERVED_KEYWORDS,
    START_WORDS,
    STOP_WORDS,
    ReplyNotUnderstood,
    inbound_sms_receive,
    open_question_ask,
    open_questions_close,
)
from followon.notifications.services.outbox import (
    delivery_receipt_record,
    message_deliver,
    message_enqueue,
    message_language,
    message_retry,
)
from followon.notifications.services.preferences import (
    member_notify,
    preferences_update,
    sms_opt_in,
    sms_opt_out,
    topic_mute,
)
from followon.notifications.services.reminders import (
    reminder_schedule,
    reminder_send,
    reminders_cancel,
    reminders_cancel_for_recipient,
    send_reminder,
)

__all__ = [
    "message_language",
    "member_channels",
    "ANY_TEXT",
    "OPEN_QUESTIONS_LOOKED_AT",
    "POLITE_WORDS",
    "REPLY_SYNONYMS",
    "RESERVED_KEYWORDS",
    "ReplyNotUnderstood",
    "SMS_DIGEST_TITLE_CHARS",
    "START_WORDS",
    "STOP_WORDS",
    "Status",
    "delivery_receipt_record",
    "digest_item_add",
    "digests_send",
    "inbound_sms_receive",
    "member_channels",
    "member_notify",
    "message_deliver",
    "message_enqueue",
    "message_retry",
    "normalise_reply",
    "open_question_ask",
    "open_questions_close",
    "preferences_update",
    "reminder_schedule",
    "reminder_send",
    "reminders_cancel",
    "reminders_cancel_for_recipient",
    "send_digests",
    "send_reminder",
    "sms_opt_in",
    "sms_opt_out",
    "topic_mute",
]
