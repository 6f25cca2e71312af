import re
import uuid

from django.conf import settings
from django.core.exceptions import DisallowedHost

from followon.core.request_context import (
    reset_request_id,
    reset_request_origin,
    set_request_id,
    set_request_origin,
)

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _origin(request) -> str:
    """The scheme and host of the request, when links are to follow it; else "" (the configured address).

    `get_host()` checks the host against ALLOWED_HOSTS, so a forged Host header never reaches a link;
    a host it refuses leaves the configured FOLLOWON_BASE_URL in charge.
    """
    if not getattr(settings, "FOLLOWON_LINKS_FROM_REQUEST", False):
        return ""
    try:
        host = request.get_host()
    except DisallowedHost:  # Django answers 400 itself; no link is built from it
        return ""
    return f"{request.scheme}://{host}"


class RequestIdMiddleware:
    """Takes X-Request-ID from the load balancer when well formed, else makes one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        token = set_request_id(request.request_id)
        origin_token = set_request_origin(_origin(request))
        try:
            response = self.get_response(request)
        finally:
            reset_request_origin(origin_token)
            reset_request_id(token)
        response["X-Request-ID"] = request.request_id
        return response


class NoStoreForAuthenticatedMiddleware:
    """Pages seen while signed in hold personal data: no shared or browser caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
