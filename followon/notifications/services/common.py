"""What the notifications services share."""

from __future__ import annotations

from followon.notifications.models import (
    OutboundMessage,
)

Status = OutboundMessage.Status
