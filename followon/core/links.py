"""Links in messages: absolute addresses, and the tokens of links that need no sign-in.

A link that needs no sign-in (an invitation, a poll, a questionnaire, an interest question)
carries random URL-safe characters and nothing else; only their SHA-256 (`token_hash`) is stored,
in a model built on `core.models.HashedTokenLink`. A database leak therefore gives no working link.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.urls import reverse

from followon.core.request_context import current_request_origin


def base_url() -> str:
    """Where links in texts and emails point: the address of the request being served, when the
    deployment lets links follow the request (the demo and tests, FOLLOWON_LINKS_FROM_REQUEST), else
    FOLLOWON_BASE_URL, which `make run` sets from HOST and PORT for the web process and the worker."""
    origin = current_request_origin()
    if origin:
        return origin
    return getattr(settings, "FOLLOWON_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute_url(name: str, *args) -> str:
    """The full address of a named URL, for a text or an email (which have no request to build it from)."""
    return base_url() + reverse(name, args=args or None)


def token_hash(token: str) -> str:
    """What is stored of a link's token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()
