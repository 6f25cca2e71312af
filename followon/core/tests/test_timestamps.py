"""Timestamps read by Python's ISO parser (core/timestamps.py, ADR 0039) are what Django's own loader reads:
the same value and time zone, or the same error, for what PostgreSQL writes (any instant from year 1 to
9999 to the microsecond, in UTC and in other session time zones, with odd historical offsets) and for
what the fast path leaves to Django (BC, infinity, other DateStyles, nonsense)."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg.pq import Format

from followon.core.timestamps import IsoTimestamps

pytestmark = pytest.mark.django_db

ZONES = ["UTC", "Europe/London", "Asia/Kolkata", "America/St_Johns", "Africa/Monrovia"]
WRITTEN = [
    b"2026-12-10 10:00:00+00",
    b"2026-12-10 10:00:00.5+00",
    b"2026-12-10 10:00:00.123456+00",
    b"0001-01-01 00:00:00+00",
    b"9999-12-31 23:59:59.999999+00",
    b"2026-03-29 01:30:00+05:30",
    b"1900-01-01 00:00:00-00:01:15",
    b"1900-01-01 00:00:00+05:53:28",
    b"9999-12-31 23:59:59-05",
    b"0001-01-01 00:00:00+05",
    b"0044-03-15 10:00:00+00 BC",
    b"infinity",
    b"-infinity",
    b"10000-01-01 00:00:00+00",
    b"2026-12-10 10:00:00",
    b"2026-12-10T10:00:00+00:00",
    b"Thu Dec 10 10:00:00 2026 UTC",
    b"10/12/2026 10:00:00 UTC",
    b"not a time",
    "2026-12-10 10:00:00+00\u00e9".encode(),
]


def loaders():
    connection.ensure_connection()
    fast = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    assert issubclass(fast, IsoTimestamps)
    django_loader = fast.__bases__[1]
    assert not issubclass(django_loader, IsoTimestamps)
    return fast(TIMESTAMPTZ_OID, connection.connection), django_loader(TIMESTAMPTZ_OID, connection.connection)


def outcome(loader, data):
    try:
        value = loader.load(data)
    except Exception as error:  # noqa: BLE001 - the same error is what is compared
        return ("error", type(error))
    return ("value", value, value.tzinfo, value.utcoffset())


def set_zone(zone):
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('TimeZone', %s, true)", [zone])


@pytest.mark.parametrize("zone", ZONES)
def test_what_the_fast_path_reads_is_what_django_reads(zone):
    set_zone(zone)
    fast, django_loader = loaders()
    for data in WRITTEN:
        assert outcome(fast, data) == outcome(django_loader, data), data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    instant=st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)),
    zone=st.sampled_from(ZONES),
)
def test_any_instant_postgresql_writes(instant, zone):
    set_zone(zone)
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz::text, %s::timestamptz", [instant, instant])
        text, read = cursor.fetchone()
    fast, django_loader = loaders()
    assert outcome(fast, text.encode()) == outcome(django_loader, text.encode())
    if zone == "UTC":  # as Django sets the session; in another zone Django's own reading is off (its replace)
        assert read == instant


def test_every_connection_reads_with_it():
    connection.ensure_connection()
    assert issubclass(connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT), IsoTimestamps)
