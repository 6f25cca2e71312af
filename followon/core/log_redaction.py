"""Bearer tokens never reach a log line: one list of the token-bearing routes, built from the URL conf.

A route carries a bearer token when one of its parameters uses the `token` converter
(`core.converters.TokenConverter`) or is named like one (`token`, `code`, `key`). `token_routes()` walks
the URL conf once and compiles each such route into a regular expression whose token parameters are
capture groups; `redact_path()` replaces each captured segment with `[token]`.

Both places that write request paths use it: gunicorn's access log (`followon.config.access_log`, named
in `gunicorn.conf.py`) and Django's own request logging (`RedactTokensFilter`, on every handler in
`settings.LOGGING`). A new route with a token parameter is covered without a list to keep by hand.

A token route is matched loosely on purpose (any characters but "/", not the converter's own pattern):
a path that failed the converter, such as `/calendar/%00.ics`, is logged as a 404 and must be redacted
too. A path that goes on past a token route ("/m/<token>/more") is redacted up to the token as well.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RoutePattern

from followon.core.converters import TokenConverter

REDACTED = "[token]"
TOKEN_PARAMETER_NAMES = frozenset({"token", "code", "key"})
_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class TokenRoute:
    route: str  # the route as written in the URL conf, e.g. "calendar/<token:token>.ics"
    full: re.Pattern  # the whole path, token segments captured as groups named t0, t1...
    prefix: re.Pattern  # up to and including the first token segment, for paths that go on past it


def _is_token_parameter(converter_name: str | None, name: str, converters: dict) -> bool:
    converter = converters.get(name)
    return isinstance(converter, TokenConverter) or converter_name == "token" or name in TOKEN_PARAMETER_NAMES


def _route_regex(route: str, converters: dict) -> tuple[str, str | None]:
    """A route as a regular expression (token parameters as groups), and its prefix up to the first token."""
    parts, prefix, position, index = [], None, 0, 0
    for match in _PARAMETER.finditer(route):
        parts.append(re.escape(route[position : match.start()]))
        if _is_token_parameter(match["converter"], match["name"], converters):
            parts.append(f"(?P<t{index}>[^/]+)")
            index += 1
            if prefix is None:
                prefix = "".join(parts)
        else:
            parts.append("[^/]+")
        position = match.end()
    parts.append(re.escape(route[position:]))
    return "".join(parts), prefix


def _walk(patterns, prefix: str, converters: dict):
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(entry, URLResolver) and isinstance(pattern, LocalePrefixPattern):
            # i18n_patterns (ADR 0027): the same routes, with an optional language prefix that
            # _language_prefix() allows in front of every route.
            yield from _walk(entry.url_patterns, prefix, converters)
            continue
        if not isinstance(pattern, RoutePattern):
            continue  # regex routes (none carry tokens) are skipped: their groups have no converter
        route = prefix + str(pattern)
        both = {**converters, **pattern.converters}
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route, both)
        elif isinstance(entry, URLPattern):
            yield route, both


def _language_prefix() -> str:
    """An optional "cy/", "ur/"... in front of a route: pages in other languages live under their code."""
    codes = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return f"(?:(?:{codes})/)?" if codes else ""


@functools.cache
def token_routes() -> tuple[TokenRoute, ...]:
    """Every route of the URL conf with a bearer token in its path (with or without a language prefix)."""
    found = []
    language = _language_prefix()
    for route, converters in _walk(get_resolver().url_patterns, "", {}):
        full, prefix = _route_regex(route, converters)
        if prefix is None:
            continue
        found.append(
            TokenRoute(route=route, full=re.compile(f"/{language}{full}/?"), prefix=re.compile(f"/{language}{prefix}"))
        )
    return tuple(found)


def _replace_groups(path: str, match: re.Match) -> str:
    pieces, position = [], 0
    for name in sorted((n for n in match.groupdict() if match[n] is not None), key=match.start):
        pieces += [path[position : match.start(name)], REDACTED]
        position = match.end(name)
    pieces.append(path[position:])
    return "".join(pieces)


def redact_path(path: str) -> str:
    """The path with every bearer token segment replaced by [token]; other paths unchanged."""
    if not path or not apps.ready:
        return path  # no request is served (so no path logged) before the apps are ready
    routes = token_routes()
    for route in routes:
        match = route.full.fullmatch(path)
        if match:
            return _replace_groups(path, match)
    for route in routes:
        match = route.prefix.match(path)
        if match:
            return _replace_groups(path, match)
    return path


# A path inside a log message: from a "/" at the start or after a space, quote or colon, to the next
# space or quote. Enough for Django's "Not Found: /calendar/x.ics" and for our own "%s" of a path.
_PATH_IN_TEXT = re.compile(r"""(?:^|(?<=[\s"'(=:]))/[^\s"'?#]*""")


def redact_text(text: str) -> str:
    """Every path inside a log message redacted."""
    if "/" not in text:
        return text
    return _PATH_IN_TEXT.sub(lambda m: redact_path(m.group(0)), text)


class RedactTokensFilter(logging.Filter):
    """On every log handler: the message is formatted once, with every path in it redacted.

    Django's request and server loggers put `request.path` in their arguments ("Not Found: %s"), and a
    traceback's text can hold one too; the formatted message and exception text are both rewritten."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logged as it is, never dropped
            return True
        redacted = redact_text(message)
        if redacted != message or record.args:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        return True
