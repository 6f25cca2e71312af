"""The page's CSRF field made once per request (issue 16: pages near the framework floor).

Django's Jinja2 backend gives templates `csrf_input` and `csrf_token` as lazy values that call
`get_token` each time they are shown, and `get_token` masks the secret afresh every call: 32
characters drawn one at a time from the operating system's random source, about 30-50 µs. A
signed-in page shows the field two to six times (sign out, the language toggle, the page's own
forms), so the same request masked its one secret up to six times.

Here the masked token is made once per request and every form of the response carries it. The
mask still changes with every response (what protects the secret against compression attacks such
as BREACH), the secret is the one `get_token` gives, and `CsrfViewMiddleware` accepts the token as it
accepts any masked form of the secret. If the secret changes during the request (`rotate_token`
when someone signs in), the next field is made from the new secret.
"""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString

_MADE = "_followon_csrf_token"


def token_for(request) -> str:
    """`get_token(request)`, masked once per request and secret."""
    made = getattr(request, _MADE, None)
    if made is not None and made[0] == request.META.get("CSRF_COOKIE"):
        return made[1]
    token = get_token(request)
    setattr(request, _MADE, (request.META.get("CSRF_COOKIE"), token))
    return token


def field_for(request) -> SafeString:
    """The hidden form field, as Django's `csrf_input` writes it, with the request's one token."""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token_for(request))


_field_lazy = lazy(field_for, SafeString, str)
_token_lazy = lazy(token_for, str)


def csrf_context(request) -> dict:
    """A Jinja2 context processor: `csrf_input` and `csrf_token` as the backend gives them (lazy, so a
    page without a form makes no token), each made once per request."""
    return {"csrf_input": _field_lazy(request), "csrf_token": _token_lazy(request)}
