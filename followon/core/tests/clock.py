"""The test-session clock's instant (`--clock` / FOLLOWON_TEST_CLOCK in the root conftest.py)."""

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LONDON = ZoneInfo("Europe/London")


def parse_clock(value: str) -> dt.datetime:
    """ "2026-12-08T21:30 Europe/London", "2027-03-28T01:30Z" or "2027-03-28T01:30+00:00": an aware instant.

    A wall-clock time with a zone name is placed in that zone (the UK's local time, clock changes included;
    a time the spring change skips is read with the offset before it). A time with neither a zone nor an
    offset is refused (ValueError), so a run never depends on the machine's own zone."""
    text, _, zone = value.strip().partition(" ")
    instant = dt.datetime.fromisoformat(text)
    if zone.strip():
        if instant.tzinfo is not None:
            raise ValueError("give either an offset or a zone name, not both")
        try:
            instant = instant.replace(tzinfo=ZoneInfo(zone.strip()))
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"no time zone {zone.strip()!r}") from error
    if instant.tzinfo is None:
        raise ValueError("add a zone (Europe/London) or an offset (Z, +01:00)")
    return instant


def describe(instant: dt.datetime) -> str:
    """The header line of a run: the instant and what it is in the UK."""
    return f"{instant.isoformat()} ({instant.astimezone(LONDON):%A %d %B %Y %H:%M %Z} UK), ticking"
