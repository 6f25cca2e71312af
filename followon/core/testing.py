"""Helpers for every app's tests (never imported by the app itself).

`count_queries()` is the one way tests count SQL queries: a context manager whose `len()` is the
number of queries run inside it, so "the page runs the same queries whatever the data" reads

    with count_queries() as small:
        client.get(url)
    add_more_data()
    with count_queries() as large:
        client.get(url)
    assert len(large) == len(small)
"""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries() -> CaptureQueriesContext:
    """Count the queries run on the default database inside the `with` block (`len(...)`)."""
    return CaptureQueriesContext(connection)
