"""Path converters shared by the URL conf.

`token` is the one converter for a bearer segment (a link that needs no sign-in, or a calendar feed):
URL-safe characters only (what `secrets.token_urlsafe` makes), so a NUL byte, a slash or any other odd
character is a 404 before a view runs, and `core.log_redaction` finds every route that carries one.
"""

from __future__ import annotations


class TokenConverter:
    regex = r"[A-Za-z0-9_-]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
