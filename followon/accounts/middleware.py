"""Session lifetimes: staff 30 minutes idle and 12 hours in all; members 30 days.

The kind of session (staff or member) and the sign-in time are written when
someone signs in (accounts.signals); a session without them (made before this
policy, or by a test's force_login) is given them on its first request.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext

from followon.accounts import sessions
from followon.accounts.security import (
    LAST_SEEN_AT_KEY,
    SESSION_KIND_KEY,
    SIGNED_IN_AT_KEY,
    STAFF_KIND,
    session_kind_for,
)

logger = logging.getLogger(__name__)
# Writing the session on every request would cost a database write each time;
# idle time is measured to the minute, which is plenty for a 30-minute limit.
_LAST_SEEN_RESOLUTION_SECONDS = 60


def _user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = sessions.get_user(request)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with `request.user` from the row read with the session where that is the same user
    (accounts/sessions.py: one query for both; ADR 0030)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response = self._enforce(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _enforce(self, request):
        session = request.session
        now = timezone.now().timestamp()
        kind = session.get(SESSION_KIND_KEY)
        if kind is None:
            kind = session[SESSION_KIND_KEY] = session_kind_for(request.user)
        signed_in_at = session.setdefault(SIGNED_IN_AT_KEY, now)
        last_seen_at = session.setdefault(LAST_SEEN_AT_KEY, now)
        if kind == STAFF_KIND:
            idle = now - last_seen_at > settings.STAFF_SESSION_IDLE_SECONDS
            too_long = now - signed_in_at > settings.STAFF_SESSION_MAX_SECONDS
        else:
            idle = False
            too_long = now - signed_in_at > settings.MEMBER_SESSION_MAX_SECONDS
        if idle or too_long:
            return self._sign_out(request, kind, "idle" if idle else "max_age")
        if now - last_seen_at >= _LAST_SEEN_RESOLUTION_SECONDS:
            session[LAST_SEEN_AT_KEY] = now
        return None

    def _sign_out(self, request, kind: str, reason: str):
        logger.info("session ended: %s session, %s", kind, reason)
        logout(request)
        if reason == "idle":
            text = gettext(
                "You were signed out because you had not used FollowOn for 30 minutes. Sign in again to carry on."
            )
        else:
            text = gettext("You were signed out to keep your account safe. Sign in again to carry on.")
        messages.info(request, text)
        sign_in = "accounts:staff-sign-in" if kind == STAFF_KIND else "accounts:sign-in"
        next_path = request.get_full_path() if request.method == "GET" else None
        if next_path:
            return redirect_to_login(next_path, reverse(sign_in))

        return redirect(sign_in)
