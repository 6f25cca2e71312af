"""What the programmes services share: link lifetimes and local times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from followon.core.formatting import LONDON

MIN_SESSIONS, MAX_SESSIONS = 1, 52
MIN_LENGTH, MAX_LENGTH = 30, 8 * 60
LINK_VALID_FOR = timedelta(days=14)


def _aware(day: date, at: time) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=LONDON)
