"""Signed-in sessions for benchmarked pages, created straight in the bench database.

`session_cookie_for(user)` signs the user in exactly as the tests do: members like
`client.force_login(member)`, staff like the `staff_client` fixture in the root conftest.py
(`force_login`, then `pass_staff_gates`, which calls the same helper as that fixture). When a staff
gate changes, change that helper and both follow. A page measured with a session the gates refuse
fails its status check ("expected 200, got 302") rather than measuring a redirect.
"""

from django.conf import settings
from django.test import Client


def needs_staff_gates(user) -> bool:
    """Pain-service staff and platform operators go through the staff gates (MFA); members do not."""
    from followon.organisations.selectors import is_staff_member

    return user.is_staff or is_staff_member(user)


def pass_staff_gates(client: Client, user) -> None:
    """What conftest.py's `staff_client` does after `force_login`: pass every staff gate (MFA)."""
    from followon.accounts.tests.helpers import pass_mfa

    pass_mfa(client, user)


def session_cookie_for(user) -> tuple[str, str]:
    """(cookie name, value) of a fresh signed-in session for `user`."""
    client = Client()
    client.force_login(user)
    if needs_staff_gates(user):
        pass_staff_gates(client, user)
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


def cookie_header(user) -> dict:
    name, value = session_cookie_for(user)
    return {"Cookie": f"{name}={value}"}
