"""Lets the sign-out form hand over to NHS login or CIS2 (RP-initiated logout).

Browsers apply the Content-Security-Policy `form-action` to every redirect after a form is
sent, so the header's sign-out form may only end at the provider if the page allowed the
provider's origin. Only pages of a session signed in with a national identity allow it,
and only that provider's origin.
"""

from __future__ import annotations

from followon.accounts.national.session import end_session_origin


class NationalSignOutCSPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            origin = end_session_origin(request)
            if origin:
                update = dict(getattr(response, "_csp_update", None) or {})
                update["form-action"] = [*update.get("form-action", []), origin]
                response._csp_update = update
        return response
