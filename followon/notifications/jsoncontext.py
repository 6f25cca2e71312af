"""Message contexts kept in JSON (reminders, template samples) that round-trip dates and times.

A datetime is stored as {"$dt": "<ISO 8601>"}, a date as {"$date": "YYYY-MM-DD"}.
Anything else must already be JSON (strings, numbers, lists, dicts).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def encode_context(value):
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            raise ValueError("message contexts need timezone-aware datetimes")
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {str(k): encode_context(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [encode_context(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"message context values must be JSON, dates or datetimes, not {type(value).__name__}")


def decode_context(value):
    if isinstance(value, dict):
        if set(value) == {"$dt"}:
            return dt.datetime.fromisoformat(value["$dt"])
        if set(value) == {"$date"}:
            return dt.date.fromisoformat(value["$date"])
        return {k: decode_context(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_context(v) for v in value]
    return value
