"""PostgreSQL's timestamps with time zone read by Python's own ISO parser (issue 16, ADR 0039).

Django reads every `timestamptz` value through psycopg's pure-Python text loader (a regular expression,
seven `int()` calls and two datetime operations: about 2.6 µs a value here), because it registers a
Python subclass of it to give each value the connection's time zone. The poll page's 60 times are 120
such values: 0.3 ms of a page of about 4. `datetime.fromisoformat` (C) reads the same text in a fraction
of that. `IsoTimestamps` is Django's loader with that fast path in front: a text that parses is turned
into the connection's time zone exactly as psycopg does and given Django's time zone as Django does;
anything else (another DateStyle, BC dates, infinity, a year past 9999, an overflow) goes to Django's
loader unchanged, so it is read, or refused with the same error, as before. Registered on each new
PostgreSQL connection (`use_iso_timestamps`, from `CoreConfig.ready`); `test_timestamps.py` holds it to
Django's loader.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

try:
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
    from django.db.backends.postgresql.psycopg_any import is_psycopg3
    from psycopg.pq import Format
except ImportError:  # pragma: no cover - psycopg 3 is the project's driver
    is_psycopg3 = False


class IsoTimestamps:
    """Mixed in before Django's timestamptz loader (`fast_loader`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The usual case: the session in UTC (Django sets it) and Django's zone UTC, so a value PostgreSQL
        # writes at +00 is already what the two steps below would make of it.
        self._as_read = self.timezone is UTC and getattr(self._timezone, "key", self._timezone) in (
            "UTC",
            UTC,
        )

    def load(self, data):
        try:
            value = datetime.fromisoformat(bytes(data).decode("ascii"))
        except (ValueError, UnicodeDecodeError):
            return super().load(data)
        if value.tzinfo is UTC and self._as_read:
            return value
        if value.tzinfo is None:
            return super().load(data)
        try:
            # psycopg: the instant in the session's time zone; Django: that zone replaced by its own.
            return value.astimezone(self._timezone).replace(tzinfo=self.timezone)
        except OverflowError:
            return super().load(data)


@cache
def fast_loader(loader: type) -> type:
    """`loader` (Django's timestamptz loader for a time zone) with the ISO fast path in front."""
    return type(f"Iso{loader.__name__}", (IsoTimestamps, loader), {})


def use_iso_timestamps(sender, connection, **kwargs) -> None:
    """`connection_created`: read this PostgreSQL connection's timestamps with the fast path."""
    if connection.vendor != "postgresql" or not is_psycopg3:
        return
    adapters = connection.connection.adapters
    loader = adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    if loader is not None and not issubclass(loader, IsoTimestamps):
        adapters.register_loader(TIMESTAMPTZ_OID, fast_loader(loader))
