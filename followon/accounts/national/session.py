"""What a national sign-in keeps in the (server-side) session, and nothing more.

- FLOW_KEY: one flow in progress (provider, service, state, nonce, link intent, where to go next);
  popped by the callback, so a replayed response finds none.
- PENDING_MATCH_KEY: a sign-in waiting for the member to confirm the account it matched.
- SIGN_IN_KEY: how this session signed in (provider, level, the ID token for the sign-out hint,
  the provider's end-session endpoint, CIS2 roles to show). Gone when the session ends.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from followon.identity.oidc import Route, VerifiedSignIn

FLOW_KEY = "followon_national_flow"
PENDING_MATCH_KEY = "followon_national_pending_match"
SIGN_IN_KEY = "followon_national_sign_in"
# A flow older than this is not finished: the person starts again.
FLOW_SECONDS = 15 * 60


def flow_start(request, *, route: Route, state: str, nonce: str, intent: dict | None = None, next_url: str = ""):
    request.session[FLOW_KEY] = {
        "provider": route.provider,
        "service_id": route.service_id,
        "state": state,
        "nonce": nonce,
        "intent": intent or {},
        "next": next_url,
        "started_at": time.time(),
    }


def flow_pop(request, provider: str) -> dict | None:
    """The flow this callback finishes, once; None if there is none (replayed, or another tab's)."""
    flow = request.session.pop(FLOW_KEY, None)
    if not flow or flow.get("provider") != provider or time.time() - flow.get("started_at", 0) > FLOW_SECONDS:
        return None
    return flow


def sign_in_record(request, *, route: Route, sign_in: VerifiedSignIn) -> None:
    request.session[SIGN_IN_KEY] = {
        "provider": sign_in.provider,
        "environment": sign_in.environment,
        "client_id": route.client_id,
        "level": sign_in.level,
        "id_token": sign_in.id_token,
        "end_session_endpoint": sign_in.end_session_endpoint,
        "roles": [{"name": role["name"], "org": role["org"]} for role in sign_in.roles],
    }


def current_sign_in(request) -> dict | None:
    session = getattr(request, "session", None)
    return session.get(SIGN_IN_KEY) if session is not None else None


def end_session_origin(request) -> str | None:
    """The provider's origin this session's sign-out will be sent to, if any."""
    sign_in = current_sign_in(request)
    endpoint = (sign_in or {}).get("end_session_endpoint")
    if not endpoint:
        return None
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"
