"""Signed-in sessions for benchmarked pages, created straight in the bench database.

`session_cookie_for(user)` logs the user in the way the test fixture `staff_client` in the root
conftest.py does (Django's `force_login`), then marks the session past every staff gate exactly as
that fixture does. Keep `pass_staff_gates` in step with `staff_client`: when a gate (e.g. MFA) needs a
mark in the session, add it in both places. A page measured with a session the gates refuse fails its
status check ("expected 200, got 302") rather than measuring a redirect.
"""

from django.conf import settings
from django.test import Client


def pass_staff_gates(session, user) -> None:
    """Mark `session` as having passed every staff gate, as conftest.py's `staff_client` does.

    Today `staff_client` only calls `force_login`, so there is nothing more to mark.
    """


def session_cookie_for(user) -> tuple[str, str]:
    """(cookie name, value) of a fresh signed-in session for `user`."""
    client = Client()
    client.force_login(user)
    session = client.session
    pass_staff_gates(session, user)
    session.save()
    return settings.SESSION_COOKIE_NAME, session.session_key


def cookie_header(user) -> dict:
    name, value = session_cookie_for(user)
    return {"Cookie": f"{name}={value}"}
