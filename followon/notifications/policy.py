"""What a member's preferences mean for one message: send it, hold it until morning, or not send it.

Applied when a message is put in the outbox and again just before it is sent
(a member may text STOP, or a retry may fall into the night, in between).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from followon.core.formatting import LONDON
from followon.notifications.models import NotificationPreference, OutboundMessage

QUIET_FROM = dt.time(21, 0)
QUIET_UNTIL = dt.time(8, 0)

STOPPED_REASON = "Not sent: the member texted STOP"
MUTED_REASON = "Not sent: the member muted this group"


def quiet_hours_release(now: dt.datetime) -> dt.datetime | None:
    """If `now` is within 21:00–08:00 UK time, the next 08:00 UK time (aware, DST-correct); else None."""
    local = now.astimezone(LONDON)
    if local.time() >= QUIET_FROM:
        day = local.date() + dt.timedelta(days=1)
    elif local.time() < QUIET_UNTIL:
        day = local.date()
    else:
        return None
    # Building the wall-clock time in the zone (not adding hours) keeps 08:00 right
    # across the spring and autumn clock changes.
    return dt.datetime.combine(day, QUIET_UNTIL, tzinfo=LONDON)


@dataclass(frozen=True)
class Decision:
    action: str  # "send", "defer" or "cancel"
    reason: str = ""
    at: dt.datetime | None = None


SEND = Decision("send")


def preference_of(user_id) -> NotificationPreference | None:
    if user_id is None:
        return None
    return NotificationPreference.objects.filter(user_id=user_id).first()


def decide(message: OutboundMessage, now: dt.datetime, preference: NotificationPreference | None) -> Decision:
    is_sms = message.channel == OutboundMessage.Channel.SMS
    if preference is not None and not message.essential:
        if is_sms and preference.sms_stopped:
            return Decision("cancel", STOPPED_REASON)
        if message.topic and message.topic in (preference.muted_topics or []):
            return Decision("cancel", MUTED_REASON)
    if is_sms and not message.urgent and (preference is None or preference.quiet_hours):
        release = quiet_hours_release(now)
        if release is not None:
            return Decision("defer", "quiet hours", release)
    return SEND
